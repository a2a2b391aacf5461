"""Latency of every named query: the embedded Oxigraph store against rdflib's in-memory engine.

Usage::

    python benchmarks/bench_sparql.py                       # build ../shared/corpus/bulk, then measure
    python benchmarks/bench_sparql.py --corpus ../shared/corpus/politics
    python benchmarks/bench_sparql.py --graph exports/graph.trig   # reuse a graph file
    python benchmarks/bench_sparql.py --store exports/store        # reuse a store
    python benchmarks/bench_sparql.py --store exports/store --queries old/   # other .rq files, e.g. before a change

Each named query runs ``-n`` times on the on-disk store (through ``graph.open``,
Python values included) and p50/p95 are printed; then the same queries, with the
same parameters, on an rdflib ``Dataset`` parsed from the same TriG, each in a
child process killed past ``--cap`` seconds (reported as ``>cap``). Parameters
are picked from the graph: the most mentioned organisation, the article with
most facts, and so on. The load average is printed before and after: on a
shared machine the figures scale with it. Goal: every p50 <= 50 ms on the bulk
graph.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.query.api import QUERIES, KnowledgeGraph, named_queries, open as open_graph, parse_param  # noqa: E402
from graph.store.knowledge_store import KnowledgeStore  # noqa: E402

PICKS = {
    # param name -> query whose first row's ?x gives a realistic value
    "entity": "SELECT ?x WHERE { ?m <http://www.w3.org/2005/11/its/rdf#taIdentRef> ?x ; "
              "<http://www.w3.org/2005/11/its/rdf#taClassRef> <https://w3id.org/vnkg/ontology#Organization> } "
              "GROUP BY ?x ORDER BY DESC(COUNT(?m)) LIMIT 1",
    "body": "SELECT ?x WHERE { ?o <https://schema.org/observationAbout> ?x } GROUP BY ?x ORDER BY DESC(COUNT(?o)) LIMIT 1",
    "article": "SELECT ?x WHERE { ?g <http://www.w3.org/ns/prov#wasDerivedFrom>/"
               "<http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#referenceContext> ?x } "
               "GROUP BY ?x ORDER BY DESC(COUNT(?g)) LIMIT 1",
    "person": "SELECT ?x WHERE { ?m <http://www.w3.org/ns/org#member> ?x } GROUP BY ?x ORDER BY DESC(COUNT(?m)) LIMIT 1",
    "document": "SELECT ?x WHERE { ?x <https://w3id.org/vnkg/ontology#documentNumber> ?n } LIMIT 1",
    "subject": "SELECT ?x WHERE { ?x <https://w3id.org/vnkg/ontology#issuedBy> ?o } LIMIT 1",
    "post": "SELECT ?x WHERE { ?m <https://w3id.org/vnkg/ontology#post> ?p . ?p <http://www.w3.org/2000/01/rdf-schema#label> ?x } "
            "GROUP BY ?x ORDER BY DESC(COUNT(?m)) LIMIT 1",
}
# Queries measured once per parameter set: "all" (the defaults) and "one" (a picked value).
PARAMS_FOR = {
    "entity": ["entity"], "figures": ["body"], "article": ["article"], "positions": ["person"],
    "suborganizations": [], "documents": [], "provenance": ["subject"], "entities": [], "articles": [],
    "post-holders": ["post"],
}


def pick_params(kg: KnowledgeGraph) -> dict[str, str]:
    picked = {}
    for name, sparql in PICKS.items():
        rows = kg.query(sparql)
        if rows and rows[0]["x"]:
            picked[name] = rows[0]["x"]
    if "body" not in picked and "entity" in picked:
        picked["body"] = picked["entity"]
    return picked


#: Queries about one thing: run only with a picked value (unbound they list the whole graph).
ABOUT_ONE = {"entity", "article", "provenance"}


#: The folder the named queries are read from (``--queries``).
FOLDER = QUERIES


def cases(picked: dict[str, str], unbound_all: bool = False) -> list[tuple[str, str, dict]]:
    """(label, query name, params): each query with its defaults, and with a picked value when it takes one."""
    out = []
    for name, q in named_queries(FOLDER).items():
        if unbound_all or name not in ABOUT_ONE or not any(p in picked for p in PARAMS_FOR.get(name, [])):
            out.append((name, name, dict(q.defaults)))
        for p in PARAMS_FOR.get(name, []):
            if p in q.params and p in picked:
                out.append((f"{name} ({p}=…)", name, {**q.defaults, p: picked[p]}))
    return out


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, as ``uptime`` prints them."""
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def time_oxigraph(kg: KnowledgeGraph, name: str, params: dict, n: int) -> tuple[list[float], list[float], int]:
    """Wall-clock and CPU seconds of ``n`` runs, and the rows of the last.

    The query runs in this thread: its CPU time depends less than the wall clock on what
    else the machine runs (a busy machine still slows it, through shared caches); the
    wall clock is what a user waits.
    """
    query = named_queries(FOLDER)[name]
    text, params = query.text, query.bindings(params)
    times, cpu, rows = [], [], 0
    for _ in range(n):
        t, c = time.perf_counter(), time.process_time()
        result = kg.query(text, params)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        rows = len(result) if hasattr(result, "__len__") else int(bool(result))
    return times, cpu, rows


