"""One self-contained HTML page per view: vis-network, the data, no network.

The page is a still picture (positions from :mod:`graph.viz.layout`,
physics off) with a side panel that shows the evidence of what is clicked.
Article text is untrusted: it travels as JSON in a ``<script
type="application/json">`` block with ``<``, ``>``, ``&``, U+2028/9
escaped, and the page's script puts it into the DOM with ``textContent``
only. A Content-Security-Policy that allows just the page's own two
scripts (by hash) and no connections backs that up.

>>> import tempfile
>>> from graph.viz.project import EXAMPLE
>>> from rdflib import Dataset
>>> with tempfile.TemporaryDirectory() as tmp:
...     report = render_html(Dataset().parse(data=EXAMPLE, format="trig"), Path(tmp) / "g.html")
...     page = report.path.read_text(encoding="utf-8")
>>> report.nodes, report.edges, "Nghị quyết 23-NQ/TU" in page, "https://" in page.split("<script")[0]
(2, 1, True, False)
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from string import Template

import networkx as nx
import pyoxigraph as ox

from graph.atomic import atomic_file
from graph.model import ENTITY_TYPES
from graph.rdf.vocab import ITSRDF, KG, NIF
from graph.viz.project import Source, load_store, to_networkx
from graph.text import slugify
from graph.viz.layout import layout
from graph.viz.select import View, find_article, find_entities, importance, parse_types, select

__all__ = ["render_html", "write_graph_html", "Rendered", "STYLES"]

#: Colour and vis-network shape per top class (shapes that scale with value).
STYLES = {
    "Organization": ("#4e79a7", "dot"),
    "Person": ("#f28e2b", "diamond"),
    "Document": ("#59a14f", "square"),
    "Campaign": ("#b07aa1", "star"),
    "Event": ("#e15759", "triangle"),
    "Place": ("#76b7b2", "hexagon"),
    "": ("#9c9c9c", "dot"),
}
#: Mentions listed per node in the page (the count shows the rest).
MAX_MENTIONS = 40
MAX_LABEL = 24

#: Entities in the overview the build writes as graph.html (the most important and their links).
OVERVIEW = 100

_Q_MENTION_IRIS = f"""
PREFIX itsrdf: <{ITSRDF._NS}>
SELECT ?e ?p WHERE {{ VALUES_E ?p itsrdf:taIdentRef ?e }}"""
# The bound mentions again inside the OPTIONAL: the engine evaluates its group on its own,
# every sentence of the corpus otherwise.
_Q_MENTIONS = f"""
PREFIX nif: <{NIF._NS}>
PREFIX itsrdf: <{ITSRDF._NS}>
SELECT ?e ?art ?pb ?pe ?text ?sb WHERE {{
  VALUES_E
  ?p a nif:Phrase ; itsrdf:taIdentRef ?e ; nif:referenceContext ?art ;
     nif:beginIndex ?pb ; nif:endIndex ?pe .
  OPTIONAL {{ VALUES_E ?p nif:sentence ?s . ?s nif:anchorOf ?text ; nif:beginIndex ?sb }}
}}"""
_Q_ARTICLES = f"""
PREFIX nif: <{NIF._NS}>
PREFIX kg: <{KG._NS}>
PREFIX schema: <https://schema.org/>
SELECT ?a (MIN(?k) AS ?key) (MIN(?h) AS ?title) (MIN(STR(?u)) AS ?url) WHERE {{
  VALUES_A
  ?a a nif:Context .
  OPTIONAL {{ ?a kg:articleKey ?k }} OPTIONAL {{ ?a schema:headline ?h }}
  OPTIONAL {{ ?a nif:sourceUrl ?u }}
}} GROUP BY ?a"""


@dataclass
class Rendered:
    """What a page shows."""

    path: Path
    nodes: int
    edges: int
    total_nodes: int
    total_edges: int
    dropped: dict[str, int] = field(default_factory=dict)
    #: other entities the ``entity`` asked for names, best first (the page shows the first)
    also: list[str] = field(default_factory=list)


def _rows(store: ox.Store, query: str):
    for row in store.query(query, use_default_graph_as_union=True):
        yield [None if t is None else t.value for t in row]


def _values(query: str, slot: str, var: str, iris) -> list[str]:
    """``query`` with its ``slot`` bound: all (None) or these IRIs, 500 a query."""
    if iris is None:
        return [query.replace(slot, "")]
    iris = sorted(iris)
    return [query.replace(slot, "VALUES ?%s { %s }" % (var, " ".join(f"<{i}>" for i in iris[k:k + 500])))
            for k in range(0, len(iris), 500)]


def _articles(store: ox.Store, iris=None) -> dict[str, dict]:
    """Key, headline and file of every article (or of these)."""
    out = {}
    for q in _values(_Q_ARTICLES, "VALUES_A", "a", iris):
        for iri, key, title, url in _rows(store, q):
            out[iri] = {"key": key or iri.rsplit("/", 1)[-1], "title": title or "", "url": url or ""}
    return out


def _mentions(store: ox.Store, entities) -> tuple[dict[str, list[tuple]], dict[str, set[str]]]:
    """For these entities: the first :data:`MAX_MENTIONS` mentions of each, in article order,
    as sorted [(article, begin, sentence text, begin, end)] (offsets in the sentence), and the
    articles that mention each.

    The mentions are listed from their IRIs (``kgart:{key}#char=b,e`` names the article and
    the offset) and only the ones shown are read in full: the most mentioned entities of a
    corpus have thousands.
    """
    listed: dict[str, list[tuple]] = {}
    for q in _values(_Q_MENTION_IRIS, "VALUES_E", "e", entities):
        for e, phrase in _rows(store, q):
            article, _, frag = phrase.partition("#")
            m = _CHAR.fullmatch(frag)
            listed.setdefault(e, []).append((article, int(m.group(1)) if m else 0, phrase))
    articles = {e: {r[0] for r in rows} for e, rows in listed.items()}
    shown = {r[2] for rows in listed.values() for r in sorted(rows)[:MAX_MENTIONS]}
    out: dict[str, list[tuple]] = {}
    for q in _values(_Q_MENTIONS, "VALUES_E", "p", shown):
        for e, art, pb, pe, text, sb in _rows(store, q):
            if text is not None:
                b, end = int(pb) - int(sb), int(pe) - int(sb)
            else:  # no sentence: show the bare mention
                text, b, end = "", 0, 0
            out.setdefault(e, []).append((art, int(pb), text, b, end))
    for rows in out.values():
        rows.sort()
    return out, articles


_CHAR = re.compile(r"char=(\d+),\d+")


def _utf16(text: str, index: int) -> int:
    """A Python (code point) offset as a JavaScript (UTF-16) one."""
    return len(text[:index].encode("utf-16-le")) // 2


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


def _payload(view: View, articles: dict, mentions: dict, title: str, mentioned_in: dict) -> dict:
    G = view.graph
    node_ids = {n: i for i, n in enumerate(G)}
    types = [t for t in (*ENTITY_TYPES, "") if any(d["type"] == t for _, d in G.nodes(data=True))]
    type_index = {t: i for i, t in enumerate(types)}
    used_articles = sorted(
        {a for n in G for a in mentioned_in.get(n, ())} | {a for *_, a in G.edges(data="article") if a},
        key=lambda a: (articles.get(a, {}).get("title") or articles.get(a, {}).get("key", a), a),
    )
    art_index = {a: i for i, a in enumerate(used_articles)}
    sentences: list[list] = []
    sent_index: dict[tuple, int] = {}

    def sentence(article: str, text: str) -> int:
        key = (article, text)
        if key not in sent_index:
            sent_index[key] = len(sentences)
            sentences.append([art_index.get(article, -1), text])
        return sent_index[key]

    # built by hand: networkx's undirected view of a MultiDiGraph orders neighbours by a
    # set union (hash order), and the layout would change with PYTHONHASHSEED
    H = nx.Graph()
    H.add_nodes_from(sorted(G))
    H.add_edges_from(sorted({tuple(sorted((u, v))) for u, v in G.edges() if u != v}))
    order = sorted(G, key=lambda n: (type_index[G.nodes[n]["type"]], -importance(G, n), n))
    pos = layout(H, order=order, compact=view.overview)

    nodes = []
    for n, d in G.nodes(data=True):
        rows = mentions.get(n, [])
        shown = [
            [sentence(a, text), _utf16(text, b), _utf16(text, e)]
            for a, _, text, b, e in rows[:MAX_MENTIONS]
        ]
        x, y = pos[n]
        nodes.append(
            {
                "id": node_ids[n],
                "iri": n,
                "label": d["label"],
                "short": _short(d["label"]),
                "type": type_index[d["type"]],
                "subtype": d.get("subtype", ""),
                "aliases": [a for a in d.get("aliases", "").split(" | ") if a],
                "mentions": d.get("mentions", 0),
                "value": importance(G, n),
                "articles": sorted({art_index[a] for a in mentioned_in.get(n, ()) if a in art_index}),
                "evidence": shown,
                "x": x,
                "y": y,
            }
        )
    # One line per fact (subject, relation, object), listing every sentence
    # that states it: nine sentences saying the same thing are one arrow "×9".
    facts: dict[tuple, dict] = {}
    for u, v, d in G.edges(data=True):
        fact = facts.setdefault((u, d["relation"], v), {"sentences": [], "articles": set()})
        if d.get("sentence"):
            fact["sentences"].append(sentence(d.get("article", ""), d["sentence"]))
        if d.get("article") in art_index:
            fact["articles"].add(art_index[d["article"]])
    edges = []
    seen: dict[tuple, int] = {}
    for i, ((u, relation, v), fact) in enumerate(facts.items()):
        pair = (min(u, v), max(u, v))
        seen[pair] = seen.get(pair, -1) + 1
        edges.append(
            {
                "id": i,
                "from": node_ids[u],
                "to": node_ids[v],
                "relation": relation,
                "sentences": fact["sentences"],
                "articles": sorted(fact["articles"]),
                "parallel": seen[pair],  # 0 for the first line between two nodes
            }
        )
    return {
        "title": title,
        "types": [
            {"name": t or "Other", "color": STYLES[t][0], "shape": STYLES[t][1]} for t in types
        ],
        "articles": [
            {
                "iri": a,
                "key": articles.get(a, {}).get("key", a),
                "title": articles.get(a, {}).get("title", ""),
                "url": articles.get(a, {}).get("url", ""),
            }
            for a in used_articles
        ],
        "sentences": sentences,
        "nodes": nodes,
        "edges": edges,
        "total": {"nodes": view.total_nodes, "edges": view.total_edges},
        "statements": G.number_of_edges(),
        "dropped": view.dropped,
        "focus": node_ids.get(view.focus, -1) if view.focus else -1,
        "overview": view.overview,
        "lone": view.lone,
        "lone_total": view.lone_total,
    }


def embed_json(data) -> str:
    r"""JSON that is safe inside a ``<script>`` element.

    >>> embed_json({"t": "</script><img src=x onerror=f()>&"})
    '{"t":"\\u003c/script\\u003e\\u003cimg src=x onerror=f()\\u003e\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in _JSON_ESCAPES:
        text = text.replace(ch, esc)
    # DEL, C1 controls and noncharacters (an article's text may have them) are HTML parse errors
    return _NOT_HTML_TEXT_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_NOT_HTML_TEXT_RE = re.compile("[\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")


