"""``kg build``: plan, run the per-article stages, look across articles, store, export.

A build never loses data: a missing path, an empty selection or a run where
every file fails changes nothing (:class:`~graph.errors.BuildError`); by
default it adds and updates the articles it reads and keeps all others
(``sync=True`` mirrors the input instead); it writes a new store version and
new exports beside the current ones and switches to them only when complete,
so a build killed at any moment leaves the previous graph readable, and the
next build recovers.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> src = out / "in"; src.mkdir()
>>> _ = (src / "a.txt").write_text("Ngày 5/12/2023, Tỉnh ủy Kon Tum ban hành Nghị quyết số 23-NQ/TU.", "utf-8")
>>> _ = (src / "bad.txt").write_bytes(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00\\x00\\rIHDR")
>>> report = build_graph([src], out / "exports", progress=False)
>>> report.articles, report.mentions_by_type["Document"], len(report.errors)
(1, 1, 1)
>>> sorted(p.name for p in (out / "exports").iterdir() if not p.name.startswith("."))
['entities.csv', 'figures.csv', 'graph.graphml', 'graph.html', 'graph.jsonld', 'graph.nq', 'graph.trig', 'mentions.csv', 'relations.csv', 'store']
>>> again = build_graph([src], out / "exports", progress=False)
>>> again.unchanged, again.changed
(1, False)
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph._version import __version__
from graph.atomic import Staging, atomic_file
from graph.build.lock import BuildLock
from graph.store.knowledge_store import bulk_load_nquads
from graph.store.state import ArticleState, Blobs, State, load_state, peek_state, save_state
from graph.emit.article import Emitted
from graph.resolve.across import Summary
from graph.emit.quads import build_lines, build_time, entity_index_lines, pipeline_activity
from graph.errors import BuildError, Errors, InputError, KGError
from graph.model import ENTITY_TYPES
from graph.rdf import iris
from graph.read.files import DEFAULT_MAX_BYTES, read_bytes
from graph.read.reader import article_key, iter_files, source_path
from graph.export.files import EXPORTS, Grouped, Layout, tail_subjects, write_exports, write_views
from graph.resolve.across import IndexEntry, conflict_renames, entity_index, national_names
from graph.store import versions

__all__ = ["BuildReport", "analysis_version", "build_graph", "pipeline_version", "remove_articles"]


@dataclass
class BuildReport:
    """What a build did, for its closing summary.

    >>> print(BuildReport(articles=1, out=Path("exports")).summary().splitlines()[0])
    Built exports: 1 articles, 0 sentences in 0.0 s
    """

    articles: int = 0  # in the graph after the build
    sentences: int = 0
    read: int = 0  # files read without error this run
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    analysed: int = 0  # articles analysed (not taken from the cache)
    reprocessed: int = 0  # emitted again because another article changed what they depend on
    mentions_by_type: Counter[str] = field(default_factory=Counter)
    entities_by_type: Counter[str] = field(default_factory=Counter)
    relations_by_kind: Counter[str] = field(default_factory=Counter)
    figures: int = 0
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    plan: list[str] = field(default_factory=list)  # what a dry run would do
    changed: bool = False
    seconds: float = 0.0
    out: Path | None = None

    @property
    def reused(self) -> int:
        return self.unchanged

    def summary(self) -> str:
        lines = [
            f"Built {self.out}: {self.articles} articles, {self.sentences} sentences in {self.seconds:.1f} s",
            f"  this run: {self.new} new, {self.updated} updated, {self.removed} removed, "
            f"{self.unchanged} unchanged, {self.analysed} analysed"
            + (f", {self.reprocessed} others re-linked" if self.reprocessed else "")
            + ("" if self.changed else " (graph and exports left as they were)"),
            f"  {'type':<14}{'mentions':>10}{'entities':>10}",
        ]
        for t in ENTITY_TYPES:
            lines.append(f"  {t:<14}{self.mentions_by_type[t]:>10}{self.entities_by_type[t]:>10}")
        lines.append(f"  {'total':<14}{sum(self.mentions_by_type.values()):>10}"
                     f"{sum(self.entities_by_type.values()):>10}")
        if self.relations_by_kind:
            lines.append("  relations: " + ", ".join(f"{k} {v}" for k, v in sorted(self.relations_by_kind.items())))
        if self.figures:
            lines.append(f"  figures: {self.figures}")
        lines.extend(f"  note: {n}" for n in self.notes)
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


# -- versions of the software -------------------------------------------------------------
_PKG = Path(__file__).resolve().parent.parent


def _digest_files(files: Iterable[Path], extra: str) -> str:
    h = hashlib.sha256(extra.encode())
    for f in sorted(files):
        h.update(str(f.relative_to(_PKG)).encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:16]


def _data_files() -> list[Path]:
    return [p for d in ("data", "rules", "models") if (_PKG / d).is_dir()
            for p in (_PKG / d).rglob("*") if p.is_file()]


_VERSIONS: dict[str, str] = {}


def analysis_version() -> str:
    """Changes whenever the reader, segmenter, recognisers or their data change.

    >>> len(analysis_version()) == 16 and analysis_version() == analysis_version()
    True
    """
    if "analysis" not in _VERSIONS:
        files = [*(_PKG / "read").rglob("*.py"), *(_PKG / "analyse").rglob("*.py"), *_data_files(),
                 _PKG / "lexicon.py", _PKG / "text.py", _PKG / "model.py"]
        from importlib.metadata import version

        from graph.stages import learned_default  # KG_LEARNED=0 analyses differently

        _VERSIONS["analysis"] = _digest_files(files, f"{__version__} spacy {version('spacy')} "
                                                     f"learned {learned_default()}")
    return _VERSIONS["analysis"]


def pipeline_version() -> str:
    """Changes whenever anything that decides an article's quads changes."""
    if "pipeline" not in _VERSIONS:
        files = [*(_PKG / "resolve").rglob("*.py"), *(_PKG / "relate").rglob("*.py"),
                 *(_PKG / "emit").rglob("*.py"), *(_PKG / "rdf").rglob("*.py"), _PKG / "build" / "work.py",
                 _PKG / "stages.py"]
        _VERSIONS["pipeline"] = _digest_files(files, analysis_version())
    return _VERSIONS["pipeline"]


