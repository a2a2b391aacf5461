"""The CSV exports: entities, mentions, relations, figures."""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from graph.model import ArticleResult, Entity


def _csv(path: Path, header: list[str], rows: Iterable[list]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def write_entities_csv(results: list[ArticleResult], entities: dict[str, Entity], path: Path) -> None:
    """One row per mentioned entity: IRI, type, label, aliases, mention count, articles.

    >>> import csv, tempfile
    >>> from graph.read.reader import article_from_text
    >>> from graph.analyse.pipeline import analyze
    >>> from graph.resolve.resolver import Resolver
    >>> art = article_from_text("seeds/nq23.txt", "Ngày 5/12/2023, Tỉnh ủy Kon Tum ban hành Nghị quyết số 23-NQ/TU.")
    >>> [result], entities = Resolver().resolve_all([ArticleResult(art, *analyze(art))])
    >>> path = Path(tempfile.mkdtemp()) / "entities.csv"
    >>> write_entities_csv([result], entities, path)
    >>> path.read_text(encoding="utf-8").splitlines()[0]
    'iri,type,subtype,label,aliases,mentions,articles'
    >>> [(row["type"], row["label"], row["mentions"], row["articles"]) for row in csv.DictReader(path.open(encoding="utf-8"))]
    [('Document', 'Nghị quyết số 23-NQ/TU', '1', 'nq23'), ('Organization', 'Tỉnh ủy Kon Tum', '1', 'nq23'), ('Place', 'Kon Tum', '1', 'nq23')]
    """
    counts: Counter[str] = Counter()
    articles: dict[str, set[str]] = defaultdict(set)
    for r in results:
        for m in r.mentions:
            counts[m.entity] += 1
            articles[m.entity].add(r.article.key)
    rows = [
        [e.iri, e.type, e.subtype or "", e.label, " | ".join(sorted(e.aliases)), counts[e.iri],
         " | ".join(sorted(articles[e.iri]))]
        for e in sorted(entities.values(), key=lambda e: e.iri)
        if counts[e.iri]
    ]
    _csv(path, ["iri", "type", "subtype", "label", "aliases", "mentions", "articles"], rows)


def write_mentions_csv(results: list[ArticleResult], path: Path) -> None:
    """One row per resolved mention, with its entity IRI, sentence and rule.

    >>> import csv, tempfile
    >>> from graph.read.reader import article_from_text
    >>> from graph.analyse.pipeline import analyze
    >>> from graph.resolve.resolver import Resolver
    >>> art = article_from_text("seeds/nq23.txt", "Ngày 5/12/2023, Tỉnh ủy Kon Tum ban hành Nghị quyết số 23-NQ/TU.")
    >>> [result], entities = Resolver().resolve_all([ArticleResult(art, *analyze(art))])
    >>> path = Path(tempfile.mkdtemp()) / "mentions.csv"
    >>> write_mentions_csv([result], path)
    >>> path.read_text(encoding="utf-8").splitlines()[0]
    'article,start,end,text,type,subtype,entity,sentence_start,sentence_end,sentence,rule'
    >>> [(row["start"], row["end"], row["text"], row["rule"]) for row in csv.DictReader(path.open(encoding="utf-8"))]
    [('16', '31', 'Tỉnh ủy Kon Tum', 'org-grammar'), ('24', '31', 'Kon Tum', 'place-province'), ('41', '63', 'Nghị quyết số 23-NQ/TU', 'document-number')]
    """
    rows = []
    for r in sorted(results, key=lambda r: r.article.key):
        for m in r.mentions:
            s = r.sentences[m.sentence]
            rows.append([r.article.key, m.start, m.end, m.text, m.type, m.subtype or "", m.entity,
                         s.start, s.end, s.text, m.rule])
    _csv(path, ["article", "start", "end", "text", "type", "subtype", "entity", "sentence_start",
                "sentence_end", "sentence", "rule"], rows)


def write_relations_csv(results: list[ArticleResult], entities: dict[str, Entity], path: Path) -> None:
    """One row per relation: both ends with their labels (or the literal value), the
    sentence it comes from, the rule and its confidence.

    >>> import csv, tempfile
    >>> from graph.read.reader import article_from_text
    >>> from graph.analyse.pipeline import analyze
    >>> from graph.resolve.resolver import Resolver
    >>> art = article_from_text("seeds/nq23.txt", "Ngày 5/12/2023, Tỉnh ủy Kon Tum ban hành Nghị quyết số 23-NQ/TU.")
    >>> [result], entities = Resolver().resolve_all([ArticleResult(art, *analyze(art))])
    >>> from graph.relate.relations import extract_relations
    >>> result.relations = extract_relations(result, entities)
    >>> path = Path(tempfile.mkdtemp()) / "relations.csv"
    >>> write_relations_csv([result], entities, path)
    >>> path.read_text(encoding="utf-8").splitlines()[0]
    'subject,subject_label,predicate,object,object_label_or_value,role,article,sentence_start,sentence_end,sentence,rule,confidence'
    >>> [(row["subject_label"], row["predicate"], row["object_label_or_value"]) for row in csv.DictReader(path.open(encoding="utf-8"))]
    [('Nghị quyết số 23-NQ/TU', 'issuedBy', 'Tỉnh ủy Kon Tum'), ('Nghị quyết số 23-NQ/TU', 'issuedOn', '2023-12-05'), ('Tỉnh ủy Kon Tum', 'locatedIn', 'Kon Tum')]
    """
    def label(iri):
        ent = entities.get(iri or "")
        return ent.label if ent else ""

    rows = []
    for r in sorted(results, key=lambda r: r.article.key):
        for rel in r.relations:
            s = r.sentences[rel.sentence]
            rows.append([rel.subject, label(rel.subject), rel.predicate, rel.object or "",
                         label(rel.object) if rel.object else rel.value, rel.role or "",
                         r.article.key, s.start, s.end, s.text, rel.rule, rel.confidence])
    _csv(path, ["subject", "subject_label", "predicate", "object", "object_label_or_value", "role",
                "article", "sentence_start", "sentence_end", "sentence", "rule", "confidence"], rows)


def write_figures_csv(results: list[ArticleResult], entities: dict[str, Entity], path: Path) -> None:
    """One row per reported figure (columns :data:`graph.relate.figures.FIGURE_COLUMNS`).

    >>> import csv, tempfile
    >>> from graph.read.reader import article_from_text
    >>> from graph.analyse.pipeline import analyze
    >>> from graph.resolve.resolver import Resolver
    >>> from graph.relate.figures import extract_figures
    >>> art = article_from_text("seeds/dv.txt", "Năm 2023, Tỉnh ủy Kon Tum kết nạp mới 111 đảng viên, đạt 111% so chỉ tiêu.")
    >>> [result], entities = Resolver().resolve_all([ArticleResult(art, *analyze(art))])
    >>> result.figures = extract_figures(art.text, result.sentences, result.mentions, article_year=2023)
    >>> path = Path(tempfile.mkdtemp()) / "figures.csv"
    >>> write_figures_csv([result], entities, path)
    >>> [(row["body_label"], row["value"], row["unit"], row["period"], row["share_of_plan"])
    ...  for row in csv.DictReader(path.open(encoding="utf-8"))]
    [('Tỉnh ủy Kon Tum', '111', 'đảng viên', '2023', '111')]
    """
    from graph.relate.figures import FIGURE_COLUMNS, figures_to_rows

    labels = {iri: e.label for iri, e in entities.items()}
    rows = []
    for r in sorted(results, key=lambda r: r.article.key):
        for row in figures_to_rows(r.figures, article=r.article.key, sentences=r.sentences, labels=labels):
            rows.append([row[c] for c in FIGURE_COLUMNS])
    _csv(path, list(FIGURE_COLUMNS), rows)
