"""Plain dataclasses that flow forward through the pipeline.

read -> :class:`Article`; segment + recognise -> :class:`Sentence`, :class:`Mention`;
resolve -> :class:`Entity`; relate -> :class:`Relation`, :class:`Figure`;
then RDF and exports. Offsets are Python string indices into ``Article.text``
(the NFC text of the file), end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import InputError

__all__ = ["ENTITY_TYPES", "Article", "ArticleResult", "Byline", "DocumentNumber", "Entity", "Figure",
           "InputError", "Mention", "Relation", "Sentence"]

#: The six entity types, in the order reports list them.
ENTITY_TYPES = ("Organization", "Person", "Document", "Campaign", "Event", "Place")


@dataclass(frozen=True)
class Byline:
    """A name from a byline or photo credit, with where it stands.

    >>> from graph.read.reader import article_from_text
    >>> art = article_from_text("a.txt", "Tỉnh ủy ban hành Nghị quyết.\\n\\nBài, ảnh: Nguyễn Thanh Hải")
    >>> art.bylines
    [Byline(name='Nguyễn Thanh Hải', start=40, end=56, kind='author')]
    """

    name: str
    start: int
    end: int
    kind: str  # "author" (writes the article) or "photo"


@dataclass
class Article:
    """One input file, read and normalised.

    >>> from graph.read.reader import article_from_text
    >>> art = article_from_text("seeds/nq23.txt", "Nghị quyết mới\\n\\n05/12/2023\\n\\nTỉnh ủy ban hành Nghị quyết số 23-NQ/TU.")
    >>> art.key, art.published, art.text[slice(*art.headline)]
    ('nq23', '2023-12-05', 'Nghị quyết mới')
    """

    path: Path
    key: str  # stable id: the file's path relative to its input root, slugged
    text: str  # NFC text of the whole file (BOM dropped, line ends LF; of an HTML page, the article extracted)
    content_hash: str
    headline: tuple[int, int] | None = None
    published: str | None = None  # ISO 8601 date or date-time
    source: str | None = None  # e.g. "kontumtv.vn"
    bylines: list[Byline] = field(default_factory=list)
    body_end: int = 0  # text[body_end:] is website boilerplate: nothing extracted
    skip_spans: list[tuple[int, int]] = field(default_factory=list)  # date lines etc.
    source_path: str = ""  # the file's path relative to its input folder (POSIX), for nif:sourceUrl
    url: str | None = None  # the article's own URL, from its metadata
    title: str | None = None  # headline given by metadata (or HTML) rather than read off the text
    meta_hash: str = ""  # digest of the metadata applied (part of what the analysis depends on)
    converted_from: str | None = None  # legacy encoding the file was converted from: "TCVN3", "VNI", …


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article: offsets into ``Article.text`` and its text.

    >>> from graph.read.reader import article_from_text
    >>> from graph.analyse.pipeline import analyze
    >>> sentences, _ = analyze(article_from_text("a.txt", "Tỉnh ủy họp. TP. Kon Tum đạt 95,30%."))
    >>> sentences[1]
    Sentence(start=13, end=36, text='TP. Kon Tum đạt 95,30%.')
    """

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class DocumentNumber:
    """The parts of a document number: NUMBER-TYPE/ISSUER (23-NQ/TU) or NUMBER/YEAR/TYPE-ISSUER
    (13/2023/NĐ-CP); a short reference ("Nghị quyết 23") has only the number.

    >>> DocumentNumber("23", "NQ", "TU", text="23-NQ/TU").full
    '23-NQ/TU'
    >>> DocumentNumber("13", "NĐ", "CP", year="2023").full
    '13/2023/NĐ-CP'
    """

    number: str
    type_code: str | None = None
    issuer_code: str | None = None
    year: str | None = None
    text: str | None = None  # as written, spaced dashes closed up: "01-KL/TW"

    @property
    def full(self) -> str:
        """The canonical number: 23-NQ/TU, 13/2023/NĐ-CP, or the bare number."""
        if not self.type_code:
            return self.number
        if self.year:
            return f"{self.number}/{self.year}/{self.type_code}" + (f"-{self.issuer_code}" if self.issuer_code else "")
        return f"{self.number}-{self.type_code}" + (f"/{self.issuer_code}" if self.issuer_code else "")


