"""Store versions: a build writes a new version and then switches to it atomically.

A store folder (``exports/store/``) holds complete Oxigraph stores, one per
build, and a pointer to the newest complete one::

    store/LATEST        the name of the current version folder ("v000007"), one line
    store/v000007/      an Oxigraph (RocksDB) store, complete
    store/v000006/      the previous one, kept for readers that still use it

A build never writes into the current version: it copies it (a RocksDB
checkpoint, hard links, instant) or bulk-loads a new one, applies its changes,
closes it, and only then replaces ``LATEST`` (``os.replace``). A build killed at
any moment leaves ``LATEST`` naming a complete store; readers (``kg serve``,
``graph.open``) follow ``LATEST`` and so never see a half-written version.

A folder that is itself an Oxigraph store (a RocksDB ``CURRENT`` file and no
``LATEST``), as earlier builds wrote, is read as one version.

>>> import tempfile
>>> root = Path(tempfile.mkdtemp())
>>> current(root) is None
True
>>> v = next_version(root); v.name
'v000001'
>>> import pyoxigraph as ox
>>> s = ox.Store(str(v)); s.add(ox.Quad(ox.NamedNode("http://ex/s"), ox.NamedNode("http://ex/p"), ox.Literal("o"), ox.NamedNode("http://ex/g"))); s.flush(); del s
>>> publish(root, v); current(root).name
'v000001'
>>> next_version(root).name
'v000002'
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

POINTER = "LATEST"
_VERSION_RE = re.compile(r"v(\d{6})")


def is_oxigraph_dir(path: Path) -> bool:
    """Whether a folder holds an Oxigraph (RocksDB) store itself.

    >>> import tempfile
    >>> is_oxigraph_dir(Path(tempfile.mkdtemp()))
    False
    """
    return path.is_dir() and (path / "CURRENT").is_file() and not (path / POINTER).exists()


def versions(root: Path) -> list[Path]:
    """The version folders under ``root``, oldest first."""
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and _VERSION_RE.fullmatch(p.name))


def current(root: str | os.PathLike[str]) -> Path | None:
    """The folder of the newest complete version, or None when there is none.

    A legacy store (the folder is an Oxigraph store itself) is its own version.
    """
    root = Path(root)
    pointer = root / POINTER
    if pointer.is_file():
        name = pointer.read_text(encoding="utf-8").strip()
        if _VERSION_RE.fullmatch(name) and (root / name / "CURRENT").is_file():
            return root / name
        return None
    if is_oxigraph_dir(root):
        return root
    return None


def next_version(root: str | os.PathLike[str]) -> Path:
    """A new, not yet existing version folder, numbered after every existing one."""
    root = Path(root)
    numbers = [int(_VERSION_RE.fullmatch(p.name).group(1)) for p in versions(root)]  # type: ignore[union-attr]
    return root / f"v{max(numbers, default=0) + 1:06d}"


def publish(root: str | os.PathLike[str], version: Path) -> None:
    """Make ``version`` the current one: ``LATEST`` is replaced in one rename, after fsync."""
    root = Path(root)
    tmp = root / f".{POINTER}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(version.name + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, root / POINTER)
    fd = os.open(root, os.O_RDONLY)
    try:
        os.fsync(fd)  # the rename itself reaches the disk
    finally:
        os.close(fd)


def collect(root: str | os.PathLike[str], keep: int = 2) -> list[Path]:
    """Remove versions older than the ``keep`` newest and any unpublished newer ones
    (left by a killed build); returns what was removed. Never the current one.
    """
    root = Path(root)
    cur = current(root)
    every = versions(root)
    if cur is None or cur == root:
        return []
    newer = [v for v in every if v.name > cur.name]  # a killed build's half-written version
    older = [v for v in every if v.name < cur.name]
    gone = newer + older[: max(0, len(older) - (keep - 1))]
    for v in gone:
        shutil.rmtree(v, ignore_errors=True)
    return gone
