"""Score a build against a gold file (``kg-gold/1``): entity mentions and relations.

The rules are written out for users in ``docs/gold-format.md``; in short:

* Articles are matched to gold documents by file name: the article's
  ``nif:sourceUrl`` (URL-decoded) ends with ``/`` + the gold ``file``, or its
  ``kg:articleKey`` equals the file name or its stem.
* Entities: per article, the *set* of ``(type, norm_key(text))`` of the
  system's mentions (``nif:Phrase`` with an ``itsrdf:taClassRef`` that is one of
  the six top classes) against the gold ``mentions``. In this order: a pair that
  is in gold is a true positive; else a text that is in any ``optional`` list of
  the article is ignored; else it is a false positive (a gold text with another
  type is a false positive too, and the gold pair stays a false negative).
* Relations: read from ``kg:Assertion`` nodes (``rdf:subject``,
  ``rdf:predicate`` = ``kg:<kind>``, ``rdf:object`` or ``kg:value``,
  ``kg:roleLabel``), attached to an article through ``prov:wasDerivedFrom`` a
  sentence whose ``nif:referenceContext`` is the article (or the article
  itself). Assumptions about details the shape doc does not fix:

  - when a ``holdsPosition`` assertion has no ``kg:roleLabel``, the role is
    taken from an ``org:Membership`` in the same named graph with the same
    member and organisation;
  - a literal ``rdf:object`` is read as ``kg:value``;
  - ``schema:author`` on the article is read as ``authorOf(person, article)``
    (bylines), merged with assertions saying the same.

  System relations are distinct ``(kind, subject, object or value, role)`` per
  article. A system relation *matches* a gold one when the kinds agree, the
  subject entity has a mention in the article whose text is among the gold
  subject's mentions or optional texts, the object likewise (or is the article
  itself for ``"object": "article"``, or has a value that equals the gold value
  truncated to the gold's precision), and for ``holdsPosition`` the roles agree
  under ``norm_key``. Matching is one-to-one: a maximum bipartite matching per
  article; matched pairs are true positives, gold relations left unmatched are
  false negatives, system relations that match no gold relation are false
  positives, and system relations that match a gold relation already credited to
  another (a duplicate entity, a second rule) are *duplicates*: neither.

>>> Score(tp=3, fp=1, fn=2).precision
0.75
>>> round(Score(tp=3, fp=1, fn=2).f1, 3)
0.667
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from graph.errors import EvalError
from graph.model import ENTITY_TYPES
from graph.text import norm_key

#: The relation kinds scored, in the order reports list them.
RELATION_KINDS = (
    "issuedBy",
    "issuedOn",
    "holdsPosition",
    "implements",
    "subOrganizationOf",
    "locatedIn",
    "authorOf",
    "organizedBy",
)

GOLD_FORMAT = "kg-gold/1"
#: ``"object": "article"`` in a gold relation: the article itself.
ARTICLE = "article"

_KG = "https://w3id.org/vnkg/ontology#"
_VALUE_RE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


# ---------------------------------------------------------------- gold file


@dataclass(frozen=True)
class GoldEntity:
    id: str
    type: str
    mentions: tuple[str, ...]
    optional: tuple[str, ...] = ()

    @property
    def keys(self) -> set[str]:
        """Normalised texts that identify the entity in a relation (required or optional)."""
        return {k for k in map(norm_key, self.mentions + self.optional) if k}

    @property
    def name(self) -> str:
        return (self.mentions + self.optional + (self.id,))[0]


@dataclass(frozen=True)
class GoldRelation:
    subject: str  # entity id
    kind: str
    object: str | None = None  # entity id or "article"
    value: str | None = None  # ISO date at any precision
    role: str | None = None
    evidence: str = ""


@dataclass
class GoldDocument:
    file: str
    entities: dict[str, GoldEntity]
    relations: list[GoldRelation]
    province: str | None = None


def parse_gold(data: object, source: str = "<gold>") -> list[GoldDocument]:
    """Check a decoded ``kg-gold/1`` object and return its documents.

    Every problem found is listed in one :class:`EvalError` naming ``source``.

    >>> docs = parse_gold({"format": "kg-gold/1", "documents": [{"file": "a.txt",
    ...     "entities": [{"id": "e1", "type": "Place", "mentions": ["Kon Tum"]}],
    ...     "relations": []}]})
    >>> docs[0].entities["e1"].keys
    {'kon tum'}
    >>> parse_gold({"format": "kg-gold/1", "documents": [{"file": "a.txt",
    ...     "entities": [], "relations": [{"subject": "e1", "relation": "issuedBy",
    ...     "object": "e2"}]}]}, "g.json")
    Traceback (most recent call last):
    graph.errors.EvalError: g.json: malformed gold file:
      documents[0] (a.txt) relations[0]: subject 'e1' is not an entity id of this document
      documents[0] (a.txt) relations[0]: object 'e2' is not an entity id of this document
    """
    problems: list[str] = []
    if not isinstance(data, dict):
        raise EvalError(f"{source}: malformed gold file: not a JSON object")
    if data.get("format") != GOLD_FORMAT:
        problems.append(f"format is {data.get('format')!r}, expected {GOLD_FORMAT!r}")
    raw_docs = data.get("documents")
    if not isinstance(raw_docs, list):
        problems.append("'documents' must be a list")
        raw_docs = []
    docs: list[GoldDocument] = []
    seen_files: set[str] = set()
    for i, raw in enumerate(raw_docs):
        doc = _parse_document(raw, f"documents[{i}]", problems)
        if doc is None:
            continue
        if doc.file in seen_files:
            problems.append(f"documents[{i}]: file {doc.file!r} appears twice")
        seen_files.add(doc.file)
        docs.append(doc)
    if problems:
        raise EvalError(f"{source}: malformed gold file:\n  " + "\n  ".join(problems))
    return docs


def _str_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _parse_document(raw: object, where: str, problems: list[str]) -> GoldDocument | None:
    if not isinstance(raw, dict):
        problems.append(f"{where}: not an object")
        return None
    file = raw.get("file")
    if not isinstance(file, str) or not file.strip():
        problems.append(f"{where}: 'file' must be a non-empty string")
        return None
    where = f"{where} ({file})"
    missing = [k for k in ("entities", "relations") if not isinstance(raw.get(k), list)]
    if missing:
        problems.append(f"{where}: " + " and ".join(repr(k) for k in missing) + " must be lists")
        return None
    entities: dict[str, GoldEntity] = {}
    for j, ent in enumerate(raw["entities"]):
        at = f"{where} entities[{j}]"
        if not isinstance(ent, dict):
            problems.append(f"{at}: not an object")
            continue
        eid, etype = ent.get("id"), ent.get("type")
        ok = True
        if not isinstance(eid, str) or not eid or eid == ARTICLE:
            problems.append(f"{at}: 'id' must be a string other than {ARTICLE!r}")
            ok = False
        elif eid in entities:
            problems.append(f"{at}: id {eid!r} appears twice")
            ok = False
        if etype not in ENTITY_TYPES:
            problems.append(f"{at}: type {etype!r} is not one of {', '.join(ENTITY_TYPES)}")
            ok = False
        if not _str_list(ent.get("mentions")):
            problems.append(f"{at}: 'mentions' must be a list of strings")
            ok = False
        if not _str_list(ent.get("optional", [])):
            problems.append(f"{at}: 'optional' must be a list of strings")
            ok = False
        if ok:
            entities[eid] = GoldEntity(
                eid, etype, tuple(ent["mentions"]), tuple(ent.get("optional", []))
            )
    # Ids declared, valid or not: a relation to a broken entity is reported once.
    declared = {e.get("id") for e in raw["entities"] if isinstance(e, dict)}
    relations: list[GoldRelation] = []
    for j, rel in enumerate(raw["relations"]):
        at = f"{where} relations[{j}]"
        if not isinstance(rel, dict):
            problems.append(f"{at}: not an object")
            continue
        before = len(problems)
        kind, subj = rel.get("relation"), rel.get("subject")
        obj, value, role = rel.get("object"), rel.get("value"), rel.get("role")
        if kind not in RELATION_KINDS:
            problems.append(f"{at}: relation {kind!r} is not one of {', '.join(RELATION_KINDS)}")
        if subj not in declared:
            problems.append(f"{at}: subject {subj!r} is not an entity id of this document")
        if (obj is None) == (value is None):
            problems.append(f"{at}: needs exactly one of 'object' and 'value'")
        elif obj is not None and obj != ARTICLE and obj not in declared:
            problems.append(f"{at}: object {obj!r} is not an entity id of this document")
        elif value is not None and not (
            isinstance(value, str) and _VALUE_RE.fullmatch(value)
        ):
            problems.append(f"{at}: value {value!r} is not a date YYYY, YYYY-MM or YYYY-MM-DD")
        if role is not None and not isinstance(role, str):
            problems.append(f"{at}: 'role' must be a string")
        if len(problems) == before:
            relations.append(
                GoldRelation(subj, kind, obj, value, role, str(rel.get("evidence", "")))
            )
    province = raw.get("province")
    return GoldDocument(file, entities, relations, province if isinstance(province, str) else None)


def load_gold(path: str | Path) -> list[GoldDocument]:
    """Read and check a gold file; :class:`EvalError` names the file on any problem.

    >>> load_gold("/nonexistent/gold.json")
    Traceback (most recent call last):
    graph.errors.EvalError: /nonexistent/gold.json: no such gold file
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EvalError(f"{path}: no such gold file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalError(f"{path}: cannot read gold file: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise EvalError(f"{path}: not valid JSON: {exc}") from None
    return parse_gold(data, str(path))


# ------------------------------------------------------------ system graph


@dataclass(frozen=True)
class SysMention:
    type: str
    text: str  # as written
    begin: int


@dataclass(frozen=True)
class SysRelation:
    kind: str
    subject: str  # IRI
    object: str | None  # IRI (entity or article)
    value: str | None = None  # lexical form of a literal
    role: str | None = None
    rule: str | None = None
    sentence: str | None = None  # text of the sentence it was derived from

    @property
    def key(self) -> tuple:
        """What makes two system relations the same one (rule and sentence do not)."""
        return (self.kind, self.subject, self.object, self.value,
                norm_key(self.role) if self.role else None)


@dataclass
class SysArticle:
    iri: str
    source_url: str | None = None
    key: str | None = None
    mentions: list[SysMention] = field(default_factory=list)
    #: entity IRI -> {norm_key(text)} of its mentions in this article
    entity_keys: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    #: entity IRI -> first surface form in this article (for reports)
    entity_names: dict[str, str] = field(default_factory=dict)
    relations: list[SysRelation] = field(default_factory=list)

    def name_of(self, iri: str | None) -> str:
        if iri is None:
            return "?"
        if iri == self.iri:
            return "(the article)"
        return self.entity_names.get(iri) or "<" + iri.rsplit("/", 1)[-1] + ">"


_PREFIXES = """
PREFIX kg: <https://w3id.org/vnkg/ontology#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX itsrdf: <http://www.w3.org/2005/11/its/rdf#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
"""

_Q_ARTICLES = _PREFIXES + """
SELECT ?a ?url ?key WHERE {
  ?a a nif:Context .
  OPTIONAL { ?a nif:sourceUrl ?url } OPTIONAL { ?a kg:articleKey ?key }
}"""

_Q_MENTIONS = _PREFIXES + """
SELECT ?a ?text ?begin ?cls ?ent WHERE {
  %(values)s
  ?p a nif:Phrase ; nif:referenceContext ?a ; nif:anchorOf ?text .
  OPTIONAL { ?p nif:beginIndex ?begin }
  OPTIONAL { ?p itsrdf:taClassRef ?cls }
  OPTIONAL { ?p itsrdf:taIdentRef ?ent }
}"""

_VALUES_KINDS = " ".join(f"kg:{k}" for k in RELATION_KINDS)

_Q_RELATIONS = _PREFIXES + f"""
SELECT ?a ?asr ?kind ?s ?o ?role ?value ?rule ?stext WHERE {{
  %(values)s
  VALUES ?kind {{ {_VALUES_KINDS} }}
  ?asr a kg:Assertion ; rdf:predicate ?kind ; rdf:subject ?s ; prov:wasDerivedFrom ?src .
  {{ ?src nif:referenceContext ?a . ?a a nif:Context }}
  UNION {{ ?src a nif:Context . BIND(?src AS ?a) }}
  OPTIONAL {{ ?src nif:anchorOf ?stext }}
  OPTIONAL {{ ?asr rdf:object ?o }}
  OPTIONAL {{ ?asr kg:value ?value }}
  OPTIONAL {{ ?asr kg:roleLabel ?role }}
  OPTIONAL {{ ?asr kg:rule ?rule }}
}}"""

# holdsPosition without kg:roleLabel on the assertion: the Membership next to it.
_Q_MEMBERSHIP_ROLES = _PREFIXES + """
SELECT ?asr ?role WHERE {
  GRAPH ?g {
    ?asr a kg:Assertion ; rdf:predicate kg:holdsPosition ; rdf:subject ?s ; rdf:object ?o .
    FILTER NOT EXISTS { ?asr kg:roleLabel ?any }
    ?m org:member ?s ; org:organization ?o ; kg:roleLabel ?role .
  }
}"""

_Q_AUTHORS = _PREFIXES + """
SELECT ?a ?p WHERE { %(values)s ?a a nif:Context ; schema:author ?p . }"""


def _val(term) -> str | None:
    return None if term is None else term.value


def load_graph(path: str | Path):
    """Parse an export (``.trig``, ``.nq``, ``.jsonld``, ``.ttl``, ``.nt``) into a pyoxigraph Store.

    >>> load_graph("/nonexistent/graph.trig")
    Traceback (most recent call last):
    graph.errors.EvalError: /nonexistent/graph.trig: no such graph file [E503]
    """
    from graph.errors import GraphFileError
    from graph.rdf.load import load

    try:
        return load(path)
    except GraphFileError as exc:
        raise EvalError(str(exc)) from None


def read_articles(store, only=None) -> dict[str, SysArticle]:
    """Articles of a parsed build, with their mentions and relations, by IRI.

    ``only``: the article IRIs to read in full (the others are listed without
    mentions and relations), which keeps scoring a few gold documents against a
    big build fast.

    >>> import pyoxigraph as ox
    >>> store = ox.Store()
    >>> store.load(input='''
    ... @prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
    ... @prefix itsrdf: <http://www.w3.org/2005/11/its/rdf#> .
    ... <http://x/a> a nif:Context ; nif:sourceUrl <file:///s/a.txt> .
    ... <http://x/a#char=0,7> a nif:Phrase ; nif:referenceContext <http://x/a> ;
    ...    nif:anchorOf "Tỉnh uỷ" ; nif:beginIndex 0 ;
    ...    itsrdf:taClassRef <https://w3id.org/vnkg/ontology#Organization> ;
    ...    itsrdf:taIdentRef <http://x/tinh-uy> .
    ... ''', format=ox.RdfFormat.TURTLE)
    >>> art = read_articles(store)["http://x/a"]
    >>> art.mentions
    [SysMention(type='Organization', text='Tỉnh uỷ', begin=0)]
    >>> dict(art.entity_keys)
    {'http://x/tinh-uy': {'tỉnh ủy'}}
    """
    articles: dict[str, SysArticle] = {}
    for row in store.query(_Q_ARTICLES, use_default_graph_as_union=True):
        iri = row["a"].value
        art = articles.setdefault(iri, SysArticle(iri))
        art.source_url = art.source_url or _val(row["url"])
        art.key = art.key or _val(row["key"])
    if only is not None:
        only = sorted(set(only) & set(articles))
        values = "VALUES ?a { %s }" % " ".join(f"<{iri}>" for iri in only)
    else:
        values = ""
    fill = {"values": values}

    seen_mentions: set[tuple] = set()
    firsts: dict[tuple[str, str], tuple[int, str]] = {}
    for row in store.query(_Q_MENTIONS % fill, use_default_graph_as_union=True):
        art = articles.get(row["a"].value)
        if art is None:
            continue
        text = row["text"].value
        begin = int(row["begin"].value) if row["begin"] is not None else -1
        cls, ent = _val(row["cls"]), _val(row["ent"])
        if ent is not None:
            art.entity_keys[ent].add(norm_key(text))
            first = firsts.get((art.iri, ent))
            if first is None or begin < first[0]:
                firsts[(art.iri, ent)] = (begin, text)
        if cls and cls.startswith(_KG) and cls[len(_KG):] in ENTITY_TYPES:
            mention = SysMention(cls[len(_KG):], text, begin)
            if (art.iri, mention) not in seen_mentions:
                seen_mentions.add((art.iri, mention))
                art.mentions.append(mention)
    for (iri, ent), (_, text) in firsts.items():
        articles[iri].entity_names[ent] = text
    for art in articles.values():
        art.mentions.sort(key=lambda m: (m.begin, m.type, m.text))

    membership_roles: dict[str, list[str]] = defaultdict(list)
    for row in store.query(_Q_MEMBERSHIP_ROLES, use_default_graph_as_union=True):
        membership_roles[str(row["asr"])].append(row["role"].value)

    from pyoxigraph import Literal

    seen: dict[str, set[tuple]] = defaultdict(set)

    def add(art: SysArticle, rel: SysRelation) -> None:
        if rel.key not in seen[art.iri]:
            seen[art.iri].add(rel.key)
            art.relations.append(rel)

    for row in store.query(_Q_RELATIONS % fill, use_default_graph_as_union=True):
        art = articles[row["a"].value]
        kind = row["kind"].value[len(_KG):]
        obj, value = row["o"], _val(row["value"])
        if isinstance(obj, Literal):  # a literal object is a value
            obj, value = None, value or obj.value
        roles = [_val(row["role"])]
        if kind == "holdsPosition" and roles == [None]:
            roles = membership_roles.get(str(row["asr"])) or [None]
        for role in roles:
            add(art, SysRelation(kind, row["s"].value, _val(obj), value, role,
                                 _val(row["rule"]), _val(row["stext"])))
    for row in store.query(_Q_AUTHORS % fill, use_default_graph_as_union=True):
        art = articles[row["a"].value]
        add(art, SysRelation("authorOf", row["p"].value, art.iri, rule="schema:author"))
    return articles


def match_articles(
    docs: list[GoldDocument], articles: dict[str, SysArticle]
) -> tuple[dict[str, SysArticle | None], list[str]]:
    """Gold file name -> the build's article (None when missing), and warnings.

    >>> arts = {"kgart:a": SysArticle("kgart:a", "file:///data/Tin%20m%E1%BB%9Bi/a.txt")}
    >>> doc = GoldDocument("Tin mới/a.txt", {}, [])
    >>> found, warnings = match_articles([doc, GoldDocument("b.txt", {}, [])], arts)
    >>> found["Tin mới/a.txt"].iri, found["b.txt"], warnings
    ('kgart:a', None, ['gold document b.txt has no article in the graph: its gold mentions and relations count as false negatives'])
    """
    by_file: dict[str, SysArticle | None] = {}
    warnings: list[str] = []
    for doc in docs:
        stem = Path(doc.file).stem
        candidates = sorted(
            (
                art
                for art in articles.values()
                if (art.source_url and _url_ends_with(art.source_url, doc.file))
                or art.key in (doc.file, stem)
            ),
            key=lambda a: a.iri,
        )
        if not candidates:
            warnings.append(
                f"gold document {doc.file} has no article in the graph: its gold mentions "
                "and relations count as false negatives"
            )
        elif len(candidates) > 1:
            warnings.append(
                f"gold document {doc.file} matches {len(candidates)} articles "
                f"({', '.join(a.iri for a in candidates)}); scoring {candidates[0].iri} "
                "(put the folder in 'file' to choose)"
            )
        by_file[doc.file] = candidates[0] if candidates else None
    return by_file, warnings


def _url_ends_with(url: str, file: str) -> bool:
    path = unquote(url).replace("\\", "/")
    file = file.replace("\\", "/").lstrip("/")
    return path == file or path.endswith("/" + file)


# ------------------------------------------------------------------ scoring


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """0.0 when the system said nothing."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def to_json(self) -> dict:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Section:
    """Scores micro-averaged over articles: overall and per type (or kind)."""

    parts: dict[str, Score]

    @classmethod
    def of(cls, names) -> Section:
        return cls({name: Score() for name in names})

    @property
    def total(self) -> Score:
        total = Score()
        for score in self.parts.values():
            total.add(score)
        return total

    def add(self, other: Section) -> None:
        for name, score in other.parts.items():
            self.parts.setdefault(name, Score()).add(score)

    def to_json(self, by: str) -> dict:
        total = self.total
        return {"precision": total.precision, "recall": total.recall, "f1": total.f1,
                by: {name: score.to_json() for name, score in self.parts.items()}}


@dataclass(frozen=True)
class Finding:
    """One error for the verbose report: what, of which type or kind, and why."""

    category: str  # entity type or relation kind
    text: str
    note: str = ""
    context: str = ""  # the sentence or gold evidence


@dataclass
class DocumentResult:
    file: str
    article: str | None  # IRI, None when the graph has no such article
    entities: Section
    relations: Section
    entity_fp: list[Finding] = field(default_factory=list)
    entity_fn: list[Finding] = field(default_factory=list)
    relation_fp: list[Finding] = field(default_factory=list)
    relation_fn: list[Finding] = field(default_factory=list)
    relation_dup: list[Finding] = field(default_factory=list)
    entity_ignored: int = 0  # system mentions whose text is optional


def _contains(longer: str, shorter: str) -> bool:
    return longer != shorter and f" {shorter} " in f" {longer} "


def score_entities(doc: GoldDocument, art: SysArticle | None) -> DocumentResult:
    """Score one article's mentions against one gold document.

    >>> doc = GoldDocument("a.txt", {
    ...     "e1": GoldEntity("e1", "Organization", ("Tỉnh ủy",), ("Tỉnh ủy Kon Tum",)),
    ...     "e2": GoldEntity("e2", "Place", ("Kon Rẫy",), ("huyện Kon Rẫy",))}, [])
    >>> art = SysArticle("kgart:a", mentions=[SysMention("Organization", "Tỉnh uỷ", 0),
    ...     SysMention("Organization", "Tỉnh ủy Kon Tum", 9),
    ...     SysMention("Organization", "Kon Rẫy", 30)])
    >>> res = score_entities(doc, art)
    >>> res.entities.parts["Organization"], res.entities.parts["Place"]
    (Score(tp=1, fp=1, fn=0), Score(tp=0, fp=0, fn=1))
    >>> res.entity_fp[0].note, res.entity_fn[0].note
    ('wrong type: gold says Place', 'found as Organization')
    """
    result = DocumentResult(doc.file, art.iri if art else None,
                            Section.of(ENTITY_TYPES), Section.of(RELATION_KINDS))
    gold: dict[tuple[str, str], str] = {}
    for ent in doc.entities.values():
        for text in ent.mentions:
            if norm_key(text):
                gold.setdefault((ent.type, norm_key(text)), text)
    optional = {norm_key(t) for ent in doc.entities.values() for t in ent.optional}
    gold_types: dict[str, set[str]] = defaultdict(set)
    for gtype, key in gold:
        gold_types[key].add(gtype)

    system: dict[tuple[str, str], SysMention] = {}
    for mention in art.mentions if art else ():
        key = norm_key(mention.text)
        if key:
            system.setdefault((mention.type, key), mention)
    sys_types: dict[str, set[str]] = defaultdict(set)
    for stype, key in system:
        sys_types[key].add(stype)

    scores = result.entities.parts
    for (stype, key), mention in system.items():
        if (stype, key) in gold:
            scores[stype].tp += 1
        elif key in optional:
            result.entity_ignored += 1
        else:
            scores[stype].fp += 1
            if gold_types.get(key):
                note = "wrong type: gold says " + "/".join(sorted(gold_types[key]))
            else:
                note = _overlap_note(key, {k: t for (_, k), t in gold.items()}, "gold")
            where = f"@{mention.begin}" if mention.begin >= 0 else ""
            result.entity_fp.append(Finding(stype, mention.text, note, where))
    for (gtype, key), text in gold.items():
        if (gtype, key) not in system:
            scores[gtype].fn += 1
            if sys_types.get(key):
                note = "found as " + "/".join(sorted(sys_types[key]))
            else:
                sys_texts = {k: m.text for (_, k), m in system.items()}
                note = _overlap_note(key, sys_texts, "system") or "not found"
            result.entity_fn.append(Finding(gtype, text, note))
    result.entity_fp.sort(key=lambda f: (f.category, norm_key(f.text)))
    result.entity_fn.sort(key=lambda f: (f.category, norm_key(f.text)))
    return result


def _overlap_note(key: str, others: dict[str, str], whose: str) -> str:
    """Boundary errors: the longest other text containing, or contained in, ``key``."""
    inside = [t for k, t in others.items() if _contains(k, key)]
    if inside:
        return f"part of {whose} \u201c{max(inside, key=len)}\u201d"
    parts = [t for k, t in others.items() if _contains(key, k)]
    if parts:
        return f"contains {whose} \u201c{max(parts, key=len)}\u201d"
    return ""


def _relation_matches(rel: SysRelation, gold: GoldRelation, doc: GoldDocument,
                      art: SysArticle) -> bool:
    if rel.kind != gold.kind:
        return False
    if not art.entity_keys.get(rel.subject, set()) & doc.entities[gold.subject].keys:
        return False
    if gold.value is not None:
        if rel.value is None or rel.value[: len(gold.value)] != gold.value:
            return False
    elif gold.object == ARTICLE:
        if rel.object != art.iri:
            return False
    elif not art.entity_keys.get(rel.object, set()) & doc.entities[gold.object].keys:
        return False
    if gold.role is not None:
        return rel.role is not None and norm_key(rel.role) == norm_key(gold.role)
    return True


def score_relations(doc: GoldDocument, art: SysArticle | None, result: DocumentResult) -> None:
    """Score one article's relations into ``result`` (one-to-one maximum matching).

    >>> doc = GoldDocument("a.txt", {
    ...     "e1": GoldEntity("e1", "Document", ("Nghị quyết 23-NQ/TU",)),
    ...     "e2": GoldEntity("e2", "Organization", ("Tỉnh ủy",))},
    ...     [GoldRelation("e1", "issuedBy", "e2"), GoldRelation("e1", "issuedOn", value="2023-12")])
    >>> art = SysArticle("kgart:a", entity_keys={"d": {"nghị quyết 23-nq/tu"},
    ...     "o1": {"tỉnh ủy"}, "o2": {"tỉnh ủy"}}, relations=[
    ...     SysRelation("issuedBy", "d", "o1"), SysRelation("issuedBy", "d", "o2"),
    ...     SysRelation("issuedOn", "d", None, "2023-12-05")])
    >>> res = score_entities(doc, art); score_relations(doc, art, res)
    >>> res.relations.total, len(res.relation_dup)
    (Score(tp=2, fp=0, fn=0), 1)
    """
    import networkx as nx

    gold = doc.relations
    system = art.relations if art else []
    graph = nx.Graph()
    graph.add_nodes_from(("s", i) for i in range(len(system)))
    graph.add_nodes_from(("g", j) for j in range(len(gold)))
    for i, rel in enumerate(system):
        for j, grel in enumerate(gold):
            if _relation_matches(rel, grel, doc, art):
                graph.add_edge(("s", i), ("g", j))
    top = [("s", i) for i in range(len(system))]
    matching = nx.bipartite.maximum_matching(graph, top_nodes=top)
    scores = result.relations.parts
    for i, rel in enumerate(system):
        if ("s", i) in matching:
            scores[rel.kind].tp += 1
        elif graph.degree(("s", i)):
            j = next(n for _, n in graph.edges(("s", i)))[1]
            result.relation_dup.append(Finding(
                rel.kind, _describe_sys(rel, art),
                "duplicate of a relation already credited to gold "
                + _describe_gold(gold[j], doc), rel.sentence or ""))
        else:
            scores[rel.kind].fp += 1
            result.relation_fp.append(Finding(
                rel.kind, _describe_sys(rel, art), _why_fp(rel, doc, art),
                rel.sentence or ""))
    for j, grel in enumerate(gold):
        if ("g", j) not in matching:
            scores[grel.kind].fn += 1
            note = ("its only matches were credited to other gold relations"
                    if graph.degree(("g", j)) else _why_fn(grel, doc, art))
            result.relation_fn.append(Finding(grel.kind, _describe_gold(grel, doc), note,
                                              grel.evidence))
    for findings in (result.relation_fp, result.relation_fn, result.relation_dup):
        findings.sort(key=lambda f: (RELATION_KINDS.index(f.category), f.text))


def _describe_sys(rel: SysRelation, art: SysArticle) -> str:
    obj = rel.value if rel.value is not None else art.name_of(rel.object)
    role = f" as \u201c{rel.role}\u201d" if rel.role else ""
    rule = f"  [rule {rel.rule}]" if rel.rule else ""
    return f"{art.name_of(rel.subject)} \u2192 {obj}{role}{rule}"


def _describe_gold(rel: GoldRelation, doc: GoldDocument) -> str:
    if rel.value is not None:
        obj = rel.value
    elif rel.object == ARTICLE:
        obj = "(the article)"
    else:
        obj = doc.entities[rel.object].name
    role = f" as \u201c{rel.role}\u201d" if rel.role else ""
    return f"{doc.entities[rel.subject].name} \u2192 {obj}{role}"


def _gold_ids(iri: str | None, doc: GoldDocument, art: SysArticle) -> set[str]:
    """Gold entity ids whose texts the system entity's mentions hit."""
    keys = art.entity_keys.get(iri, set()) if iri else set()
    return {eid for eid, ent in doc.entities.items() if keys & ent.keys}


def _why_fp(rel: SysRelation, doc: GoldDocument, art: SysArticle) -> str:
    subj = _gold_ids(rel.subject, doc, art)
    if not subj:
        return f"subject \u201c{art.name_of(rel.subject)}\u201d is no gold entity"
    if rel.value is None and rel.object != art.iri:
        obj = _gold_ids(rel.object, doc, art)
        if not obj:
            return f"object \u201c{art.name_of(rel.object)}\u201d is no gold entity"
    else:
        obj = {ARTICLE} if rel.object == art.iri else set()
    same = [g for g in doc.relations if g.kind == rel.kind and g.subject in subj]
    for g in same:
        if g.value is None and g.object in obj and g.role is not None:
            return f"gold role is \u201c{g.role}\u201d"
    if same:
        return "gold: " + "; ".join(_describe_gold(g, doc) for g in same)
    other = [g for g in doc.relations if g.subject in subj and g.object in obj]
    if other:
        return "gold says " + ", ".join(sorted({g.kind for g in other}))
    backwards = [g for g in doc.relations
                 if g.kind == rel.kind and g.object in subj and g.subject in obj]
    if backwards:
        return "reversed: gold has it the other way round"
    return "not in gold"


def _why_fn(rel: GoldRelation, doc: GoldDocument, art: SysArticle | None) -> str:
    if art is None:
        return "article missing from the graph"
    subj_keys = doc.entities[rel.subject].keys
    subjects = {iri for iri, keys in art.entity_keys.items() if keys & subj_keys}
    if not subjects:
        return f"subject \u201c{doc.entities[rel.subject].name}\u201d has no linked mention"
    if rel.value is not None:
        found = sorted({r.value for r in art.relations
                        if r.kind == rel.kind and r.subject in subjects and r.value})
        return ("system value " + ", ".join(found)) if found else "no such relation"
    if rel.object == ARTICLE:
        objects = {art.iri}
    else:
        obj_keys = doc.entities[rel.object].keys
        objects = {iri for iri, keys in art.entity_keys.items() if keys & obj_keys}
        if not objects:
            return f"object \u201c{doc.entities[rel.object].name}\u201d has no linked mention"
    between = [r for r in art.relations if r.subject in subjects and r.object in objects]
    same = [r for r in between if r.kind == rel.kind]
    if same:
        return "system role " + ", ".join(
            sorted({f"\u201c{r.role}\u201d" if r.role else "(none)" for r in same}))
    if between:
        return "system says " + ", ".join(sorted({r.kind for r in between}))
    if any(r.kind == rel.kind and r.subject in objects and r.object in subjects
           for r in art.relations):
        return "reversed in the system"
    return "no relation between them"


# ------------------------------------------------------------------ report


@dataclass
class EvalReport:
    gold: Path
    graph: Path
    entities: Section
    relations: Section
    documents: list[DocumentResult]
    warnings: list[str] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        """Gold files with no article in the graph."""
        return [d.file for d in self.documents if d.article is None]

    def to_json(self) -> dict:
        return {"entities": self.entities.to_json("by_type"),
                "relations": self.relations.to_json("by_kind")}

    def format_table(self) -> str:
        matched = len(self.documents) - len(self.missing)
        lines = [f"gold:  {self.gold}", f"graph: {self.graph}",
                 f"documents: {len(self.documents)} in gold, {matched} matched in the graph"
                 + (f" (missing: {', '.join(self.missing)})" if self.missing else ""),
                 ""]
        lines += _table("Entities", self.entities)
        ignored = sum(d.entity_ignored for d in self.documents)
        lines.append(f"(system mentions ignored as optional: {ignored})")
        lines.append("")
        lines += _table("Relations", self.relations)
        dups = sum(len(d.relation_dup) for d in self.documents)
        lines.append(f"(system relations ignored as duplicates of a credited one: {dups})")
        return "\n".join(lines)

    def format_details(self) -> str:
        """Per article: false positives and false negatives with a reason for each."""
        out: list[str] = []
        for doc in self.documents:
            ent, rel = doc.entities.total, doc.relations.total
            out.append("")
            out.append(f"== {doc.file}  {doc.article or '(not in the graph)'}")
            out.append(f"   entities  {_prf(ent)}"
                       + (f"  ignored(optional) {doc.entity_ignored}" if doc.entity_ignored else ""))
            out.append(f"   relations {_prf(rel)}"
                       + (f"  duplicates {len(doc.relation_dup)}" if doc.relation_dup else ""))
            for title, items in (("entity false positives", doc.entity_fp),
                                 ("entity false negatives", doc.entity_fn)):
                if items:
                    out.append(f"  {title}:")
                    width = max(len(f.text) for f in items)
                    width = min(width, 48)
                    for f in items:
                        text = f"\u201c{f.text}\u201d"
                        extra = "  ".join(x for x in (f.context, f.note) if x)
                        out.append(f"    {f.category:<13}{text:<{width + 2}}  {extra}".rstrip())
            for title, items in (("relation false positives", doc.relation_fp),
                                 ("relation false negatives", doc.relation_fn),
                                 ("relation duplicates (not counted)", doc.relation_dup)):
                if items:
                    out.append(f"  {title}:")
                    for f in items:
                        out.append(f"    {f.category:<18}{f.text}")
                        if f.note:
                            out.append(f"    {'':<18}\u2014 {f.note}")
                        if f.context:
                            out.append(f"    {'':<18}\u00ab{_clip(f.context)}\u00bb")
        return "\n".join(out).lstrip("\n")


def _clip(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def _prf(s: Score) -> str:
    return (f"P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}  "
            f"(tp {s.tp}, fp {s.fp}, fn {s.fn})")


def _table(title: str, section: Section) -> list[str]:
    head = f"{title:<19}{'P':>7}{'R':>7}{'F1':>7}{'TP':>6}{'FP':>6}{'FN':>6}"
    rows = [head, "-" * len(head)]
    for name, s in list(section.parts.items()) + [("overall", section.total)]:
        if name == "overall":
            rows.append("-" * len(head))
        rows.append(f"{name:<19}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}"
                    f"{s.tp:>6}{s.fp:>6}{s.fn:>6}")
    return rows


def evaluate(gold_path: str | Path, graph_path: str | Path) -> EvalReport:
    """Score the build at ``graph_path`` against the gold file at ``gold_path``.

    >>> import json, tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "g.json").write_text(json.dumps({"format": "kg-gold/1",
    ...     "documents": [{"file": "a.txt", "relations": [], "entities": [
    ...         {"id": "e1", "type": "Place", "mentions": ["Kon Tum"], "optional": []}]}]}))
    >>> _ = (folder / "b.trig").write_text('''
    ... @prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
    ... @prefix itsrdf: <http://www.w3.org/2005/11/its/rdf#> .
    ... <http://x/a> a nif:Context ; nif:sourceUrl <file:///in/a.txt> .
    ... <http://x/a#char=5,12> a nif:Phrase ; nif:referenceContext <http://x/a> ;
    ...    nif:anchorOf "Kon Tum" ; itsrdf:taClassRef <https://w3id.org/vnkg/ontology#Place> .
    ... ''')
    >>> report = evaluate(folder / "g.json", folder / "b.trig")
    >>> report.entities.total, report.missing
    (Score(tp=1, fp=0, fn=0), [])
    """
    gold_path, graph_path = Path(gold_path), Path(graph_path)
    docs = load_gold(gold_path)
    store = load_graph(graph_path)
    by_file, warnings = match_articles(docs, read_articles(store, only=()))
    articles = read_articles(store, only=[a.iri for a in by_file.values() if a])
    by_file = {file: art and articles[art.iri] for file, art in by_file.items()}
    entities, relations = Section.of(ENTITY_TYPES), Section.of(RELATION_KINDS)
    results = []
    for doc in docs:
        art = by_file[doc.file]
        result = score_entities(doc, art)
        score_relations(doc, art, result)
        entities.add(result.entities)
        relations.add(result.relations)
        results.append(result)
    return EvalReport(gold_path, graph_path, entities, relations, results, warnings)
