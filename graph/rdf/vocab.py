"""Vocabularies used by the graph, one ``DefinedNamespace`` each (typos raise).

>>> str(KG.Organization)
'https://w3id.org/vnkg/ontology#Organization'
>>> str(NIF.beginIndex)
'http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#beginIndex'
>>> KG.Organisation  # doctest: +IGNORE_EXCEPTION_DETAIL
Traceback (most recent call last):
AttributeError: term 'Organisation' not in namespace 'https://w3id.org/vnkg/ontology#'
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

#: Where everything the tool mints lives.
BASE = "https://w3id.org/vnkg/"
#: Entities: ``id/{type}/{scope}/{slug}``.
ID = Namespace(BASE + "id/")
#: Articles (nif:Context), with ``#sentence=b,e`` and ``#char=b,e`` fragments.
ARTICLE = Namespace(BASE + "article/")
#: Named graphs: ``graph/{article}/text`` and ``graph/{article}/sentence/{b}-{e}``.
GRAPH = Namespace(BASE + "graph/")
#: Build activities and pipeline components (PROV agents).
BUILD = Namespace(BASE + "build/")


class KG(DefinedNamespace):
    """The project's ontology (``ontology/kg.ttl``)."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # Top classes (exact names are part of the contract).
    Organization: URIRef
    Person: URIRef
    Document: URIRef
    Campaign: URIRef
    Event: URIRef
    Place: URIRef
    # Organization subclasses.
    PartyCommittee: URIRef  # cấp ủy: Tỉnh ủy, Đảng ủy Khối, Bộ Chính trị ...
    PartyOrganization: URIRef  # Đảng, đảng bộ, chi bộ
    PartyAgency: URIRef  # Ban Tổ chức, Ủy ban Kiểm tra, Văn phòng ...
    StateBody: URIRef  # Quốc hội, Chính phủ, HĐND, UBND, Bộ, Sở
    MassOrganization: URIRef  # MTTQ, Đoàn, Công đoàn, Hội ...
    Company: URIRef
    MediaOutlet: URIRef
    # Document subclasses.
    Resolution: URIRef
    ActionProgramme: URIRef
    Conclusion: URIRef
    Directive: URIRef
    Regulation: URIRef
    Decision: URIRef
    Plan: URIRef
    Guidance: URIRef
    Notice: URIRef
    Report: URIRef
    Proposal: URIRef
    OfficialLetter: URIRef
    Scheme: URIRef
    Law: URIRef
    Decree: URIRef
    Circular: URIRef
    Charter: URIRef
    Work: URIRef
    # Campaign subclasses.
    Movement: URIRef
    Model: URIRef
    Award: URIRef
    Contest: URIRef
    Theme: URIRef
    # Event subclasses.
    Congress: URIRef
    Conference: URIRef
    Meeting: URIRef
    Election: URIRef
    # Place subclasses.
    Country: URIRef
    Region: URIRef
    Province: URIRef
    District: URIRef
    Commune: URIRef
    # Sources and provenance.
    Article: URIRef
    Assertion: URIRef
    Figure: URIRef
    PipelineComponent: URIRef

    # Relations between entities.
    issuedBy: URIRef
    presumedIssuedBy: URIRef  # read off the number's issuer code, not stated
    issuedOn: URIRef
    implements: URIRef
    holdsPosition: URIRef
    subOrganizationOf: URIRef
    locatedIn: URIRef
    authorOf: URIRef
    organizedBy: URIRef

    # Entity attributes.
    documentNumber: URIRef
    documentTypeCode: URIRef
    issuerCode: URIRef
    scope: URIRef  # the province (or nation) a name is unique in
    adminCode: URIRef  # official code of a province / district / commune

    # Positions (with org:Membership).
    roleLabel: URIRef
    asOf: URIRef
    former: URIRef

    # Assertions (reified relations).
    rule: URIRef
    confidence: URIRef
    value: URIRef

    # Figures (schema:Observation).
    qualifier: URIRef
    shareOfPlan: URIRef
    shareOfTotal: URIRef
    denominator: URIRef
    period: URIRef

    # The entity index graph (kgg:entities), derived from the sentence graphs.
    mentionCount: URIRef

    # Articles.
    articleKey: URIRef
    contentHash: URIRef
    sourceName: URIRef
    byline: URIRef
    photoCredit: URIRef
    boilerplateStart: URIRef
    province: URIRef
    softwareVersion: URIRef
    articlesUpdated: URIRef


class NIF(DefinedNamespace):
    """NLP Interchange Format 2.1 core."""

    _NS = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
    _fail = True

    Context: URIRef
    Sentence: URIRef
    Phrase: URIRef
    String: URIRef
    OffsetBasedString: URIRef
    RFC5147String: URIRef
    isString: URIRef
    sourceUrl: URIRef
    beginIndex: URIRef
    endIndex: URIRef
    anchorOf: URIRef
    referenceContext: URIRef
    sentence: URIRef
    nextSentence: URIRef
    previousSentence: URIRef
    predLang: URIRef


class ITSRDF(DefinedNamespace):
    """W3C Internationalization Tag Set, as used by NIF for entity links."""

    _NS = Namespace("http://www.w3.org/2005/11/its/rdf#")
    _fail = True

    taIdentRef: URIRef
    taClassRef: URIRef
    taConfidence: URIRef
    taAnnotatorsRef: URIRef


#: Prefixes bound on every graph the tool writes.
PREFIXES = {
    "kg": KG._NS,
    "nif": NIF._NS,
    "itsrdf": ITSRDF._NS,
    "kgid": ID,
    "kgart": ARTICLE,
    "kgg": GRAPH,
    "kgb": BUILD,
}
