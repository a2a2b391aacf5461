"""What a build knows of the graph it keeps: one state per store version.

``<out>/store/vNNNNNN.state`` records, for the store version of the same name,
every article in it: where it was read from, the digests of its content and
metadata, the blob of its emitted exports, and its summary (for the steps that
look across articles). Blobs are content-addressed files under
``<out>/.kg/blobs/``: written once, never changed, so a killed build cannot
damage one that a published version uses.

A state file is one pickle per article after a small header (:data:`MAGIC`), so
that saving the state of an update re-pickles only the articles it changed: an
article read from the last state and kept as it was is written back as the bytes
it was read from (a build replaces an article's record, never changes one in
place). States of the earlier format (one compressed pickle) are still read.

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

from typing import Any

import copyreg
import io
import os
import pickle
import tempfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from graph.resolve.across import Summary

__all__ = ["ArticleState", "Blobs", "State", "load_state", "peek_state", "save_state"]

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

    def __getstate__(self) -> dict[str, Any]:
        # the bytes it was read from (load_state) are not part of the record
        d = self.__dict__
        return {k: v for k, v in d.items() if k != "_raw"} if "_raw" in d else d


@dataclass
class State:
    pipeline: str = ""  # the pipeline version that emitted the articles
    articles: dict[str, ArticleState] = field(default_factory=dict)
    run: int = 0  # how many builds changed the graph
    index_digest: str = ""


def _atomic_write(path: Path, *parts: bytes) -> None:
    """Write ``parts`` to ``path`` atomically and fsynced (a state survives a crash whole or not at all)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.writelines(parts)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def state_path(store_root: Path, version: str) -> Path:
    return store_root / f"{version}{STATE_SUFFIX}"


#: The first bytes of a state file of this format; then the header's length (8 bytes, little
#: endian), the header (a pickle of pipeline, run, index digest and [(key, record length,
#: content hash, metadata hash)]: enough to plan a build, :func:`peek_state`), then each
#: article's record, a pickle of its ArticleState, in the header's order.
MAGIC = b"KGSTATE2\n"


def _counter(counts: dict[Any, int]) -> Counter[Any]:
    """A Counter from its dict, without Counter.__init__ (a summary has several)."""
    c: Counter[Any] = Counter.__new__(Counter)
    dict.update(c, counts)
    return c


def _reduce_counter(c: Counter[Any]) -> tuple[Any, ...]:
    return _counter, (dict(c),)


def _record(a: ArticleState) -> bytes:
    buf = io.BytesIO()
    p = pickle.Pickler(buf, protocol=5)
    p.dispatch_table = {**copyreg.dispatch_table, Counter: _reduce_counter}
    p.dump(a)
    return buf.getvalue()


def save_state(store_root: Path, version: str, state: State) -> None:
    records = []
    for a in state.articles.values():
        raw = a.__dict__.get("_raw")
        records.append(raw if raw is not None else _record(a))
    header = pickle.dumps((state.pipeline, state.run, state.index_digest,
                           [(k, len(r), a.content_hash, a.meta_hash)
                            for (k, a), r in zip(state.articles.items(), records)]), protocol=5)
    _atomic_write(state_path(store_root, version), MAGIC, len(header).to_bytes(8, "little"), header, *records)


def peek_state(store_root: Path, version: str | None) -> tuple[str, dict[str, tuple[str, str]]] | None:
    """The pipeline version and each article's (content hash, metadata hash) of a version's
    state, read from its header only (what a build needs to know whether it has work before
    it reads the records); None when the state has no such header (none, or the earlier format).

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> st = State("p1"); st.articles["a"] = ArticleState("a.txt", "c1", "m1", "d1", None)
    >>> save_state(root, "v000001", st); peek_state(root, "v000001")
    ('p1', {'a': ('c1', 'm1')})
    """
    if version is None:
        return None
    try:
        with open(state_path(store_root, version), "rb") as fh:
            if fh.read(len(MAGIC)) != MAGIC:
                return None
            n = int.from_bytes(fh.read(8), "little")
            pipeline, _run, _digest, rows = pickle.loads(fh.read(n))
    except (OSError, pickle.UnpicklingError, EOFError, ValueError):
        return None
    if any(len(row) < 4 for row in rows):
        return None
    return pipeline, {row[0]: (row[2], row[3]) for row in rows}


def load_state(store_root: Path, version: str | None) -> State:
    """The state of a version; an empty one when there is none (a new or legacy store)."""
    if version is None:
        return State()
    path = state_path(store_root, version)
    if not path.is_file():
        return State()
    data = path.read_bytes()
    if not data.startswith(MAGIC):  # the earlier format: one compressed pickle
        state: State = pickle.loads(zlib.decompress(data))
        return state
    view = memoryview(data)
    at = len(MAGIC) + 8
    end = at + int.from_bytes(view[len(MAGIC):at], "little")
    pipeline, run, index_digest, sizes = pickle.loads(view[at:end])
    articles: dict[str, ArticleState] = {}
    loads = pickle.loads
    for key, n, *_hashes in sizes:
        raw = view[end:end + n]
        a = articles[key] = loads(raw)
        a.__dict__["_raw"] = raw  # written back as is while the record is kept
        end += n
    if end != len(data):
        raise pickle.UnpicklingError(f"{path}: {len(data) - end} bytes more or fewer than its header says")
    return State(pipeline, articles, run, index_digest)


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
