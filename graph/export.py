"""Write a build's exports atomically: all files are staged, then moved into place.

A build that fails before :meth:`Staging.commit` leaves the previous exports as
they were; each file is replaced with ``os.replace`` (atomic on one file system).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from graph.model import ArticleResult, Entity


class Staging:
    """A temporary folder inside ``out`` whose files replace ``out``'s on commit.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> with Staging(out) as st:
    ...     _ = st.path("a.txt").write_text("new")
    ...     st.commit()
    >>> (out / "a.txt").read_text()
    'new'
    """

    def __init__(self, out: Path):
        self.out = Path(out)
        self.out.mkdir(parents=True, exist_ok=True)
        self.dir = Path(tempfile.mkdtemp(prefix=".staging-", dir=self.out))

    def path(self, name: str) -> Path:
        return self.dir / name

    def commit(self) -> None:
        for f in sorted(self.dir.iterdir()):
            f.chmod(0o644)  # temp files are created private
            os.replace(f, self.out / f.name)

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def _csv(path: Path, header: list[str], rows: Iterable[list]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def write_entities_csv(results: list[ArticleResult], entities: dict[str, Entity], path: Path) -> None:
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
    rows = []
    for r in sorted(results, key=lambda r: r.article.key):
        for m in r.mentions:
            s = r.sentences[m.sentence]
            rows.append([r.article.key, m.start, m.end, m.text, m.type, m.subtype or "", m.entity,
                         s.start, s.end, s.text, m.rule])
    _csv(path, ["article", "start", "end", "text", "type", "subtype", "entity", "sentence_start",
                "sentence_end", "sentence", "rule"], rows)


def write_relations_csv(results: list[ArticleResult], entities: dict[str, Entity], path: Path) -> None:
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
    from graph.figures import FIGURE_COLUMNS, figures_to_rows

    labels = {iri: e.label for iri, e in entities.items()}
    rows = []
    for r in sorted(results, key=lambda r: r.article.key):
        for row in figures_to_rows(r.figures, article=r.article.key, sentences=r.sentences, labels=labels):
            rows.append([row[c] for c in FIGURE_COLUMNS])
    _csv(path, list(FIGURE_COLUMNS), rows)