_JSON_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def _asset(name: str) -> str:
    return resources.files("graph.viz").joinpath("assets", name).read_text(encoding="utf-8")


def _vis_js() -> str:
    js = _asset("vis-network.min.js")
    # The source map is not shipped; the comment would only make devtools ask for it.
    return js.replace("//# sourceMappingURL=vis-network.min.js.map", "")


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def page(data: dict) -> str:
    """The HTML text of a page showing ``data`` (see :func:`_payload`)."""
    vis_js, app_js = _vis_js(), _asset("app.js")
    return Template(_asset("page.html")).substitute(
        title=html.escape(data["title"]),
        style=_asset("style.css"),
        data=embed_json(data),
        vis_js=vis_js,
        app_js=app_js,
        script_hashes=f"{_csp_hash(vis_js)} {_csp_hash(app_js)}",
    )


def _write(path: Path, text: str) -> None:
    with atomic_file(path) as fh:
        fh.write(text)


def render_html(
    source: Source,
    path: str | os.PathLike,
    *,
    entity: str | None = None,
    hops: int = 1,
    article: str | os.PathLike | None = None,
    types: str | list[str] | set[str] | None = None,
    max_nodes: int = 2000,
    title: str | None = None,
    overview: int | None = None,
    projection=None,
) -> Rendered:
    """Write the browser view of ``source`` (graph, store or file) to ``path``.

    ``path`` may be a folder: the page is then named after its focus
    (:func:`default_name`).

    ``entity`` (IRI, label or alias) and ``hops`` focus on a neighbourhood,
    ``article`` (file, key or IRI) on what one article says, ``types``
    (``"Organization,Person"`` or prefixes) on some top classes. Beyond
    ``max_nodes`` the most important nodes are kept and the page lists the
    rest by type. ``overview`` (whole-graph views): draw at most that many of
    the most important entities with their links, and list those without
    relations (:func:`graph.viz.select.select`). ``projection`` turns the
    store into the networkx graph (default :func:`to_networkx`; a build gives
    :func:`graph.viz.project.from_index`).
    """
    if hops < 0 or max_nodes < 1:
        raise ValueError("hops must be >= 0 and max_nodes >= 1")
    store = load_store(source)
    G = (projection or to_networkx)(store)
    art_iri = None
    article_nodes: set[str] = set()
    if article is not None:
        art_iri = find_article(_articles(store), article)
        article_nodes = set(_mentions_in(store, art_iri))
    view = select(
        G,
        entity=entity,
        hops=hops,
        article=art_iri,
        article_nodes=article_nodes,
        types=parse_types(types) if not isinstance(types, set) else types,
        max_nodes=max_nodes,
        overview=overview,
    )
    also = [G.nodes[n]["label"] for n in find_entities(G, entity)[1:]] if entity else []
    # Sentences and articles of what is drawn only: the whole corpus's would be read for nothing.
    mentions, mentioned_in = _mentions(store, set(view.graph))
    used = {a for arts in mentioned_in.values() for a in arts} | {a for *_, a in view.graph.edges(data="article") if a}
    if art_iri:
        used.add(art_iri)
    articles = _articles(store, used)
    if title is None:
        title = "Knowledge graph"
        if view.focus:
            title += f": {G.nodes[view.focus]['label']}"
        if art_iri:
            art = articles[art_iri]
            title += f" — {art['title'] or art['key']}"
    data = _payload(view, articles, mentions, title, mentioned_in)
    out = Path(path)
    if out.is_dir():  # name the page after its focus
        out = out / default_name(
            entity_label=G.nodes[view.focus]["label"] if view.focus else None,
            article_key=articles[art_iri]["key"] if art_iri else None,
            types=parse_types(types) if not isinstance(types, set) else types,
        )
    _write(out, page(data))
    return Rendered(
        out,
        view.graph.number_of_nodes(),
        view.graph.number_of_edges(),
        view.total_nodes,
        view.total_edges,
        view.dropped,
        also,
    )


