"""Emit an article as N-Quads lines: NIF 2.1 text annotation, PROV-O provenance,
one named graph per sentence. The shape is documented in docs/graph-shape.md.

Everything here returns strings (one N-Quads line each, sorted, no duplicates):
the build's workers write them as they are, the store bulk-loads them, and
``graph.nq`` is their concatenation. What one article emits depends on that
article alone (and on the software version), so an unchanged article's lines
never change.

>>> result, entities = resolved("Ngày 5/12/2023, Tỉnh ủy Kon Tum ban hành Nghị quyết số 23-NQ/TU.", "seeds/nq23.txt")
>>> lines = article_lines(result, entities, "https://w3id.org/vnkg/build/pipeline/x")
>>> sum(1 for q in lines if " <http://www.w3.org/2005/11/its/rdf#taIdentRef> " in q)  # one per mention
3
>>> sorted({q.rsplit(" ", 2)[-2] for q in lines})
['<https://w3id.org/vnkg/graph/nq23/sentence/0-64>', '<https://w3id.org/vnkg/graph/nq23/text>']
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from functools import cache
from urllib.parse import quote

from graph._version import __version__
from graph.lexicon import load
from graph.model import Article, ArticleResult, Entity, Figure, Mention, Relation
from graph.rdf import iris
from graph.rdf.prefixes import PREFIXES
from graph.rdf.terms import XSD, iri, literal, quad
from graph.rdf.vocab import KG
from graph.stages import agents, component_of_rule
from graph.text import ascii_fold, fold_tones, norm_key

__all__ = ["article_lines", "build_lines", "build_time", "entity_index_lines", "is_ontology_class", "label_orders",
           "most_mentioned", "pipeline_activity", "relation_lines"]

_RDF = PREFIXES["rdf"]
_RDFS = PREFIXES["rdfs"]
_NIF = PREFIXES["nif"]
_ITS = PREFIXES["itsrdf"]
_PROV = PREFIXES["prov"]
_ORG = PREFIXES["org"]
_SDO = PREFIXES["schema"]
_SKOS = PREFIXES["skos"]
_DCT = PREFIXES["dcterms"]
_KG = PREFIXES["kg"]

A = f"<{_RDF}type>"
LABEL = f"<{_RDFS}label>"
ALT = f"<{_SKOS}altLabel>"
_KG_TERMS = frozenset(KG.__annotations__)


def _kg(name: str) -> str:
    return f"<{_KG}{name}>"


def _p(ns: str, name: str) -> str:
    return f"<{ns}{name}>"


def _nonneg(n: int) -> str:
    # NIF says xsd:nonNegativeInteger; Oxigraph stores that as xsd:integer, so every
    # export says integer too (docs/graph-shape.md)
    return literal(n)


def _vi(text: str) -> str:
    return literal(text, lang="vi")


def build_time() -> datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` for reproducible builds.

    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {"SOURCE_DATE_EPOCH": "1701734400"}):
    ...     build_time()
    datetime.datetime(2023, 12, 5, 0, 0)
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), UTC).replace(tzinfo=None)
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def pipeline_activity(version: str) -> str:
    """The ``prov:Activity`` that generates every article's graphs: the analysis by one
    version of the software and its rules. The same software gives the same IRI, so an
    article's graphs do not change from build to build.

    >>> pipeline_activity("0123456789abcdef")
    'https://w3id.org/vnkg/build/pipeline/0123456789abcdef'
    """
    return f"{iris.BUILD}pipeline/{version}"


def build_lines(activity: str, version: str, runs: Iterable[tuple[str, datetime, datetime, int]],
                learned: bool | None = None) -> list[str]:
    """The build graph: the pipeline activity, its components, and the builds that ran it.

    ``runs`` are ``(run id, started, ended, articles updated)``; ``learned``: the
    learned recogniser ran, so it is a component too (default: it runs in this process).

    >>> when = datetime(2023, 12, 5, 8, 0)
    >>> lines = build_lines(pipeline_activity("v1"), "v1", [("1", when, when, 5)], learned=False)
    >>> {q.rsplit(" ", 2)[-2] for q in lines}
    {'<https://w3id.org/vnkg/graph/build>'}
    >>> sum(" <http://www.w3.org/ns/prov#wasAssociatedWith> " in q for q in lines)
    9
    """
    g = iri(iris.BUILD_GRAPH)
    a = iri(activity)
    out = {
        quad(a, A, _p(_PROV, "Activity"), g),
        quad(a, LABEL, literal(f"kg build {__version__} ({version})"), g),
        quad(a, _kg("softwareVersion"), literal(__version__), g),
    }
    if learned is None:
        from graph.stages import learned_default

        learned = learned_default()
    for c in agents(learned):
        ci = iri(iris.component_iri(c.name))
        out |= {
            quad(a, _p(_PROV, "wasAssociatedWith"), ci, g),
            quad(ci, A, _p(_PROV, "SoftwareAgent"), g),
            quad(ci, A, _kg("PipelineComponent"), g),
            quad(ci, LABEL, literal(c.name), g),
            quad(ci, _kg("softwareVersion"), literal(__version__), g),
        }
    for run_id, started, ended, updated in runs:
        r = iri(f"{iris.BUILD}run/{run_id}")
        out |= {
            quad(r, A, _p(_PROV, "Activity"), g),
            quad(r, LABEL, literal(f"kg build run {run_id}"), g),
            quad(r, _p(_PROV, "startedAtTime"), literal(started.isoformat(), datatype=XSD + "dateTime"), g),
            quad(r, _p(_PROV, "endedAtTime"), literal(ended.isoformat(), datatype=XSD + "dateTime"), g),
            quad(r, _p(_PROV, "used"), a, g),
            quad(r, _kg("articlesUpdated"), literal(updated), g),
        }
    return sorted(out)


def is_ontology_class(subtype: str | None) -> bool:
    """Whether a subtype is a class of the ontology (written as ``a kg:…``).

    >>> is_ontology_class("PartyCommittee"), is_ontology_class("Nowhere"), is_ontology_class(None)
    (True, False, False)
    """
    return bool(subtype) and subtype in _KG_TERMS


def entity_lines(ent: Entity, surface: str, g: str, out: set[str]) -> None:
    """What one sentence says about an entity: its type, name and surface form."""
    s = iri(ent.iri)
    out.add(quad(s, A, _kg(ent.type), g))
    if is_ontology_class(ent.subtype):
        out.add(quad(s, A, _kg(ent.subtype), g))  # type: ignore[arg-type]
    if ent.type == "Organization":
        out.add(quad(s, A, _p(_ORG, "Organization"), g))
    out.add(quad(s, LABEL, _vi(ent.label), g))
    out.add(quad(s, ALT, _vi(surface), g))
    if ent.scope_place:
        out.add(quad(s, _kg("scope"), iri(ent.scope_place), g))
    n = ent.number
    if ent.type == "Document" and n and n.type_code:
        number = n.number + "-" + n.type_code
        if n.issuer_code:
            number += "/" + n.issuer_code
            out.add(quad(s, _kg("issuerCode"), literal(n.issuer_code), g))
        # as written where the full number was written ("01-KL/TW")
        if "/" in (n.text or "") or "-" in (n.text or ""):
            number = n.text  # type: ignore[assignment]
        out.add(quad(s, _kg("documentNumber"), literal(number), g))
        out.add(quad(s, _kg("documentTypeCode"), literal(n.type_code), g))
    if ent.type == "Place" and ent.place_code:
        out.add(quad(s, _kg("adminCode"), literal(ent.place_code), g))


def relation_lines(rel: Relation, key: str, sentence: str, entities: Mapping[str, Entity],
                   published: str | None, g: str, out: set[str]) -> None:
    """A relation as a triple and a reified kg:Assertion (rule, confidence, kg:asOf: the date
    the sentence states it for) in the sentence's graph ``g``; a post held also as an
    org:Membership (member, organization, role, kg:former, kg:asOf, schema:startDate /
    schema:endDate when the text says so) pointing (kg:post) to its org:Post, the role in
    that body, labelled "Bí thư Tỉnh ủy Bình Định" and minted from the two (docs/relations.md).

    >>> from graph.model import Entity, Relation
    >>> person, body = "https://w3id.org/vnkg/id/person/vn/a-1", "https://w3id.org/vnkg/id/org/binh-dinh/tinh-uy-1"
    >>> ents = {person: Entity(person, "Person", None, "Hồ Quốc Dũng"),
    ...         body: Entity(body, "Organization", None, "Tỉnh ủy", scope="binh-dinh")}
    >>> rel = Relation(person, "holdsPosition", body, 0, "rel-post-before-name", 0.9, role="Bí thư", as_of="2025-04")
    >>> out = set()
    >>> relation_lines(rel, "a", "https://w3id.org/vnkg/article/a#sentence=0,9", ents, None, "<g>", out)
    >>> sorted(q.split(" ", 2)[2].rsplit(" ", 2)[0] for q in out if "/post/" in q.split(" ", 1)[0])
    ['"Bí thư Tỉnh ủy Bình Định"@vi', '"bi thu tinh uy binh dinh"', '<http://www.w3.org/ns/org#Post>', '<https://w3id.org/vnkg/id/org/binh-dinh/tinh-uy-1>', '<https://w3id.org/vnkg/id/role/bi-thu>']
    >>> [q for q in out if "asOf" in q][0].split(" ", 2)[2][:46]
    '"2025-04"^^<http://www.w3.org/2001/XMLSchema#g'
    """
    s = iri(rel.subject)
    p = _kg(rel.predicate)
    if rel.value is not None:
        o = _date(rel.value) if rel.predicate in _DATED else literal(rel.value)
    else:
        o = iri(rel.object)  # type: ignore[arg-type]
    ident = "|".join([rel.predicate, rel.subject, rel.object or "", rel.value or "", rel.role or "", sentence])
    digest = hashlib.sha1(ident.encode()).hexdigest()[:12]
    a = iri(iris.assertion_iri(key, digest))
    si = iri(sentence)
    out.add(quad(s, p, o, g))
    out.add(quad(a, A, _kg("Assertion"), g))
    out.add(quad(a, A, _p(_RDF, "Statement"), g))
    out.add(quad(a, _p(_RDF, "subject"), s, g))
    out.add(quad(a, _p(_RDF, "predicate"), p, g))
    out.add(quad(a, _p(_RDF, "object"), o, g))
    if rel.value is not None:
        out.add(quad(a, _kg("value"), o, g))
    out.add(quad(a, _kg("rule"), literal(rel.rule), g))
    out.add(quad(a, _kg("confidence"), literal(_decimal(round(rel.confidence, 3)), datatype=XSD + "decimal"), g))
    out.add(quad(a, _p(_PROV, "wasDerivedFrom"), si, g))
    as_of = rel.as_of or (published[:10] if published else None)
    if as_of:
        out.add(quad(a, _kg("asOf"), _date(as_of), g))
    if rel.role:
        out.add(quad(a, _kg("roleLabel"), _vi(rel.role), g))
        m = iri(iris.membership_iri(key, digest))
        role = iri(iris.role_iri(rel.role))
        post = iri(iris.post_iri(rel.role, rel.object))  # type: ignore[arg-type]
        label = post_label(rel.role, entities.get(rel.object or ""))
        out |= {
            quad(m, A, _p(_ORG, "Membership"), g),
            quad(m, _p(_ORG, "member"), s, g),
            quad(m, _p(_ORG, "organization"), o, g),
            quad(m, _p(_ORG, "role"), role, g),
            quad(m, _kg("post"), post, g),
            quad(role, A, _p(_ORG, "Role"), g),
            quad(role, LABEL, _vi(rel.role), g),
            quad(post, A, _p(_ORG, "Post"), g),
            quad(post, _p(_ORG, "postIn"), o, g),
            quad(post, _p(_ORG, "role"), role, g),
            quad(post, LABEL, _vi(label), g),
            quad(post, _kg("searchKey"), literal(search_key(label)), g),
            quad(m, _kg("roleLabel"), _vi(rel.role), g),
            quad(m, _kg("former"), literal(rel.former), g),
            quad(m, _p(_PROV, "wasDerivedFrom"), si, g),
        }
        if as_of:
            out.add(quad(m, _kg("asOf"), _date(as_of), g))
        if rel.since:
            out.add(quad(m, _p(_SDO, "startDate"), _date(rel.since), g))
        if rel.until:
            out.add(quad(m, _p(_SDO, "endDate"), _date(rel.until), g))
    # the other end, when no mention in this sentence describes it
    for end in (rel.subject, rel.object):
        ent = entities.get(end or "")
        if ent is not None:
            out.add(quad(iri(ent.iri), A, _kg(ent.type), g))
            out.add(quad(iri(ent.iri), LABEL, _vi(ent.label), g))


#: Relations whose value is a date.
_DATED = frozenset({"issuedOn", "heldOn"})


def _date(value: str) -> str:
    """A date at the precision known: xsd:date, xsd:gYearMonth or xsd:gYear."""
    kind = {10: "date", 7: "gYearMonth", 4: "gYear"}.get(len(value), "date")
    return literal(value, datatype=XSD + kind)


def post_label(role: str, body: Entity | None) -> str:
    """A post's name: the title and its body, the body's province added when its label
    leaves it out ("Bí thư" + "Tỉnh ủy" of Bình Định -> "Bí thư Tỉnh ủy Bình Định"), in the
    new tone placement whatever the article's.

    >>> post_label("Bí thư", Entity("x", "Organization", None, "UBND tỉnh", scope="binh-dinh"))
    'Bí thư UBND tỉnh Bình Định'
    >>> post_label("Ủy viên", Entity("x", "Organization", None, "Bộ Chính trị", scope="vn"))
    'Ủy viên Bộ Chính trị'
    """
    if body is None:
        return fold_tones(role)
    label = body.label
    province = _province_names().get(body.scope)
    if province and norm_key(province) not in norm_key(label):
        label = f"{label} {province}"
    # one spelling for every article: the new tone placement ("Tỉnh uỷ" -> "Tỉnh ủy")
    return fold_tones(f"{role} {label}")


def search_key(label: str) -> str:
    """What the post-holders query compares: the label's letters and digits in lower case, without
    tone marks or diacritics, one space between words (the query folds its parameter the same way).

    >>> search_key("Bí thư Tỉnh uỷ  Bình Định"), search_key("Phó Giám đốc Sở GTVT TP.HCM")
    ('bi thu tinh uy binh dinh', 'pho giam doc so gtvt tp hcm')
    """
    return " ".join(re.findall(r"[a-z0-9]+", ascii_fold(label)))


@cache
def _province_names() -> dict[str, str]:
    """Scope slug -> province name ("binh-dinh" -> "Bình Định")."""
    from graph.text import slugify

    return {slugify(e.name): e.name for e in load().provinces.values()}


def _decimal(x: float) -> str:
    """The lexical form rdflib gives a float as xsd:decimal ("0.9", "1.0")."""
    text = repr(float(x))
    return text if "e" not in text else f"{x:f}"


def figure_lines(fig: Figure, key: str, article: str, sentence: str | None, g: str, out: set[str]) -> None:
    """A reported figure as ``kg:Figure``/``schema:Observation`` in its sentence's graph."""
    node = iri(iris.figure_iri(key, fig.start, fig.end))
    dec = XSD + "decimal"
    out.add(quad(node, A, _kg("Figure"), g))
    out.add(quad(node, A, _p(_SDO, "Observation"), g))
    if fig.body:
        out.add(quad(node, _p(_SDO, "observationAbout"), iri(fig.body), g))
    out.add(quad(node, _p(_SDO, "variableMeasured"), _vi(fig.measure), g))
    out.add(quad(node, _p(_SDO, "value"), literal(fig.value, datatype=dec), g))
    if fig.unit:
        out.add(quad(node, _p(_SDO, "unitText"), _vi(fig.unit), g))
    if fig.period:
        out.add(quad(node, _kg("period"), literal(fig.period), g))
    if fig.qualifier:
        out.add(quad(node, _kg("qualifier"), literal(fig.qualifier), g))
    for prop, val in (("shareOfPlan", fig.share_of_plan), ("shareOfTotal", fig.share_of_total),
                      ("denominator", fig.denominator)):
        if val is not None:
            out.add(quad(node, _kg(prop), literal(val, datatype=dec), g))
    out.add(quad(node, _p(_NIF, "anchorOf"), literal(fig.text), g))
    out.add(quad(node, _p(_NIF, "beginIndex"), literal(fig.start), g))
    out.add(quad(node, _p(_NIF, "endIndex"), literal(fig.end), g))
    out.add(quad(node, _p(_NIF, "referenceContext"), iri(article), g))
    out.add(quad(node, LABEL, _vi(f"{fig.measure}: {fig.text}"), g))
    if sentence:
        out.add(quad(node, _p(_PROV, "wasDerivedFrom"), iri(sentence), g))