# --- rdflib, in a forked child so a runaway query can be killed -----------------------------
_DATASET = None


def _rdflib_child(text: str, bindings: dict, n: int, conn) -> None:
    try:
        for _ in range(n):
            t = time.perf_counter()
            result = _DATASET.query(text, initBindings=bindings)
            rows = len(list(result))
            conn.send((time.perf_counter() - t, rows))
    except Exception as exc:  # rdflib fails on some valid queries (e.g. GROUP_CONCAT over unbound)
        conn.send((None, f"{type(exc).__name__}: {exc}"))
    conn.close()


def time_rdflib(name: str, params: dict, n: int, cap: float) -> list[float] | str | None:
    """Timings, None when one run exceeded ``cap`` seconds, or rdflib's error message."""
    from rdflib import Literal, URIRef

    query = named_queries(FOLDER)[name]
    text = query.text
    bindings = {}
    for k, v in query.bindings(params).items():
        term = parse_param(v) if isinstance(v, str) else v
        bindings[k] = URIRef(term.value) if term.__class__.__name__ == "NamedNode" else Literal(term.value)
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_rdflib_child, args=(text, bindings, n, child))
    proc.start()
    child.close()
    times = []
    try:
        for _ in range(n):
            if not parent.poll(cap):
                return None
            took, detail = parent.recv()
            if took is None:
                return detail
            times.append(took)
    except EOFError:
        return None
    finally:
        proc.kill()
        proc.join()
    return times


