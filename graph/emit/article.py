"""One article's share of every export: its N-Quads lines, TriG and JSON-LD fragments,
its rows of mentions.csv, relations.csv and figures.csv.

>>> from graph.read.reader import article_from_text
>>> from graph.build.work import analyse_article, process
>>> art = article_from_text("a.txt", "Ngày 5/12/2023, Tỉnh ủy Kon Tum ban hành Nghị quyết số 23-NQ/TU.")
>>> work = process(analyse_article(art))
>>> em = emit_article(work.result, work.entities, "a.txt", "https://w3id.org/vnkg/build/pipeline/x")
>>> len(em.nquads.splitlines()) == len(set(em.nquads.splitlines())), em.summary.mentions
(True, 3)
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from graph.emit.quads import article_lines
from graph.model import ArticleResult, Entity
from graph.rdf import fragments
from graph.relate.figures import FIGURE_COLUMNS, figures_to_rows
from graph.resolve.across import Summary, summarise

__all__ = ["Emitted", "MENTION_COLUMNS", "RELATION_COLUMNS", "emit_article"]

MENTION_COLUMNS = ("article", "start", "end", "text", "type", "subtype", "entity", "sentence_start",
                   "sentence_end", "rule")
RELATION_COLUMNS = ("subject", "subject_label", "predicate", "object", "object_label_or_value", "role",
                    "former", "article", "sentence_start", "sentence_end", "sentence", "rule", "confidence")
#: A sentence longer than this is cut in relations.csv (the offsets give it whole).
SENTENCE_CAP = 600


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


def _csv_text(rows: list[list[object]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def emit_article(result: ArticleResult, entities: dict[str, Entity], source_url: str, activity: str,
                 national: frozenset[str] = frozenset(), renames: tuple[tuple[str, str], ...] = ()) -> Emitted:
    """Stage *emit* for one article: its quads and its rows of every export, and the
    summary the build keeps of it."""
    r = result
    key = r.article.key
    lines = article_lines(r, entities, activity, source_url)
    nquads = "".join(lines)
    trig = fragments.trig(lines)
    jsonld = fragments.jsonld(lines)

    sentences = r.sentences
    mention_rows: list[list[object]] = [[key, m.start, m.end, m.text, m.type, m.subtype or "", m.entity,
                     sentences[m.sentence].start, sentences[m.sentence].end, m.rule] for m in r.mentions]

    def label(iri: str | None) -> str:
        ent = entities.get(iri or "")
        return ent.label if ent else ""

    relation_rows: list[list[object]] = []
    for rel in r.relations:
        s = sentences[rel.sentence]
        text = s.text if len(s.text) <= SENTENCE_CAP else s.text[: SENTENCE_CAP - 1] + "…"
        relation_rows.append([rel.subject, label(rel.subject), rel.predicate, rel.object or "",
                              label(rel.object) if rel.object else rel.value, rel.role or "",
                              "true" if rel.former else "", key, s.start, s.end, text, rel.rule,
                              rel.confidence])
    labels = {iri: e.label for iri, e in entities.items()}
    figure_rows: list[list[object]] = [[row[c] for c in FIGURE_COLUMNS]
                   for row in figures_to_rows(r.figures, article=key, sentences=sentences, labels=labels)]
    return Emitted(nquads, trig, jsonld, _csv_text(mention_rows), _csv_text(relation_rows),
                   _csv_text(figure_rows), summarise(r, entities, national, renames))
