"""Emit RDF: NIF 2.1 text annotation, PROV-O provenance, one named graph per sentence.

The shape is documented in docs/graph-shape.md. Everything here yields rdflib
quads ``(s, p, o, graph IRI)``; the builder adds them to a Dataset.
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, SDO, SKOS

from graph import __version__
from graph.lexicon import load
from graph.model import ArticleResult, Entity, Mention, Relation
from graph.rdf.vocab import ARTICLE, BUILD, GRAPH, ID, ITSRDF, KG, NIF
from graph.resolve.resolver import place_iri
from graph.text import norm_key, slugify

Quad = tuple[URIRef, URIRef, object, URIRef]

BUILD_GRAPH = URIRef(GRAPH["build"])
#: One type, one label and the mention count of every entity: an index derived from
#: the sentence graphs (which hold the facts and their provenance), for fast queries.
ENTITIES_GRAPH = URIRef(GRAPH["entities"])
#: Rule-name prefix -> the pipeline component that applies those rules.
COMPONENT_OF_RULE = {
    "org": "kg_org_recognizer", "person": "kg_person_recognizer", "place": "kg_place_recognizer",
    "document": "kg_document_recognizer", "campaign": "kg_campaign_recognizer",
    "event": "kg_event_recognizer", "rel": "kg_relation_extractor", "fig": "kg_figure_extractor",
}
RESOLVER = "kg_entity_resolver"


def component(name: str) -> URIRef:
    """The PROV software agent of a pipeline component.

    >>> component("kg_org_recognizer")
    rdflib.term.URIRef('https://w3id.org/vnkg/build/component/kg_org_recognizer')
    """
    return URIRef(BUILD[f"component/{name}"])


def component_of(rule: str) -> URIRef:
    """The component that applies a rule, by its prefix; the resolver otherwise.

    >>> str(component_of("document-number")), str(component_of("merge-short-form"))
    ('https://w3id.org/vnkg/build/component/kg_document_recognizer', 'https://w3id.org/vnkg/build/component/kg_entity_resolver')
    """
    return component(COMPONENT_OF_RULE.get(rule.split("-")[0], RESOLVER))


def article_iri(key: str) -> URIRef:
    """The article's ``nif:Context``, from its key (see :func:`graph.read.reader.article_key`).

    >>> article_iri("000_5588cd3b938c6cd5")
    rdflib.term.URIRef('https://w3id.org/vnkg/article/000_5588cd3b938c6cd5')
    """
    return URIRef(ARTICLE[key])


def sentence_iri(key: str, start: int, end: int) -> URIRef:
    """A ``nif:Sentence``: the article IRI with an RFC 5147-style offset fragment.

    >>> text = "Ngày 5/12/2023, Tỉnh ủy ban hành Nghị quyết số 23-NQ/TU."
    >>> sentence_iri("nq23", 0, len(text))
    rdflib.term.URIRef('https://w3id.org/vnkg/article/nq23#sentence=0,56')
    """
    return URIRef(f"{ARTICLE[key]}#sentence={start},{end}")


def phrase_iri(key: str, start: int, end: int) -> URIRef:
    """A mention's ``nif:Phrase``: character offsets into the article text.

    >>> text = "Ngày 5/12/2023, Tỉnh ủy ban hành Nghị quyết số 23-NQ/TU."
    >>> start = text.index("Nghị quyết")
    >>> phrase_iri("nq23", start, start + len("Nghị quyết số 23-NQ/TU"))
    rdflib.term.URIRef('https://w3id.org/vnkg/article/nq23#char=33,55')
    """
    return URIRef(f"{ARTICLE[key]}#char={start},{end}")


def text_graph(key: str) -> URIRef:
    """The named graph holding an article's text annotation (NIF) and provenance.

    >>> text_graph("nq23")
    rdflib.term.URIRef('https://w3id.org/vnkg/graph/nq23/text')
    """
    return URIRef(GRAPH[f"{key}/text"])


def sentence_graph(key: str, start: int, end: int) -> URIRef:
    """The named graph holding what one sentence says (entities, relations, figures).

    >>> sentence_graph("nq23", 0, 56)
    rdflib.term.URIRef('https://w3id.org/vnkg/graph/nq23/sentence/0-56')
    """
    return URIRef(GRAPH[f"{key}/sentence/{start}-{end}"])


def _nonneg(n: int) -> Literal:
    return Literal(n, datatype=XSD.nonNegativeInteger)


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


def build_activity(content_hashes: Iterable[str]) -> URIRef:
    """The build's ``prov:Activity``: the same inputs and version give the same IRI.

    >>> a = hashlib.sha256("Tỉnh ủy Kon Tum".encode()).hexdigest()
    >>> b = hashlib.sha256("Nghị quyết số 23-NQ/TU".encode()).hexdigest()
    >>> build_activity([a, b]) == build_activity([b, a]) != build_activity([a])
    True
    >>> build_activity([a]).startswith("https://w3id.org/vnkg/build/run/")
    True
    """
    digest = hashlib.sha256(("\n".join(sorted(content_hashes)) + __version__).encode()).hexdigest()
    return URIRef(BUILD[f"run/{digest[:16]}"])


def build_quads(activity: URIRef, started: datetime, ended: datetime, components: list[str]) -> Iterator[Quad]:
    """The build graph: the activity, its times and the components it ran.

    >>> when = datetime(2023, 12, 5, 8, 0)
    >>> quads = list(build_quads(build_activity([]), when, when, ["kg_org_recognizer", "kg_entity_resolver"]))
    >>> {str(g) for *_, g in quads}
    {'https://w3id.org/vnkg/graph/build'}
    >>> [str(o) for _, p, o, _ in quads if p == PROV.wasAssociatedWith]
    ['https://w3id.org/vnkg/build/component/kg_org_recognizer', 'https://w3id.org/vnkg/build/component/kg_entity_resolver']
    >>> [o for _, p, o, _ in quads if p == PROV.startedAtTime]
    [rdflib.term.Literal('2023-12-05T08:00:00', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#dateTime'))]
    """
    g = BUILD_GRAPH
    yield activity, RDF.type, PROV.Activity, g
    yield activity, RDFS.label, Literal(f"kg build {__version__}"), g
    yield activity, PROV.startedAtTime, Literal(started, datatype=XSD.dateTime), g
    yield activity, PROV.endedAtTime, Literal(ended, datatype=XSD.dateTime), g
    yield activity, KG.softwareVersion, Literal(__version__), g
    for name in components:
        c = component(name)
        yield activity, PROV.wasAssociatedWith, c, g
        yield c, RDF.type, PROV.SoftwareAgent, g
        yield c, RDF.type, KG.PipelineComponent, g
        yield c, RDFS.label, Literal(name), g
        yield c, KG.softwareVersion, Literal(__version__), g


def entity_quads(ent: Entity, surface: str, g: URIRef) -> Iterator[Quad]:
    """What one sentence says about an entity: its type, name and surface form.

    >>> from graph.read.reader import article_from_text
    >>> from graph.analyse.pipeline import analyze
    >>> from graph.resolve.resolver import Resolver
    >>> art = article_from_text("seeds/nq23.txt", "Ngày 5/12/2023, Tỉnh ủy Kon Tum ban hành Nghị quyết số 23-NQ/TU.")
    >>> result = ArticleResult(art, *analyze(art))
    >>> entities = Resolver().resolve_all([result])
    >>> doc = next(m for m in result.mentions if m.type == "Document")
    >>> quads = list(entity_quads(entities[doc.entity], doc.text, sentence_graph("nq23", 0, 64)))
    >>> sorted(str(o) for _, p, o, _ in quads if p == RDF.type)
    ['https://w3id.org/vnkg/ontology#Document', 'https://w3id.org/vnkg/ontology#Resolution']
    >>> [str(o) for _, p, o, _ in quads if p in (KG.documentNumber, KG.documentTypeCode, KG.issuerCode)]
    ['TU', '23-NQ/TU', 'NQ']
    >>> [str(o) for _, p, o, _ in quads if p == KG.scope]
    ['https://w3id.org/vnkg/id/place/vn/p62-kon-tum']
    """
    s = URIRef(ent.iri)
    yield s, RDF.type, KG[ent.type], g
    if ent.subtype and ent.subtype in KG.__annotations__:
        yield s, RDF.type, KG[ent.subtype], g
    if ent.type == "Organization":
        yield s, RDF.type, ORG.Organization, g
    yield s, RDFS.label, Literal(ent.label, lang="vi"), g
    yield s, SKOS.altLabel, Literal(surface, lang="vi"), g
    if ent.attrs.get("scope_place"):
        yield s, KG.scope, URIRef(ent.attrs["scope_place"]), g
    if ent.type == "Document" and ent.attrs.get("type_code"):
        number = ent.attrs["number"] + "-" + ent.attrs["type_code"]
        if ent.attrs.get("issuer_code"):
            number += "/" + ent.attrs["issuer_code"]
            yield s, KG.issuerCode, Literal(ent.attrs["issuer_code"]), g
        # as written where the full number was written ("01-KL/TW")
        if "/" in (ent.attrs.get("number_text") or "") or "-" in (ent.attrs.get("number_text") or ""):
            number = ent.attrs["number_text"]
        yield s, KG.documentNumber, Literal(number), g
        yield s, KG.documentTypeCode, Literal(ent.attrs["type_code"]), g
    if ent.type == "Place" and ent.attrs.get("code"):
        yield s, KG.adminCode, Literal(ent.attrs["code"]), g


def article_quads(
    result: ArticleResult,
    entities: dict[str, Entity],
    activity: URIRef,
    extra: dict[int, list[tuple[Quad, str]]] | None = None,
) -> Iterator[Quad]:
    """All quads of one article: its text graph and its sentence graphs.

    ``extra`` maps a sentence index to further (quad, component name) pairs,
    e.g. relations, whose graph is filled in here.

    >>> from graph.read.reader import article_from_text
    >>> from graph.analyse.pipeline import analyze
    >>> from graph.resolve.resolver import Resolver
    >>> art = article_from_text("seeds/nq23.txt", "Ngày 5/12/2023, Tỉnh ủy Kon Tum ban hành Nghị quyết số 23-NQ/TU.")
    >>> result = ArticleResult(art, *analyze(art))
    >>> entities = Resolver().resolve_all([result])
    >>> quads = list(article_quads(result, entities, build_activity([art.content_hash])))
    >>> sum(1 for _, p, _, _ in quads if p == ITSRDF.taIdentRef)  # one per mention
    3
    >>> [str(o) for s, p, o, _ in quads if p == ITSRDF.taIdentRef and s == phrase_iri("nq23", 24, 31)]
    ['https://w3id.org/vnkg/id/place/vn/p62-kon-tum']
    >>> [(str(s), str(o)) for s, p, o, g in quads if p == PROV.wasDerivedFrom and g == text_graph("nq23")]
    [('https://w3id.org/vnkg/graph/nq23/sentence/0-64', 'https://w3id.org/vnkg/article/nq23#sentence=0,64')]
    >>> sorted({str(g) for *_, g in quads})
    ['https://w3id.org/vnkg/graph/nq23/sentence/0-64', 'https://w3id.org/vnkg/graph/nq23/text']
    """
    art = result.article
    key = art.key
    ctx = article_iri(key)
    tg = text_graph(key)
    yield ctx, RDF.type, NIF.Context, tg
    yield ctx, RDF.type, KG.Article, tg
    yield ctx, RDF.type, SDO.NewsArticle, tg
    yield ctx, NIF.isString, Literal(art.text), tg
    yield ctx, NIF.sourceUrl, URIRef(art.path.resolve().as_uri()), tg
    yield ctx, NIF.beginIndex, _nonneg(0), tg
    yield ctx, NIF.endIndex, _nonneg(len(art.text)), tg
    yield ctx, KG.articleKey, Literal(key), tg
    yield ctx, KG.contentHash, Literal(art.content_hash), tg
    yield ctx, NIF.predLang, URIRef("http://lexvo.org/id/iso639-3/vie"), tg
    if art.headline:
        yield ctx, SDO.headline, Literal(art.text[art.headline[0] : art.headline[1]], lang="vi"), tg
    if art.published:
        dtype = XSD.dateTime if "T" in art.published else XSD.date
        yield ctx, SDO.datePublished, Literal(art.published, datatype=dtype), tg
    if art.source:
        yield ctx, KG.sourceName, Literal(art.source), tg
    if art.body_end < len(art.text):
        yield ctx, KG.boilerplateStart, _nonneg(art.body_end), tg
    for b in art.bylines:
        yield ctx, (KG.byline if b.kind == "author" else KG.photoCredit), Literal(b.name), tg
    if art.province:
        entry = load().provinces.get(norm_key(art.province))
        if entry:
            yield ctx, KG.province, URIRef(place_iri(entry)), tg

    sentences = result.sentences
    sent_iris = [sentence_iri(key, s.start, s.end) for s in sentences]
    for i, (s, si) in enumerate(zip(sentences, sent_iris)):
        yield si, RDF.type, NIF.Sentence, tg
        yield si, RDF.type, NIF.OffsetBasedString, tg
        yield si, NIF.beginIndex, _nonneg(s.start), tg
        yield si, NIF.endIndex, _nonneg(s.end), tg
        yield si, NIF.anchorOf, Literal(s.text), tg
        yield si, NIF.referenceContext, ctx, tg
        if i + 1 < len(sentences):
            yield si, NIF.nextSentence, sent_iris[i + 1], tg
            yield sent_iris[i + 1], NIF.previousSentence, si, tg

    by_sentence: dict[int, list[Mention]] = defaultdict(list)
    for m in result.mentions:
        by_sentence[m.sentence].append(m)
        p = phrase_iri(key, m.start, m.end)
        yield p, RDF.type, NIF.Phrase, tg
        yield p, RDF.type, NIF.OffsetBasedString, tg
        yield p, NIF.anchorOf, Literal(m.text), tg
        yield p, NIF.beginIndex, _nonneg(m.start), tg
        yield p, NIF.endIndex, _nonneg(m.end), tg
        yield p, NIF.referenceContext, ctx, tg
        yield p, NIF.sentence, sent_iris[m.sentence], tg
        yield p, ITSRDF.taIdentRef, URIRef(m.entity), tg
        yield p, ITSRDF.taClassRef, KG[m.type], tg
        yield p, KG.rule, Literal(m.rule), tg
        yield p, PROV.wasAttributedTo, component_of(m.rule), tg

    extra = extra or {}
    for i in sorted(set(by_sentence) | set(extra)):
        s = sentences[i]
        g = sentence_graph(key, s.start, s.end)
        components = set()
        for m in by_sentence.get(i, ()):
            components.add(component_of(m.rule))
            yield from entity_quads(entities[m.entity], m.text, g)
        for (qs, qp, qo, _), name in extra.get(i, ()):
            components.add(component(name))
            yield qs, qp, qo, g
        yield g, RDF.type, PROV.Entity, tg
        yield g, PROV.wasDerivedFrom, sent_iris[i], tg
        yield g, PROV.wasGeneratedBy, activity, tg
        yield g, DCTERMS.source, ctx, tg
        for c in sorted(components):
            yield g, PROV.wasAttributedTo, c, tg
        yield g, PROV.wasAttributedTo, component(RESOLVER), tg


def relation_quads(rel: Relation, key: str, sentence: URIRef, entities: dict[str, Entity],
                   published: str | None) -> Iterator[Quad]:
    """A relation as a triple, a reified kg:Assertion (rule, confidence) and, for a
    post, an org:Membership. The graph slot is filled in by :func:`article_quads`.

    >>> from graph.read.reader import article_from_text
    >>> from graph.analyse.pipeline import analyze
    >>> from graph.resolve.resolver import Resolver
    >>> from graph.relate.relations import extract_relations
    >>> art = article_from_text("seeds/bt.txt", "Đồng chí Nguyễn Văn Thắng, Bí thư Tỉnh ủy Kon Tum, chủ trì hội nghị.")
    >>> result = ArticleResult(art, *analyze(art))
    >>> entities = Resolver().resolve_all([result])
    >>> post = next(r for r in extract_relations(result, entities) if r.predicate == "holdsPosition")
    >>> sent = sentence_iri("bt", 0, len(art.text))
    >>> quads = list(relation_quads(post, "bt", sent, entities, "2023-12-28T17:00:00"))
    >>> [(entities[str(s)].label, entities[str(o)].label) for s, p, o, _ in quads if p == KG.holdsPosition]
    [('Nguyễn Văn Thắng', 'Tỉnh ủy Kon Tum')]
    >>> [str(o) for _, p, o, _ in quads if p in (ORG.role, KG.asOf, KG.rule)]
    ['rel-name-title-org', 'https://w3id.org/vnkg/id/role/bi-thu', '2023-12-28']
    >>> {g for *_, g in quads}
    {None}

    :func:`article_quads` puts them in the sentence's graph:

    >>> extra = {post.sentence: [(q, "kg_relation_extractor") for q in quads]}
    >>> [str(g) for _, p, _, g in article_quads(result, entities, build_activity([]), extra)
    ...  if p == KG.holdsPosition]
    ['https://w3id.org/vnkg/graph/bt/sentence/0-68']
    """
    g = None
    s = URIRef(rel.subject)
    p = KG[rel.predicate]
    if rel.value is not None:
        o = Literal(rel.value, datatype=XSD.date) if rel.predicate == "issuedOn" else Literal(rel.value)
    else:
        o = URIRef(rel.object)
    ident = "|".join([rel.predicate, rel.subject, rel.object or "", rel.value or "", rel.role or "",
                      str(sentence)])
    digest = hashlib.sha1(ident.encode()).hexdigest()[:12]
    a = URIRef(f"{ID}assertion/{key}/{digest}")
    yield s, p, o, g
    yield a, RDF.type, KG.Assertion, g
    yield a, RDF.type, RDF.Statement, g
    yield a, RDF.subject, s, g
    yield a, RDF.predicate, p, g
    yield a, RDF.object, o, g
    if rel.value is not None:
        yield a, KG.value, o, g
    yield a, KG.rule, Literal(rel.rule), g
    yield a, KG.confidence, Literal(round(rel.confidence, 3), datatype=XSD.decimal), g
    yield a, PROV.wasDerivedFrom, sentence, g
    if rel.role:
        yield a, KG.roleLabel, Literal(rel.role, lang="vi"), g
        m = URIRef(f"{ID}membership/{key}/{digest}")
        role = URIRef(f"{ID}role/{slugify(rel.role)}")
        yield m, RDF.type, ORG.Membership, g
        yield m, ORG.member, s, g
        yield m, ORG.organization, o, g
        yield m, ORG.role, role, g
        yield role, RDF.type, ORG.Role, g
        yield role, RDFS.label, Literal(rel.role, lang="vi"), g
        yield m, KG.roleLabel, Literal(rel.role, lang="vi"), g
        yield m, KG.former, Literal(bool(rel.attrs.get("former"))), g
        if published:
            yield m, KG.asOf, Literal(published[:10], datatype=XSD.date), g
        yield m, PROV.wasDerivedFrom, sentence, g
    # the other end, when no mention in this sentence describes it
    for iri in (rel.subject, rel.object):
        ent = entities.get(iri or "")
        if ent is not None:
            yield URIRef(ent.iri), RDF.type, KG[ent.type], g
            yield URIRef(ent.iri), RDFS.label, Literal(ent.label, lang="vi"), g


def entity_index_quads(entities: dict[str, Entity], counts: dict[str, int], activity: URIRef) -> Iterator[Quad]:
    """The index graph ``kgg:entities``: each mentioned entity's class, label and mention count.

    >>> ent = Entity("https://w3id.org/vnkg/id/org/vn/bo-chinh-tri-1", "Organization", "PartyCommittee", "Bộ Chính trị")
    >>> [str(p).rsplit("#", 1)[-1] for _, p, _, _ in entity_index_quads({ent.iri: ent}, {ent.iri: 3}, BUILD["run/x"])][:5]
    ['type', 'type', 'label', 'mentionCount', 'wasGeneratedBy']
    """
    g = ENTITIES_GRAPH
    for iri in sorted(counts):
        ent = entities[iri]
        s = URIRef(iri)
        yield s, RDF.type, KG[ent.type], g
        if ent.subtype and ent.subtype in KG.__annotations__:
            yield s, RDF.type, KG[ent.subtype], g
        yield s, RDFS.label, Literal(ent.label, lang="vi"), g
        yield s, KG.mentionCount, Literal(counts[iri]), g
    yield g, PROV.wasGeneratedBy, activity, g