@dataclass(frozen=True)
class Mention:
    """A recognised span: what it says, its type and the rule that found it.

    The recogniser fills the span and the fields of its type; resolution returns
    copies with ``entity`` (and ``parent_entity``) set.

    >>> from graph.read.reader import article_from_text
    >>> from graph.analyse.pipeline import analyze
    >>> _, mentions = analyze(article_from_text("a.txt", "Tỉnh ủy Kon Tum ban hành Nghị quyết số 23-NQ/TU."))
    >>> doc = mentions[-1]
    >>> doc.text, doc.type, doc.subtype, doc.rule, doc.number.type_code
    ('Nghị quyết số 23-NQ/TU', 'Document', 'Resolution', 'document-number', 'NQ')
    """

    start: int
    end: int
    text: str
    type: str  # one of ENTITY_TYPES
    rule: str
    subtype: str | None = None  # ontology subclass name, e.g. "Resolution"
    sentence: int = -1  # index into the article's sentences
    entity: str | None = None  # IRI, set by resolution
    national: bool = False  # a body or person named at the national level
    place_code: str | None = None  # Place: official code of the gazetteer entry
    parent: tuple[int, int] | None = None  # Organization: span of the body this one is part of
    sub_head: str | None = None  # Organization: the part it is ("Ban Thường vụ")
    parent_entity: str | None = None  # IRI of ``parent``, set by resolution
    type_word: str | None = None  # Document: "Nghị quyết", "Chương trình hành động"
    number: DocumentNumber | None = None  # Document with a number
    anaphor: bool = False  # Document: a bare type word referring back ("thực hiện Nghị quyết")
    quoted: bool = False  # Document: a quoted title
    byline: str | None = None  # Person from a byline: "author" or "photo"
    full_name: str | None = None  # Person named by part of the name ("ông Hùng"): the full name it refers to


@dataclass
class Entity:
    """One thing the graph names: every mention resolved to it shares its IRI.

    >>> _, entities = resolved("Tỉnh ủy Kon Tum họp tại tỉnh Kon Tum.")  # the shared doctest fixture
    >>> place = entities["https://w3id.org/vnkg/id/place/vn/p62-kon-tum"]
    >>> place.type, place.subtype, place.label, place.place_code
    ('Place', 'Province', 'Kon Tum', 'P62')
    """

    iri: str
    type: str
    subtype: str | None
    label: str
    aliases: set[str] = field(default_factory=set)
    scope: str = "vn"  # where the name is unique: "vn", a province slug, or "a-{article key}"
    scope_place: str | None = None  # IRI of the province of a provincial scope
    place_code: str | None = None  # Place: official code
    number: DocumentNumber | None = None  # Document


@dataclass
class Relation:
    """A fact between two entities (or an entity and a literal) from one sentence.

    >>> from graph.relate.relations import extract_relations
    >>> result, entities = resolved("Ngày 5/12/2023, Tỉnh ủy Kon Tum ban hành Nghị quyết số 23-NQ/TU.")
    >>> [(r.predicate, r.value or entities[r.object].label) for r in extract_relations(result, entities)]
    [('issuedBy', 'Tỉnh ủy Kon Tum'), ('issuedOn', '2023-12-05'), ('locatedIn', 'Kon Tum')]
    """

    subject: str  # IRI
    predicate: str  # local name in the kg: ontology, e.g. "issuedBy"
    object: str | None  # IRI, or None when ``value`` holds a literal
    sentence: int
    rule: str
    confidence: float
    value: str | None = None  # ISO date etc.
    role: str | None = None  # for holdsPosition
    former: bool = False  # holdsPosition: a post no longer held ("nguyên Bí thư")
    as_of: str | None = None  # the date the sentence states the fact for (ISO: day, month or year)
    since: str | None = None  # holdsPosition: the post begins then ("được bầu", "từ ngày …")
    until: str | None = None  # holdsPosition: the post ends then ("nghỉ hưu", "đến ngày …")


@dataclass
class Figure:
    """A reported quantity: 'kết nạp mới 111 đảng viên, đạt 111% so chỉ tiêu'.

    >>> from graph.read.reader import article_from_text
    >>> from graph.analyse.pipeline import analyze
    >>> from graph.relate.figures import extract_figures
    >>> art = article_from_text("a.txt", "Năm 2023, toàn tỉnh kết nạp mới 111 đảng viên, đạt 111% so chỉ tiêu.")
    >>> [f] = extract_figures(art.text, *analyze(art), article_year=2023)
    >>> f.value, f.unit, f.period, f.share_of_plan
    ('111', 'đảng viên', '2023', '111')
    """

    start: int
    end: int
    sentence: int
    measure: str  # Vietnamese label of what is measured
    value: str  # decimal as a string, e.g. "9899000000000"
    unit: str | None
    body: str | None = None  # IRI of the organisation it is about
    period: str | None = None  # "2023", "2024-Q1"
    qualifier: str | None = None  # "trên", "gần", "khoảng", "đạt"
    share_of_plan: str | None = None  # decimal percent
    share_of_total: str | None = None  # decimal percent: "chiếm 95,30%"
    denominator: str | None = None  # 756 in "699/756"
    text: str = ""


@dataclass
class ArticleResult:
    """Everything extracted from one article.

    >>> from graph.read.reader import article_from_text
    >>> from graph.analyse.pipeline import analyze
    >>> art = article_from_text("a.txt", "Tỉnh ủy họp. Nghị quyết số 23-NQ/TU được ban hành.")
    >>> result = ArticleResult(art, *analyze(art))
    >>> len(result.sentences), [m.text for m in result.mentions], result.relations
    (2, ['Tỉnh ủy', 'Nghị quyết số 23-NQ/TU'], [])
    """

    article: Article
    sentences: list[Sentence]
    mentions: list[Mention]
    relations: list[Relation] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    province: str | None = None  # the province the article is about, found by resolution

