"""``kg build``: read, analyse, resolve, relate, emit, export.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> src = out / "in"; src.mkdir()
>>> _ = (src / "a.txt").write_text("Ngày 5/12/2023, Tỉnh ủy Kon Tum ban hành Nghị quyết số 23-NQ/TU.", "utf-8")
>>> _ = (src / "bad.txt").write_bytes(b"\\xff\\xfe\\x00\\x01")
>>> report = build_graph([src], out / "exports", progress=False)
>>> report.articles, report.mentions_by_type["Document"], len(report.errors)
(1, 1, 1)
>>> sorted(p.name for p in (out / "exports").iterdir())[:3]
['entities.csv', 'graph.graphml', 'graph.html']
"""

from __future__ import annotations

import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, URIRef
from rdflib.namespace import NamespaceManager

from graph.export import Staging, write_entities_csv, write_mentions_csv, write_rdf
from graph.model import ENTITY_TYPES, ArticleResult, InputError
from graph.namespaces import PREFIXES
from graph.pipeline import COMPONENTS, analyze
from graph.export import write_figures_csv, write_relations_csv
from graph.figures import extract_figures, figures_to_rdf
from graph.rdf import (article_iri, article_quads, build_activity, build_quads, build_time,
                       relation_quads, sentence_iri)
from graph.relations import extract_relations
from graph.reader import iter_files, read_article
from graph.resolve import Resolver


@dataclass
class BuildReport:
    articles: int = 0
    sentences: int = 0
    mentions_by_type: Counter = field(default_factory=Counter)
    entities_by_type: Counter = field(default_factory=Counter)
    relations_by_kind: Counter = field(default_factory=Counter)
    figures: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    out: Path | None = None

    def summary(self) -> str:
        lines = [
            f"Built {self.out}: {self.articles} articles, {self.sentences} sentences "
            f"in {self.seconds:.1f} s",
            f"  {'type':<14}{'mentions':>10}{'entities':>10}",
        ]
        for t in ENTITY_TYPES:
            lines.append(f"  {t:<14}{self.mentions_by_type[t]:>10}{self.entities_by_type[t]:>10}")
        lines.append(f"  {'total':<14}{sum(self.mentions_by_type.values()):>10}"
                     f"{sum(self.entities_by_type.values()):>10}")
        if self.relations_by_kind:
            lines.append("  relations: " + ", ".join(
                f"{k} {v}" for k, v in sorted(self.relations_by_kind.items())))
        if self.figures:
            lines.append(f"  figures: {self.figures}")
        lines.append(f"  errors: {len(self.errors)}")
        lines.extend(f"    {e}" for e in self.errors)
        return "\n".join(lines)


class Progress:
    """A one-line progress report on stderr for long runs."""

    def __init__(self, total: int, enabled: bool = True):
        self.total, self.enabled = total, enabled and total > 1
        self.start = self.last = time.monotonic()

    def update(self, done: int, name: str) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self.last < 1.0 and done < self.total):
            return
        self.last = now
        rate = done / max(now - self.start, 1e-6)
        eta = (self.total - done) / rate if rate else 0
        sys.stderr.write(f"\r[{done}/{self.total}] {rate:.1f} articles/s, ~{eta:.0f} s left  {name[:40]:<40}")
        if done >= self.total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def new_dataset() -> Dataset:
    """An rdflib Dataset over an in-memory Oxigraph store, with our prefixes bound."""
    ds = Dataset(store="Oxigraph")
    ds.namespace_manager = NamespaceManager(ds, bind_namespaces="core")
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, str(ns))
    for prefix, ns in (("org", "http://www.w3.org/ns/org#"), ("prov", "http://www.w3.org/ns/prov#"),
                       ("dcterms", "http://purl.org/dc/terms/"), ("skos", "http://www.w3.org/2004/02/skos/core#"),
                       ("schema", "https://schema.org/")):
        ds.bind(prefix, ns)
    return ds


