"""What one article gives, on its own: the stages from read to emit for one file.

This is the function the build's workers run (a process pool, or a Dask
cluster): it depends on the article, its metadata and two small facts the
build knows about the other articles (which person names some article gives a
national title, and which people a same-day conflict of posts splits), so it
can run anywhere and its output is the same wherever it runs.

>>> from graph.read.reader import article_from_text
>>> art = article_from_text("a.txt", "Ngày 5/12/2023, Tỉnh ủy Kon Tum ban hành Nghị quyết số 23-NQ/TU.")
>>> work = process(analyse_article(art))
>>> sorted((r.predicate, r.value or work.entities[r.object].label) for r in work.result.relations)
[('issuedBy', 'Tỉnh ủy Kon Tum'), ('issuedOn', '2023-12-05'), ('locatedIn', 'Kon Tum')]
>>> em = emit_article(work, "a.txt", "https://w3id.org/vnkg/build/pipeline/x")
>>> em.nquads.count("\\n") == len(set(em.nquads.splitlines())), em.summary.mentions
(True, 3)
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter
from dataclasses import dataclass, field, replace

import pyoxigraph as ox

from graph.analyse.pipeline import analyze
from graph.emit.quads import article_lines
from graph.model import ArticleResult, Article, Entity
from graph.rdf.iris import NATIONAL
from graph.rdf.prefixes import PREFIXES
from graph.relate.figures import FIGURE_COLUMNS, figures_to_rows
from graph.relate.relations import extract_relations
from graph.resolve.resolver import UNIQUE_ROLES, Resolver
from graph.text import norm_key

__all__ = ["ArticleWork", "Emitted", "EntityRecord", "Summary", "analyse_article", "emit_article",
           "process", "MENTION_COLUMNS", "RELATION_COLUMNS"]

MENTION_COLUMNS = ("article", "start", "end", "text", "type", "subtype", "entity", "sentence_start",
                   "sentence_end", "rule")
RELATION_COLUMNS = ("subject", "subject_label", "predicate", "object", "object_label_or_value", "role",
                    "former", "article", "sentence_start", "sentence_end", "sentence", "rule", "confidence")
#: A sentence longer than this is cut in relations.csv (the offsets give it whole).
SENTENCE_CAP = 600


def analyse_article(article: Article) -> ArticleResult:
    """Stage *analyse*: sentences and mentions (nothing resolved yet)."""
    sentences, mentions = analyze(article)
    return ArticleResult(article, sentences, mentions)


@dataclass
class ArticleWork:
    """An article resolved and related, with the records of the entities it names."""

    result: ArticleResult
    entities: dict[str, Entity]
    national: frozenset[str] = frozenset()  # names of its people other articles make national
    renames: tuple[tuple[str, str], ...] = ()  # person IRIs replaced after a conflict of posts


def process(analysed: ArticleResult, national: frozenset[str] = frozenset(),
            renames: dict[str, str] | None = None) -> ArticleWork:
    """Stages *resolve* and *relate* for one analysed article.

    ``national``: names of people some other article gives a national title (they
    are one person nationwide); ``renames``: person IRIs to replace (people the
    build keeps apart after a conflict of posts).
    """
    persons = {norm_key(m.text) for m in analysed.mentions if m.type == "Person"}
    own = {norm_key(m.text) for m in analysed.mentions if m.type == "Person" and m.national}
    national = frozenset(national) & persons  # only what can change this article
    resolver = Resolver()
    resolver.national_people = set(national) | own
    result = resolver.resolve_article(analysed)
    entities = resolver.finish()
    result = replace(result, relations=extract_relations(result, entities))
    year = int(result.article.published[:4]) if result.article.published else None
    from graph.relate.figures import extract_figures

    result = replace(result, figures=extract_figures(result.article.text, result.sentences, result.mentions,
                                                     article_year=year))
    if renames:
        result, entities = _rename(result, entities, renames)
    return ArticleWork(result, entities, national, tuple(sorted((renames or {}).items())))


def _rename(result: ArticleResult, entities: dict[str, Entity], renames: dict[str, str]):
    out = dict(entities)
    for old, new in renames.items():
        if old in out:
            out[new] = replace(out.pop(old), iri=new, scope=f"a-{result.article.key}")
    result = replace(
        result,
        mentions=[replace(m, entity=renames.get(m.entity, m.entity)) for m in result.mentions],  # type: ignore[arg-type]
        relations=[replace(r, subject=renames.get(r.subject, r.subject),
                           object=renames.get(r.object, r.object) if r.object else r.object)
                   for r in result.relations],
        figures=[replace(f, body=renames.get(f.body, f.body) if f.body else f.body) for f in result.figures])
    return result, out


@dataclass
class EntityRecord:
    """What one article says of an entity, for the entity index (summed over articles)."""

    type: str
    labels: Counter = field(default_factory=Counter)  # surface form -> mentions
    subtypes: Counter = field(default_factory=Counter)
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
    mentions_by_type: Counter
    relations_by_kind: Counter
    figures: int
    national_used: frozenset[str] = frozenset()
    renames_used: tuple[tuple[str, str], ...] = ()


@dataclass
class Emitted:
    """An article's share of every export, ready to be concatenated."""

    nquads: str
    trig: str
    jsonld: str  # the members of a JSON-LD array, without the brackets
    mentions_csv: str
    relations_csv: str
    figures_csv: str
    summary: Summary


