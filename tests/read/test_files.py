"""graph.read.files: only regular files are read, nothing blocks, every refusal is one line."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from graph.errors import InputError
from graph.read import iter_files, read_article

SENTENCE = "Ngày 5/12/2023, Tỉnh ủy Kon Tum ban hành Nghị quyết số 23-NQ/TU.\n"


@pytest.fixture
def folder(tmp_path):
    """A folder with one good article and every kind of thing that is not one."""
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(SENTENCE, encoding="utf-8")
    os.mkfifo(d / "pipe.txt")
    os.symlink(d / "loop-b.txt", d / "loop-a.txt")
    os.symlink(d / "loop-a.txt", d / "loop-b.txt")
    os.symlink(d / "gone.txt", d / "dangling.txt")
    os.symlink("/dev/zero", d / "zero.txt")
    (d / "folder.txt").mkdir()
    return d


def test_a_folder_reads_the_good_file_and_names_every_other(folder, no_hang):
    errors: list[str] = []
    with no_hang(20):
        found = [f.name for f, _ in iter_files([folder], errors)]
        articles = [read_article(f, root) for f, root in iter_files([folder], [])]
    assert found == ["good.txt"]
    assert [a.key for a in articles] == ["good"]
    by_file = {Path(e.split(": ", 1)[0]).name: e for e in errors}
    assert sorted(by_file) == ["dangling.txt", "loop-a.txt", "loop-b.txt", "pipe.txt", "zero.txt"]
    assert by_file["pipe.txt"].endswith("not a regular file (a named pipe (FIFO)); only regular files are read [E107]")
    assert by_file["zero.txt"].endswith("(a character device); only regular files are read [E107]")
    assert by_file["loop-a.txt"].endswith("a symbolic link loop [E109]")
    assert by_file["dangling.txt"].endswith(f"a dangling symbolic link (to {folder / 'gone.txt'}) [E110]")
    assert len(errors) == 5  # one line each, the folder named .txt is not a file to read and not an error


@pytest.mark.parametrize("name, code", [("pipe.txt", "E107"), ("zero.txt", "E107"), ("loop-a.txt", "E109"),
                                        ("dangling.txt", "E110")])
def test_a_path_given_directly_is_refused_without_blocking(folder, name, code, no_hang):
    path = folder / name
    with no_hang(20):
        errors: list[str] = []
        assert list(iter_files([path], errors)) == []
        assert len(errors) == 1 and errors[0].startswith(str(path)) and errors[0].endswith(f"[{code}]")
        # read directly, as a worker does: still refused, still never blocks
        with pytest.raises(InputError) as info:
            read_article(path, folder)
    assert info.value.code == code


def test_a_folder_is_not_read_as_an_article(folder):
    with pytest.raises(InputError, match=r"folder\.txt: not a regular file \(a folder\)"):
        read_article(folder / "folder.txt", folder)


def test_a_fifo_with_no_writer_never_blocks_the_reader(tmp_path, no_hang):
    fifo = tmp_path / "tin.txt"
    os.mkfifo(fifo)
    with no_hang(20), pytest.raises(InputError, match=r"named pipe.*\[E107\]"):
        read_article(fifo, tmp_path)


def test_the_size_limit_is_a_clear_error(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(SENTENCE * 100, encoding="utf-8")
    size = path.stat().st_size
    with pytest.raises(InputError) as info:
        read_article(path, tmp_path, max_bytes=1000)
    assert str(info.value) == f"{path}: {size:,} bytes, more than the limit of 1,000 (--max-file-size) [E108]"
    assert read_article(path, tmp_path, max_bytes=None).text == SENTENCE * 100
    assert read_article(path, tmp_path, max_bytes=size).text == SENTENCE * 100


@pytest.fixture
def shared_dir():
    """A folder other users can enter (pytest's own are private to the user)."""
    d = Path(tempfile.mkdtemp(prefix="kg-read-"))
    d.chmod(0o755)
    yield d
    for p in [d, *d.rglob("*")]:
        p.chmod(0o755) if p.is_dir() else p.chmod(0o644)
    shutil.rmtree(d)


def _read_here(path: Path) -> list[str]:
    errors: list[str] = []
    out = []
    for f, root in iter_files([path], errors):
        try:
            read_article(f, root)
            out.append(f"read {f.name}")
        except InputError as exc:
            errors.append(str(exc))
    return out + errors


def _read(path: Path) -> list[str]:
    """What the reader says of ``path``: as this user, or, when this is root (root
    reads any file), in a forked child that became the user "nobody"."""
    if os.geteuid() != 0:
        return _read_here(path)
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            os.close(r)
            os.setgid(65534)
            os.setuid(65534)
            os.write(w, json.dumps(_read_here(path)).encode())
            code = 0
        finally:
            os._exit(code)
    os.close(w)
    with os.fdopen(r, "rb") as fh:
        data = fh.read()
    _, status = os.waitpid(pid, 0)
    assert status == 0 and data, "the reader failed as nobody"
    return json.loads(data)


def test_an_unreadable_file_is_one_error_line(shared_dir):
    path = shared_dir / "secret.txt"
    path.write_text(SENTENCE, encoding="utf-8")
    (shared_dir / "open.txt").write_text(SENTENCE, encoding="utf-8")
    path.chmod(0)
    assert _read(shared_dir) == ["read open.txt", f"{path}: cannot read: Permission denied [E106]"]
    assert _read(path) == [f"{path}: cannot read: Permission denied [E106]"]


def test_an_unreadable_folder_inside_is_reported_and_the_rest_is_read(shared_dir):
    (shared_dir / "kin").mkdir()
    (shared_dir / "a.txt").write_text(SENTENCE, encoding="utf-8")
    (shared_dir / "kin" / "b.txt").write_text(SENTENCE, encoding="utf-8")
    (shared_dir / "kin").chmod(0)
    assert _read(shared_dir) == ["read a.txt", f"{shared_dir / 'kin'}: cannot read: Permission denied [E106]"]