def analyse_files(paths: Iterable[Path | str], report: BuildReport, progress: bool = True) -> list[ArticleResult]:
    """Read and analyse every article; a bad file becomes one error line."""
    try:
        files = list(iter_files(paths))
    except InputError as exc:
        report.errors.append(str(exc))
        files = []
    bar = Progress(len(files), progress)
    results = []
    for n, (path, root) in enumerate(files, 1):
        try:
            article = read_article(path, root)
            sentences, mentions = analyze(article)
            results.append(ArticleResult(article, sentences, mentions))
        except InputError as exc:
            report.errors.append(str(exc))
        except Exception as exc:  # one bad file never stops the build
            report.errors.append(f"{path}: {type(exc).__name__}: {exc}")
        bar.update(n, path.name)
    _dedupe_keys(results)
    return results


def _dedupe_keys(results: list[ArticleResult]) -> None:
    """Two inputs with the same key (same name in two folders) get distinct keys."""
    seen: Counter[str] = Counter()
    for r in results:
        seen[r.article.key] += 1
        if seen[r.article.key] > 1:
            r.article.key = f"{r.article.key}__{seen[r.article.key]}"


def build_graph(paths: Iterable[Path | str], out: Path | str = "exports", *, progress: bool = True) -> BuildReport:
    """Build the graph of the articles under ``paths`` and write the exports to ``out``."""
    t0 = time.monotonic()
    started = build_time()
    report = BuildReport(out=Path(out))
    results = analyse_files(paths, report, progress)
    entities = Resolver().resolve_all(results)

    for r in results:
        r.relations = extract_relations(r, entities)
        year = int(r.article.published[:4]) if r.article.published else None
        r.figures = extract_figures(r.article.text, r.sentences, r.mentions, article_year=year)

    ds = new_dataset()
    activity = build_activity(r.article.content_hash for r in results)
    for r in results:
        ds.addN(_with_graph(ds, article_quads(r, entities, activity, _facts(r, entities))))
    names = [name for name, _ in COMPONENTS[1:-1]] + [
        "kg_entity_resolver", "kg_relation_extractor", "kg_figure_extractor"]
    ds.addN(_with_graph(ds, build_quads(activity, started, build_time(), names)))

    with Staging(Path(out)) as staging:
        write_rdf(ds, staging)
        write_entities_csv(results, entities, staging.path("entities.csv"))
        write_mentions_csv(results, staging.path("mentions.csv"))
        write_relations_csv(results, entities, staging.path("relations.csv"))
        write_figures_csv(results, entities, staging.path("figures.csv"))
        _write_optional_views(ds, staging)
        staging.commit()

    report.articles = len(results)
    report.sentences = sum(len(r.sentences) for r in results)
    for r in results:
        report.mentions_by_type.update(m.type for m in r.mentions)
        report.relations_by_kind.update(rel.predicate for rel in r.relations)
        report.figures += len(r.figures)
    report.entities_by_type.update(e.type for e in entities.values())
    report.seconds = time.monotonic() - t0
    return report


def _facts(r: ArticleResult, entities) -> dict[int, list]:
    """Relations and figures of an article, as quads per sentence index."""
    key = r.article.key
    facts: dict[int, list] = defaultdict(list)
    for rel in r.relations:
        s = r.sentences[rel.sentence]
        sent = sentence_iri(key, s.start, s.end)
        for q in relation_quads(rel, key, sent, entities, r.article.published):
            facts[rel.sentence].append((q, "kg_relation_extractor"))
    if r.figures:
        tmp = Dataset()
        graphs = {i: tmp.graph(URIRef(f"urn:x-sentence:{i}")) for i in {f.sentence for f in r.figures}}
        sent_iris = [sentence_iri(key, s.start, s.end) for s in r.sentences]
        figures_to_rdf(r.figures, article_iri(key), sent_iris, graphs.__getitem__)
        for i, g in graphs.items():
            facts[i].extend(((s, p, o, None), "kg_figure_extractor") for s, p, o in sorted(g))
    return facts


def _with_graph(ds: Dataset, quads):
    graphs = {}
    for s, p, o, g in quads:
        ctx = graphs.get(g)
        if ctx is None:
            ctx = graphs[g] = ds.graph(g)
        yield s, p, o, ctx


def _write_optional_views(ds: Dataset, staging: Staging) -> None:
    """GraphML (networkx projection) and the browser view."""
    from graph.project import to_networkx, write_graphml

    nx_graph = to_networkx(ds)
    write_graphml(nx_graph, staging.path("graph.graphml"))
    try:
        from graph.viz import write_graph_html
    except ImportError:
        return
    write_graph_html(ds, staging.path("graph.html"))
