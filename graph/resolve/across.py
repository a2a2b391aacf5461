"""Resolution across articles: what one article's entities depend on in the others.

Each article is resolved on its own (:func:`graph.build.work.process`); three
things need the other articles, and are computed here from the small summaries
the build keeps of each:

* people some article gives a national title are one person nationwide
  (:func:`national_names`);
* people merged by name whose one-holder posts conflict on the same day are
  kept apart (:func:`conflict_renames`);
* the entity index: one label, class and mention count per entity, summed over
  the articles (:func:`entity_index`).

>>> from collections import Counter
>>> def s(key, posts, date="2024-01-01"):
...     return Summary(key, {}, frozenset(), frozenset(), posts, date, 0, 0, Counter(), Counter(), 0)
>>> a = s("a", [("kgid:person/kon-tum/hung", "bí thư", "kgid:org/x")])
>>> b = s("b", [("kgid:person/kon-tum/hung", "bí thư", "kgid:org/y")])
>>> conflict_renames([a, b])
{'b': {'kgid:person/kon-tum/hung': 'kgid:person/kon-tum/hung-b'}}
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from graph.model import ArticleResult, Entity
from graph.rdf.iris import NATIONAL
from graph.resolve.resolver import UNIQUE_ROLES
from graph.text import norm_key

__all__ = ["EntityRecord", "IndexEntry", "Summary", "body_form", "conflict_renames", "entity_index",
           "national_names", "same_body", "summarise"]


@dataclass
class EntityRecord:
    """What one article says of an entity, for the entity index (summed over articles)."""

    type: str
    labels: Counter[str] = field(default_factory=Counter)  # surface form -> mentions
    subtypes: Counter[str] = field(default_factory=Counter)
    mentions: int = 0
    scope: str = NATIONAL  # where the name is unique: "vn", a province slug, "a-{article}"


@dataclass
class Summary:
    """The small part of an article's result the build keeps for the cross-article steps."""

    key: str
    entities: dict[str, EntityRecord]
    person_keys: frozenset[str]  # name keys of every person it names
    national_given: frozenset[str]  # names this article gives a national title
    posts: list[tuple[str, str, str]]  # (person IRI before a namesake split, role key, body IRI) of one-holder posts
    published: str | None
    sentences: int
    mentions: int
    mentions_by_type: Counter[str]
    relations_by_kind: Counter[str]
    figures: int
    national_used: frozenset[str] = frozenset()
    renames_used: tuple[tuple[str, str], ...] = ()


def summarise(r: ArticleResult, entities: dict[str, Entity], national: frozenset[str] = frozenset(),
              renames: tuple[tuple[str, str], ...] = ()) -> Summary:
    """What the build keeps of an article for the steps across articles."""
    records: dict[str, EntityRecord] = {}
    for m in r.mentions:
        ent = entities[m.entity]  # type: ignore[index]
        rec = records.get(m.entity)  # type: ignore[arg-type]
        if rec is None:
            rec = records[m.entity] = EntityRecord(ent.type, scope=ent.scope)  # type: ignore[index]
        rec.labels[m.text] += 1
        rec.mentions += 1
        if m.subtype:
            rec.subtypes[m.subtype] += 1
    # entities named only as the parent of a body, or the far end of a relation
    for iri, ent in entities.items():
        if iri not in records:
            records[iri] = EntityRecord(ent.type, Counter({ent.label: 0}),
                                        Counter({ent.subtype: 0}) if ent.subtype else Counter(), scope=ent.scope)
    # posts under the holder's IRI before any split of namesakes, so that the split
    # decided from them is the same in the next round (a fixed point, not a flip-flop)
    before = {new: old for old, new in renames}
    posts: list[tuple[str, str, str]] = []
    for rel in r.relations:
        if rel.predicate == "holdsPosition" and not rel.former and norm_key(rel.role or "") in UNIQUE_ROLES:
            holder = entities.get(rel.subject)
            if holder is not None and holder.scope != NATIONAL and rel.object:
                posts.append((before.get(rel.subject, rel.subject), norm_key(rel.role or ""), rel.object))
    return Summary(
        key=r.article.key,
        entities=records,
        person_keys=frozenset(norm_key(m.text) for m in r.mentions if m.type == "Person"),
        national_given=frozenset(norm_key(m.text) for m in r.mentions if m.type == "Person" and m.national),
        posts=posts,
        published=r.article.published,
        sentences=len(r.sentences),
        mentions=len(r.mentions),
        mentions_by_type=Counter(m.type for m in r.mentions),
        relations_by_kind=Counter(rel.predicate for rel in r.relations),
        figures=len(r.figures),
        national_used=national,
        renames_used=tuple(renames),
    )




def national_names(summaries: Iterable[Summary]) -> frozenset[str]:
    """Person names (norm keys) that some article gives a national title."""
    out: set[str] = set()
    for s in summaries:
        out |= s.national_given
    return frozenset(out)