def _csv_text(rows) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def emit_article(work: ArticleWork, source_url: str, activity: str = "") -> Emitted:
    """Stage *emit* for one article: its quads and its rows of every export."""
    r = work.result
    key = r.article.key
    lines = article_lines(r, work.entities, activity, source_url)
    nquads = "".join(lines)
    quads = list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS)) if nquads else []
    trig = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES).decode("utf-8")
    trig = "".join(line + "\n" for line in trig.splitlines() if not line.startswith("@prefix "))
    jsonld = ox.serialize(quads, format=ox.RdfFormat.JSON_LD).decode("utf-8").strip()
    jsonld = jsonld[1:-1] if jsonld.startswith("[") else jsonld

    sentences = r.sentences
    mention_rows = [[key, m.start, m.end, m.text, m.type, m.subtype or "", m.entity,
                     sentences[m.sentence].start, sentences[m.sentence].end, m.rule] for m in r.mentions]

    def label(iri):
        ent = work.entities.get(iri or "")
        return ent.label if ent else ""

    relation_rows = []
    for rel in r.relations:
        s = sentences[rel.sentence]
        text = s.text if len(s.text) <= SENTENCE_CAP else s.text[: SENTENCE_CAP - 1] + "…"
        relation_rows.append([rel.subject, label(rel.subject), rel.predicate, rel.object or "",
                              label(rel.object) if rel.object else rel.value, rel.role or "",
                              "true" if rel.former else "", key, s.start, s.end, text, rel.rule,
                              rel.confidence])
    labels = {iri: e.label for iri, e in work.entities.items()}
    figure_rows = [[row[c] for c in FIGURE_COLUMNS]
                   for row in figures_to_rows(r.figures, article=key, sentences=sentences, labels=labels)]
    return Emitted(nquads, trig, jsonld, _csv_text(mention_rows), _csv_text(relation_rows),
                   _csv_text(figure_rows), summarise(work))


def summarise(work: ArticleWork) -> Summary:
    r = work.result
    records: dict[str, EntityRecord] = {}
    for m in r.mentions:
        ent = work.entities[m.entity]  # type: ignore[index]
        rec = records.get(m.entity)  # type: ignore[arg-type]
        if rec is None:
            rec = records[m.entity] = EntityRecord(ent.type)  # type: ignore[index]
        rec.labels[m.text] += 1
        rec.mentions += 1
        if m.subtype:
            rec.subtypes[m.subtype] += 1
    # entities named only as the parent of a body, or the far end of a relation
    for iri, ent in work.entities.items():
        if iri not in records:
            records[iri] = EntityRecord(ent.type, Counter({ent.label: 0}),
                                        Counter({ent.subtype: 0}) if ent.subtype else Counter())
    posts = []
    for rel in r.relations:
        if rel.predicate == "holdsPosition" and not rel.former and norm_key(rel.role or "") in UNIQUE_ROLES:
            ent = work.entities.get(rel.subject)
            if ent is not None and ent.scope != NATIONAL and rel.object:
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
        national_used=work.national,
        renames_used=work.renames,
    )


def digest(*parts: str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()[:32]