# -- the per-article job, run in worker processes ------------------------------------------
@dataclass(frozen=True)
class Job:
    key: str
    path: str  # the file to read
    root: str  # its input folder
    source: str  # how the state records it
    source_url: str  # nif:sourceUrl
    meta: tuple[tuple[str, str], ...]  # metadata overrides
    national: frozenset[str]
    renames: tuple[tuple[str, str], ...]
    out: str
    analysis: str  # analysis version
    pipeline: str
    phase: str = "emit"  # "analyse": read and analyse only (what the steps across articles need first)
    max_bytes: int | None = DEFAULT_MAX_BYTES  # a larger file is refused (E108)


@dataclass
class JobResult:
    key: str
    emitted: str | None = None  # blob digest
    summary: Summary | None = None
    graphs: list[str] = field(default_factory=list)
    content_hash: str = ""
    error: str | None = None
    analysed: bool = False
    national_given: frozenset[str] = frozenset()  # phase "analyse": names given a national title
    no_space: bool = False  # the disk is full: the build stops, nothing changed
    note: str | None = None  # for the summary: "a.txt: converted from TCVN3"
    edges: list[tuple[str, str, str, str, str, str]] = field(default_factory=list)  # the views' relation rows


def _cache_file(job: Job, content_hash: str, meta_hash: str) -> Path:
    return Path(job.out) / ".kg" / "analysis" / job.analysis / content_hash[:2] / f"{content_hash}-{meta_hash}"


def run_job(job: Job) -> JobResult:
    """Read, analyse (or take the cached analysis), resolve, relate and emit one article;
    the exports go to a blob, only the summary comes back. Never raises."""
    from graph.build.work import analyse_article, process
    from graph.emit.article import emit_article
    from graph.read.manifest import apply_metadata
    from graph.read.reader import read_article

    try:
        article = read_article(Path(job.path), Path(job.root), job.max_bytes)
        article = replace(article, key=job.key)
        article = apply_metadata(article, dict(job.meta))
        cache = _cache_file(job, article.content_hash, article.meta_hash)
        analysed = None
        if cache.is_file():
            try:
                analysed = pickle.loads(cache.read_bytes())
                analysed = replace(analysed, article=article)
            except Exception:  # a damaged cache entry is analysed again
                analysed = None
        fresh = analysed is None
        if analysed is None:
            analysed = analyse_article(article)
            _write_atomic(cache, pickle.dumps(analysed, protocol=5))
        if job.phase == "analyse":
            from graph.text import norm_key

            given = frozenset(norm_key(m.text) for m in analysed.mentions if m.type == "Person" and m.national)
            return JobResult(job.key, content_hash=article.content_hash, analysed=fresh, national_given=given)
        work = process(analysed, job.national, dict(job.renames))
        emitted = emit_article(work.result, work.entities, job.source_url, pipeline_activity(job.pipeline),
                               work.national, work.renames)
        digest = Blobs(Path(job.out)).put(pickle.dumps(emitted, protocol=5))
        graphs = sorted({line.rsplit(" ", 2)[-2][1:-1] for line in emitted.nquads.split("\n") if line})
        note = f"{job.path}: converted from {article.converted_from}" if article.converted_from else None
        from graph.viz.project import relation_edges

        return JobResult(job.key, digest, emitted.summary, graphs, article.content_hash, analysed=fresh, note=note,
                         edges=relation_edges(emitted.nquads))
    except KGError as exc:
        return JobResult(job.key, error=str(exc))
    except OSError as exc:
        if exc.errno == 28:  # ENOSPC: not this file's fault; the build must stop
            return JobResult(job.key, error=str(exc), no_space=True)
        return JobResult(job.key, error=f"{job.path}: {type(exc).__name__}: {exc}")
    except Exception as exc:  # one bad file never stops the build
        return JobResult(job.key, error=f"{job.path}: {type(exc).__name__}: {exc}")