def source_iri(art: Article, given: str | None = None) -> str:
    """The article's ``nif:sourceUrl``: its URL when known, else ``file:`` and its path
    relative to the input folder (never an absolute local path).

    >>> from pathlib import Path
    >>> from graph.model import Article
    >>> source_iri(Article(Path("/home/u/in/tin/a b.txt"), "tin__a-b", "x", "h", source_path="tin/a b.txt"))
    'file:tin/a%20b.txt'
    >>> source_iri(Article(Path("a.txt"), "a", "x", "h", url="https://baokontum.vn/a"))
    'https://baokontum.vn/a'
    """
    url = given or art.url
    if url and ":" in url.split("/", 1)[0]:
        return url
    rel = url or art.source_path or art.path.name
    return "file:" + quote(rel.replace("\\", "/"), safe="/")


def article_lines(result: ArticleResult, entities: Mapping[str, Entity], activity: str,
                  source_url: str | None = None) -> list[str]:
    """All quads of one article: its text graph and its sentence graphs, as sorted N-Quads lines.

    ``source_url`` is the article's ``nif:sourceUrl``: its URL when known, else its
    path relative to the input folder.
    """
    art = result.article
    key = art.key
    ctx = iri(iris.article_iri(key))
    tg = iri(iris.text_graph(key))
    out: set[str] = {
        quad(ctx, A, _p(_NIF, "Context"), tg),
        quad(ctx, A, _kg("Article"), tg),
        quad(ctx, A, _p(_SDO, "NewsArticle"), tg),
        quad(ctx, _p(_NIF, "isString"), literal(art.text), tg),
        quad(ctx, _p(_NIF, "beginIndex"), _nonneg(0), tg),
        quad(ctx, _p(_NIF, "endIndex"), _nonneg(len(art.text)), tg),
        quad(ctx, _kg("articleKey"), literal(key), tg),
        quad(ctx, _kg("contentHash"), literal(art.content_hash), tg),
        quad(ctx, _p(_NIF, "predLang"), "<http://lexvo.org/id/iso639-3/vie>", tg),
    }
    out.add(quad(ctx, _p(_NIF, "sourceUrl"), iri(source_iri(art, source_url)), tg))
    if art.title:
        out.add(quad(ctx, _p(_SDO, "headline"), _vi(art.title), tg))
    elif art.headline:
        out.add(quad(ctx, _p(_SDO, "headline"), _vi(art.text[art.headline[0] : art.headline[1]]), tg))
    if art.published:
        dtype = XSD + ("dateTime" if "T" in art.published else "date")
        out.add(quad(ctx, _p(_SDO, "datePublished"), literal(art.published, datatype=dtype), tg))
    if art.source:
        out.add(quad(ctx, _kg("sourceName"), literal(art.source), tg))
    if art.body_end < len(art.text):
        out.add(quad(ctx, _kg("boilerplateStart"), _nonneg(art.body_end), tg))
    for b in art.bylines:
        out.add(quad(ctx, _kg("byline" if b.kind == "author" else "photoCredit"), literal(b.name), tg))
    if result.province:
        entry = load().provinces.get(norm_key(result.province))
        if entry:
            out.add(quad(ctx, _kg("province"), iri(iris.place_iri(entry.code, entry.name)), tg))

    sentences = result.sentences
    sent_iris = [iris.sentence_iri(key, s.start, s.end) for s in sentences]
    for i, (s, si) in enumerate(zip(sentences, sent_iris)):
        t = iri(si)
        out |= {
            quad(t, A, _p(_NIF, "Sentence"), tg),
            quad(t, A, _p(_NIF, "OffsetBasedString"), tg),
            quad(t, _p(_NIF, "beginIndex"), _nonneg(s.start), tg),
            quad(t, _p(_NIF, "endIndex"), _nonneg(s.end), tg),
            quad(t, _p(_NIF, "anchorOf"), literal(s.text), tg),
            quad(t, _p(_NIF, "referenceContext"), ctx, tg),
        }
        if i + 1 < len(sentences):
            nxt = iri(sent_iris[i + 1])
            out.add(quad(t, _p(_NIF, "nextSentence"), nxt, tg))
            out.add(quad(nxt, _p(_NIF, "previousSentence"), t, tg))

    by_sentence: dict[int, list[Mention]] = defaultdict(list)
    for m in result.mentions:
        by_sentence[m.sentence].append(m)
        p = iri(iris.phrase_iri(key, m.start, m.end))
        out |= {
            quad(p, A, _p(_NIF, "Phrase"), tg),
            quad(p, A, _p(_NIF, "OffsetBasedString"), tg),
            quad(p, _p(_NIF, "anchorOf"), literal(m.text), tg),
            quad(p, _p(_NIF, "beginIndex"), _nonneg(m.start), tg),
            quad(p, _p(_NIF, "endIndex"), _nonneg(m.end), tg),
            quad(p, _p(_NIF, "referenceContext"), ctx, tg),
            quad(p, _p(_NIF, "sentence"), iri(sent_iris[m.sentence]), tg),
            quad(p, _p(_ITS, "taIdentRef"), iri(m.entity), tg),  # type: ignore[arg-type]
            quad(p, _p(_ITS, "taClassRef"), _kg(m.type), tg),
            quad(p, _kg("rule"), literal(m.rule), tg),
            quad(p, _p(_PROV, "wasAttributedTo"), iri(iris.component_iri(component_of_rule(m.rule))), tg),
        }

    facts: dict[int, list[tuple[str, object]]] = defaultdict(list)
    for rel in result.relations:
        facts[rel.sentence].append(("kg_relation_extractor", rel))
    for fig in result.figures:
        facts[fig.sentence].append(("kg_figure_extractor", fig))
    act = iri(activity)
    resolver = iri(iris.component_iri("kg_entity_resolver"))
    for i in sorted(set(by_sentence) | set(facts)):
        s = sentences[i]
        g = iri(iris.sentence_graph(key, s.start, s.end))
        components = set()
        for m in by_sentence.get(i, ()):
            components.add(component_of_rule(m.rule))
            entity_lines(entities[m.entity], m.text, g, out)  # type: ignore[index]
        for name, fact in facts.get(i, ()):
            components.add(name)
            if isinstance(fact, Relation):
                relation_lines(fact, key, sent_iris[i], entities, art.published, g, out)
            else:
                figure_lines(fact, key, iris.article_iri(key), sent_iris[i], g, out)  # type: ignore[arg-type]
        out |= {
            quad(g, A, _p(_PROV, "Entity"), tg),
            quad(g, _p(_PROV, "wasDerivedFrom"), iri(sent_iris[i]), tg),
            quad(g, _p(_PROV, "wasGeneratedBy"), act, tg),
            quad(g, _p(_DCT, "source"), ctx, tg),
            quad(g, _p(_PROV, "wasAttributedTo"), resolver, tg),
        }
        for c in components:
            out.add(quad(g, _p(_PROV, "wasAttributedTo"), iri(iris.component_iri(c)), tg))
    return sorted(out)


