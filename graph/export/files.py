"""Stage *export*: the files a build writes beside its store, from the articles' emitted parts.

>>> sorted(EXPORTS)[:3]
['entities.csv', 'figures.csv', 'graph.graphml']

Each article's share of every export was emitted by its worker
(:class:`graph.build.work.Emitted`); here they are concatenated in key order
under one header each, so writing the exports is a streaming copy whatever
the size of the graph: ``graph.nq``, ``graph.trig``, ``graph.jsonld``,
``mentions.csv``, ``relations.csv``, ``figures.csv``; then ``entities.csv``
from the entity index, and the views (``graph.graphml``, ``graph.html``) from
the staged graph.

A build that changes a few articles does not rebuild these files: the
:class:`Layout` of the previous exports says where each article's share lies
in each file, and the new file copies the unchanged shares from the old one
(``os.copy_file_range``: the kernel copies, nothing passes through Python),
writing only the changed articles' shares from their blobs. The bytes are the
same as a full write's.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import pickle
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from graph.atomic import Staging, atomic_file
from graph.emit.article import MENTION_COLUMNS, RELATION_COLUMNS, Emitted
from graph.emit.quads import is_ontology_class
from graph.rdf import fragments
from graph.relate.figures import FIGURE_COLUMNS

__all__ = ["EXPORTS", "Grouped", "Layout", "index_nodes", "tail_subjects", "write_entities_csv", "write_exports",
           "write_views"]

#: What a build writes beside its store.
EXPORTS = ("graph.nq", "graph.trig", "graph.jsonld", "entities.csv", "mentions.csv", "relations.csv",
           "figures.csv", "graph.graphml", "graph.html")

#: The exports made of the articles' shares, in key order, and the Emitted field of each.
_PARTS = (("graph.nq", "nquads"), ("graph.trig", "trig"), ("graph.jsonld", "jsonld"),
          ("mentions.csv", "mentions_csv"), ("relations.csv", "relations_csv"), ("figures.csv", "figures_csv"))
#: Bumped whenever Layout changes: a layout of another format is ignored, never half-read.
LAYOUT_FORMAT = 3


@dataclass
class Layout:
    """Where each article's share lies in each export: ``spans[file][key] = (blob, start, end)``
    (byte offsets), and each file's size and mtime once published, for a later build to copy
    the shares unchanged (a file changed since is written whole again).

    >>> lay = Layout("v000002", {"graph.nq": {"a": ("d1", 0, 10)}}, {"graph.nq": (10, 0)}, format=LAYOUT_FORMAT)
    >>> import tempfile; p = Path(tempfile.mkdtemp()) / "exports.layout"
    >>> lay.save(p); Layout.load(p) == lay
    True
    >>> Layout("v000002", format=1).save(p); Layout.load(p) is None  # another release's layout
    True
    >>> Layout.load(p.with_name("missing")) is None
    True
    """

    version: str  # the store version the exports belong to
    spans: dict[str, dict[str, tuple[str, int, int]]] = field(default_factory=dict)
    stamps: dict[str, tuple[int, int]] = field(default_factory=dict)
    tail_start: int = 0  # where the build and entity-index graphs begin in graph.nq
    #: the same for those graphs' subjects in graph.trig and graph.jsonld: (graph, subject) ->
    #: (digest of its statements, start, end), so an entity the change leaves alone is copied
    subjects: dict[str, dict[tuple[str, str], tuple[str, int, int]]] = field(default_factory=dict)
    format: int = 0  # LAYOUT_FORMAT when written by this release

    def save(self, path: Path) -> None:
        with atomic_file(path, "wb") as fh:
            fh.write(zlib.compress(pickle.dumps(self, protocol=5), 1))

    @staticmethod
    def load(path: Path) -> Layout | None:
        try:
            lay = pickle.loads(zlib.decompress(path.read_bytes()))
        except (OSError, zlib.error, pickle.UnpicklingError, EOFError, AttributeError):
            return None
        # a layout of another format (an older release) is not trusted: the exports are written whole
        return lay if isinstance(lay, Layout) and getattr(lay, "format", 0) == LAYOUT_FORMAT else None

    def stamp(self, folder: Path) -> None:
        """Record the published files' size and mtime."""
        self.stamps = {n: _stamp(folder / n) for n in self.spans}

    def matches(self, folder: Path, version: str | None) -> bool:
        """Whether the exports in ``folder`` are the ones described (same version, untouched since)."""
        if version is None or self.version != version or set(self.stamps) != {n for n, _ in _PARTS}:
            return False
        try:
            return all(_stamp(folder / n) == st for n, st in self.stamps.items())
        except OSError:
            return False