def _write_atomic(path: Path, data: bytes) -> None:
    with atomic_file(path, "wb") as fh:
        fh.write(data)


def _warm() -> None:
    """What a worker imports for its first job (:meth:`Runner.warm`)."""
    import graph.build.work  # noqa: F401  (the analysis, resolution and relations)
    import graph.emit.article  # noqa: F401
    import graph.read.manifest  # noqa: F401
    import graph.read.reader  # noqa: F401
    import graph.viz.project  # noqa: F401


def _worker_init() -> None:
    """Workers die with the build: a killed build leaves no live worker."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:  # not Linux: the pool's own shutdown still applies
        pass


class Runner:
    """Runs jobs in this process, a local process pool, or a Dask cluster."""

    def __init__(self, jobs: int = 1, scheduler: str | None = None):
        self.jobs, self.scheduler = jobs, scheduler
        self._pool: ProcessPoolExecutor | None = None
        self._client: Any = None
        self._cluster: Any = None

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    def _local_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            import multiprocessing

            # spawn: the workers are this process's own children, so PR_SET_PDEATHSIG ends them
            # with it (a forkserver's children outlive a killed build)
            ctx = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(self.jobs, mp_context=ctx, initializer=_worker_init)
        return self._pool

    def warm(self) -> None:
        """Start the local workers now (each imports the pipeline, seconds) so that they are ready
        when the jobs come; nothing for one process or a cluster."""
        if self.scheduler or self.jobs <= 1:
            return
        pool = self._local_pool()
        for _ in range(self.jobs):  # one task a worker: each submit starts a worker while none is idle
            pool.submit(_warm)

    def map(self, jobs: list[Job]) -> Iterator[JobResult]:
        if not jobs:
            return iter(())
        if self.scheduler:
            return self._dask(jobs)
        if self.jobs > 1 and len(jobs) > 8:
            return self._local_pool().map(run_job, jobs, chunksize=4)
        return map(run_job, jobs)

    def _dask(self, jobs: list[Job]) -> Iterator[JobResult]:
        from graph.build.cluster import connect

        if self._client is None:
            self._client, self._cluster = connect(self.scheduler)  # type: ignore[arg-type]
        from distributed import as_completed

        futures = self._client.map(run_job, jobs, pure=False)
        for fut in as_completed(futures):  # type: ignore[no-untyped-call]
            yield fut.result()


# -- plan ---------------------------------------------------------------------------------
@dataclass
class Input:
    key: str
    path: Path
    root: Path
    source: str
    source_url: str
    content_hash: str
    meta: dict[str, str]
    meta_hash: str


def _discover(paths: list[Path], meta_file: Path | None, report: BuildReport,
              max_bytes: int | None = DEFAULT_MAX_BYTES) -> list[Input]:
    from graph.read.manifest import Manifest, meta_digest

    for p in paths:
        if not p.exists() and not p.is_symlink():
            raise BuildError(Errors.E101.format(path=p) + "; nothing was changed")
    manifest = Manifest.load(meta_file) if meta_file else Manifest()
    inputs: list[Input] = []
    seen: Counter[str] = Counter()
    roots: set[Path] = set()
    for path, root in iter_files(paths, errors=report.errors):
        if meta_file is None and root not in roots:  # once per input folder, not per file
            roots.add(root)
            manifest = Manifest.beside(root, manifest)
        try:
            data = read_bytes(path, max_bytes)  # never blocks (a FIFO swapped in), at most the size limit
        except InputError as exc:
            report.errors.append(str(exc))
            continue
        key = article_key(path, root)
        seen[key] += 1
        if seen[key] > 1:  # the same name in two folders
            key = f"{key}__{seen[key]}"
        meta = manifest.row(path, root)
        url = meta.get("url") or source_path(path, root)
        inputs.append(Input(key, path, root, str(path), url, hashlib.sha256(data).hexdigest(), meta,
                            meta_digest(meta)))
    return inputs


def _jobs_for(inputs: Iterable[Input], out: Path, national: frozenset[str],
              renames: dict[str, dict[str, str]], phase: str = "emit",
              max_bytes: int | None = DEFAULT_MAX_BYTES) -> list[Job]:
    return [Job(i.key, str(i.path), str(i.root), i.source, i.source_url, tuple(sorted(i.meta.items())),
                national, tuple(sorted(renames.get(i.key, {}).items())), str(out), analysis_version(),
                pipeline_version(), phase, max_bytes) for i in inputs]


# -- the build ----------------------------------------------------------------------------
def build_graph(paths: Iterable[Path | str], out: Path | str = "exports", *, sync: bool = False,
                dry_run: bool = False, jobs: int | None = None, scheduler: str | None = None,
                meta: Path | str | None = None, progress: bool = True, cache: bool = True,
                max_file_size: int | None = DEFAULT_MAX_BYTES) -> BuildReport:
    """Build the graph of the articles under ``paths`` into ``out`` (adding to what is there).

    ``sync``: also remove the articles of the graph that are not in the input.
    ``dry_run``: only say what would be done (``report.plan``). ``scheduler``:
    a Dask scheduler address, or ``local:N`` for a local cluster of N workers.
    ``meta``: a JSONL or CSV file of article metadata (file, url, published,
    headline, source). ``cache=False`` analyses every article again. ``max_file_size``: files
    larger than this many bytes are refused, each with its error line (None: no limit).
    """
    t0 = time.monotonic()
    started = build_time()
    out = Path(out)
    report = BuildReport(out=out)
    inputs_given = [Path(p) for p in paths]
    if not cache and (out / ".kg" / "analysis").is_dir() and not dry_run:
        shutil.rmtree(out / ".kg" / "analysis", ignore_errors=True)
    if dry_run and not out.exists():  # a plan against an empty graph: nothing to lock, nothing created
        inputs = _discover(inputs_given, Path(meta) if meta else None, report, max_file_size)
        report.plan = _plan_lines(inputs, inputs, [], State())
        report.new, report.articles = len(inputs), len(inputs)
        return report
    out.mkdir(parents=True, exist_ok=True)
    with BuildLock(out), ExitStack() as stack:
        _recover(out)
        store_root = out / "store"
        current = versions.current(store_root)
        version_name = current.name if current and current != store_root else None
        inputs = _discover(inputs_given, Path(meta) if meta else None, report, max_file_size)
        if not inputs:
            what = "every file failed to read" if report.errors else "no article files (.txt, .html) under " + \
                ", ".join(map(str, inputs_given))
            raise BuildError(Errors.E301.format(reason=what) + "".join(f"\n  {e}" for e in report.errors))
        pipeline = pipeline_version()
        runner = stack.enter_context(Runner(jobs or min(os.cpu_count() or 1, 4), scheduler))
        if not dry_run:
            # the workers start (seconds: their imports) while the state is read, when its header
            # says there is work for them
            head = peek_state(store_root, version_name) if version_name else ("", {})
            if head is not None and sum(1 for i in inputs if _changed_head(head, i, pipeline)) > 8:
                runner.warm()
        state = load_state(store_root, version_name)
        todo = [i for i in inputs if _changed(state, i, pipeline)]
        keys_in = {i.key for i in inputs}
        gone = sorted(set(state.articles) - keys_in) if sync else []
        report.new = sum(1 for i in todo if i.key not in state.articles)
        report.updated = len(todo) - report.new
        report.unchanged = len(inputs) - len(todo)
        if sync and gone:
            report.notes.append(f"--sync: {len(gone)} articles not in the input are removed from the graph")
        if dry_run:
            report.plan = _plan_lines(todo, inputs, gone, state)
            report.articles = len(set(state.articles) | keys_in) - len(gone)
            report.seconds = time.monotonic() - t0
            return report
        with stack.pop_all():  # the pool ends here (its workers waited for), not after the store
            new_state = _run(runner, todo, inputs, gone, state, out, report, progress, max_file_size)
        if not report.read and not report.unchanged:
            raise BuildError(Errors.E301.format(reason="every file failed to read")
                             + "".join(f"\n  {e}" for e in report.errors))
        _finish(out, store_root, current, state, new_state, report, started, force=not _exports_current(out, current))
    report.seconds = time.monotonic() - t0
    return report


def remove_articles(out: Path | str, articles: list[str], *, progress: bool = False) -> BuildReport:
    """``kg remove``: take articles (by key or by the file they were read from) out of the graph."""
    t0 = time.monotonic()
    started = build_time()
    out = Path(out)
    report = BuildReport(out=out)
    if not (out / "store").is_dir():
        raise BuildError(Errors.E307.format(path=out))
    with BuildLock(out):
        _recover(out)
        store_root = out / "store"
        current = versions.current(store_root)
        state = load_state(store_root, current.name if current and current != store_root else None)
        by_source = {Path(a.source).resolve(): k for k, a in state.articles.items()}
        keys = []
        for spec in articles:
            key = spec if spec in state.articles else Path(spec).stem if Path(spec).stem in state.articles \
                else by_source.get(Path(spec).resolve())
            if key is None:
                known = ", ".join(sorted(state.articles)[:5]) + (" …" if len(state.articles) > 5 else "")
                raise BuildError(Errors.E306.format(key=spec, known=known or "none"))
            keys.append(key)
        new_state = State(state.pipeline, dict(state.articles), state.run, state.index_digest)
        for k in keys:
            new_state.articles.pop(k, None)
        report.removed = len(set(keys))
        _finish(out, store_root, current, state, new_state, report, started, force=True)
    report.seconds = time.monotonic() - t0
    return report


def _changed_head(head: tuple[str, dict[str, tuple[str, str]]], i: Input, pipeline: str) -> bool:
    """:func:`_changed` from a state's header (:func:`peek_state`)."""
    old = head[1].get(i.key)
    return old is None or old != (i.content_hash, i.meta_hash) or head[0] != pipeline


