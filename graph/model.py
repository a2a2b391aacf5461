"""Plain dataclasses that flow forward through the pipeline.

read -> :class:`Article`; segment + recognise -> :class:`Sentence`, :class:`Mention`;
resolve -> :class:`Entity`; relate -> :class:`Relation`, :class:`Figure`;
then RDF and exports. Offsets are Python string indices into ``Article.text``
(the NFC text of the file), end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

#: The six entity types, in the order reports list them.
ENTITY_TYPES = ("Organization", "Person", "Document", "Campaign", "Event", "Place")


@dataclass(frozen=True)
class Byline:
    """A name from a byline or photo credit, with where it stands."""

    name: str
    start: int
    end: int
    kind: str  # "author" (writes the article) or "photo"


@dataclass
class Article:
    """One input file, read and normalised."""

    path: Path
    key: str  # stable id: the file's path relative to its input root, slugged
    text: str  # NFC text of the whole file (BOM dropped)
    content_hash: str
    headline: tuple[int, int] | None = None
    published: str | None = None  # ISO 8601 date or date-time
    source: str | None = None  # e.g. "kontumtv.vn"
    bylines: list[Byline] = field(default_factory=list)
    body_end: int = 0  # text[body_end:] is website boilerplate: nothing extracted
    skip_spans: list[tuple[int, int]] = field(default_factory=list)  # date lines etc.
    province: str | None = None  # set by recognition when the text shows it


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass
class Mention:
    """A recognised span: what it says, its type and the rule that found it."""

    start: int
    end: int
    text: str
    type: str  # one of ENTITY_TYPES
    rule: str
    subtype: str | None = None  # ontology subclass name, e.g. "Resolution"
    sentence: int = -1  # index into the article's sentences
    entity: str | None = None  # IRI once resolved
    attrs: dict = field(default_factory=dict)  # e.g. document number parts


@dataclass
class Entity:
    iri: str
    type: str
    subtype: str | None
    label: str
    aliases: set[str] = field(default_factory=set)
    attrs: dict = field(default_factory=dict)


@dataclass
class Relation:
    """A fact between two entities (or an entity and a literal) from one sentence."""

    subject: str  # IRI
    predicate: str  # local name in the kg: ontology, e.g. "issuedBy"
    object: str | None  # IRI, or None when ``value`` holds a literal
    sentence: int
    rule: str
    confidence: float
    value: str | None = None  # ISO date etc.
    role: str | None = None  # for holdsPosition
    attrs: dict = field(default_factory=dict)


@dataclass
class Figure:
    """A reported quantity: 'kết nạp mới 111 đảng viên, đạt 111% so chỉ tiêu'."""

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
    denominator: str | None = None  # 756 in "699/756"
    text: str = ""


@dataclass
class ArticleResult:
    """Everything extracted from one article."""

    article: Article
    sentences: list[Sentence]
    mentions: list[Mention]
    relations: list[Relation] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


class InputError(Exception):
    """A file that cannot be read as an article; the message names the file."""