def _stamp(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_size, st.st_mtime_ns


class _Writer:
    """A file written from text and from byte ranges of another file; records offsets."""

    def __init__(self, path: Path, old: Path | None):
        self.fh = open(path, "wb")
        self.pos = 0
        self.old = open(old, "rb") if old is not None and old.is_file() else None
        self._run: list[int] | None = None  # a pending copy [start, end) from the old file

    def text(self, s: str) -> None:
        if s:
            self._flush_run()
            data = s.encode("utf-8")
            self.fh.write(data)
            self.pos += len(data)

    def copy(self, start: int, end: int) -> None:
        """Copy old[start:end] (joined to the pending copy when it follows on)."""
        if self._run is not None and self._run[1] == start:
            self._run[1] = end
        else:
            self._flush_run()
            self._run = [start, end]
        self.pos += end - start

    def _flush_run(self) -> None:
        if self._run is None or self.old is None:
            return
        start, end = self._run
        self._run = None
        self.fh.flush()
        src, dst = self.old.fileno(), self.fh.fileno()
        while start < end:
            try:
                n = os.copy_file_range(src, dst, end - start, start)
            except OSError:  # another file system or an old kernel: copy through user space
                n = 0
            if n <= 0:
                self.old.seek(start)
                data = self.old.read(min(end - start, 1 << 24))
                if not data:
                    raise OSError(f"{self.old.name}: shorter than its layout says")
                self.fh.write(data)
                self.fh.flush()
                n = len(data)
            start += n

    def close(self) -> None:
        try:
            self._flush_run()
        finally:
            self.fh.close()
            if self.old is not None:
                self.old.close()


def write_exports(staging: Staging, articles: Iterable[tuple[str, str]], load: Callable[[str], Emitted],
                  tail_nq: str | Callable[[], tuple[str, dict, Grouped]], index: dict | None,
                  previous: tuple[Path, Layout] | None = None, version: str = "") -> Layout:
    """Every export, article by article: ``articles`` are (key, blob digest) in key order (the
    same input gives the same bytes), ``load`` gives a blob's :class:`Emitted`; ``tail_nq`` is the
    build and entity-index graphs, ``index`` the entity index (for entities.csv); or ``tail_nq``
    is a function giving both and the tail's :func:`tail_subjects`, called once the articles'
    shares are written (a build makes them meanwhile). ``previous``: the folder of the current
    exports and their layout; an article whose blob is unchanged is copied from there. Returns the new layout."""
    old_dir, old = previous if previous is not None else (None, Layout(""))
    writers = {n: _Writer(staging.path(n), old_dir / n if old_dir is not None else None) for n, _ in _PARTS}
    layout = Layout(version, {n: {} for n, _ in _PARTS}, format=LAYOUT_FORMAT)
    try:
        writers["graph.trig"].text(fragments.header())
        writers["graph.jsonld"].text("[")
        writers["mentions.csv"].text(",".join(MENTION_COLUMNS) + "\n")
        writers["relations.csv"].text(",".join(RELATION_COLUMNS) + "\n")
        writers["figures.csv"].text(",".join(FIGURE_COLUMNS) + "\n")
        first_json = True
        for key, digest in articles:
            em: Emitted | None = None
            for name, attr in _PARTS:
                w = writers[name]
                was = old.spans.get(name, {}).get(key)
                kept = was if was is not None and was[0] == digest and w.old is not None else None
                if kept is None and em is None:
                    em = load(digest)
                text: str = "" if kept is not None else getattr(em, attr)
                if name == "graph.jsonld" and (kept[1] < kept[2] if kept is not None else text):
                    w.text("" if first_json else ",\n")  # the separator is not part of the share
                    first_json = False
                start = w.pos
                if kept is not None:
                    w.copy(kept[1], kept[2])
                else:
                    w.text(text)
                layout.spans[name][key] = (digest, start, w.pos)
        if callable(tail_nq):
            tail_nq, index, grouped = tail_nq()
        else:
            grouped = tail_subjects(tail_nq)
        layout.tail_start = writers["graph.nq"].pos
        writers["graph.nq"].text(tail_nq)
        _write_tail(writers["graph.trig"], writers["graph.jsonld"], grouped, old, layout, first_json)
    finally:
        for w in writers.values():
            w.close()
    write_entities_csv(staging.path("entities.csv"), index)
    return layout


#: The build and entity-index graphs grouped as the fragments write them, and a digest of each
#: (graph, subject)'s statements.
Grouped = tuple[list[tuple[str, list[tuple[str, list[tuple[str, str]]]]]], dict[tuple[str, str], str]]


def tail_subjects(tail_nq: str) -> Grouped:
    """The tail's lines grouped by graph and subject (:func:`graph.rdf.fragments.subjects`), with
    a digest of each subject's statements: what the TriG and JSON-LD tails are written from, and
    how a build tells which subjects changed since the last export.

    >>> groups, digests = tail_subjects('<http://s> <http://p> "1" <http://g> .\\n')
    >>> groups
    [('<http://g>', [('<http://s>', [('<http://p>', '"1"')])])]
    >>> len(digests[('<http://g>', '<http://s>')])
    32
    """
    # split at LF only: a literal may hold a line separator str.splitlines would cut at
    groups = fragments.subjects(line + "\n" for line in tail_nq.split("\n") if line)
    digests = {(g, s): hashlib.blake2b("\n".join(f"{p} {o}" for p, o in pairs).encode("utf-8"),
                                       digest_size=16).hexdigest()
               for g, subjects in groups for s, pairs in subjects}
    return groups, digests


def _write_tail(trig: _Writer, jsonld: _Writer, grouped: Grouped, old: Layout, layout: Layout,
                first_json: bool) -> None:
    """The build and entity-index graphs in TriG and JSON-LD, subject by subject; a subject whose
    statements are those of the previous export is copied from it (the same bytes)."""
    was = {n: old.subjects.get(n, {}) if w.old is not None else {} for n, w in
           (("graph.trig", trig), ("graph.jsonld", jsonld))}
    layout.subjects = {"graph.trig": {}, "graph.jsonld": {}}
    groups, digests = grouped

    def put(w: _Writer, name: str, g: str, s: str, pairs: list[tuple[str, str]],
            make: Callable[[str, list[tuple[str, str]]], str], sep: str = "") -> None:
        # a separator before it is part of the share (copies of neighbours join into one)
        kept, digest = was[name].get((g, s)), digests[g, s] + sep
        start = w.pos
        if kept is not None and kept[0] == digest:
            w.copy(kept[1], kept[2])
        else:
            w.text(sep + make(s, pairs))
        layout.subjects[name][g, s] = (digest, start, w.pos)

    for g, subjects in groups:
        trig.text(f"{g} {{\n")
        for s, pairs in subjects:
            put(trig, "graph.trig", g, s, pairs, fragments.trig_block)
        trig.text("}\n")
    for n, (g, subjects) in enumerate(groups):
        jsonld.text(("" if first_json and n == 0 else ",\n") + fragments.jsonld_graph_open(g))
        for i, (s, pairs) in enumerate(subjects):
            put(jsonld, "graph.jsonld", g, s, pairs, fragments.jsonld_node, "," if i else "")
        jsonld.text("]}")
    jsonld.text("]\n")


def write_entities_csv(path: Path, index) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["iri", "type", "subtype", "label", "aliases", "mentions", "articles"])
    for iri in sorted(index):
        e = index[iri]
        if e.mentions:
            w.writerow([iri, e.type, e.subtype or "", e.pref_label or e.label, " | ".join(sorted(k for k, n in e.labels.items() if n)),
                        e.mentions, " | ".join(sorted(e.articles))])
    path.write_text(buf.getvalue(), encoding="utf-8")