def _changed(state: State, i: Input, pipeline: str) -> bool:
    old = state.articles.get(i.key)
    return (old is None or old.content_hash != i.content_hash or old.meta_hash != i.meta_hash
            or state.pipeline != pipeline)


def _plan_lines(todo: list[Input], inputs: list[Input], gone: list[str], state: State) -> list[str]:
    lines = [f"{len(inputs)} articles read: {sum(1 for i in todo if i.key not in state.articles)} new, "
             f"{sum(1 for i in todo if i.key in state.articles)} changed, {len(inputs) - len(todo)} unchanged; "
             f"{len(gone)} to remove; {len(set(state.articles) - {i.key for i in inputs})} others kept"]
    for i in todo:
        lines.append(f"  {'update' if i.key in state.articles else 'add':<7}{i.key}  ({i.source})")
    lines.extend(f"  remove {k}  ({state.articles[k].source})" for k in gone)
    return lines


def _run(runner: Runner, todo: list[Input], inputs: list[Input], gone: list[str], state: State, out: Path,
         report: BuildReport, progress: bool, max_bytes: int | None = DEFAULT_MAX_BYTES) -> State:
    """The per-article jobs, then the cross-article fix-ups until nothing changes."""
    pipeline = pipeline_version()
    new = State(pipeline, {k: a for k, a in state.articles.items() if k not in gone}, state.run,
                state.index_digest)
    by_key = {i.key: i for i in inputs}
    if state.pipeline != pipeline:
        # articles kept from an earlier pipeline that this run does not read keep their graphs
        stale = [k for k in new.articles if k not in by_key]
        if stale:
            report.notes.append(f"{len(stale)} articles not in this input keep graphs of an earlier version "
                                "of the rules; build their folders again to update them")
    # first the analyses (cached): the names given a national title anywhere, so that the
    # articles are resolved once, with them
    todo_keys = {i.key for i in todo}
    national: set[str] = set(national_names(a.summary for k, a in new.articles.items() if k not in todo_keys))
    bar = Progress(2 * len(todo), progress)
    done = 0
    readable = []
    for res in runner.map(_jobs_for(todo, out, frozenset(), {}, "analyse", max_bytes)):
        done += 1
        bar.update(done, res.key)
        _stop_if_full(res, out)
        if res.error:
            report.errors.append(res.error)
            continue
        report.analysed += res.analysed
        national |= res.national_given
        readable.append(by_key[res.key])
    for res in runner.map(_jobs_for(readable, out, frozenset(national), {}, max_bytes=max_bytes)):
        done += 1
        bar.update(done, res.key)
        _take(res, by_key, new, report)
    # across articles: national people, then namesakes kept apart
    for _round in range(3):
        final = national_names(a.summary for a in new.articles.values())
        renames = conflict_renames(a.summary for a in new.articles.values())
        again = []
        for key, a in new.articles.items():
            s = a.summary
            if key not in by_key:
                continue  # not in this input: cannot be read again
            if (final & s.person_keys) != s.national_used or tuple(sorted(renames.get(key, {}).items())) \
                    != tuple(s.renames_used):
                again.append(by_key[key])
        if not again:
            break
        report.reprocessed += len([i for i in again if i.key not in todo_keys])
        for res in runner.map(_jobs_for(again, out, final, renames, max_bytes=max_bytes)):
            _take(res, by_key, new, report)
    return new


