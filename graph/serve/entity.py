"""What an entity page shows, read in a query worker: :func:`entity_job`.

The job reads everything about one IRI with queries anchored on it (each an
index lookup): the entity index's label, types, aliases and mention count; the
facts it is the subject of and the relations pointing at it, each with the
sentences that state it; the posts (``org:Membership``) of a person, the
office holders of a body or of a post; how many mentions and articles; a few
sentences that mention it. Reification (``kg:Assertion``), NIF mentions and
labels are read for what they say, never listed as facts.

It returns plain data (:class:`EntityData` as a dict); :mod:`graph.serve.pages`
writes the HTML, :func:`rdf_job` the Turtle or JSON-LD.
"""

from __future__ import annotations

import collections
import functools
import re

import pyoxigraph as ox

from graph.query.api import to_python
from graph.serve.index import KG, ORG, RELATIONS

__all__ = ["entity_job", "rdf_job", "article_job", "evidence_job", "mentions_job", "SKIP", "MAX_SOURCES"]

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
ITSRDF = "http://www.w3.org/2005/11/its/rdf#"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "https://schema.org/"
ENTITIES = "https://w3id.org/vnkg/graph/entities"

#: Predicates that are the entity's name, class or identity, shown in the header, not as facts.
SKIP = frozenset({RDF + "type", RDFS + "label", SKOS + "altLabel", SKOS + "prefLabel", KG + "mentionCount",
                  KG + "scope", KG + "searchKey"})
#: Sentences shown per fact (the rest are counted).
MAX_SOURCES = 3
#: Facts graphs read for their sentences, per page.
MAX_GRAPHS = 120
#: Values listed per relation (the rest are counted: the explorer and queries show them all).
MAX_VALUES = 60
#: Memberships listed per page.
MAX_MEMBERSHIPS = 200

_PREFIXES = f"""PREFIX kg: <{KG}>
PREFIX org: <{ORG}>
PREFIX rdf: <{RDF}>
PREFIX rdfs: <{RDFS}>
PREFIX skos: <{SKOS}>
PREFIX nif: <{NIF}>
PREFIX itsrdf: <{ITSRDF}>
PREFIX prov: <{PROV}>
PREFIX schema: <{SCHEMA}>
"""


def _rows(kg, query: str):
    return kg.raw(_PREFIXES + query)


def _int(term) -> int | None:
    return None if term is None else int(term.value)


def _v(term):
    return None if term is None else term.value


def _term(term) -> dict:
    """A term as JSON: IRIs by value, literals with their Python value as text, language and type."""
    if isinstance(term, ox.NamedNode):
        return {"iri": term.value}
    if isinstance(term, ox.BlankNode):
        return {"blank": term.value}
    value = to_python(term)
    return {"value": term.value, "text": value.isoformat() if hasattr(value, "isoformat") else str(value),
            "lang": term.language or "", "datatype": term.datatype.value if term.datatype else ""}


def labels(kg, iris) -> dict[str, str]:
    """Label per IRI: the entity index's prefLabel, else any rdfs:label (posts, articles: headline)."""
    iris = sorted({i for i in iris if i})
    out: dict[str, str] = {}
    for start in range(0, len(iris), 500):
        chunk = " ".join(f"<{i}>" for i in iris[start:start + 500])
        for e, label in _rows(kg, f"SELECT ?e ?l WHERE {{ VALUES ?e {{ {chunk} }} GRAPH <{ENTITIES}> {{ ?e skos:prefLabel ?l }} }}"):
            out[e.value] = label.value
        missing = [i for i in iris[start:start + 500] if i not in out]
        if missing:
            chunk = " ".join(f"<{i}>" for i in missing)
            found: dict[str, str] = {}
            for e, label in _rows(kg, f"""SELECT ?e ?l WHERE {{ VALUES ?e {{ {chunk} }}
                    {{ ?e rdfs:label ?l }} UNION {{ ?e schema:headline ?l }} }}"""):
                found[e.value] = min(label.value, found.get(e.value, label.value))
            out.update(found)
    return out