def index_nodes(index: dict) -> list[tuple[str, dict]]:
    """The projection's nodes from the build's entity index (what the index graph holds: class,
    subclass when the ontology has it, prefLabel, altLabels, mention count; and the articles)."""
    from graph.viz.project import node_attributes

    out = []
    for iri, e in index.items():
        if not e.mentions:
            continue
        ent = e.entity(iri)
        classes = [ent.type] + ([ent.subtype] if is_ontology_class(ent.subtype) else [])
        out.append((iri, node_attributes(iri, ent.label, classes, (t for t, n in e.labels.items() if n),
                                         e.mentions, len(e.articles))))
    return out


def write_views(staging: Staging, store: ox.Store, index: dict | None = None, edges: list | None = None) -> None:
    """GraphML (the networkx projection) and the browser view, from the new store version
    (read-only on disk: the graph is not loaded into memory again).

    The projection is read from the entity index (``index``: the build's, in memory; else the
    store's index graph) and the relation triples (:func:`graph.viz.project.from_index`), once
    for both files; the page is an
    overview of the most important entities and their links, with the sentences
    of those only, so writing the views costs seconds at corpus size. ``edges``: the articles'
    relation rows (with ``index``: nothing of the projection is read from the store)."""
    from graph.viz import write_graph_html
    from graph.viz.project import from_index, write_graphml

    G = from_index(store, index_nodes(index) if index is not None else None, edges if index is not None else None)
    write_graphml(G, staging.path("graph.graphml"))
    write_graph_html(store, staging.path("graph.html"), projection=lambda _store: G)
