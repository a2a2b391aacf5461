"""Relations between entities, from the sentence that states them.

Each rule reads one sentence's mentions and the words between them (the rules
by kind: :mod:`~graph.relate.posts`, :mod:`~graph.relate.documents`,
:mod:`~graph.relate.events`, :mod:`~graph.relate.structure`; their words are
data in ``graph/rules/relations/``). Every relation records its rule and that
rule's calibrated confidence (its precision on the dev split of the annotated
corpus, :func:`graph.relate.rules.confidence`), and the date the sentence
states it for (``as_of``: the sentence's own date, else the nearest earlier
date of its paragraph, else the article's publication date, else the date its
first paragraph gives; see :mod:`graph.relate.dates`). An issuer read off a
document number's code is a separate, weaker statement (``presumedIssuedBy``)
from one the sentence states (``issuedBy``).

>>> parse_date("18-5-2021"), parse_date("ngày 5 tháng 12 năm 2023"), parse_date("28/12", 2023)
('2021-05-18', '2023-12-05', '2023-12-28')
"""

from __future__ import annotations

from dataclasses import replace

from graph.model import ArticleResult, Entity, Mention, Relation
from graph.relate import rules
from graph.relate.dates import ArticleDates, SentenceDate, parse_date, sentence_date
from graph.relate.documents import (DATE_AFTER_RE, extract_authors, extract_bylines, extract_implements,
                                    extract_issued, presumed_issuers)
from graph.relate.events import extract_events
from graph.relate.posts import extract_posts
from graph.relate.sentence import NESTED_PARENT, SentenceView
from graph.relate.structure import extract_located, extract_sub_organizations
from graph.text import fold_tones

__all__ = ["SentenceView", "extract_relations", "parse_date"]


def extract_relations(result: ArticleResult, entities: dict[str, Entity]) -> list[Relation]:
    """All relations of one article (its mentions already resolved).

    >>> from graph.read.reader import article_from_text
    >>> from graph.analyse.pipeline import analyze
    >>> from graph.resolve.resolver import Resolver
    >>> art = article_from_text("a.txt", "Ngày 5/12/2023, Tỉnh ủy ban hành Nghị quyết số 23-NQ/TU.")
    >>> [result], entities = Resolver().resolve_all([ArticleResult(art, *analyze(art))])
    >>> rels = extract_relations(result, entities)
    >>> sorted((r.predicate, r.value or entities[r.object].label, r.as_of) for r in rels)
    [('issuedBy', 'Tỉnh ủy', '2023-12-05'), ('issuedOn', '2023-12-05', '2023-12-05'), ('presumedIssuedBy', 'Tỉnh ủy', None)]
    """
    art = result.article
    clock = ArticleDates(art.text[: art.body_end or len(art.text)], art.published)
    folded = fold_tones(art.text)
    by_sentence: dict[int, list[Mention]] = {}
    for m in result.mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    out: list[Relation] = []
    mentioned = frozenset(m.entity for m in result.mentions)
    # once per article, not per sentence (a long article has thousands)
    mentions_sorted = sorted((m for m in result.mentions if m.rule != NESTED_PARENT), key=lambda m: (m.start, -m.end))
    dated: dict[int, list[SentenceDate]] = {}
    for i, sent in enumerate(result.sentences):
        mentions = sorted(by_sentence.get(i, []), key=lambda m: (m.start, -m.end))
        view = SentenceView(i, sent, mentions, art.text, mentioned, folded, entities, mentions_sorted)
        view.dates = dated[i] = sentence_date(art.text, sent.start, sent.end, clock, _not_dates(view))
        if not view.mentions:
            continue
        out += extract_issued(view, clock)
        out += extract_posts(view)
        out += extract_implements(view)
        out += extract_sub_organizations(view)
        out += extract_located(view)
        out += extract_authors(view)
        out += extract_events(view)
    out += extract_bylines(result)
    out += presumed_issuers(result, entities)
    as_of = _as_of(result, dated, clock)
    # one statement per (kind, subject, object, value, role, sentence)
    seen, unique = set(), []
    for r in out:
        key = (r.predicate, r.subject, r.object, r.value, r.role, r.sentence)
        if key not in seen and r.subject != r.object and r.subject and (r.object or r.value):
            seen.add(key)
            kind = "issuedBy" if r.predicate == "presumedIssuedBy" else r.predicate
            unique.append(replace(r, confidence=rules.confidence(r.rule, kind),
                                  as_of=r.as_of or (as_of[r.sentence] if r.predicate != "presumedIssuedBy" else None)))
    return unique


def _not_dates(view: SentenceView) -> list[tuple[int, int]]:
    """Spans whose dates are not the sentence's: names, and the dates of documents."""
    spans = [(m.start, m.end) for m in view.mentions]
    for d in view.of_type("Document"):
        m = DATE_AFTER_RE.match(view.text, d.end, view.end)
        if m:
            spans.append((m.start(), m.end()))
    return spans


#: How far into an article its lead's date may stand (characters).
_LEAD_SPAN = 600


def _as_of(result: ArticleResult, dated: dict[int, list[SentenceDate]], clock: ArticleDates) -> dict[int, str | None]:
    """The date each sentence states its facts for."""
    art = result.article
    text = art.text
    published = art.published[:10] if art.published else None
    # the lead's date: the first one the article's opening gives ("(binhdinh.gov.vn) - Sáng 16/4, …")
    lead = next((d.value for i, ds in sorted(dated.items()) for d in ds
                 if d.marks == "on" and result.sentences[i].start < _LEAD_SPAN), None)
    out: dict[int, str | None] = {}
    para_date: str | None = None
    for i, sent in enumerate(result.sentences):
        if i and "\n" in text[result.sentences[i - 1].end:sent.start]:
            para_date = None  # a new paragraph
        # the time of the facts, else a date they run from ("nghỉ hưu từ ngày 1/5/2025")
        own = [d.value for d in dated.get(i, []) if d.marks == "on"] or \
              [d.value for d in dated.get(i, []) if d.marks == "from"]
        if own:
            para_date = own[0]
        out[i] = para_date or published or lead
    return out
