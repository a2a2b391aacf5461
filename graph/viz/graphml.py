"""GraphML written by string formatting, byte for byte what ``networkx.write_graphml`` writes.

networkx builds an lxml element per node, edge and data value and serializes
each: at corpus size (a hundred thousand nodes and edges) that is seconds a
build. The projection's attributes are plain scalars of a few types, so the
same bytes can be formatted directly: one block of text per node and per
edge, escaped as lxml escapes (``tests/viz/test_graphml.py`` compares the
two on real and hostile inputs).

(Keeping the blocks between builds, keyed by their content, was tried: on
2,000 articles loading and saving that cache cost what it saved.)

>>> import networkx as nx, io
>>> G = nx.MultiDiGraph(); G.add_node("a", label="A & <b>", n=1); G.add_edge("a", "a", key="e0", relation="r")
'e0'
>>> text = graphml_text(G)
>>> buf = io.BytesIO(); nx.write_graphml(G, buf); buf.getvalue().decode() == text
True
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import networkx as nx

__all__ = ["graphml_chunks", "graphml_text", "xml_safe"]

_HEAD = ("<?xml version='1.0' encoding='utf-8'?>\n"
         '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
         'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
         'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
         'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">')

#: networkx's GraphML type names (GraphML.construct_types, the last name of each type wins).
_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}


# Characters XML 1.0 forbids (C0 controls but tab, LF, CR; surrogates; U+FFFE, U+FFFF):
# an article's text may have them (a form feed), a GraphML file never does.
_XML_FORBIDDEN_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SCALARS = (str, int, float, bool)


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids.

    >>> xml_safe("Tỉnh ủy\x0cKon Tum\ufffe")
    'Tỉnh ủyKon Tum'
    """
    return _XML_FORBIDDEN_RE.sub("", text)


def _text(s: str) -> str:
    """Element text as lxml escapes it."""
    if "&" in s:
        s = s.replace("&", "&amp;")
    if "<" in s:
        s = s.replace("<", "&lt;")
    if ">" in s:
        s = s.replace(">", "&gt;")
    if "\r" in s:
        s = s.replace("\r", "&#13;")
    return s


def _attr(s: str) -> str:
    """An attribute value as lxml escapes it."""
    s = _text(s)
    if '"' in s:
        s = s.replace('"', "&quot;")
    if "\n" in s:
        s = s.replace("\n", "&#10;")
    if "\t" in s:
        s = s.replace("\t", "&#9;")
    return s


def _value(v: object, cut=lambda x: x) -> str:
    return _text(cut(v)) if type(v) is str else _text(str(v))


def _keys(G: nx.Graph, cut=lambda x: x) -> dict[tuple[str, str, str], tuple[str, str]]:
    """(scope, name, type name) -> (key id, type name), in the order networkx numbers them."""
    keys: dict[tuple[str, str, str], tuple[str, str]] = {}
    seen: dict[tuple[str, str, str], str] = {}

    def add(scope: str, name: str, value: object) -> None:
        t = _TYPES.get(type(value))
        if t is None:  # not a scalar: refused when its block is made
            return
        k = (name, t, scope)
        if k not in seen:
            seen[k] = f"d{len(seen)}"
        keys.setdefault((scope, name, t), (seen[k], t))

    for k, v in G.graph.items():
        if k not in ("node_default", "edge_default"):
            add("graph", cut(str(k)), v)
    # every node (and edge) of a projection has the same attributes: one pass over the
    # distinct attribute layouts is enough
    for scope, rows in (("node", (d for _, d in G.nodes(data=True))), ("edge", (d for *_, d in G.edges(data=True)))):
        layouts: dict[tuple, dict] = {}
        for d in rows:
            layouts.setdefault(tuple((k, type(v)) for k, v in d.items()), d)
        for d in layouts.values():
            for k, v in d.items():
                add(scope, cut(str(k)), v)
    return keys


