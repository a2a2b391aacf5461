"""Which part of the graph a view shows: a focus, some types, at most N nodes.

>>> from graph.viz.project import EXAMPLE, to_networkx
>>> from rdflib import Dataset
>>> G = to_networkx(Dataset().parse(data=EXAMPLE, format="trig"))
>>> view = select(G, entity="tỉnh ủy", hops=1)
>>> view.graph.number_of_nodes(), view.focus
(2, 'https://w3id.org/vnkg/id/org/vn/tinh-uy')
>>> select(G, max_nodes=1).dropped
{'Document': 1}
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from graph.model import ENTITY_TYPES
from graph.text import ascii_fold, norm_key


@dataclass
class View:
    """The subgraph to draw and what was left out of it."""

    graph: nx.MultiDiGraph
    total_nodes: int  # in the part of the graph asked for, before max_nodes
    total_edges: int
    dropped: dict[str, int] = field(default_factory=dict)  # type -> nodes left out
    focus: str | None = None  # entity IRI
    article: str | None = None  # article IRI
    lone: list[dict] = field(default_factory=list)  # an overview's entities without relations (listed, not drawn)
    lone_total: int = 0
    overview: bool = False  # the backbone of the whole graph, not all of it


def importance(G: nx.MultiDiGraph, node: str) -> int:
    """Mentions plus degree: what decides size on the page and who stays."""
    return G.nodes[node].get("mentions", 0) + G.degree(node)


def find_entity(G: nx.MultiDiGraph, spec: str) -> str:
    """An entity by IRI, or by label or alias compared with :func:`norm_key`.

    Several matches: the most important, then the smallest IRI (:func:`find_entities`
    lists them all).

    >>> G = nx.MultiDiGraph([("kgid:a", "kgid:b")])
    >>> G.add_node("kgid:a", label="Nguyễn Văn An", aliases="Ông An", mentions=2)
    >>> find_entity(G, "nguyen van an"), find_entity(G, "ông an")
    ('kgid:a', 'kgid:a')
    """
    return find_entities(G, spec)[0]


def find_entities(G: nx.MultiDiGraph, spec: str) -> list[str]:
    """Every entity ``spec`` names, best first: the IRI itself; else those whose label (the
    disambiguated skos:prefLabel) is ``spec``, then those with it as an alias; with tone
    marks, then without; among equals the most important, then the smallest IRI.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("kgid:a", label="Ban Thường vụ Tỉnh ủy Bình Định", aliases="Ban Thường vụ Tỉnh ủy", mentions=3)
    >>> G.add_node("kgid:b", label="Ban Thường vụ Tỉnh ủy Kon Tum", aliases="Ban Thường vụ Tỉnh ủy", mentions=9)
    >>> find_entities(G, "Ban Thường vụ Tỉnh ủy"), find_entities(G, "ban thuong vu tinh uy binh dinh")
    (['kgid:b', 'kgid:a'], ['kgid:a'])
    """
    if spec in G:
        return [spec]
    for fold in (norm_key, lambda text: ascii_fold(norm_key(text))):
        key = fold(spec)
        by_label = [n for n, d in G.nodes(data=True) if key == fold(d.get("label", ""))]
        by_alias = [n for n, d in G.nodes(data=True) if n not in set(by_label)
                    and key in {fold(a) for a in d.get("aliases", "").split(" | ") if a}]
        if by_label or by_alias:
            rank = lambda n: (-importance(G, n), n)  # noqa: E731
            return sorted(by_label, key=rank) + sorted(by_alias, key=rank)
    raise LookupError(f"no entity with IRI, label or alias {spec!r}")


def find_article(articles: dict[str, dict], spec: str | Path) -> str:
    """An article IRI from its file (nif:sourceUrl), its key, or its IRI."""
    spec_s = str(spec)
    if spec_s in articles:
        return spec_s
    path = Path(spec_s)
    uri = path.resolve().as_uri() if spec_s else ""
    for iri, art in sorted(articles.items()):
        if art.get("url") == uri or art.get("key") in (spec_s, path.stem, path.name):
            return iri
    for iri, art in sorted(articles.items()):  # a key is the path relative to the input root
        if art.get("url", "").endswith("/" + path.name):
            return iri
    raise LookupError(f"{spec_s}: no such article in the graph")


def parse_types(spec: str | list[str] | None) -> set[str] | None:
    """``"org,Person"`` -> ``{"Organization", "Person"}``; unknown names raise.

    >>> sorted(parse_types("org,person"))
    ['Organization', 'Person']
    """
    if not spec:
        return None
    names = spec.split(",") if isinstance(spec, str) else list(spec)
    out = set()
    for name in (n.strip() for n in names if n.strip()):
        match = [t for t in ENTITY_TYPES if t.lower().startswith(name.lower())]
        if len(match) != 1:
            raise ValueError(f"unknown entity type {name!r} (one of {', '.join(ENTITY_TYPES)})")
        out.add(match[0])
    return out


def select(
    G: nx.MultiDiGraph,
    *,
    entity: str | None = None,
    hops: int = 1,
    article: str | None = None,
    article_nodes: set[str] | None = None,
    types: set[str] | None = None,
    max_nodes: int = 2000,
    overview: int | None = None,
    lone_listed: int = 100,
) -> View:
    """The nodes and edges a view shows.

    ``entity``: its neighbourhood up to ``hops`` relations away (either
    direction). ``article`` (an IRI) with ``article_nodes`` (the entities it
    mentions): those entities and the relations that article states.
    ``types``: only these top classes. Then, beyond ``max_nodes``, the nearest
    to the focus stay (its neighbours before theirs), then the most important
    (mentions + degree, ties by IRI).

    ``overview`` (with neither entity nor article): at most that many
    entities, grown from the most important one by always taking the most
    important entity linked to those taken (then from the next most important
    one left), so that what is drawn is the graph's backbone with its links;
    entities without any relation are not drawn but counted, the
    ``lone_listed`` most mentioned listed.
    """
    focus = find_entity(G, entity) if entity else None
    nodes = set(G)
    distance: dict[str, int] = {}
    if focus:
        distance = nx.single_source_shortest_path_length(G.to_undirected(as_view=True), focus, cutoff=hops)
        nodes = set(distance)
    if article:
        nodes &= article_nodes or set()
    if types:
        nodes = {n for n in nodes if G.nodes[n].get("type") in types or n == focus}
    edges = [
        (u, v, k)
        for u, v, k, a in G.edges(keys=True, data="article")
        if u in nodes and v in nodes and (not article or a == article)
    ]
    total_nodes, total_edges = len(nodes), len(edges)
    dropped: Counter = Counter()
    lone: list[dict] = []
    lone_total = 0
    if overview and not focus and not article:
        linked = {n for n in nodes if any(v in nodes and v != n for v in nx.all_neighbors(G, n))}
        lone_all = sorted(nodes - linked, key=lambda n: (-G.nodes[n].get("mentions", 0), n))
        lone = [{"iri": n, "label": G.nodes[n].get("label", n), "type": G.nodes[n].get("type", ""),
                 "mentions": G.nodes[n].get("mentions", 0)} for n in lone_all[:lone_listed]]
        lone_total = len(lone_all)
        kept = _backbone(G, linked, min(overview, max_nodes))
        dropped.update(G.nodes[n].get("type") or "Other" for n in linked - kept)
        nodes = kept
        edges = [(u, v, k) for u, v, k in edges if u in nodes and v in nodes]
    elif len(nodes) > max_nodes:
        ranked = sorted(nodes, key=lambda n: (n != focus, distance.get(n, 0), -importance(G, n), n))
        kept = set(ranked[:max_nodes])
        dropped.update(G.nodes[n].get("type") or "Other" for n in ranked[max_nodes:])
        nodes = kept
        edges = [(u, v, k) for u, v, k in edges if u in nodes and v in nodes]
    sub = nx.MultiDiGraph()
    sub.add_nodes_from((n, G.nodes[n]) for n in sorted(nodes))
    sub.add_edges_from((u, v, k, G.edges[u, v, k]) for u, v, k in edges)
    return View(sub, total_nodes, total_edges, dict(sorted(dropped.items())), focus, article, lone, lone_total,
                bool(overview and not focus and not article))


def _backbone(G: nx.MultiDiGraph, candidates: set[str], size: int) -> set[str]:
    """Up to ``size`` of ``candidates``, grown best-first along the links from the most important.

    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("x", "y")])
    >>> for n, m in zip("abcxy", (9, 1, 5, 8, 1)):
    ...     G.nodes[n]["mentions"] = m
    >>> sorted(_backbone(G, set(G), 3))
    ['a', 'b', 'c']
    """
    import heapq

    rank = {n: (-importance(G, n), n) for n in candidates}
    seeds = sorted(candidates, key=rank.__getitem__)
    kept: set[str] = set()
    for seed in seeds:
        if len(kept) >= size:
            break
        if seed in kept:
            continue
        heap = [(rank[seed], seed)]
        while heap and len(kept) < size:
            _, n = heapq.heappop(heap)
            if n in kept:
                continue
            kept.add(n)
            for v in nx.all_neighbors(G, n):
                if v in candidates and v not in kept:
                    heapq.heappush(heap, (rank[v], v))
    return kept
