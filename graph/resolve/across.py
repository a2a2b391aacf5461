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
>>> from graph.build.work import EntityRecord, Summary
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

from graph.model import Entity

__all__ = ["IndexEntry", "conflict_renames", "entity_index", "national_names"]


def national_names(summaries: Iterable) -> frozenset[str]:
    """Person names (norm keys) that some article gives a national title."""
    out: set[str] = set()
    for s in summaries:
        out |= s.national_given
    return frozenset(out)


def conflict_renames(summaries: Iterable) -> dict[str, dict[str, str]]:
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
    labels: Counter = field(default_factory=Counter)
    subtypes: Counter = field(default_factory=Counter)
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


def entity_index(summaries: Iterable) -> dict[str, IndexEntry]:
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