def types_of(kg, iris) -> dict[str, list[str]]:
    iris = sorted({i for i in iris if i})
    out: dict[str, set[str]] = collections.defaultdict(set)
    for start in range(0, len(iris), 500):
        chunk = " ".join(f"<{i}>" for i in iris[start:start + 500])
        for e, t in _rows(kg, f"SELECT ?e ?t WHERE {{ VALUES ?e {{ {chunk} }} GRAPH <{ENTITIES}> {{ ?e a ?t }} }}"):
            out[e.value].add(t.value)
    return {k: sorted(v) for k, v in out.items()}


def sentences(kg, graphs: list[str], highlight: set[str]) -> dict[str, dict]:
    """Per fact graph: its sentence text, article, headline and the spans of the ``highlight`` entities."""
    out: dict[str, dict] = {}
    for start in range(0, len(graphs), 200):
        chunk = " ".join(f"<{g}>" for g in graphs[start:start + 200])
        for g, sent, text, art, sb, head in _rows(kg, f"""
                SELECT ?g ?s ?text ?art ?sb ?head WHERE {{ VALUES ?g {{ {chunk} }}
                  ?g prov:wasDerivedFrom ?s . ?s nif:anchorOf ?text ; nif:referenceContext ?art .
                  OPTIONAL {{ ?s nif:beginIndex ?sb }} OPTIONAL {{ ?art schema:headline ?head }} }}"""):
            out[g.value] = {"sentence": sent.value, "text": text.value, "article": art.value,
                            "headline": _v(head) or "", "begin": _int(sb), "marks": []}
    _marks(kg, out.values(), highlight)
    return out


def _marks(kg, rows, highlight: set[str]) -> None:
    """Add ``marks`` [begin, end] (code points into the sentence) of the mentions of ``highlight``."""
    by_sentence = {r["sentence"]: r for r in rows if r["begin"] is not None}
    names = sorted(by_sentence)
    for start in range(0, len(names), 200):
        chunk = " ".join(f"<{s}>" for s in names[start:start + 200])
        # every mention of these sentences (a few each), the wanted ones kept here: binding both
        # the sentences and the entities would make the engine try every pair
        for s, x, b, e in _rows(kg, f"""SELECT ?s ?x ?b ?e WHERE {{ VALUES ?s {{ {chunk} }}
                  ?m nif:sentence ?s ; itsrdf:taIdentRef ?x ; nif:beginIndex ?b ; nif:endIndex ?e }}"""):
            if x.value not in highlight:
                continue
            row = by_sentence[s.value]
            span = [int(b.value) - row["begin"], int(e.value) - row["begin"]]
            if 0 <= span[0] < span[1] <= len(row["text"]) and span not in row["marks"]:
                row["marks"].append(span)
    for r in rows:
        r["marks"].sort()


def _facts(kg, iri: str) -> tuple[dict, dict]:
    """Out (predicate -> value key -> graphs) and in (predicate -> subject -> graphs)."""
    out: dict[str, dict] = collections.defaultdict(dict)
    # The properties facts are stated with, each looked up (subject and predicate bound): a
    # country is the subject of its type and name in ten thousand sentence graphs.
    known = " ".join(f"<{p}>" for p in _fact_properties())
    found = list(_rows(kg, f"SELECT ?p ?o ?g WHERE {{ VALUES ?p {{ {known} }} GRAPH ?g {{ <{iri}> ?p ?o }} }}"))
    if not found:  # not an entity of ours: whatever the graph says of it
        skip = ", ".join(f"<{p}>" for p in sorted(SKIP))
        found = list(_rows(kg, f"SELECT ?p ?o ?g WHERE {{ GRAPH ?g {{ <{iri}> ?p ?o }} FILTER(?p NOT IN ({skip})) }}"))
    for p, o, g in found:
        if p.value in SKIP or g.value == ENTITIES or isinstance(o, ox.BlankNode):
            continue
        key = ("iri", o.value) if isinstance(o, ox.NamedNode) else ("lit", o.value, str(o))
        slots = out[p.value]
        slot = slots.get(key)
        if slot is None:
            slot = slots[key] = {"term": _term(o), "graphs": []}
        slot["graphs"].append(g.value)
    incoming: dict[str, dict] = collections.defaultdict(dict)
    values = " ".join(f"<{p}>" for p in RELATIONS)
    for s, p, g in _rows(kg, f"SELECT ?s ?p ?g WHERE {{ VALUES ?p {{ {values} }} GRAPH ?g {{ ?s ?p <{iri}> }} }}"):
        slot = incoming[p.value].setdefault(s.value, {"term": {"iri": s.value}, "graphs": []})
        slot["graphs"].append(g.value)
    return out, incoming