def write_graph_html(source: Source, out_path: str | os.PathLike, overview: int = OVERVIEW,
                     projection=None) -> Rendered:
    """The whole graph's page, as ``kg build`` writes ``exports/graph.html``: an overview of
    the ``overview`` most important entities and their links."""
    return render_html(source, out_path, overview=overview, projection=projection)


_Q_ARTICLE_ENTITIES = f"""
PREFIX nif: <{NIF._NS}>
PREFIX itsrdf: <{ITSRDF._NS}>
SELECT DISTINCT ?e WHERE {{ ?p nif:referenceContext <ART> ; itsrdf:taIdentRef ?e }}"""


def _mentions_in(store: ox.Store, article: str) -> list[str]:
    """The entities one article mentions."""
    return sorted(e for (e,) in _rows(store, _Q_ARTICLE_ENTITIES.replace("ART", article)))


def default_name(*, entity_label: str | None = None, article_key: str | None = None,
                 types: set[str] | None = None) -> str:
    """File name for a focused view.

    >>> default_name(entity_label="Tỉnh ủy Kon Tum")
    'graph-tinh-uy-kon-tum.html'
    >>> default_name()
    'graph.html'
    """
    parts = []
    if entity_label:
        parts.append(slugify(entity_label))
    if article_key:
        parts.append("article-" + slugify(article_key))
    if types:
        parts.append("-".join(sorted(t.lower() for t in types)))
    return "-".join(["graph", *parts]) + ".html"
