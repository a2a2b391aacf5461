"""The embedded, persistent store: Oxigraph on disk under ``<out>/store/``.

The build keeps the store in step with its input one article at a time: every
graph of an article has an IRI starting with ``kgg:{key}/``, so replacing an
article drops those graphs and loads the new ones, in one transaction.

Quads are given as pyoxigraph :class:`~pyoxigraph.Quad` objects, or as an
rdflib ``Dataset`` (converted through N-Quads, which is cheap).

>>> import tempfile
>>> from pyoxigraph import Literal, NamedNode, Quad
>>> K, KG = "https://w3id.org/vnkg/", "https://w3id.org/vnkg/ontology#"
>>> def text_graph(key, digest):
...     art, g = NamedNode(K + "article/" + key), NamedNode(K + "graph/" + key + "/text")
...     return [Quad(art, NamedNode(RDF_TYPE), NamedNode(KG + "Article"), g),
...             Quad(art, NamedNode(KG + "contentHash"), Literal(digest), g)]
>>> with tempfile.TemporaryDirectory() as tmp:
...     with KnowledgeStore.open(tmp + "/store") as store:
...         store.replace_article("a1", text_graph("a1", "abc"))
...         store.replace_article("a2", text_graph("a2", "def"))
...         store.replace_article("a1", text_graph("a1", "xyz"))
...         _ = store.remove_article("a2")
...         store.article_hashes()
{'a1': 'xyz'}
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from typing import BinaryIO
from pathlib import Path

import pyoxigraph as ox

from graph.atomic import atomic_file
from graph.errors import Errors, StoreError
from graph.rdf import formats
from graph.rdf.iris import GRAPH, article_graph_prefix
from graph.rdf.prefixes import PREFIXES
from graph.rdf.sparql import query

__all__ = ["KnowledgeStore", "StoreError", "article_graph_prefix", "bulk_load_nquads", "iter_named_graphs", "to_quads"]

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

_HASHES = query("graph.store", "article-hashes")


def to_quads(data) -> list[ox.Quad]:
    """pyoxigraph quads from pyoxigraph quads, an rdflib ``Dataset``, or an rdflib
    ``Graph`` (its triples put in the named graph of its identifier).

    >>> from rdflib import Dataset, URIRef, Literal
    >>> ds = Dataset()
    >>> ds.graph(URIRef("http://ex/g")).add((URIRef("http://ex/s"), URIRef("http://ex/p"), Literal("á")))
    <Graph identifier=http://ex/g (<class 'rdflib.graph.Graph'>)>
    >>> [str(q.graph_name) for q in to_quads(ds)]
    ['<http://ex/g>']
    """
    try:
        import rdflib
    except ImportError:  # pragma: no cover - rdflib is a dependency
        rdflib = None
    if rdflib is not None and isinstance(data, rdflib.Dataset):
        nquads = data.serialize(format="nquads", encoding="utf-8")
        return list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
    if rdflib is not None and isinstance(data, rdflib.Graph):  # one named graph
        graph_name = ox.NamedNode(str(data.identifier))
        triples = ox.parse(data.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
        return [ox.Quad(t.subject, t.predicate, t.object, graph_name) for t in triples]
    return list(data)


def _insert_data(quads: list[ox.Quad]) -> str:
    """An ``INSERT DATA`` body; pyoxigraph terms print as SPARQL/N-Triples terms."""
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        if isinstance(q.graph_name, ox.DefaultGraph):
            raise StoreError(Errors.E203.format(quad=q))
        by_graph.setdefault(str(q.graph_name), []).append(f"{q.subject} {q.predicate} {q.object} .")
    blocks = (f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}" for g, lines in by_graph.items())
    return "INSERT DATA {\n" + "\n".join(blocks) + "\n}"


class KnowledgeStore:
    """A pyoxigraph :class:`~pyoxigraph.Store` on disk, opened read-write.

    Only one process may hold it read-write; readers use :func:`graph.query.api.open`
    (``Store.read_only``) meanwhile.
    """

    def __init__(self, store: ox.Store, path: Path | None = None):
        self.store = store
        self.path = path

    @classmethod
    def open(cls, path: str | os.PathLike) -> KnowledgeStore:
        """Open (or create) the store folder read-write.

        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     with KnowledgeStore.open(tmp) as one:
        ...         KnowledgeStore.open(tmp)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        graph.errors.StoreError: ...is already open read-write by another process...
        """
        path = Path(path)
        try:
            path.mkdir(parents=True, exist_ok=True)
            return cls(ox.Store(str(path)), path)
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreError(Errors.E201.format(path=path, reason=exc)) from exc
            raise StoreError(Errors.E202.format(path=path, reason=exc)) from exc

    @classmethod
    def current(cls, root: str | os.PathLike) -> KnowledgeStore:
        """The current version of a build's store folder (``LATEST``), read-only."""
        from graph.store.versions import current

        version = current(Path(root))
        if version is None:
            raise StoreError(Errors.E202.format(path=root, reason="no complete store version (LATEST)"))
        return cls(ox.Store.read_only(str(version)), version)

    def __enter__(self) -> KnowledgeStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Flush and release the lock (pyoxigraph releases it when the store is freed)."""
        if self.store is not None:
            try:
                self.store.flush()
            except (OSError, RuntimeError):  # a read-only store has nothing to flush
                pass
            self.store = None

    def __len__(self) -> int:
        return len(self.store)

    def article_hashes(self) -> dict[str, str]:
        """``{article key: content hash}`` for every article in the store."""
        # The key is read from the text graph's IRI, kgg:{key}/text.
        start, end = len(str(GRAPH)), -len("/text")
        return {row["g"].value[start:end]: row["hash"].value for row in self.store.query(_HASHES)}

    def article_graphs(self, key: str) -> list[ox.NamedNode]:
        """The named graphs of one article."""
        prefix = article_graph_prefix(key)
        return [g for g in self.store.named_graphs() if isinstance(g, ox.NamedNode) and g.value.startswith(prefix)]

    def replace_article(self, key: str, quads) -> None:
        """Drop every graph of the article and load ``quads``, in one transaction.

        Every quad must sit in a graph of that article (``kgg:{key}/…``).
        """
        quads = to_quads(quads)
        prefix = article_graph_prefix(key)
        for q in quads:
            if not (isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(prefix)):
                raise StoreError(Errors.E204.format(key=key, prefix=prefix, quad=q))
        self._replace(self.article_graphs(key), quads)

    def remove_article(self, key: str) -> int:
        """Drop every graph of the article; returns how many graphs went."""
        graphs = self.article_graphs(key)
        self._replace(graphs, [])
        return len(graphs)

    def replace_graph(self, iri: str, quads) -> None:
        """Replace one named graph (e.g. ``kgg:build``); quads are put in that graph."""
        g = ox.NamedNode(iri)
        moved = [ox.Quad(q.subject, q.predicate, q.object, g) for q in to_quads(quads)]
        self._replace([g] if self.store.contains_named_graph(g) else [], moved)

    def _replace(self, drop: list[ox.NamedNode], quads: list[ox.Quad]) -> None:
        # One SPARQL update request is one Oxigraph transaction: a crash leaves
        # either the old graphs or the new ones, never half of each.
        if not drop:  # nothing to drop (first build): extend is one transaction too, and 10x faster
            self.store.extend(quads)
            return
        ops = [f"DROP SILENT GRAPH {g}" for g in drop]
        if quads:
            ops.append(_insert_data(quads))
        if ops:
            self.store.update(" ;\n".join(ops))

    def load(self, path: str | os.PathLike) -> None:
        """Bulk-load a whole graph file (first build); not transactional."""
        path = Path(path)
        fmt = formats.by_suffix(path) or ox.RdfFormat.N_QUADS
        if fmt == ox.RdfFormat.N_QUADS:
            bulk_load_nquads(self.store, path)
        else:
            self.store.bulk_load(path=str(path), format=fmt)

    def dump(self, path: str | os.PathLike, format: str | None = None) -> Path:
        """Write the whole dataset atomically; format from the suffix or ``trig``/``nq``/``jsonld``.

        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     s = KnowledgeStore(ox.Store())
        ...     _ = s.dump(tmp + "/g.txt")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        graph.errors.StoreError: ...g.txt: unknown export format...
        """
        path = Path(path)
        fmt = formats.by_name(format) if format else formats.by_suffix(path)
        if fmt not in formats.DATASET_FORMATS:
            raise StoreError(Errors.E205.format(path=path, format=format or path.suffix,
                                                known="trig, nq, jsonld"))
        kw = {"prefixes": PREFIXES} if fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.JSON_LD) else {}
        with atomic_file(path, "wb") as out:
            self.store.dump(out, fmt, **kw)
        return path


#: Bytes of N-Quads per bulk load. Oxigraph's bulk loader holds what one load has seen
#: in memory: one load of the bulk corpus's 1.5 GB peaked at 1.65 GB RSS, loads of
#: 100-300 MB at 0.5-1.1 GB (the store takes 1.6-1.8 GB on disk instead of 1.0 GB).
BULK_CHUNK = 128 * 1024 * 1024


class _Piece(io.RawIOBase):
    """The next ``size`` bytes of a file, continued to the end of the line they stop in."""

    def __init__(self, f: BinaryIO, size: int):
        self.f, self.left, self.done = f, size, False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        if self.done:
            return 0
        if self.left > 0:
            data = self.f.read(min(len(buffer), self.left))
            self.left -= len(data)
        else:
            data = self.f.readline(len(buffer))  # a long line takes several reads
            self.done = data.endswith(b"\n")
        if not data:
            self.done = True
        buffer[: len(data)] = data
        return len(data)


def bulk_load_nquads(store: ox.Store, path: str | os.PathLike, chunk: int = BULK_CHUNK) -> None:
    """Load an N-Quads file in pieces of about ``chunk`` bytes, each ending at a line's end,
    so memory stays bounded whatever the file's size.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     nq = Path(tmp, "g.nq")
    ...     long = '<urn:s> <urn:p> "' + "x" * 50_000 + '" <urn:g> .\\n'  # longer than a read
    ...     _ = nq.write_text("".join(f'<urn:s{i}> <urn:p> "{i}" <urn:g> .\\n' for i in range(100)) + long)
    ...     store = ox.Store()
    ...     bulk_load_nquads(store, nq, chunk=300)
    ...     len(store)
    101
    """
    with open(path, "rb") as f:
        size = f.seek(0, os.SEEK_END)
        f.seek(0)
        while f.tell() < size:
            store.bulk_load(input=io.BufferedReader(_Piece(f, chunk)), format=ox.RdfFormat.N_QUADS)


def _prefixes() -> dict[str, str]:
    """The prefix map (kept for callers of earlier versions; use graph.rdf.prefixes.PREFIXES)."""
    return dict(PREFIXES)


def iter_named_graphs(store: ox.Store) -> Iterator[ox.NamedNode]:
    """Named graphs in IRI order (stable output for push and dumps)."""
    return iter(sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value))
