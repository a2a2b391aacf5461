"""Find article files and read their bytes: regular files only, never blocking, bounded.

A FIFO, a device, a socket, a symbolic-link loop or a dangling link is never
opened: each gets its error line and the other files are still read. A file
is opened non-blocking and checked again on the open descriptor (it may have
been swapped for a FIFO since it was found), and read up to a size limit.

>>> import tempfile
>>> d = Path(tempfile.mkdtemp())
>>> _ = (d / "a.txt").write_text("Tỉnh ủy Kon Tum ban hành Nghị quyết.", encoding="utf-8")
>>> len(read_bytes(d / "a.txt"))
45
>>> read_bytes(d / "a.txt", max_bytes=10)  # doctest: +ELLIPSIS
Traceback (most recent call last):
graph.errors.InputError: .../a.txt: 45 bytes, more than the limit of 10 (--max-file-size) [E108]
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from graph.errors import Errors, InputError

__all__ = ["ARTICLE_SUFFIXES", "DEFAULT_MAX_BYTES", "check_file", "iter_files", "read_bytes"]

#: Article files by suffix: text, and web pages saved from a news site.
ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
#: The largest file read (20 MB): the longest article of the corpus is 60 kB.
DEFAULT_MAX_BYTES = 20_000_000


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


def _os_problem(p: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return Errors.E109.format(path=p)
    if exc.errno in (errno.ENOENT, errno.ENOTDIR) and p.is_symlink():
        return Errors.E110.format(path=p, target=os.readlink(p))
    if exc.errno == errno.ENOENT:
        return Errors.E101.format(path=p)
    return Errors.E106.format(path=p, reason=exc.strerror or exc)


def check_file(p: Path) -> str | None:
    """Why ``p`` cannot be read as an article file, or None: only regular files are
    read (a link is followed to what it names); nothing is opened.

    >>> check_file(Path("/dev/null"))
    '/dev/null: not a regular file (a character device); only regular files are read [E107]'
    >>> check_file(Path("seeds")) is not None, check_file(Path("pyproject.toml"))
    (True, None)
    """
    try:
        mode = os.stat(p).st_mode  # follows links; a loop is ELOOP, a dangling link ENOENT
    except OSError as exc:
        return _os_problem(p, exc)
    if not stat.S_ISREG(mode):
        return Errors.E107.format(path=p, kind=_kind(mode))
    return None


def read_bytes(p: Path, max_bytes: int | None = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of regular file ``p``, at most ``max_bytes`` (None: no limit);
    :class:`InputError` names the problem. Never blocks: the file is checked
    before it is opened, opened with ``O_NONBLOCK`` and checked again on the
    descriptor.

    >>> read_bytes(Path("/dev/zero"))
    Traceback (most recent call last):
    graph.errors.InputError: /dev/zero: not a regular file (a character device); only regular files are read [E107]
    """
    p = Path(p)
    problem = check_file(p)
    if problem:
        raise InputError(problem)
    try:
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError(_os_problem(p, exc)) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # swapped since it was checked
            raise InputError(Errors.E107.format(path=p, kind=_kind(st.st_mode)))
        if max_bytes is not None and st.st_size > max_bytes:
            raise InputError(Errors.E108.format(path=p, size=st.st_size, limit=max_bytes))
        chunks = []
        size = 0
        limit = max_bytes + 1 if max_bytes is not None else None
        while True:  # a file that grows while it is read is still bounded
            want = 1 << 20 if limit is None else min(1 << 20, limit - size)
            if want <= 0:
                break
            chunk = os.read(fd, want)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if max_bytes is not None and size > max_bytes:
            raise InputError(Errors.E108.format(path=p, size=size, limit=max_bytes))
        return b"".join(chunks)
    except OSError as exc:
        raise InputError(_os_problem(p, exc)) from None
    finally:
        os.close(fd)


def iter_files(paths: Iterable[Path | str], errors: list[str] | None = None) -> Iterator[tuple[Path, Path]]:
    """Yield ``(file, root)`` for every article file (``.txt``, ``.html``, ``.htm``) under
    the given files or folders, sorted. Only regular files are read: a FIFO, a device,
    a link loop or a dangling link gets an error line in ``errors`` (raised when
    ``errors`` is None), and the others are still read. Nothing is opened here.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> (d / "tin").mkdir()
    >>> for name in ("tin/nq23.txt", "kontum.txt", "ghi-chu.md"):
    ...     _ = (d / name).write_text("Tỉnh ủy Kon Tum ban hành Nghị quyết.", encoding="utf-8")
    >>> os.symlink(d / "missing.txt", d / "dangling.txt")
    >>> errors = []
    >>> [(f.relative_to(d).as_posix(), root == d) for f, root in iter_files([d], errors)]
    [('kontum.txt', True), ('tin/nq23.txt', True)]
    >>> [e.split(": ", 1)[1] for e in errors]  # doctest: +ELLIPSIS
    ['a dangling symbolic link (to .../missing.txt) [E110]']
    >>> list(iter_files(["seeds/khong-co.txt"]))
    Traceback (most recent call last):
    graph.errors.InputError: seeds/khong-co.txt: no such file or folder [E101]
    """
    def fail(message: str) -> None:
        if errors is None:
            raise InputError(message)
        errors.append(message)

    for p in map(Path, paths):
        try:
            is_dir = stat.S_ISDIR(os.stat(p).st_mode)
        except OSError:
            is_dir = False
        if is_dir:
            found = []
            for folder, dirs, files in os.walk(p, followlinks=False, onerror=lambda e: fail(_os_problem(Path(e.filename), e))):
                dirs.sort()
                for name in files:
                    if name.lower().endswith(ARTICLE_SUFFIXES) and not name.startswith("."):
                        found.append(Path(folder) / name)
            for f in sorted(found):
                problem = check_file(f)
                if problem:
                    fail(problem)
                else:
                    yield f, p
        elif os.path.lexists(p):
            problem = check_file(p)
            if problem:
                fail(problem)
            else:
                yield p, p.parent
        else:
            fail(Errors.E101.format(path=p))
