"""``kg serve`` under load, with an attacker: throughput, latency and memory.

Usage::

    python benchmarks/bench_server.py                              # build seeds/ into a temp folder, then measure
    python benchmarks/bench_server.py --store /tmp/politics-exports/store --clients 10 --seconds 20
    python benchmarks/bench_server.py --graph exports/graph.trig --hostile count --timeout 5

Starts ``kg serve`` on a free port, then for ``--seconds``: ``--clients`` threads
each send normal queries one after another (the named queries of
``graph/query/queries/*.rq`` with their defaults bound, label lookups of entities
picked from the graph, entity pages), while a hostile three-way cartesian product
is sent every ``--hostile-every`` seconds (``select``: ``SELECT *``, cut at the
result limit; ``count``: ``COUNT(*)``, which runs until the time limit kills it).
The resident memory of the server and all its workers is sampled from /proc
every 50 ms.

Prints the throughput of normal queries, their p50/p95/p99 latency, answers by
status (normal and hostile apart), and the peak memory. Targets: normal queries
keep answering (no errors) and the server stays under 1 GB.
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.query.api import bind_values, named_queries  # noqa: E402

HOSTILE = {
    "select": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "count": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
}
ENTITIES = ("SELECT DISTINCT ?e WHERE { GRAPH <https://w3id.org/vnkg/graph/entities> { ?e a ?type } } LIMIT 200")
ENTITIES_FALLBACK = "SELECT DISTINCT ?e WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l } LIMIT 200"
LABEL = "SELECT ?label WHERE {{ <{iri}> <http://www.w3.org/2000/01/rdf-schema#label> ?label }} LIMIT 5"
ID = "https://w3id.org/vnkg/id/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree(pid: int) -> list[int]:
    """The server and every process below it (fork server, workers)."""
    parents: dict[int, list[int]] = collections.defaultdict(list)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(stat[stat.rindex(")") + 2:].split()[1])].append(int(entry))
    out, todo = [pid], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def rss(pids: list[int]) -> int:
    total = 0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def normal_requests(base: str) -> list[tuple[str, str, dict]]:
    """(label, path, params) of the normal workload: named queries, label lookups, entity pages."""
    out = []
    for q in named_queries().values():
        out.append((f"named:{q.name}", "/sparql", {"query": bind_values(q.text, q.bindings()) if q.defaults
                                                    else q.text}))
    with httpx.Client(timeout=60) as client:
        iris = []
        for query in (ENTITIES, ENTITIES_FALLBACK):
            r = client.get(base + "/sparql", params={"query": query}, headers={"Accept": "text/csv"})
            iris = [line.strip() for line in r.text.splitlines()[1:] if line.strip()]
            if iris:
                break
    for iri in iris[:100]:
        out.append(("lookup", "/sparql", {"query": LABEL.format(iri=iri)}))
    for iri in [i for i in iris if i.startswith(ID)][:50]:
        out.append(("page", "/id/" + iri[len(ID):], {}))
    return out


def start_server(args, port: int) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "graph.cli", "serve", "--port", str(port)]
    cmd += ["--graph", str(args.graph)] if args.graph else ["--store", str(args.store)]
    for flag in ("timeout", "workers", "queue", "memory_limit"):
        value = getattr(args, flag)
        if value is not None:
            cmd += [f"--{flag.replace('_', '-')}", str(value)]
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(base + "/status", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            pass
        if proc.poll() is not None:
            sys.exit(f"bench_server: kg serve exited: {proc.stderr.read().strip()}")
        time.sleep(0.1)
    proc.kill()
    sys.exit("bench_server: kg serve did not start within 60 s")


def build_seeds() -> Path:
    from graph.build.runner import build_graph

    out = Path(tempfile.mkdtemp(prefix="bench-server-")) / "exports"
    print(f"building seeds/ into {out} …", file=sys.stderr)
    report = build_graph([ROOT / "seeds"], out, progress=False)
    if report.errors:
        sys.exit(f"bench_server: the seeds build failed: {report.errors[0]}; give --store or --graph")
    return out / "store"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = ap.add_mutually_exclusive_group()
    where.add_argument("--store", type=Path, help="store folder (default: a fresh build of seeds/)")
    where.add_argument("--graph", type=Path, help="graph file each worker loads")
    ap.add_argument("--clients", type=int, default=10)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--hostile", choices=sorted(HOSTILE), default="select")
    ap.add_argument("--hostile-every", type=float, default=1.0, metavar="SECONDS", help="0: no attacker")
    ap.add_argument("--timeout", type=float, help="the server's time limit (default: kg serve's)")
    ap.add_argument("--workers", type=int, help="the server's workers (default: kg serve's)")
    ap.add_argument("--queue", type=int)
    ap.add_argument("--memory-limit")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    built = None
    if args.store is None and args.graph is None:
        args.store = build_seeds()
        built = args.store.parent.parent
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_server(args, port)
    try:
        workload = normal_requests(base)
        status = httpx.get(base + "/status").json()
        print(f"server: {args.graph or args.store}  workers {status['limits']['workers']}, "
              f"queue {status['limits']['queue']}, timeout {status['limits']['timeout']:g} s, "
              f"memory {status['limits']['memory']} per worker")
        attacker_text = f"hostile {args.hostile!r} every {args.hostile_every:g} s" if args.hostile_every else "no attacker"
        print(f"load: {args.clients} clients x {args.seconds:g} s over {len(workload)} normal requests; {attacker_text}")
        latencies: list[float] = []
        by_kind: dict[str, list[float]] = collections.defaultdict(list)
        normal_status: collections.Counter = collections.Counter()
        reasons: collections.Counter = collections.Counter()
        hostile_status: collections.Counter = collections.Counter()
        lock = threading.Lock()
        peak = {"rss": 0, "procs": 0}
        stop = threading.Event()
        deadline = time.monotonic() + args.seconds

        def client(seed: int):
            rnd = random.Random(seed)
            with httpx.Client(timeout=120) as http:
                while time.monotonic() < deadline:
                    kind, path, params = rnd.choice(workload)
                    start = time.perf_counter()
                    try:
                        r = http.get(base + path, params=params, headers={"Accept": "application/sparql-results+json"})
                        code, why = str(r.status_code), r.text.strip()[:160]
                    except httpx.HTTPError as exc:
                        code, why = type(exc).__name__, str(exc)[:160]
                    took = time.perf_counter() - start
                    with lock:
                        normal_status[code] += 1
                        if code != "200":
                            reasons[f"{code} {kind}: {why}"] += 1
                        if code == "200":
                            latencies.append(took)
                            by_kind[kind.split(":")[0]].append(took)

        def hostile_one():
            try:
                r = httpx.get(base + "/sparql", params={"query": HOSTILE[args.hostile]}, timeout=300)
                code = str(r.status_code)
            except httpx.HTTPError as exc:
                code = type(exc).__name__
            with lock:
                hostile_status[code] += 1

        def attacker():
            sent = []
            while args.hostile_every and time.monotonic() < deadline:
                t = threading.Thread(target=hostile_one)
                t.start()
                sent.append(t)
                stop.wait(args.hostile_every)
            for t in sent:
                t.join()

        def sampler():
            while not stop.is_set():
                pids = tree(proc.pid)
                peak["rss"] = max(peak["rss"], rss(pids))
                peak["procs"] = max(peak["procs"], len(pids))
                time.sleep(0.05)

        threads = [threading.Thread(target=client, args=(args.seed + i,)) for i in range(args.clients)]
        side = [threading.Thread(target=attacker), threading.Thread(target=sampler)]
        began = time.monotonic()
        for t in side + threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - began
        side[0].join()
        stop.set()
        side[1].join()
        after = rss(tree(proc.pid))
        ok = normal_status.get("200", 0)
        total = sum(normal_status.values())
        print(f"normal queries: {total} sent, {ok} answered 200 in {elapsed:.1f} s = {ok / elapsed:.1f} per second")
        print(f"latency of answered normal queries: p50 {percentile(latencies, 50) * 1000:.1f} ms, "
              f"p95 {percentile(latencies, 95) * 1000:.1f} ms, p99 {percentile(latencies, 99) * 1000:.1f} ms")
        for kind, values in sorted(by_kind.items()):
            print(f"  {kind:8s} n={len(values):5d}  p50 {statistics.median(values) * 1000:7.1f} ms  "
                  f"p95 {percentile(values, 95) * 1000:7.1f} ms")
        print(f"normal answers by status: {dict(sorted(normal_status.items()))}")
        for reason, n in reasons.most_common(5):
            print(f"  {n} x {reason}")
        print(f"hostile answers by status: {dict(sorted(hostile_status.items()))}")
        print(f"server memory (RSS, server + fork server + workers): peak {peak['rss'] / 2**20:.0f} MiB "
              f"over up to {peak['procs']} processes; {after / 2**20:.0f} MiB after")
        errors = total - ok
        print(f"targets: normal queries keep answering: {'yes' if errors == 0 else f'NO ({errors} errors)'}; "
              f"memory under 1 GB: {'yes' if peak['rss'] < 2**30 else 'NO'}")
        return 0 if errors == 0 and peak["rss"] < 2**30 else 1
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
        if built is not None:
            shutil.rmtree(built, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