@functools.cache
def _fact_properties() -> list[str]:
    """Every property of the ontology but the name and identity ones, and the ORG ones of posts
    (read once per process: the fork server does it before any worker starts)."""
    from graph.serve.ontology import Ontology

    terms = [t.iri for t in Ontology.load().terms.values() if t.kind != "Class" and t.iri not in SKIP]
    return sorted(terms + [ORG + "postIn", ORG + "role", SCHEMA + "startDate", SCHEMA + "endDate"])


def _memberships(kg, iri: str, via: str) -> list[dict]:
    """Memberships whose ``via`` (org:member, org:organization, kg:post) is the entity."""
    rows: dict[str, dict] = {}
    for m, p, o in _rows(kg, f"SELECT ?m ?p ?o WHERE {{ ?m <{via}> <{iri}> ; a org:Membership ; ?p ?o }}"):
        row = rows.setdefault(m.value, {"iri": m.value})
        name = {ORG + "member": "person", ORG + "organization": "body", KG + "post": "post",
                KG + "roleLabel": "role", KG + "asOf": "asOf", KG + "former": "former",
                SCHEMA + "startDate": "start", SCHEMA + "endDate": "end",
                PROV + "wasDerivedFrom": "sentence"}.get(p.value)
        if name:
            row[name] = o.value
    out = sorted(rows.values(), key=lambda r: (r.get("asOf", ""), r.get("role", ""), r.get("body", ""),
                                              r.get("person", ""), r["iri"]))
    return out[-MAX_MEMBERSHIPS:]  # the latest


def _membership_sentences(kg, memberships: list[dict], highlight: set[str]) -> None:
    """The sentences of the latest three memberships of each post held (a page shows three)."""
    groups: dict[tuple, list[dict]] = {}
    for m in memberships:
        key = tuple(m.get(k) for k in ("role", "body", "person", "post", "former"))
        groups.setdefault(key, []).append(m)
    names = sorted({m["sentence"] for g in groups.values() for m in g[-3:] if m.get("sentence")})
    found: dict[str, dict] = {}
    for start in range(0, len(names), 200):
        chunk = " ".join(f"<{s}>" for s in names[start:start + 200])
        for s, text, art, sb, head in _rows(kg, f"""SELECT ?s ?text ?art ?sb ?head WHERE {{ VALUES ?s {{ {chunk} }}
                  ?s nif:anchorOf ?text ; nif:referenceContext ?art .
                  OPTIONAL {{ ?s nif:beginIndex ?sb }} OPTIONAL {{ ?art schema:headline ?head }} }}"""):
            found[s.value] = {"sentence": s.value, "text": text.value, "article": art.value, "headline": _v(head) or "",
                              "begin": _int(sb), "marks": []}
    _marks(kg, found.values(), highlight)
    for m in memberships:
        if m.get("sentence") in found:
            m["source"] = found[m["sentence"]]


def _mentions(kg, iri: str, limit: int = 8) -> dict:
    """How many mentions and articles; the first few mention sentences (article order).

    The mentions are listed from their IRIs (``kgart:{key}#char=b,e`` names the article and
    the offset): a country has ten thousand, and only the ``limit`` shown are read in full.
    """
    listed = []
    for (m,) in _rows(kg, f"SELECT ?m WHERE {{ ?m itsrdf:taIdentRef <{iri}> }}"):
        article, _, frag = m.value.partition("#")
        at = _CHAR.fullmatch(frag)
        listed.append((article, int(at.group(1)) if at else 0, m.value))
    listed.sort()
    articles = len({a for a, _, _ in listed})
    sample, seen = [], set()
    first = [m for _, _, m in listed[:limit * 3]]
    chunk = " ".join(f"<{m}>" for m in first)
    rows = sorted((a.value, int(b.value), s.value, text.value, int(sb.value), int(e.value)) for a, s, text, sb, b, e in _rows(kg, f"""
        SELECT ?a ?s ?text ?sb ?b ?e WHERE {{ VALUES ?m {{ {chunk} }}
          ?m nif:referenceContext ?a ; nif:sentence ?s ; nif:beginIndex ?b ; nif:endIndex ?e .
          ?s nif:anchorOf ?text ; nif:beginIndex ?sb }}""")) if first else []
    for a, b, s, text, begin, e in rows:
        if s in seen:
            continue
        seen.add(s)
        sample.append({"sentence": s, "text": text, "article": a, "headline": "", "begin": begin,
                       "marks": [[b - begin, e - begin]]})
        if len(sample) >= limit:
            break
    heads = labels(kg, {m["article"] for m in sample})
    for m in sample:
        m["headline"] = heads.get(m["article"], "")
    return {"mentions": len(listed), "articles": articles, "sample": sample}