def _stop_if_full(res: JobResult, out: Path) -> None:
    if res.no_space:
        raise BuildError(Errors.E303.format(out=out, what="the analysis cache"))


def _take(res: JobResult, by_key: dict[str, Input], new: State, report: BuildReport) -> None:
    _stop_if_full(res, Path(report.out or "."))
    if res.error:
        report.errors.append(res.error)
        return
    i = by_key[res.key]
    if res.summary is None:  # a job without an error always has its summary
        raise BuildError(Errors.E304.format(out=report.out, reason=f"no result for {res.key}"))
    report.read += 1
    if res.note:
        report.notes.append(res.note)
    new.articles[res.key] = ArticleState(i.source, i.content_hash, i.meta_hash, res.emitted or "",
                                         res.summary, res.graphs, new.pipeline, res.edges)


def _exports_current(out: Path, current: Path | None) -> bool:
    marker = out / ".kg" / "exports.version"
    return (current is not None and marker.is_file() and marker.read_text().strip() == current.name
            and all((out / n).is_file() for n in EXPORTS))


def _finish(out: Path, store_root: Path, current: Path | None, old: State, new: State, report: BuildReport,
            started: datetime, force: bool) -> None:
    """Write the new store version and exports, then switch to them."""
    changed_keys = sorted(k for k, a in new.articles.items()
                          if k not in old.articles or old.articles[k].emitted != a.emitted)
    removed_keys = sorted(set(old.articles) - set(new.articles))
    report.removed = len(removed_keys)
    if not changed_keys and not removed_keys and not force and current is not None:
        _fill_counts(report, new, entity_index(a.summary for a in new.articles.values()))
        return  # nothing changed: the graph and its exports stay as they are
    report.changed = True
    new.run = old.run + 1
    blobs = Blobs(out)

    def tail() -> tuple[str, str, dict[str, IndexEntry], Grouped]:
        """The build graph and the entity index, and the two grouped by subject (made while the
        exports copy the articles' shares)."""
        index = entity_index(a.summary for a in new.articles.values())
        _fill_counts(report, new, index)
        activity_versions = sorted({_pipeline_of(a) for a in new.articles.values()} | {new.pipeline})
        runs = [(str(new.run), started, build_time(), len(changed_keys) + len(removed_keys))]
        build_nq = "".join(line for v in activity_versions
                           for line in build_lines(pipeline_activity(v), v, runs if v == new.pipeline else []))
        entities = {iri: replace(e.entity(iri), aliases={t for t, n in e.labels.items() if n})
                    for iri, e in index.items()}
        counts = {iri: e.mentions for iri, e in index.items() if e.mentions}
        index_nq = "".join(entity_index_lines(entities, counts, pipeline_activity(new.pipeline)))
        return build_nq, index_nq, index, tail_subjects(build_nq + index_nq)

    try:
        _write_version(out, store_root, current, old, new, report, blobs, tail, changed_keys, removed_keys)
    except OSError as exc:
        if exc.errno == 28 or "No space" in str(exc):
            raise BuildError(Errors.E303.format(out=out, what="the exports")) from None
        raise BuildError(Errors.E304.format(out=out, reason=exc)) from None
    versions.collect(store_root)
    _collect_states(store_root)
    known = {current.name: old} if current is not None else {}
    latest = versions.current(store_root)
    if latest is not None:
        known[latest.name] = new
    Blobs(out).collect({a.emitted for v in _live_states(store_root, known) for a in v.articles.values()})