#: Unit words dropped when two written names of a body are compared ("UBND thành phố" = "UBND TP Đà
#: Nẵng"), unless they begin a compound ("Quận ủy", "Thành đoàn", "Huyện ủy" stay).
_UNIT_WORDS = frozenset({"tỉnh", "thành phố", "tp", "tp.", "quận", "q", "q.", "huyện", "h.", "thị xã", "tx",
                         "tx.", "xã", "phường", "p.", "thị trấn", "và"})
_COMPOUND_NEXT = frozenset({"ủy", "đoàn", "bộ", "đội", "hội", "ủy viên"})
_GLUED_UNIT = re.compile(r"(?<![\w.])(tp|q|h|tx|p)\.(?=\w)")
_JOINER = re.compile(r"[\s&/–-]+")


@cache
def _provinces() -> frozenset[str]:
    from graph.lexicon import load

    return frozenset(load().provinces)


def body_form(label: str) -> tuple[str, ...]:
    """A body's written name as :func:`conflict_renames` compares it: abbreviations spelled
    out (:func:`graph.resolve.resolver.canonical_org`); unit words, "và" and province names
    dropped (the people compared are scoped to one province already).

    >>> body_form("UBND TP.Đà Nẵng"), body_form("Quận ủy quận Thủ Đức"), body_form("UBND Q.Tân Phú")
    (('ủy', 'ban', 'nhân', 'dân'), ('quận', 'ủy', 'thủ', 'đức'), ('ủy', 'ban', 'nhân', 'dân', 'tân', 'phú'))
    >>> body_form("Sở Tài nguyên và Môi trường tỉnh") == body_form("Sở Tài nguyên - Môi trường tỉnh Yên Bái")
    True
    """
    from graph.resolve.resolver import canonical_org

    key = _GLUED_UNIT.sub(r"\1. ", canonical_org(label))  # "tp.đà nẵng" -> "tp. đà nẵng"
    words = [w for w in _JOINER.split(key) if w]  # "tài nguyên - môi trường", "tn&mt"
    provinces = _provinces()
    out: list[str] = []
    i = 0
    while i < len(words):
        n = next((k for k in (4, 3, 2) if " ".join(words[i:i + k]) in provinces), 0)
        if not n:
            two = " ".join(words[i:i + 2])
            n = 2 if two in _UNIT_WORDS else 1 if words[i] in _UNIT_WORDS else 0
            if n and i + n < len(words) and words[i + n] in _COMPOUND_NEXT:
                n = 0
        if n:
            i += n
            continue
        out.append(words[i])
        i += 1
    return tuple(out)


def same_body(a: Iterable[tuple[str, ...]], b: Iterable[tuple[str, ...]]) -> bool:
    """Whether two sets of written names (:func:`body_form`) share one: "UBND thành phố"
    and "UBND TP Đà Nẵng" can be one body, "Huyện ủy Đăk Hà" and "Huyện ủy Sa Thầy" cannot.

    >>> same_body({body_form("UBND thành phố")}, {body_form("UBND TP Đà Nẵng")})
    True
    >>> same_body({body_form("Huyện ủy Đăk Hà")}, {body_form("Huyện ủy Sa Thầy"), body_form("Huyện ủy")})
    False
    """
    return not set(a).isdisjoint(b)


def _forms(s: Summary, body: str) -> frozenset[tuple[str, ...]]:
    rec = s.entities.get(body)
    labels = [t for t in rec.labels] if rec is not None and rec.labels else []
    return frozenset(body_form(t) for t in labels) or frozenset({(body,)})


def conflict_renames(summaries: Iterable[Summary]) -> dict[str, dict[str, str]]:
    """Per article key, the person IRIs to replace: a person merged by name within a
    province, given the same one-holder post ("Bí thư") in a different body by an
    article of the same date (or both undated), is a namesake in the later article.

    Bodies are compared by their written names, not their IRIs (:func:`same_body`:
    "UBND thành phố" and "UBND TP Hà Nội" are one body), and an article that names, for
    that post, any body an earlier article gave it is about the same person.
    Articles are taken in key order, so the result does not depend on the order in
    which they were built.

    >>> from collections import Counter
    >>> def s(key, body, label):
    ...     return Summary(key, {body: EntityRecord("Organization", Counter({label: 1}))}, frozenset(), frozenset(),
    ...                    [("kgid:person/ha-noi/chung", "chủ tịch", body)], None, 0, 0, Counter(), Counter(), 0)
    >>> conflict_renames([s("a", "kgid:org/ha-noi/ubnd-thanh-pho", "UBND thành phố"),
    ...                   s("b", "kgid:org/ha-noi/ubnd-tp-ha-noi", "UBND TP Hà Nội")])
    {}
    >>> conflict_renames([s("a", "kgid:org/ha-noi/ubnd-tp-ha-noi", "UBND TP Hà Nội"),
    ...                   s("b", "kgid:org/ha-noi/ubnd-huyen-soc-son", "UBND huyện Sóc Sơn")])
    {'b': {'kgid:person/ha-noi/chung': 'kgid:person/ha-noi/chung-b'}}
    """
    posts: dict[tuple[str, str | None, str], dict[str, frozenset[tuple[str, ...]]]] = defaultdict(dict)
    out: dict[str, dict[str, str]] = {}
    for s in sorted(summaries, key=lambda s: s.key):
        date = (s.published or "")[:10] or None
        held: dict[tuple[str, str], set[tuple[str, ...]]] = defaultdict(set)
        for person, role, body in s.posts:
            held[(person, role)] |= _forms(s, body)
        renamed: dict[str, str] = {}
        for (person, role), forms in held.items():
            seen = posts[(person, date, role)]
            if seen and s.key not in seen and not any(same_body(forms, other) for other in seen.values()):
                renamed[person] = f"{person}-{s.key}"
        for (person, role), forms in held.items():
            if person not in renamed:
                posts[(person, date, role)].setdefault(s.key, frozenset(forms))
        if renamed:
            out[s.key] = renamed
    return out