_CHAR = re.compile(r"char=(\d+),\d+")


def entity_job(ctx, iri: str) -> dict | None:
    """A job: everything the page of ``iri`` shows, or None when the graph says nothing about it."""
    kg = ctx.kg
    head: dict[str, list] = collections.defaultdict(list)
    for p, o in _rows(kg, f"SELECT ?p ?o WHERE {{ GRAPH <{ENTITIES}> {{ <{iri}> ?p ?o }} }}"):
        head[p.value].append(o.value)
    out, incoming = _facts(kg, iri)
    types = sorted(set(head.get(RDF + "type", [])))
    if not types:
        types = sorted({o.value for (o,) in _rows(kg, f"SELECT DISTINCT ?t WHERE {{ <{iri}> a ?t }}")})
    member = _memberships(kg, iri, ORG + "member")
    held = _memberships(kg, iri, ORG + "organization")
    post_holders = _memberships(kg, iri, KG + "post") if ORG + "Post" in types else []
    if not (head or out or incoming or types or member or held):
        return None
    label = (head.get(SKOS + "prefLabel") or head.get(RDFS + "label") or [None])[0]
    if label is None:
        names = sorted({o.value for (o,) in _rows(kg, f"SELECT DISTINCT ?l WHERE {{ <{iri}> rdfs:label ?l }}")})
        heads = sorted({o.value for (o,) in _rows(kg, f"SELECT DISTINCT ?l WHERE {{ <{iri}> schema:headline ?l }}")})
        label = (names or heads or [None])[0]
    aliases = sorted(set(head.get(SKOS + "altLabel", [])) - {label})
    if not aliases:
        aliases = sorted({o.value for (o,) in _rows(kg, f"SELECT DISTINCT ?l WHERE {{ <{iri}> skos:altLabel ?l }}")}
                         - {label})
    scope = [o.value for (o,) in _rows(kg, f"SELECT ?s WHERE {{ <{iri}> kg:scope ?s }} LIMIT 1")]

    # Per relation the MAX_VALUES most stated values; the sentences behind each: the first
    # MAX_SOURCES graphs of each, MAX_GRAPHS in all.
    totals = {"out": {p: len(v) for p, v in out.items()}, "in": {p: len(v) for p, v in incoming.items()}}
    for group in (out, incoming):
        for p, slots in group.items():
            ranked = sorted(slots.items(), key=lambda kv: (-len(set(kv[1]["graphs"])), kv[0]))[:MAX_VALUES]
            group[p] = dict(ranked)
    wanted: list[str] = []
    groups = [*out.values(), *incoming.values()]
    for group in groups:
        for slot in group.values():
            slot["graphs"] = sorted(set(slot["graphs"]))
            for g in slot["graphs"][:MAX_SOURCES]:
                if len(wanted) < MAX_GRAPHS:
                    wanted.append(g)
    others = {s["term"].get("iri") for group in groups for s in group.values()} - {None}
    found = sentences(kg, sorted(set(wanted)), {iri, *others})
    for group in groups:
        for slot in group.values():
            slot["count"] = len(slot["graphs"])
            slot["sources"] = [found[g] for g in slot.pop("graphs")[:MAX_SOURCES] if g in found]

    memberships = member + held + post_holders
    for m in memberships:
        others.update(x for x in (m.get("person"), m.get("body"), m.get("post")) if x)
    _membership_sentences(kg, memberships, {iri} | {x for m in memberships for x in (m.get("person"), m.get("body"))
                                                     if x})
    others.update(scope)
    names = labels(kg, others)
    classes = types_of(kg, others)
    mentions = _mentions(kg, iri)
    if not mentions["sample"]:  # no mention recorded: the sentences whose graphs name it
        graphs = sorted({g.value for (g,) in _rows(kg, f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ <{iri}> rdfs:label ?l }} }} LIMIT 8")
                         if g.value != ENTITIES})
        named = sentences(kg, graphs, {iri})
        mentions["sample"] = [named[g] for g in graphs if g in named]
    if head.get(KG + "mentionCount"):
        mentions["mentions"] = max(mentions["mentions"], int(head[KG + "mentionCount"][0]))
    return {"iri": iri, "label": label, "types": types, "aliases": aliases, "scope": scope[0] if scope else "",
            "out": {p: list(v.values()) for p, v in sorted(out.items())},
            "in": {p: list(v.values()) for p, v in sorted(incoming.items())},
            "totals": totals, "posts": member, "holders": held, "post_holders": post_holders,
            "labels": names, "classes": classes, "mentions": mentions}