def _write_version(out: Path, store_root: Path, current: Path | None, old: State, new: State,
                   report: BuildReport, blobs: Blobs,
                   tail: Callable[[], tuple[str, str, dict[str, IndexEntry], Grouped]],
                   changed_keys: list[str], removed_keys: list[str]) -> None:
    """Stage the exports, write the new store version beside the current one, then switch.

    The exports start with the articles' shares (mostly the kernel copying the unchanged ones)
    while this thread makes the ``tail`` (build graph, entity index), which they end with."""
    layout_file = out / ".kg" / "exports.layout"
    before = Layout.load(layout_file) if _exports_current(out, current) else None
    previous = (out, before) if before is not None and current is not None and before.matches(out, current.name) \
        else None
    with Staging(out) as staging, ThreadPoolExecutor(1) as exporter:
        store_root.mkdir(parents=True, exist_ok=True)
        version = versions.next_version(store_root)
        tail_ready: Future[tuple[str, dict[str, IndexEntry], Grouped]] = Future()
        exports = exporter.submit(write_exports, staging, [(k, new.articles[k].emitted) for k in sorted(new.articles)],
                                  lambda digest: _emitted(blobs, digest), tail_ready.result, None, previous,
                                  version.name)
        try:
            try:
                build_nq, index_nq, index, grouped = tail()
            except BaseException as exc:
                tail_ready.set_exception(exc)  # the exporter stops where it needs the tail
                raise
            tail_ready.set_result((build_nq + index_nq, index, grouped))
        except BaseException:
            wait([exports])
            shutil.rmtree(version, ignore_errors=True)
            raise
        full = current is None or current == store_root or len(changed_keys) + len(removed_keys) > max(
            100, len(new.articles) // 2)
        try:
            if full:  # loaded from the staged graph.nq
                exports.result()
                store = ox.Store(str(version))
                bulk_load_nquads(store, staging.path("graph.nq"))
                store.optimize()  # compacted once: the named queries run about twice as fast on it
            else:  # the store updated while the exports are written (mostly the kernel's copying)
                ox.Store.read_only(str(current)).backup(str(version))
                store = ox.Store(str(version))
                for k in removed_keys + [k for k in changed_keys if k in old.articles]:
                    for g in old.articles[k].graphs:
                        store.remove_graph(ox.NamedNode(g))
                for k in changed_keys:
                    store.extend(_parse(_emitted(blobs, new.articles[k].emitted).nquads))
                tail_graphs = {f"<{iris.BUILD_GRAPH}>", f"<{iris.ENTITIES_GRAPH}>"}
                was = previous[1].subjects.get("graph.trig", {}) if previous is not None else {}
                if was and all(g in tail_graphs for g, _ in was):  # only the subjects that differ
                    _update_subjects(store, was, grouped)
                else:
                    _update_graphs(store, (iris.BUILD_GRAPH, iris.ENTITIES_GRAPH), _parse(build_nq + index_nq))
            store.flush()
            del store
            write_views(staging, ox.Store.read_only(str(version)), index, _edges(new))
            save_state(store_root, version.name, new)
            layout = exports.result()
        except BaseException as exc:
            wait([exports])  # the exporter stops at its first error; nothing is removed under it
            shutil.rmtree(version, ignore_errors=True)  # an unpublished version: nothing refers to it
            if not isinstance(exc, OSError):
                raise
            if exc.errno == 28 or "No space" in str(exc):
                what = "the exports" if exports.done() and exports.exception() is exc else "the store"
                raise BuildError(Errors.E303.format(out=out, what=what)) from None
            raise BuildError(Errors.E304.format(out=out, reason=exc)) from None
        versions.publish(store_root, version)
        staging.commit()
        layout.stamp(out)
        layout.save(layout_file)
        _write_atomic(out / ".kg" / "exports.version", (version.name + "\n").encode())


def _edges(state: State) -> list[tuple[str, str, str, str, str, str]] | None:
    """Every article's relation rows for the views; None when some article's state has none
    (kept from a build before they were kept): the views read the store then."""
    rows: list[tuple[str, str, str, str, str, str]] = []
    for k in sorted(state.articles):
        edges = getattr(state.articles[k], "edges", None)
        if edges is None:
            return None
        rows += edges
    return rows


def _pipeline_of(a: ArticleState) -> str:
    return a.pipeline


def _fill_counts(report: BuildReport, state: State, index: dict[str, IndexEntry]) -> None:
    report.articles = len(state.articles)
    for a in state.articles.values():
        s = a.summary
        report.sentences += s.sentences
        report.mentions_by_type.update(s.mentions_by_type)
        report.relations_by_kind.update(s.relations_by_kind)
        report.figures += s.figures
    report.entities_by_type.update(e.type for e in index.values() if e.mentions)


def _update_subjects(store: ox.Store, was: dict[tuple[str, str], tuple[str, int, int]], grouped: Grouped) -> None:
    """Give the (graph, subject)s whose statements changed since the last export (``was``: their
    digests then, as the layout of graph.trig keeps them) their statements of now: the entity
    index changes in the entities an update touches, not in all of them.

    >>> store = ox.Store()
    >>> _ = store.extend(_parse('<http://s> <http://p> "1" <http://g> .\\n<http://t> <http://p> "1" <http://g> .'))
    >>> was = {k: (d, 0, 0) for k, d in tail_subjects('<http://s> <http://p> "1" <http://g> .\\n'
    ...                                                '<http://t> <http://p> "1" <http://g> .\\n')[1].items()}
    >>> _update_subjects(store, was, tail_subjects('<http://s> <http://p> "2" <http://g> .\\n'))
    >>> sorted((q.subject.value, q.object.value) for q in store)
    [('http://s', '2')]
    """
    groups, digests = grouped
    changed = {k for k, d in digests.items() if k not in was or was[k][0] != d}
    now: dict[tuple[ox.NamedNode, ox.NamedNode], set[ox.Quad]] = {}
    for q in _parse("".join(f"{s} {p} {o} {g} .\n" for g, subjects in groups for s, pairs in subjects
                            if (g, s) in changed for p, o in pairs)):
        now.setdefault((q.graph_name, q.subject), set()).add(q)  # type: ignore[arg-type]
    gone: list[ox.Quad] = []
    new: list[ox.Quad] = []
    for g, s in sorted(changed | (set(was) - set(digests))):
        graph, subject = ox.NamedNode(g[1:-1]), ox.NamedNode(s[1:-1])
        old, quads = set(store.quads_for_pattern(subject, None, None, graph)), now.get((graph, subject), set())
        gone += old - quads  # only the statements that differ: a renumbered kg:labelOrder is one
        new += quads - old
    for q in gone:
        store.remove(q)
    store.extend(new)


def _update_graphs(store: ox.Store, graphs: Iterable[str], quads: list[ox.Quad]) -> None:
    """Make ``graphs`` hold exactly ``quads``, touching only the quads that differ (the
    entity index changes in the entities an update touches, not in all of them).

    >>> store = ox.Store()
    >>> g, s, p = ox.NamedNode("http://g"), ox.NamedNode("http://s"), ox.NamedNode("http://p")
    >>> store.extend([ox.Quad(s, p, ox.Literal("1"), g), ox.Quad(s, p, ox.Literal("2"), g)])
    >>> _update_graphs(store, ["http://g"], [ox.Quad(s, p, ox.Literal("2"), g), ox.Quad(s, p, ox.Literal("3"), g)])
    >>> sorted(q.object.value for q in store.quads_for_pattern(None, None, None, g))
    ['2', '3']
    """
    for g in graphs:
        node = ox.NamedNode(g)
        old = set(store.quads_for_pattern(None, None, None, node))
        new = {q for q in quads if q.graph_name == node}
        for q in old - new:
            store.remove(q)
        store.extend(new - old)


def _parse(nquads: str) -> list[ox.Quad]:
    return list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS)) if nquads else []