@dataclass
class IndexEntry:
    """One entity as the whole graph knows it."""

    type: str
    labels: Counter[str] = field(default_factory=Counter)
    subtypes: Counter[str] = field(default_factory=Counter)
    mentions: int = 0
    articles: set[str] = field(default_factory=set)
    scope: str = NATIONAL
    pref_label: str = ""  # the fullest name, disambiguated (set by entity_index)

    @property
    def label(self) -> str:
        """The most frequent name, then the longest, then alphabetically last (stable)."""
        return max(self.labels, key=lambda s: (self.labels[s], len(s), s)) if self.labels else ""

    @property
    def subtype(self) -> str | None:
        return max(self.subtypes, key=lambda s: (self.subtypes[s], s)) if self.subtypes else None

    def entity(self, iri: str) -> Entity:
        return Entity(iri, self.type, self.subtype, self.pref_label or self.label, set(self.labels))


def entity_index(summaries: Iterable[Summary]) -> dict[str, IndexEntry]:
    """Every entity of the graph, its records summed over the articles that name it."""
    index: dict[str, IndexEntry] = {}
    for s in summaries:
        for iri, rec in s.entities.items():
            entry = index.get(iri)
            if entry is None:
                entry = index[iri] = IndexEntry(rec.type)
            entry.labels.update(rec.labels)
            entry.subtypes.update(rec.subtypes)
            entry.mentions += rec.mentions
            entry.scope = getattr(rec, "scope", entry.scope)
            if rec.mentions:
                entry.articles.add(s.key)
    for iri, label in pref_labels(index).items():
        index[iri].pref_label = label
    return index


def _fullest(entry: IndexEntry) -> str:
    """The fullest name the articles give: the longest written form ("Nghị quyết số
    23-NQ/TU", not "Nghị quyết"; "Nguyễn Văn Hùng", not "Hùng"), then the most frequent."""
    written = [t for t, n in entry.labels.items() if n] or list(entry.labels)
    if not written:
        return ""
    return max(written, key=lambda t: (len(norm_key(t).split()), entry.labels[t], len(t), t))


def _province_names() -> dict[str, str]:
    from graph.lexicon import load
    from graph.text import slugify

    return {slugify(e.name): e.name for e in load().provinces.values()}


def pref_labels(index: dict[str, IndexEntry]) -> dict[str, str]:
    """A label a reader can tell apart, per entity: the fullest name, with the province of
    a provincial name where the name does not say it ("Ban Thường vụ Tỉnh ủy Bình Định",
    "UBND tỉnh Kon Tum"), and, for names still shared, what scopes them.

    >>> index = {"a": IndexEntry("Organization", Counter({"Ban Thường vụ Tỉnh ủy": 3}), scope="binh-dinh"),
    ...          "b": IndexEntry("Organization", Counter({"Ban Thường vụ Tỉnh ủy": 1}), scope="kon-tum"),
    ...          "c": IndexEntry("Document", Counter({"Nghị quyết 23": 2, "Nghị quyết số 23-NQ/TU": 1}),
    ...                          scope="kon-tum"),
    ...          "d": IndexEntry("Organization", Counter({"Tỉnh ủy": 1}), scope="a-pol_017")}
    >>> pref_labels(index)
    {'a': 'Ban Thường vụ Tỉnh ủy Bình Định', 'b': 'Ban Thường vụ Tỉnh ủy Kon Tum', 'c': 'Nghị quyết số 23-NQ/TU (Kon Tum)', 'd': 'Tỉnh ủy'}
    """
    provinces = _province_names()
    out: dict[str, str] = {}
    for iri, e in index.items():
        label = _fullest(e)
        province = provinces.get(e.scope)
        if province and norm_key(province) not in norm_key(label):
            label = f"{label} {province}" if e.type == "Organization" else f"{label} ({province})"
        out[iri] = label
    seen: dict[str, list[str]] = {}
    for iri, label in out.items():
        seen.setdefault(norm_key(label), []).append(iri)
    for iris_ in seen.values():
        if len(iris_) > 1:  # still ambiguous: say what scopes each one
            for iri in iris_:
                scope = index[iri].scope
                if scope.startswith("a-"):
                    out[iri] = f"{out[iri]} (bài {scope[2:]})"
    return out