def rdf_job(ctx, iri: str, media: str) -> tuple[bytes, str]:
    """A job: what the graph states about ``iri`` (as subject; one triple however many
    sentences state it) in the asked format, prefixed Turtle or compact JSON-LD."""
    from graph.serve.results import GRAPHS
    from graph.store.knowledge_store import _prefixes

    result = kg_construct(ctx.kg, iri)
    fmt = GRAPHS[media]
    kw = {"prefixes": _prefixes()} if fmt == ox.RdfFormat.TURTLE else {}
    return ctx.capped(ox.serialize(result, format=fmt, **kw) or b""), media


def kg_construct(kg, iri: str):
    return kg.raw(f"CONSTRUCT {{ <{iri}> ?p ?o }} WHERE {{ <{iri}> ?p ?o }}")


def evidence_job(ctx, s: str, p: str, o: str, limit: int = 20) -> dict:
    """A job: the sentences that state one fact (subject, kg: property, object), marks on both ends."""
    graphs = sorted({g.value for (g,) in _rows(ctx.kg, f"SELECT ?g WHERE {{ GRAPH ?g {{ <{s}> <{p}> <{o}> }} }}")})
    found = sentences(ctx.kg, graphs[:limit], {s, o})
    return {"count": len(graphs), "sentences": [found[g] for g in graphs[:limit] if g in found]}


def mentions_job(ctx, iri: str, limit: int = 12) -> dict:
    """A job: how often an entity is mentioned, and where (a few sentences, marked)."""
    return _mentions(ctx.kg, iri, limit)


def article_job(ctx, iri: str) -> dict | None:
    """A job: an article's headline, date, source and text, with its mentions (offsets) and entities."""
    kg = ctx.kg
    meta: dict[str, str] = {}
    for p, o in _rows(kg, f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}"):
        meta.setdefault(p.value, o.value)
    if NIF + "isString" not in meta:
        return None
    mentions = sorted((int(b.value), int(e.value), x.value) for b, e, x in _rows(kg, f"""
        SELECT ?b ?e ?x WHERE {{ ?m nif:referenceContext <{iri}> ; itsrdf:taIdentRef ?x ;
                                  nif:beginIndex ?b ; nif:endIndex ?e ; a nif:Phrase }}"""))
    names = labels(kg, {x for _, _, x in mentions})
    return {"iri": iri, "headline": meta.get(SCHEMA + "headline", ""), "published": meta.get(SCHEMA + "datePublished", ""),
            "source": meta.get(KG + "sourceName", ""), "url": meta.get(NIF + "sourceUrl", ""),
            "byline": meta.get(KG + "byline", ""), "key": meta.get(KG + "articleKey", ""),
            "text": meta[NIF + "isString"], "boilerplate": int(meta.get(KG + "boilerplateStart", 0) or 0),
            "mentions": mentions, "labels": names}


_fact_properties()  # imported in the fork server (graph.serve.app.WORKER_MODULES): workers start with it
