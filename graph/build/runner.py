"""``kg build``: read, analyse, resolve, relate, emit, export.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> src = out / "in"; src.mkdir()
>>> _ = (src / "a.txt").write_text("Ngày 5/12/2023, Tỉnh ủy Kon Tum ban hành Nghị quyết số 23-NQ/TU.", "utf-8")
>>> _ = (src / "bad.txt").write_bytes(b"\\xff\\xfe\\x00\\x01")
>>> report = build_graph([src], out / "exports", progress=False)
>>> report.articles, report.mentions_by_type["Document"], len(report.errors)
(1, 1, 1)
>>> sorted(p.name for p in (out / "exports").iterdir() if not p.name.startswith("."))
['entities.csv', 'figures.csv', 'graph.graphml', 'graph.html', 'graph.jsonld', 'graph.nq', 'graph.trig', 'mentions.csv', 'relations.csv', 'store']
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import spacy
from rdflib import Dataset, Literal, URIRef

from graph import __version__

from graph.atomic import Staging
from graph.export.tables import write_entities_csv, write_mentions_csv
from graph.model import ENTITY_TYPES, ArticleResult, InputError
from graph.analyse.pipeline import COMPONENTS, analyze
from graph.export.tables import write_figures_csv, write_relations_csv
from graph.relate.figures import extract_figures, figures_to_rdf
from graph.emit.quads import (BUILD_GRAPH, ENTITIES_GRAPH, article_iri, article_quads, build_activity,
                       build_quads, build_time, entity_index_quads, relation_quads, sentence_iri)
from graph.relate.relations import extract_relations
from graph.read.reader import iter_files, read_article
from graph.resolve.resolver import Resolver, split_conflicting_people
from graph.store.knowledge_store import KnowledgeStore


@dataclass
class BuildReport:
    """What a build did, for its closing summary.

    >>> print(BuildReport(articles=1, out=Path("exports")).summary().splitlines()[0])
    Built exports: 1 articles, 0 sentences in 0.0 s
    """

    articles: int = 0
    sentences: int = 0
    mentions_by_type: Counter = field(default_factory=Counter)
    entities_by_type: Counter = field(default_factory=Counter)
    relations_by_kind: Counter = field(default_factory=Counter)
    figures: int = 0
    reused: int = 0  # articles whose analysis came from the cache (content unchanged)
    updated: int = 0  # articles whose graphs were replaced in the store
    removed: int = 0  # articles gone from the input, their graphs removed
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    out: Path | None = None

    def summary(self) -> str:
        lines = [
            f"Built {self.out}: {self.articles} articles, {self.sentences} sentences "
            f"in {self.seconds:.1f} s",
            f"  store: {self.updated} articles updated, {self.removed} removed, "
            f"{self.reused} unchanged articles not analysed again",
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
    """A one-line progress report on stderr for long runs.

    >>> Progress(10, enabled=False).update(5, "a.txt")  # silent when disabled
    """

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


def analysis_version() -> str:
    """Changes whenever the reader, segmenter, recognisers or gazetteers change.

    >>> len(analysis_version()) == 16 and analysis_version() == analysis_version()
    True
    """
    global _ANALYSIS_VERSION
    if _ANALYSIS_VERSION is None:
        root = Path(__file__).resolve().parent.parent
        h = hashlib.sha256(f"{__version__} spacy {spacy.__version__}".encode())
        for f in sorted([*(root / "read").glob("*.py"), *(root / "analyse").rglob("*.py"),
                         root / "lexicon.py", root / "text.py", *(root / "data").iterdir()]):
            h.update(f.name.encode() + f.read_bytes())
        _ANALYSIS_VERSION = h.hexdigest()[:16]
    return _ANALYSIS_VERSION


_ANALYSIS_VERSION: str | None = None


class AnalysisCache:
    """Analyses of earlier builds, by content hash: unchanged articles are not analysed again.

    >>> import tempfile
    >>> cache = AnalysisCache(Path(tempfile.mkdtemp()))
    >>> cache.put("abc", ["sentences", "mentions"]); cache.get("abc"), cache.get("def")
    (['sentences', 'mentions'], None)
    """

    def __init__(self, folder: Path):
        self.folder = folder / analysis_version()
        self.folder.mkdir(parents=True, exist_ok=True)

    def get(self, content_hash: str):
        f = self.folder / f"{content_hash}.pickle"
        if f.is_file():
            try:
                return pickle.loads(f.read_bytes())
            except Exception:  # a damaged cache entry is analysed again
                return None
        return None

    def put(self, content_hash: str, value) -> None:
        f = self.folder / f"{content_hash}.pickle"
        tmp = f.with_suffix(".tmp")
        tmp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, f)


def _analyse(path: Path, root: Path):
    """Read and analyse one file: (article, sentences, mentions), or the error line.

    >>> import tempfile
    >>> f = Path(tempfile.mkdtemp()) / "empty.txt"; _ = f.write_text("")
    >>> _analyse(f, f.parent).endswith("empty.txt: empty file")
    True
    """
    try:
        article = read_article(path, root)
        sentences, mentions = analyze(article)
        return article, sentences, mentions
    except InputError as exc:
        return str(exc)
    except Exception as exc:  # one bad file never stops the build
        return f"{path}: {type(exc).__name__}: {exc}"


def analyse_files(paths: Iterable[Path | str], report: BuildReport, progress: bool = True,
                  cache: AnalysisCache | None = None, jobs: int = 1) -> list[ArticleResult]:
    """Read and analyse every article (in ``jobs`` processes); a bad file becomes one error line.

    >>> report = BuildReport()
    >>> [r.article.key for r in analyse_files([Path("nowhere")], report, progress=False)], report.errors
    ([], ['nowhere: no such file or folder'])
    """
    try:
        files = list(iter_files(paths))
    except InputError as exc:
        report.errors.append(str(exc))
        files = []
    bar = Progress(len(files), progress)
    done: dict[int, object] = {}
    todo: list[int] = []
    for n, (path, root) in enumerate(files):
        try:
            article = read_article(path, root)
        except InputError as exc:
            done[n] = str(exc)
            continue
        cached = cache.get(article.content_hash) if cache else None
        if cached is None:
            todo.append(n)
            continue
        meta, sentences, mentions = cached
        meta.path, meta.key = article.path, article.key
        done[n] = (meta, sentences, mentions)
        report.reused += 1
    bar.update(len(done), "cached")
    pool = ProcessPoolExecutor(jobs) if jobs > 1 and len(todo) > 20 else None
    try:
        outputs = (pool.map(_analyse, *zip(*[files[n] for n in todo]), chunksize=8) if pool and todo
                   else (_analyse(*files[n]) for n in todo))
        for n, out in zip(todo, outputs):
            done[n] = out
            if cache and not isinstance(out, str):
                cache.put(out[0].content_hash, out)
            bar.update(len(done), files[n][0].name)
    finally:
        if pool:
            pool.shutdown()
    results = []
    for n in range(len(files)):
        out = done[n]
        if isinstance(out, str):
            report.errors.append(out)
        else:
            results.append(ArticleResult(*out))
    _dedupe_keys(results)
    return results


def _dedupe_keys(results: list[ArticleResult]) -> None:
    """Two inputs with the same key (same name in two folders) get distinct keys."""
    seen: Counter[str] = Counter()
    for r in results:
        seen[r.article.key] += 1
        if seen[r.article.key] > 1:
            r.article.key = f"{r.article.key}__{seen[r.article.key]}"


class _Converter:
    """rdflib terms to pyoxigraph ones, remembering the IRIs and literals seen
    (a build repeats them a great deal).

    >>> _Converter().term(Literal("Tỉnh ủy", lang="vi"))
    <Literal value=Tỉnh ủy language=vi>
    """

    def __init__(self):
        self.memo: dict = {}

    def term(self, t):
        # rdflib terms compare equal across types (Literal("1") == URIRef("1") is False,
        # but Literal 1 and 1.0 may be): key on type and lexical form.
        key = (type(t), str(t), getattr(t, "language", None), getattr(t, "datatype", None))
        got = self.memo.get(key)
        if got is None:
            got = self.memo[key] = self._convert(t)
        return got

    @staticmethod
    def _convert(t):
        if isinstance(t, URIRef):
            return ox.NamedNode(str(t))
        if isinstance(t, Literal):
            if t.language:
                return ox.Literal(str(t), language=t.language)
            if t.datatype:
                return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))
            return ox.Literal(str(t))
        return ox.BlankNode(str(t))

    def quads(self, quads) -> list[ox.Quad]:
        term = self.term
        return [ox.Quad(term(s), term(p), term(o), term(g)) for s, p, o, g in quads]


def _digest(quads: list[ox.Quad]) -> str:
    return hashlib.sha256("\n".join(sorted(map(str, quads))).encode()).hexdigest()


def build_graph(paths: Iterable[Path | str], out: Path | str = "exports", *, progress: bool = True,
                cache: bool = True, jobs: int | None = None) -> BuildReport:
    """Build the graph of the articles under ``paths`` into ``out``.

    The store ``out/store`` is updated in place: an article whose graph changed
    has its named graphs replaced, an article no longer in the input has them
    removed. Then every export is written from the store, atomically.
    """
    t0 = time.monotonic()
    started = build_time()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    report = BuildReport(out=out)
    jobs = jobs or min(os.cpu_count() or 1, 4)
    results = analyse_files(paths, report, progress, AnalysisCache(out / ".cache") if cache else None, jobs)
    entities = Resolver().resolve_all(results)
    for r in results:
        r.relations = extract_relations(r, entities)
    split_conflicting_people(results, entities)
    for r in results:
        year = int(r.article.published[:4]) if r.article.published else None
        r.figures = extract_figures(r.article.text, r.sentences, r.mentions, article_year=year)

    activity = build_activity(r.article.content_hash for r in results)
    state_file = out / ".cache" / "state.json"
    old_state = json.loads(state_file.read_text()) if state_file.is_file() else {}
    new_state: dict[str, str] = {}
    # Every quad of this build, in memory: the exports are staged from it first; only
    # then is the store on disk updated (changed articles replaced, gone ones removed),
    # and the staged exports moved into place. A failure before that leaves both as
    # the previous build left them.
    everything = ox.Store()
    convert = _Converter()
    by_article: dict[str, list[ox.Quad]] = {}
    for r in results:
        quads = convert.quads(article_quads(r, entities, activity, _facts(r, entities)))
        everything.bulk_extend(quads)
        by_article[r.article.key] = quads
        new_state[r.article.key] = _digest(quads)
    names = [name for name, _ in COMPONENTS[1:-1]] + [
        "kg_entity_resolver", "kg_relation_extractor", "kg_figure_extractor"]
    build = convert.quads(build_quads(activity, started, build_time(), names))
    everything.bulk_extend(build)
    counts = Counter(m.entity for r in results for m in r.mentions)
    index = convert.quads(entity_index_quads(entities, counts, activity))
    everything.bulk_extend(index)

    with Staging(out) as staging:
        exports = KnowledgeStore(everything)
        for name in ("graph.trig", "graph.nq", "graph.jsonld"):
            exports.dump(staging.path(name))
        write_entities_csv(results, entities, staging.path("entities.csv"))
        write_mentions_csv(results, staging.path("mentions.csv"))
        write_relations_csv(results, entities, staging.path("relations.csv"))
        write_figures_csv(results, entities, staging.path("figures.csv"))
        _write_views(everything, staging)

        with KnowledgeStore.open(out / "store") as store:
            stored = set(store.article_hashes())
            changed = [key for key in by_article if old_state.get(key) != new_state[key] or key not in stored]
            if len(changed) > max(len(by_article) // 2, 100):
                # most of the graph changed (a new store, new rules): one bulk load beats a
                # transaction per article by far
                store.store.clear()
                store.store.bulk_extend(everything)
                report.updated = len(changed)
                stored = set(by_article)
            else:
                for key in changed:
                    store.replace_article(key, by_article[key])
                    report.updated += 1
            for key in sorted(stored - set(new_state)):
                store.remove_article(key)
                report.removed += 1
            store.replace_graph(str(BUILD_GRAPH), build)
            store.replace_graph(str(ENTITIES_GRAPH), index)
        staging.commit()
    tmp = state_file.with_suffix(".tmp")
    tmp.write_text(json.dumps(new_state, indent=0, sort_keys=True))
    os.replace(tmp, state_file)

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


def _write_views(store: ox.Store, staging: Staging) -> None:
    """GraphML (the networkx projection) and the browser view, from the store."""
    from graph.viz.project import to_networkx, write_graphml
    from graph.viz import write_graph_html

    write_graphml(to_networkx(store), staging.path("graph.graphml"))
    write_graph_html(store, staging.path("graph.html"))