def graphml_chunks(G: nx.MultiDiGraph | nx.Graph, clean: bool = False) -> Iterator[str]:
    """The GraphML text of ``G`` (as ``nx.write_graphml(G, fh, prettyprint=True)``), in pieces.

    Every attribute must be a scalar (``TypeError`` names the node or edge). ``clean``: the
    characters XML forbids are dropped from the names and values (node names and edge keys
    must have none; ``ValueError`` otherwise: cleaning them could merge two nodes)."""
    if G.graph.get("node_default") or G.graph.get("edge_default") or "id" in G.graph:
        raise ValueError("graph defaults and ids are not written by this writer; use networkx")
    for name, value in G.graph.items():
        if not isinstance(value, _SCALARS):
            raise TypeError(f"graph attribute {name!r} is {type(value).__name__}, not a scalar")
    cut = xml_safe if clean else (lambda x: x)
    if clean and (_XML_FORBIDDEN_RE.search("\n".join(map(str, G)))
                  or (G.is_multigraph() and _XML_FORBIDDEN_RE.search("\n".join(str(k) for *_, k in G.edges(keys=True))))):
        raise ValueError("a node name or edge key has a character XML forbids")
    keys = _keys(G, cut)
    ids = {scope_name: kid for scope_name, (kid, _) in keys.items()}
    head = [_HEAD]
    for (scope, name, _t), (kid, t) in sorted(keys.items(), key=lambda kv: -int(kv[1][0][1:])):
        head.append(f'<key id="{kid}" for="{scope}" attr.name="{_attr(name)}" attr.type="{t}"/>\n')
    head.append(f'<graph edgedefault="{"directed" if G.is_directed() else "undirected"}">')
    gdata = [(k, v) for k, v in G.graph.items() if k not in ("node_default", "edge_default")]
    for k, v in gdata:
        head.append(f'<data key="{ids["graph", cut(str(k)), _TYPES[type(v)]]}">{_value(v, cut)}</data>\n')
    yield "".join(head)

    # the data elements' openings per layout of attributes (names and types): the nodes of a
    # projection share one, its edges another
    openings: dict[tuple, list[str]] = {}

    def opening(scope: str, d: dict, what) -> list[str]:
        lay = (scope, tuple(d), tuple(map(type, d.values())))
        pre = openings.get(lay)
        if pre is None:
            for name, value in d.items():
                if not isinstance(value, _SCALARS):
                    raise TypeError(f"{what()}: attribute {name!r} is {type(value).__name__}, not a scalar")
            pre = openings[lay] = [f'  <data key="{ids[scope, cut(str(k)), _TYPES[type(v)]]}">'
                                   for k, v in d.items()]
        return pre

    def data(pre: list[str], d: dict) -> str:
        return "".join([f"{p}{_text(v) if isinstance(v, str) else v}</data>\n" for p, v in zip(pre, d.values())])

    # the characters XML forbids are taken out of each piece of text as a whole: the markup has none
    finish = (lambda text: _XML_FORBIDDEN_RE.sub("", text)) if clean else (lambda text: text)
    out: list[str] = []
    for n, d in G.nodes(data=True):
        if d:
            out.append(f'<node id="{_attr(str(n))}">\n{data(opening("node", d, lambda n=n: f"node {n}"), d)}</node>\n')
        else:
            out.append(f'<node id="{_attr(str(n))}"/>\n')
        if len(out) >= 4096:
            yield finish("".join(out))
            out = []
    edges = G.edges(keys=True, data=True) if G.is_multigraph() else ((u, v, None, d) for u, v, d in G.edges(data=True))
    for u, v, k, d in edges:
        eid = f' id="{_attr(str(k))}"' if k is not None else ""
        if d:
            body = data(opening("edge", d, lambda u=u, v=v: f"edge {u} -> {v}"), d)
            out.append(f'<edge source="{_attr(str(u))}" target="{_attr(str(v))}"{eid}>\n{body}</edge>\n')
        else:
            out.append(f'<edge source="{_attr(str(u))}" target="{_attr(str(v))}"{eid}/>\n')
        if len(out) >= 4096:
            yield finish("".join(out))
            out = []
    out.append("</graph></graphml>")
    yield finish("".join(out))


def graphml_text(G: nx.Graph, clean: bool = False) -> str:
    return "".join(graphml_chunks(G, clean))
