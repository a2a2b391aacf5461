"""TriG and JSON-LD fragments written straight from the tool's own N-Quads lines.

The emitter writes every quad as one N-Quads line in a fixed shape (IRIs in
angle brackets, literals escaped as N-Triples escape them, which is also how
JSON escapes them). Reading those lines back needs no general parser, so each
article's share of ``graph.trig`` and ``graph.jsonld`` is made here by
regrouping its lines: graphs in order, subjects grouped, prefixes for the
vocabulary terms. Concatenated in key order they are the exports.

>>> lines = sorted([
...   '<https://w3id.org/vnkg/id/o> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/vnkg/ontology#Organization> <https://w3id.org/vnkg/graph/a/s> .\\n',
...   '<https://w3id.org/vnkg/id/o> <http://www.w3.org/2000/01/rdf-schema#label> "Tỉnh ủy \\\\"KT\\\\""@vi <https://w3id.org/vnkg/graph/a/s> .\\n',
...   '<https://w3id.org/vnkg/id/o> <https://w3id.org/vnkg/ontology#mentionCount> "3"^^<http://www.w3.org/2001/XMLSchema#integer> <https://w3id.org/vnkg/graph/a/s> .\\n'])
>>> print(trig(lines), end="")
<https://w3id.org/vnkg/graph/a/s> {
kgid:o a kg:Organization ;
    rdfs:label "Tỉnh ủy \\"KT\\""@vi ;
    kg:mentionCount "3"^^xsd:integer .
}
>>> import json, pyoxigraph as ox
>>> doc = json.loads("[" + jsonld(lines) + "]")
>>> doc[0]["@graph"][0]["http://www.w3.org/2000/01/rdf-schema#label"]
[{'@value': 'Tỉnh ủy "KT"', '@language': 'vi'}]
>>> same = {str(q) for q in ox.parse("".join(lines), format=ox.RdfFormat.N_QUADS)}
>>> {str(q) for q in ox.parse(header() + trig(lines), format=ox.RdfFormat.TRIG)} == same
True
>>> {str(q) for q in ox.parse("[" + jsonld(lines) + "]", format=ox.RdfFormat.JSON_LD)} == same
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from graph.rdf.prefixes import PREFIXES

__all__ = ["header", "jsonld", "jsonld_graph_open", "jsonld_node", "subjects", "trig", "trig_block"]

_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
# a literal: "…" then @lang or ^^<datatype>, as the emitter writes it
_LITERAL = re.compile(r'^"((?:[^"\\]|\\.)*)"(?:@([A-Za-z0-9-]+)|\^\^<([^>]*)>)?$')
_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
# longest namespace first, so kgid: is not taken for kg:
_BY_NS = sorted(((ns, p) for p, ns in PREFIXES.items()), key=lambda x: -len(x[0]))


def header() -> str:
    """The @prefix lines of graph.trig: every prefix the fragments may use."""
    return "".join(f"@prefix {k}: <{v}> .\n" for k, v in PREFIXES.items())


def _split(line: str) -> tuple[str, str, str, str]:
    """(subject, predicate, object, graph) of one of the emitter's N-Quads lines."""
    s, p, rest = line.split(" ", 2)
    rest = rest.rstrip()
    if rest.endswith(" ."):
        rest = rest[:-2]
    o, g = rest.rsplit(" ", 1)
    return s, p, o, g


def _by_graph(lines: Iterable[str]) -> Iterator[tuple[str, list[tuple[str, str, str]]]]:
    groups: dict[str, list[tuple[str, str, str]]] = {}
    for line in lines:
        s, p, o, g = _split(line)
        groups.setdefault(g, []).append((s, p, o))
    for g in sorted(groups):
        yield g, sorted(groups[g])


def _short(term: str) -> str:
    """``<iri>`` as prefix:local when the local part is a plain name; else as it is."""
    if not term.startswith("<"):
        m = _LITERAL.match(term)
        if m and m.group(3):
            return f'"{m.group(1)}"^^{_short("<" + m.group(3) + ">")}'
        return term
    iri = term[1:-1]
    for ns, prefix in _BY_NS:
        if iri.startswith(ns) and _LOCAL.fullmatch(iri[len(ns):]):
            return f"{prefix}:{iri[len(ns):]}"
    return term


def subjects(lines: Iterable[str]) -> list[tuple[str, list[tuple[str, list[tuple[str, str]]]]]]:
    """The lines grouped as the fragments write them: graphs in order, and in each its subjects
    in order with their (predicate, object) pairs in order. A subject's block of TriG and its
    node of JSON-LD depend on its pairs only, so a build can keep them from the last export."""
    out = []
    for g, triples in _by_graph(lines):
        groups: list[tuple[str, list[tuple[str, str]]]] = []
        for s, p, o in triples:
            if not groups or groups[-1][0] != s:
                groups.append((s, []))
            groups[-1][1].append((p, o))
        out.append((g, groups))
    return out


def trig_block(s: str, pairs: list[tuple[str, str]]) -> str:
    """One subject's statements in a TriG graph block."""
    return f"{_short(s)} " + " ;\n    ".join(f"{'a' if p == _RDF_TYPE else _short(p)} {_short(o)}"
                                          for p, o in pairs) + " .\n"


def trig(lines: Iterable[str]) -> str:
    """The lines as TriG blocks (no @prefix lines: the export's header has them all)."""
    return "".join(f"{g} {{\n" + "".join(trig_block(s, pairs) for s, pairs in groups) + "}\n"
                   for g, groups in subjects(lines))


def _json_object(o: str) -> str:
    if o.startswith("<"):
        return '{"@id":"' + o[1:-1] + '"}'
    if o.startswith("_:"):
        return '{"@id":"' + o + '"}'
    m = _LITERAL.match(o)
    if m is None:
        raise ValueError(f"not a literal of the emitter's shape: {o[:80]!r}")
    text, lang, datatype = m.groups()
    if lang:
        return '{"@value":"' + text + '","@language":"' + lang + '"}'
    if datatype:
        return '{"@value":"' + text + '","@type":"' + datatype + '"}'
    return '{"@value":"' + text + '"}'


def jsonld_node(s: str, pairs: list[tuple[str, str]]) -> str:
    """One subject's node object of a JSON-LD ``@graph``."""
    props: dict[str, list[str]] = {}
    for p, o in pairs:
        props.setdefault(p, []).append(o)
    parts = ['"@id":"' + (s[1:-1] if s.startswith("<") else s) + '"']
    for p in sorted(props):
        objs = props[p]
        if p == _RDF_TYPE and all(x.startswith("<") for x in objs):
            parts.append('"@type":[' + ",".join('"' + x[1:-1] + '"' for x in objs) + "]")
        else:
            parts.append('"' + p[1:-1] + '":[' + ",".join(_json_object(x) for x in objs) + "]")
    return "{" + ",".join(parts) + "}"


def jsonld_graph_open(g: str) -> str:
    """What opens a named graph's object in the JSON-LD array (its nodes follow, comma-separated)."""
    return '{"@id":"' + g[1:-1] + '","@graph":['


def jsonld(lines: Iterable[str]) -> str:
    """The lines as members of a JSON-LD (expanded) array, without the brackets: one
    object per named graph. N-Triples string escapes are JSON string escapes."""
    return ",\n".join(jsonld_graph_open(g) + ",".join(jsonld_node(s, pairs) for s, pairs in groups) + "]}"
                       for g, groups in subjects(lines))
