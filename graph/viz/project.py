"""The graph as networkx: entities as nodes, kg: relations as edges.

A projection of the RDF a build writes (docs/graph-shape.md) for tools that
want a plain property graph: networkx algorithms, Gephi (GraphML), the
browser view. Every edge keeps the sentence graph it was stated in and the
sentence text, so the projection still points back to its evidence.

>>> G = to_networkx(Dataset().parse(data=EXAMPLE, format="trig"))
>>> G.nodes["https://w3id.org/vnkg/id/document/vn/23-nq-tu"]["label"]
'Nghị quyết 23-NQ/TU'
>>> [(d["relation"], d["sentence"]) for _, _, d in G.edges(data=True)]
[('issuedBy', 'Tỉnh ủy ban hành Nghị quyết 23-NQ/TU.')]
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
from rdflib import Dataset, Graph

from graph.atomic import atomic_file
from graph.viz.graphml import _XML_FORBIDDEN_RE, xml_safe
from graph.model import ENTITY_TYPES
from graph.rdf.load import DEFAULT_GRAPH, load
from graph.rdf.sparql import query
from graph.rdf.vocab import KG

__all__ = ["load_store", "to_networkx", "from_index", "node_attributes", "write_graphml", "xml_safe", "Source", "RELATIONS",
           "relation_edges"]

#: What the functions here accept: an rdflib graph, an Oxigraph store, or a file.
Source = Dataset | Graph | ox.Store | str | os.PathLike

KG_NS = str(KG._NS)
#: kg: properties between entities that are not facts stated by a sentence:
#: ``kg:scope`` is part of a name's identity (every body of a province would
#: become a spoke of the province), ``kg:province`` belongs to articles.
NOT_RELATIONS = frozenset({KG_NS + "scope", KG_NS + "province"})

#: kg: properties from one entity to another that a sentence states (kg:post goes from a
#: membership to its post, kg:scope and kg:province are not statements of a sentence).
RELATIONS = tuple(KG_NS + p for p in ("holdsPosition", "subOrganizationOf", "issuedBy", "presumedIssuedBy",
                                      "implements", "organizedBy", "locatedIn", "authorOf"))

Q_ENTITIES, Q_TYPES, Q_LABELS, Q_ANCHORS, Q_ALIASES, Q_MENTIONS, Q_EDGES, Q_PREF = (
    query("graph.viz", n) for n in ("entities", "types", "labels", "anchors", "aliases", "mentions", "edges",
                                    "pref-labels"))
Q_INDEX_ENTITIES, Q_INDEX_TYPES, Q_INDEX_ALIASES, Q_MENTION_ARTICLES = (
    query("graph.viz", n) for n in ("index-entities", "index-types", "index-aliases", "mention-articles"))
Q_RELATIONS = query("graph.viz", "relations").replace("RELATIONS", " ".join(f"<{p}>" for p in RELATIONS))
Q_GRAPH_SENTENCES = query("graph.viz", "graph-sentences")

#: A two-line graph for the doctests.
EXAMPLE = """
@prefix kg: <https://w3id.org/vnkg/ontology#> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix itsrdf: <http://www.w3.org/2005/11/its/rdf#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/vnkg/graph/k/text> {
  <https://w3id.org/vnkg/article/k#sentence=0,37> nif:anchorOf "Tỉnh ủy ban hành Nghị quyết 23-NQ/TU." ;
      nif:referenceContext <https://w3id.org/vnkg/article/k> .
  <https://w3id.org/vnkg/article/k#char=0,7> a nif:Phrase ; nif:anchorOf "Tỉnh ủy" ;
      nif:referenceContext <https://w3id.org/vnkg/article/k> ; itsrdf:taIdentRef <https://w3id.org/vnkg/id/org/vn/tinh-uy> .
  <https://w3id.org/vnkg/graph/k/sentence/0-37>
      prov:wasDerivedFrom <https://w3id.org/vnkg/article/k#sentence=0,37> .
}
<https://w3id.org/vnkg/graph/k/sentence/0-37> {
  <https://w3id.org/vnkg/id/org/vn/tinh-uy> a kg:Organization ; rdfs:label "Tỉnh ủy"@vi .
  <https://w3id.org/vnkg/id/document/vn/23-nq-tu> a kg:Document ; rdfs:label "Nghị quyết 23-NQ/TU"@vi ;
      kg:issuedBy <https://w3id.org/vnkg/id/org/vn/tinh-uy> .
}
"""


def load_store(source: Source) -> ox.Store:
    """An in-memory Oxigraph store holding ``source``.

    Files are parsed by Oxigraph (rdflib's parser is ~15x slower); triples
    without a named graph go to :data:`DEFAULT_GRAPH`.

    >>> len(load_store(Dataset().parse(data=EXAMPLE, format="trig")))
    12
    >>> ds = Dataset(store="Oxigraph").parse(data=EXAMPLE, format="ox-trig")
    >>> load_store(ds) is ds.store._store
    True
    >>> load_store("nowhere.trig")
    Traceback (most recent call last):
    graph.errors.GraphFileError: nowhere.trig: no such graph file [E503]
    """
    if isinstance(source, ox.Store):
        return source
    store = ox.Store()
    if isinstance(source, Graph):  # Dataset is a Graph too
        named = isinstance(source, Dataset)
        inner = getattr(source.store, "_store", None)  # oxrdflib keeps a pyoxigraph Store
        if named and isinstance(inner, ox.Store):
            return inner  # read as is, no copy
        fast = type(source.store).__name__ == "OxigraphStore"
        fmt = ("ox-" if fast else "") + ("nquads" if named else "nt")
        data = source.serialize(format=fmt, encoding="utf-8")
        if named:
            store.load(data, format=ox.RdfFormat.N_QUADS)
        else:
            store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=DEFAULT_GRAPH)
        return store
    return load(source, store)


def _query(store: ox.Store, query: str):
    for row in store.query(query, use_default_graph_as_union=True):
        yield [None if term is None else term.value for term in row]


def _pick_label(counts: Counter) -> str:
    """Most frequent, then shortest, then alphabetical: the same every run."""
    return min(counts.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0]


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def to_networkx(source: Source) -> nx.MultiDiGraph:
    """Entities and their relations as a ``MultiDiGraph`` keyed by entity IRI.

    Nodes carry ``label``, ``type`` (top class), ``subtype``, ``aliases``
    (" | "-joined), ``mentions``, ``articles`` and ``iri``; edges carry
    ``relation`` (kg: local name), ``graph`` (the sentence graph), ``sentence``
    (its text) and ``article``. One edge per relation triple per graph, so a
    fact stated in three sentences gives three edges. Nodes and edges are
    inserted in sorted order: the same graph gives the same GraphML bytes.

    >>> G = to_networkx(Dataset().parse(data=EXAMPLE, format="trig"))
    >>> sorted(G.nodes)
    ['https://w3id.org/vnkg/id/document/vn/23-nq-tu', 'https://w3id.org/vnkg/id/org/vn/tinh-uy']
    >>> node = G.nodes["https://w3id.org/vnkg/id/org/vn/tinh-uy"]
    >>> node["type"], node["mentions"], node["articles"]
    ('Organization', 1, 1)
    """
    store = load_store(source)
    entities = sorted(e for (e,) in _query(store, Q_ENTITIES))
    known = set(entities)

    types: dict[str, set[str]] = defaultdict(set)
    for e, t in _query(store, Q_TYPES):
        types[e].add(t[len(KG_NS):])
    pref = dict(_query(store, Q_PREF))  # the entity index's label wins
    labels: dict[str, Counter] = defaultdict(Counter)
    for e, label, n in _query(store, Q_LABELS):
        labels[e][label] = int(n)
    anchors: dict[str, Counter] = defaultdict(Counter)
    for e, label, n in _query(store, Q_ANCHORS):
        anchors[e][label] = int(n)
    aliases: dict[str, set[str]] = defaultdict(set)
    for e, label in _query(store, Q_ALIASES):
        aliases[e].add(label)
    counts = {e: (int(m), int(a)) for e, m, a in _query(store, Q_MENTIONS)}

    G = nx.MultiDiGraph()
    for e in entities:
        label = labels.get(e) or anchors.get(e)
        mentions, articles = counts.get(e, (0, 0))
        G.add_node(e, **node_attributes(e, pref.get(e) or (_pick_label(label) if label else _local(e)),
                                        types.get(e, ()), aliases.get(e, ()), mentions, articles))

    _add_edges(G, _query(store, Q_EDGES), known)
    return G


def _add_edges(G: nx.MultiDiGraph, rows, known: set[str]) -> None:
    """Rows (subject, property, object, graph, sentence text, article) as edges."""
    # One row per (triple, graph); a graph derived from several sentences
    # (not expected) keeps the first in order.
    edges: dict[tuple, tuple[str, str]] = {}
    for s, p, o, g, text, art in rows:
        if s not in known or o not in known or p in NOT_RELATIONS:
            continue
        key = (s, o, p[len(KG_NS):], g)
        value = (text or "", art or "")
        if key not in edges or value < edges[key]:
            edges[key] = value
    for i, ((s, o, relation, g), (text, art)) in enumerate(sorted(edges.items())):
        G.add_edge(s, o, key=f"e{i}", relation=relation, graph=g, sentence=text, article=art)


def from_index(source: Source, nodes: Iterable[tuple[str, dict]] | None = None,
               edges: Iterable[tuple[str, str, str, str, str, str]] | None = None) -> nx.MultiDiGraph:
    """The same projection as :func:`to_networkx`, read from the entity index graph and the
    relation triples (a build's own store: every entity mentioned is in the index).

    Reads no label, type or anchor of any sentence graph, only the index, the relations and
    one pass over the mentions for the article counts: at corpus size a few seconds where
    :func:`to_networkx` scans every graph. A store without an index (a graph written before
    it existed) falls back to :func:`to_networkx`.

    ``nodes``: the nodes and their attributes when the caller has the index in memory (a build:
    :func:`index_nodes`); only the relations are read from the store then. ``edges``: the
    relation rows too (:func:`relation_edges` of every article): nothing is read then.

    >>> G = from_index(Dataset().parse(data=EXAMPLE, format="trig"))  # no index: the same as to_networkx
    >>> sorted(G.nodes) == sorted(to_networkx(Dataset().parse(data=EXAMPLE, format="trig")).nodes)
    True
    """
    store = load_store(source)
    G = nx.MultiDiGraph()
    if nodes is None:
        rows = list(_query(store, Q_INDEX_ENTITIES))
        if not rows:
            return to_networkx(store)
        nodes = _index_nodes_of(store, rows)
    for e, attrs in sorted(nodes, key=lambda n: n[0]):
        G.add_node(e, **attrs)
    if edges is not None:
        _add_edges(G, edges, set(G))
        return G
    triples = list(_query(store, Q_RELATIONS))
    graphs = sorted({g for *_, g in triples})
    said: dict[str, tuple[str, str]] = {}
    for start in range(0, len(graphs), 500):
        chunk = " ".join(f"<{g}>" for g in graphs[start:start + 500])
        for g, text, sentence in _query(store, Q_GRAPH_SENTENCES.replace("GRAPHS", chunk)):
            value = (text or "", sentence.split("#", 1)[0])
            if g not in said or value < said[g]:
                said[g] = value
    edge_rows = [(s, p, o, g, *said.get(g, ("", ""))) for s, p, o, g in triples]
    _add_edges(G, edge_rows, set(G))
    return G


_DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
_ANCHOR = "<http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf>"


def relation_edges(nquads: str) -> list[tuple[str, str, str, str, str, str]]:
    """The rows :func:`from_index` reads from a store, taken from one article's N-Quads text
    instead: (subject, property, object, graph, sentence text, article) per relation triple, so
    a build keeps them per article and draws the views without querying the relations.

    >>> art = "https://w3id.org/vnkg/article/k"
    >>> nq = (f'<{KG_NS}x> <{KG_NS}issuedBy> <{KG_NS}y> <http://g> .\\n'
    ...       f'<http://g> {_DERIVED} <{art}#sentence=0,9> <http://t> .\\n'
    ...       f'<{art}#sentence=0,9> {_ANCHOR} "Tỉnh \\\\"ủy\\\\""@vi <http://t> .\\n')
    >>> [(p[len(KG_NS):], text, a == art) for _, p, _, _, text, a in relation_edges(nq)]
    [('issuedBy', 'Tỉnh "ủy"', True)]
    """
    relations = {f"<{p}>" for p in RELATIONS}
    picked = []
    for line in nquads.split("\n"):  # LF only: a literal may hold another line separator
        parts = line.split(" ", 2)
        if len(parts) < 3:
            continue
        p = parts[1]
        if (p in relations and parts[2].startswith("<")) or p == _DERIVED or \
                (p == _ANCHOR and "#sentence=" in parts[0]):
            picked.append(line)
    triples, derived, anchors = [], [], {}
    for q in ox.parse("\n".join(picked), format=ox.RdfFormat.N_QUADS) if picked else ():
        p = q.predicate.value
        if f"<{p}>" in relations:
            triples.append((q.subject.value, p, q.object.value, q.graph_name.value))
        elif p == _DERIVED[1:-1]:
            derived.append((q.subject.value, q.object.value))
        else:
            anchors[q.subject.value] = q.object.value
    said: dict[str, tuple[str, str]] = {}
    for g, sentence in derived:
        if sentence in anchors:  # as the store's query: a derivation with a sentence text
            value = (anchors[sentence], sentence.split("#", 1)[0])
            if g not in said or value < said[g]:
                said[g] = value
    return [(s, p, o, g, *said.get(g, ("", ""))) for s, p, o, g in triples]


def node_attributes(iri: str, label: str, classes: Iterable[str], aliases: Iterable[str], mentions: int,
                    articles: int) -> dict:
    """A node's attributes as the projection writes them (``classes``: kg: local names).

    >>> node_attributes("x", "Tỉnh ủy", ["PartyCommittee", "Organization"], ["TU", "Tỉnh ủy"], 3, 2)["subtype"]
    'PartyCommittee'
    """
    classes = set(classes)
    top = next((t for t in ENTITY_TYPES if t in classes), "")
    subtypes = sorted(classes.difference(ENTITY_TYPES, {"Article"}))
    return {"label": label, "type": top, "subtype": subtypes[0] if subtypes else "",
            "aliases": " | ".join(sorted(set(aliases))), "mentions": int(mentions), "articles": articles, "iri": iri}


def _index_nodes_of(store: ox.Store, rows: list) -> list[tuple[str, dict]]:
    types: dict[str, set[str]] = defaultdict(set)
    for e, t in _query(store, Q_INDEX_TYPES):
        if t.startswith(KG_NS):
            types[e].add(t[len(KG_NS):])
    aliases: dict[str, set[str]] = defaultdict(set)
    for e, label in _query(store, Q_INDEX_ALIASES):
        aliases[e].add(label)
    articles: dict[str, set[str]] = defaultdict(set)
    for e, mention in _query(store, Q_MENTION_ARTICLES):
        articles[e].add(mention.split("#", 1)[0])
    return [(e, node_attributes(e, label, types.get(e, ()), aliases.get(e, ()), int(mentions),
                                len(articles.get(e, ()))))
            for e, label, mentions in rows]


_SCALARS = (str, int, float, bool)


def _check_scalars(G: nx.Graph) -> None:
    for name, value in G.graph.items():
        if not isinstance(value, _SCALARS):
            raise TypeError(f"graph attribute {name!r} is {type(value).__name__}, not a scalar")
    for node, data in G.nodes(data=True):
        for name, value in data.items():
            if not isinstance(value, _SCALARS):
                raise TypeError(
                    f"node {node}: attribute {name!r} is {type(value).__name__}, not a scalar"
                )
    for u, v, data in G.edges(data=True):
        for name, value in data.items():
            if not isinstance(value, _SCALARS):
                raise TypeError(
                    f"edge {u} -> {v}: attribute {name!r} is {type(value).__name__}, not a scalar"
                )


def write_graphml(G: nx.Graph, path: str | os.PathLike) -> Path:
    """Write ``G`` as GraphML (UTF-8) atomically; attributes must be scalars.

    Gephi and yEd reject missing or list-valued attributes, so ``None`` and
    containers are refused with the node or edge named.

    >>> import tempfile
    >>> G = to_networkx(Dataset().parse(data=EXAMPLE, format="trig"))
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = write_graphml(G, Path(tmp) / "graph.graphml")
    ...     H = nx.read_graphml(out)
    >>> H.number_of_nodes(), H.nodes["https://w3id.org/vnkg/id/org/vn/tinh-uy"]["mentions"]
    (2, 1)
    >>> G.nodes["https://w3id.org/vnkg/id/org/vn/tinh-uy"]["aliases"] = None
    >>> write_graphml(G, "unused.graphml")
    Traceback (most recent call last):
    TypeError: node https://w3id.org/vnkg/id/org/vn/tinh-uy: attribute 'aliases' is NoneType, not a scalar
    """
    from graph.viz.graphml import graphml_chunks

    path = Path(path)
    with atomic_file(path, "wb") as fh:  # the bytes nx.write_graphml writes (graph.viz.graphml)
        try:
            chunks = graphml_chunks(G, clean=True)
            first = next(chunks)
        except ValueError:  # a node name or edge key XML forbids: networkx on a cleaned copy, as before
            _check_scalars(G)
            nx.write_graphml(_xml_safe_graph(G), fh, encoding="utf-8", prettyprint=True)
            return path
        fh.write(first.encode("utf-8"))
        for chunk in chunks:
            fh.write(chunk.encode("utf-8"))
    return path


def _xml_safe_graph(G: nx.Graph) -> nx.Graph:
    """``G`` itself when no name or value has a forbidden character, else a cleaned copy."""
    def bad(value) -> bool:
        return isinstance(value, str) and _XML_FORBIDDEN_RE.search(value) is not None

    def clean(data: dict) -> dict:
        return {xml_safe(str(k)): xml_safe(v) if isinstance(v, str) else v for k, v in data.items()}

    if not (any(bad(k) or bad(v) for k, v in G.graph.items())
            or any(bad(n) or any(bad(k) or bad(v) for k, v in d.items()) for n, d in G.nodes(data=True))
            or any(any(bad(k) or bad(v) for k, v in d.items()) for _, _, d in G.edges(data=True))):
        return G
    H = G.__class__()
    H.graph.update(clean(G.graph))
    H.add_nodes_from((xml_safe(n) if isinstance(n, str) else n, clean(d)) for n, d in G.nodes(data=True))
    if G.is_multigraph():
        H.add_edges_from((xml_safe(u) if isinstance(u, str) else u, xml_safe(v) if isinstance(v, str) else v,
                          k, clean(d)) for u, v, k, d in G.edges(keys=True, data=True))
    else:
        H.add_edges_from((xml_safe(u) if isinstance(u, str) else u, xml_safe(v) if isinstance(v, str) else v,
                          clean(d)) for u, v, d in G.edges(data=True))
    return H