def load_rdflib(trig: Path):
    global _DATASET
    from rdflib import Dataset

    ds = Dataset(default_union=True)
    ds.parse(trig, format="trig")
    _DATASET = ds
    return ds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    src = ap.add_mutually_exclusive_group()
    src.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "bulk")
    src.add_argument("--graph", type=Path, help="a graph file (.trig) to reuse")
    src.add_argument("--store", type=Path, help="a store (or exports) folder to reuse")
    ap.add_argument("--out", type=Path, help="where the build writes (default: a temp folder)")
    ap.add_argument("-n", type=int, default=20, help="runs per query (default 20)")
    ap.add_argument("--cap", type=float, default=10.0, help="rdflib time cap per run, seconds (default 10)")
    ap.add_argument("--rdflib-runs", type=int, default=3, help="runs per query on rdflib (default 3)")
    ap.add_argument("--no-rdflib", action="store_true")
    ap.add_argument("--queries", type=Path, default=QUERIES,
                    help="folder of the .rq files to measure (default: the shipped named queries)")
    ap.add_argument("--unbound-all", action="store_true",
                    help=f"also run {', '.join(sorted(ABOUT_ONE))} with nothing bound (whole-graph listings)")
    args = ap.parse_args(argv)
    global FOLDER
    FOLDER = args.queries

    tmp = tempfile.TemporaryDirectory(prefix="bench-sparql-")
    trig = None
    t0 = time.perf_counter()
    if args.store:
        kg = open_graph(args.store)
        trig = next((p for p in (args.store / "graph.trig", args.store.parent / "graph.trig") if p.is_file()), None)
    else:
        if args.graph:
            trig = args.graph
        else:
            from graph.build.runner import build_graph

            out = args.out or Path(tmp.name) / "exports"
            report = build_graph([args.corpus], out)
            print(f"built {args.corpus} in {time.perf_counter() - t0:.0f} s: {report.summary().splitlines()[0]}")
            trig = out / "graph.trig"
            if (out / "store").is_dir():
                args.store = out / "store"
        if args.store:
            kg = open_graph(args.store)
        else:  # load the file into an on-disk store: measure the store users query
            t = time.perf_counter()
            with KnowledgeStore.open(Path(tmp.name) / "store") as s:
                s.load(trig)
            kg = open_graph(Path(tmp.name) / "store")
            print(f"loaded {trig} into an on-disk store in {time.perf_counter() - t:.1f} s")
    print(f"graph: {len(kg):,} quads in {sum(1 for _ in kg.store.named_graphs()):,} named graphs")

    print(f"load average before: {load_average()}", flush=True)
    t = time.perf_counter()
    picked = pick_params(kg)
    print(f"picked parameters in {time.perf_counter() - t:.1f} s", flush=True)
    print("parameters picked:", ", ".join(f"{k}=<{v}>" for k, v in picked.items()) or "none")
    results = []
    for label, name, params in cases(picked, args.unbound_all):
        times, cpu, rows = time_oxigraph(kg, name, params, args.n)
        results.append([label, name, params, rows, times, None, cpu])
        print(f"  {label}: {rows} rows, p50 {statistics.median(times) * 1000:.1f} ms"
              f" (CPU {statistics.median(cpu) * 1000:.1f} ms)", flush=True)

    if not args.no_rdflib and trig:
        t = time.perf_counter()
        load_rdflib(trig)
        print(f"rdflib parsed {trig.name} in {time.perf_counter() - t:.1f} s")
        for r in results:
            r[5] = time_rdflib(r[1], r[2], args.rdflib_runs, args.cap)

    ms = lambda s: f"{s * 1000:.1f}"  # noqa: E731
    header = ["query", "rows", "oxigraph p50 ms", "p95 ms", "CPU p50 ms", "rdflib p50 ms", "rdflib/oxigraph"]
    table = []
    for label, _, _, rows, times, rd, cpu in results:
        p50 = statistics.median(times)
        if isinstance(rd, str):
            rd_cell, ratio = "error", "–"
            print(f"rdflib failed on {label}: {rd[:200]}")
        elif rd is None:
            rd_cell, ratio = (f">{args.cap * 1000:.0f}", f">{args.cap / p50:.0f}×") if not args.no_rdflib and trig else ("–", "–")
        else:
            rd_cell, ratio = ms(statistics.median(rd)), f"{statistics.median(rd) / p50:.0f}×"
        table.append([label, str(rows), ms(p50), ms(pct(times, 95)), ms(statistics.median(cpu)), rd_cell, ratio])
    widths = [max(len(h), *(len(row[i]) for row in table)) for i, h in enumerate(header)]
    print()
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in table:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |")
    slow = [row[0] for row in table if float(row[2]) > 50]
    print(f"\ngoal p50 <= 50 ms: {'met' if not slow else 'missed by ' + ', '.join(slow)}")
    print(f"load average after: {load_average()} on {os.cpu_count()} cores")
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
