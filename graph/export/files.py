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
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from graph.atomic import Staging
from graph.emit.article import MENTION_COLUMNS, RELATION_COLUMNS, Emitted
from graph.rdf import fragments
from graph.relate.figures import FIGURE_COLUMNS

__all__ = ["EXPORTS", "write_entities_csv", "write_exports", "write_views"]

#: What a build writes beside its store.
EXPORTS = ("graph.nq", "graph.trig", "graph.jsonld", "entities.csv", "mentions.csv", "relations.csv",
           "figures.csv", "graph.graphml", "graph.html")


def write_exports(staging: Staging, articles: Iterable[Emitted], tail_nq: str, index: dict) -> None:
    """Every export, streamed article by article (``articles`` in key order: the same input gives
    the same bytes); ``tail_nq`` is the build and entity-index graphs."""
    # split at LF only: a literal may hold a line separator str.splitlines would cut at
    tail = [line + "\n" for line in tail_nq.split("\n") if line]
    header, tail_trig, tail_json = fragments.header(), fragments.trig(tail), fragments.jsonld(tail)
    names = ("graph.nq", "graph.trig", "graph.jsonld", "mentions.csv", "relations.csv", "figures.csv")
    files = {n: open(staging.path(n), "w", encoding="utf-8", newline="\n") for n in names}
    try:
        files["graph.trig"].write(header)
        files["graph.jsonld"].write("[")
        files["mentions.csv"].write(",".join(MENTION_COLUMNS) + "\n")
        files["relations.csv"].write(",".join(RELATION_COLUMNS) + "\n")
        files["figures.csv"].write(",".join(FIGURE_COLUMNS) + "\n")
        first = True
        for em in articles:
            files["graph.nq"].write(em.nquads)
            files["graph.trig"].write(em.trig)
            if em.jsonld:
                files["graph.jsonld"].write(("" if first else ",\n") + em.jsonld)
                first = False
            files["mentions.csv"].write(em.mentions_csv)
            files["relations.csv"].write(em.relations_csv)
            files["figures.csv"].write(em.figures_csv)
        files["graph.nq"].write(tail_nq)
        files["graph.trig"].write(tail_trig)
        files["graph.jsonld"].write(("" if first else ",\n") + tail_json + "]\n")
    finally:
        for f in files.values():
            f.close()
    write_entities_csv(staging.path("entities.csv"), index)


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


def write_views(staging: Staging, store: ox.Store) -> None:
    """GraphML (the networkx projection) and the browser view, from the new store version
    (read-only on disk: the graph is not loaded into memory again).

    The projection is read from the entity index and the relation triples
    (:func:`graph.viz.project.from_index`), once for both files; the page is an
    overview of the most important entities and their links, with the sentences
    of those only, so writing the views costs seconds at corpus size."""
    from graph.viz import write_graph_html
    from graph.viz.project import from_index, write_graphml

    G = from_index(store)
    write_graphml(G, staging.path("graph.graphml"))
    write_graph_html(store, staging.path("graph.html"), projection=lambda _store: G)