def entity_index_lines(entities: Mapping[str, Entity], counts: Mapping[str, int], activity: str) -> list[str]:
    """The index graph ``kgg:entities``: each mentioned entity's class, its label as the whole
    graph knows it (``rdfs:label`` = ``skos:prefLabel``: the fullest name, disambiguated),
    every written form (``skos:altLabel``), its mention count and the place of its label in
    the order of all labels (``kg:labelOrder``, :func:`label_orders`); and per class its
    :data:`MOST_MENTIONED` most mentioned entities (``kg:Organization kg:mostMentioned …``).

    >>> ent = Entity("https://w3id.org/vnkg/id/org/vn/bo-chinh-tri-1", "Organization", "PartyCommittee", "Bộ Chính trị",
    ...              {"Bộ Chính trị", "BCT"})
    >>> len(entity_index_lines({ent.iri: ent}, {ent.iri: 3}, pipeline_activity("x")))
    11
    """
    g = iri(iris.ENTITIES_GRAPH)
    out = set()
    pref = f"<{_SKOS}prefLabel>"
    orders = label_orders(entities[e].label for e in counts)
    for e in sorted(counts):
        ent = entities[e]
        s = iri(e)
        out.add(quad(s, A, _kg(ent.type), g))
        if is_ontology_class(ent.subtype):
            out.add(quad(s, A, _kg(ent.subtype), g))  # type: ignore[arg-type]
        out.add(quad(s, LABEL, _vi(ent.label), g))
        out.add(quad(s, pref, _vi(ent.label), g))
        for alias in ent.aliases:
            out.add(quad(s, ALT, _vi(alias), g))
        out.add(quad(s, _kg("mentionCount"), literal(counts[e]), g))
        out.add(quad(s, _kg("labelOrder"), literal(orders[ent.label]), g))
    for cls, top in most_mentioned(entities, counts).items():
        for e in top:
            out.add(quad(_kg(cls), _kg("mostMentioned"), iri(e), g))
    out.add(quad(g, _p(_PROV, "wasGeneratedBy"), iri(activity), g))
    return sorted(out)


