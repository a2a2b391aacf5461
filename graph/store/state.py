"""What a build knows of the graph it keeps: one state per store version.

``<out>/store/vNNNNNN.state`` records, for the store version of the same name,
every article in it: where it was read from, the digests of its content and
metadata, the blob of its emitted exports, and its summary (for the steps that
look across articles). Blobs are content-addressed files under
``<out>/.kg/blobs/``: written once, never changed, so a killed build cannot
damage one that a published version uses.

>>> import tempfile
>>> out = Path(tempfile.mkdtemp())
>>> st = State()
>>> st.articles["a"] = ArticleState("a.txt", "c1", "m1", "d1", None, ["kgg:a/text"])
>>> save_state(out / "store", "v000001", st)
>>> load_state(out / "store", "v000001").articles["a"].content_hash
'c1'
>>> blob = Blobs(out)
>>> d = blob.put(b"hello"); blob.get(d)
b'hello'
"""

from __future__ import annotations

import os
import pickle
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from graph.resolve.across import Summary

__all__ = ["ArticleState", "Blobs", "State", "load_state", "save_state"]

STATE_SUFFIX = ".state"


@dataclass
class ArticleState:
    source: str  # where it was read from (as given, for messages and `kg remove FILE`)
    content_hash: str
    meta_hash: str
    emitted: str  # blob digest of its Emitted exports
    summary: Summary
    graphs: list[str] = field(default_factory=list)  # its named graphs, to drop them on update
    pipeline: str = ""  # the pipeline version that emitted it
    edges: list[tuple[str, str, str, str, str, str]] | None = None  # its relation rows for the views


@dataclass
class State:
    pipeline: str = ""  # the pipeline version that emitted the articles
    articles: dict[str, ArticleState] = field(default_factory=dict)
    run: int = 0  # how many builds changed the graph
    index_digest: str = ""


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def state_path(store_root: Path, version: str) -> Path:
    return store_root / f"{version}{STATE_SUFFIX}"


def save_state(store_root: Path, version: str, state: State) -> None:
    _atomic_write(state_path(store_root, version), zlib.compress(pickle.dumps(state, protocol=5), 1))


def load_state(store_root: Path, version: str | None) -> State:
    """The state of a version; an empty one when there is none (a new or legacy store)."""
    if version is None:
        return State()
    path = state_path(store_root, version)
    if not path.is_file():
        return State()
    state: State = pickle.loads(zlib.decompress(path.read_bytes()))
    return state


class Blobs:
    """Content-addressed, compressed files under ``<out>/.kg/blobs/``."""

    def __init__(self, out: Path):
        self.root = Path(out) / ".kg" / "blobs"

    def _path(self, digest: str) -> Path:
        return self.root / digest[:2] / digest

    def put(self, data: bytes) -> str:
        import hashlib

        digest = hashlib.sha256(data).hexdigest()[:40]
        path = self._path(digest)
        if not path.exists():
            _atomic_write(path, zlib.compress(data, 1))
        return digest

    def get(self, digest: str) -> bytes | None:
        path = self._path(digest)
        try:
            return zlib.decompress(path.read_bytes())
        except (OSError, zlib.error):
            return None

    def has(self, digest: str) -> bool:
        return self._path(digest).is_file()

    def collect(self, keep: set[str]) -> int:
        """Remove blobs no state refers to; returns how many went."""
        gone = 0
        if not self.root.is_dir():
            return 0
        for sub in self.root.iterdir():
            for f in sub.iterdir() if sub.is_dir() else ():
                if f.name not in keep and not f.name.startswith("."):
                    f.unlink(missing_ok=True)
                    gone += 1
        return gone
