"""Files written atomically: one file (:func:`atomic_file`) or a set of them (:class:`Staging`).

A write that fails before it completes leaves the previous file as it was; each
file is replaced with ``os.replace`` (atomic on one file system).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


@contextmanager
def atomic_file(path: str | os.PathLike[str], mode: str = "w") -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path``; on success it replaces ``path`` (mode 644).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> with atomic_file(p) as fh:
    ...     _ = fh.write("Tỉnh ủy")
    >>> p.read_text(encoding="utf-8"), oct(p.stat().st_mode & 0o777)
    ('Tỉnh ủy', '0o644')
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        text = "b" not in mode
        fh: IO[Any]
        with (os.fdopen(fd, mode, encoding="utf-8", newline="\n") if text else os.fdopen(fd, mode)) as fh:
            yield fh
        os.chmod(tmp, 0o644)  # mkstemp makes it private; exports are meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Staging:
    """A temporary folder inside ``out`` whose files replace ``out``'s on commit.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> with Staging(out) as st:
    ...     _ = st.path("a.txt").write_text("new")
    ...     st.commit()
    >>> (out / "a.txt").read_text()
    'new'
    """

    def __init__(self, out: Path):
        self.out = Path(out)
        self.out.mkdir(parents=True, exist_ok=True)
        self.dir = Path(tempfile.mkdtemp(prefix=".staging-", dir=self.out))

    def path(self, name: str) -> Path:
        """Where to write ``name`` now: in the staging folder, not yet in ``out``.

        >>> import tempfile
        >>> out = Path(tempfile.mkdtemp())
        >>> with Staging(out) as st:
        ...     p = st.path("entities.csv")
        >>> p.name, p.parent.parent == out, p.parent.name.startswith(".staging-")
        ('entities.csv', True, True)
        """
        return self.dir / name

    def commit(self) -> None:
        """Move every staged file over its namesake in ``out`` (``os.replace``).

        >>> import tempfile
        >>> out = Path(tempfile.mkdtemp())
        >>> _ = (out / "graph.nq").write_text("old", encoding="utf-8")
        >>> with Staging(out) as st:
        ...     _ = st.path("graph.nq").write_text("new", encoding="utf-8")
        ...     (out / "graph.nq").read_text()  # untouched until commit
        ...     st.commit()
        'old'
        >>> (out / "graph.nq").read_text(), oct((out / "graph.nq").stat().st_mode & 0o777)
        ('new', '0o644')
        >>> [p.name for p in out.iterdir()]  # the staging folder is gone
        ['graph.nq']
        """
        for f in sorted(self.dir.iterdir()):
            f.chmod(0o644)  # temp files are created private
            os.replace(f, self.out / f.name)

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)