#: kg:labelOrder: the first LABEL_PREFIX bytes of a label (UTF-8) above, its rank among the
#: distinct labels that share them below (LABEL_RANK_BITS bits).
LABEL_PREFIX = 5
LABEL_RANK_BITS = 23


def label_orders(labels: Iterable[str]) -> dict[str, int]:
    """Each label's ``kg:labelOrder``: integers in the order SPARQL sorts the labels (by code
    point, as Oxigraph compares strings), equal for equal labels, so that a query sorting by
    name sorts these integers instead of reading every name from the store at each comparison.

    The integer is the label's first :data:`LABEL_PREFIX` bytes of UTF-8, then its rank among
    the distinct labels that begin with the same bytes: a new label renumbers only those, so an
    update that adds a few entities changes few of the index's lines.

    >>> orders = label_orders(["Sở Y tế", "Bộ Tài chính", "Bộ Y tế", "Bộ", "Sở Y tế", "Ủy ban"])
    >>> sorted(orders, key=orders.get)
    ['Bộ', 'Bộ Tài chính', 'Bộ Y tế', 'Sở Y tế', 'Ủy ban']
    >>> orders["Bộ Y tế"] - orders["Bộ Tài chính"]  # the same first five bytes: ranked next to each other
    1
    """
    buckets: dict[bytes, list[str]] = defaultdict(list)
    for label in set(labels):
        buckets[label.encode()[:LABEL_PREFIX].ljust(LABEL_PREFIX, b"\0")].append(label)
    out = {}
    for prefix, members in buckets.items():
        if len(members) >= 1 << LABEL_RANK_BITS:
            raise ValueError(f"more than {1 << LABEL_RANK_BITS} labels begin with {prefix!r}")
        base = int.from_bytes(prefix, "big") << LABEL_RANK_BITS
        for rank, label in enumerate(sorted(members)):
            out[label] = base + rank
    return out


