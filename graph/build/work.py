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
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

from graph.analyse.pipeline import analyze
from graph.model import ArticleResult, Article, Entity
from graph.relate.relations import extract_relations
from graph.resolve.resolver import Resolver
from graph.text import norm_key

__all__ = ["ArticleWork", "analyse_article", "process"]


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


def _rename(result: ArticleResult, entities: dict[str, Entity],
            renames: dict[str, str]) -> tuple[ArticleResult, dict[str, Entity]]:
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


def digest(*parts: str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()[:32]
