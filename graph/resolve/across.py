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

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from graph.model import ArticleResult, Entity
from graph.rdf.iris import NATIONAL
from graph.resolve.resolver import UNIQUE_ROLES
from graph.text import norm_key

__all__ = ["EntityRecord", "IndexEntry", "Summary", "conflict_renames", "entity_index", "national_names",
           "summarise"]


@dataclass
class EntityRecord:
    """What one article says of an entity, for the entity index (summed over articles)."""

    type: str
    labels: Counter[str] = field(default_factory=Counter)  # surface form -> mentions
    subtypes: Counter[str] = field(default_factory=Counter)
    mentions: int = 0


@dataclass
class Summary:
    """The small part of an article's result the build keeps for the cross-article steps."""

    key: str
    entities: dict[str, EntityRecord]
    person_keys: frozenset[str]  # name keys of every person it names
    national_given: frozenset[str]  # names this article gives a national title
    posts: list[tuple[str, str, str]]  # (person IRI, role key, body IRI) of one-holder posts held
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
            rec = records[m.entity] = EntityRecord(ent.type)  # type: ignore[index]
        rec.labels[m.text] += 1
        rec.mentions += 1
        if m.subtype:
            rec.subtypes[m.subtype] += 1
    # entities named only as the parent of a body, or the far end of a relation
    for iri, ent in entities.items():
        if iri not in records:
            records[iri] = EntityRecord(ent.type, Counter({ent.label: 0}),
                                        Counter({ent.subtype: 0}) if ent.subtype else Counter())
    posts: list[tuple[str, str, str]] = []
    for rel in r.relations:
        if rel.predicate == "holdsPosition" and not rel.former and norm_key(rel.role or "") in UNIQUE_ROLES:
            holder = entities.get(rel.subject)
            if holder is not None and holder.scope != NATIONAL and rel.object:
                posts.append((rel.subject, norm_key(rel.role or ""), rel.object))
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


def conflict_renames(summaries: Iterable[Summary]) -> dict[str, dict[str, str]]:
    """Per article key, the person IRIs to replace: a person merged by name within a
    province, given the same one-holder post ("Bí thư") in a different body by an
    article of the same date (or both undated), is a namesake in the later article.

    Articles are taken in key order, so the result does not depend on the order
    in which they were built.
    """
    posts: dict[tuple[str, str | None, str], dict[str, str]] = defaultdict(dict)
    out: dict[str, dict[str, str]] = {}
    for s in sorted(summaries, key=lambda s: s.key):
        date = (s.published or "")[:10] or None
        renamed: dict[str, str] = {}
        for person, role, body in s.posts:
            seen = posts[(person, date, role)]
            if seen and body not in seen.values() and s.key not in seen:
                renamed[person] = f"{person}-{s.key}"
            else:
                seen[s.key] = body
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

    @property
    def label(self) -> str:
        """The most frequent name, then the longest, then alphabetically last (stable)."""
        return max(self.labels, key=lambda s: (self.labels[s], len(s), s)) if self.labels else ""

    @property
    def subtype(self) -> str | None:
        return max(self.subtypes, key=lambda s: (self.subtypes[s], s)) if self.subtypes else None

    def entity(self, iri: str) -> Entity:
        return Entity(iri, self.type, self.subtype, self.label, set(self.labels))


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
            if rec.mentions:
                entry.articles.add(s.key)
    return index