def _emitted(blobs: Blobs, digest: str) -> Emitted:
    data = blobs.get(digest)
    if data is None:
        raise BuildError(Errors.E304.format(out=blobs.root.parent.parent,
                                            reason=f"the cached exports of an article are missing ({digest}); "
                                                   "build its folder again"))
    emitted: Emitted = pickle.loads(data)
    return emitted


# -- recovery -----------------------------------------------------------------------------
def _recover(out: Path) -> None:
    """Clean up after a build that was killed: its staging folders, its unpublished store
    version; exports behind the current version are written again by the next build."""
    for p in out.glob(".staging-*"):
        shutil.rmtree(p, ignore_errors=True)
    for p in out.glob(".*.tmp"):
        p.unlink(missing_ok=True)
    versions.collect(out / "store")


def _live_states(store_root: Path, known: dict[str, State]) -> list[State]:
    """The states of the versions kept; ``known`` ones are in memory already (not read again)."""
    return [known[v.name] if v.name in known else load_state(store_root, v.name)
            for v in versions.versions(store_root)]


def _collect_states(store_root: Path) -> None:
    live = {v.name for v in versions.versions(store_root)}
    for p in store_root.glob("v*.state"):
        if p.name[: -len(".state")] not in live:
            p.unlink(missing_ok=True)