#: How many entities of each class the index names as its most mentioned (kg:mostMentioned):
#: what the ``entities`` query lists (its LIMIT), so that it reads those, not every entity.
MOST_MENTIONED = 100


def most_mentioned(entities: Mapping[str, Entity], counts: Mapping[str, int],
                   n: int = MOST_MENTIONED) -> dict[str, list[str]]:
    """Per class of the index (type and ontology subtype), its ``n`` most mentioned entities:
    most mentions first, ties by IRI, so the choice at the cut does not depend on the store.

    >>> ents = {i: Entity(i, "Organization", "PartyCommittee" if i == "c" else None, i) for i in "abc"}
    >>> most_mentioned(ents, {"a": 2, "b": 5, "c": 2}, n=2)
    {'Organization': ['b', 'a'], 'PartyCommittee': ['c']}
    """
    by_class: dict[str, list[str]] = defaultdict(list)
    for e in counts:
        ent = entities[e]
        by_class[ent.type].append(e)
        if is_ontology_class(ent.subtype):
            by_class[ent.subtype].append(e)  # type: ignore[index]
    return {cls: sorted(members, key=lambda e: (-counts[e], e))[:n] for cls, members in sorted(by_class.items())}


def mention_counts(results: Iterable[ArticleResult]) -> Counter[str | None]:
    """How often each entity is mentioned."""
    return Counter(m.entity for r in results for m in r.mentions)
