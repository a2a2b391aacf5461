"""The killable worker pool: time limit, memory cap, result cap, no network, crashes contained,
and following LATEST."""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

sys.path.insert(0, str(Path(__file__).parent))  # workers import the jobs by module name
import sandbox_jobs as jobs  # noqa: E402

from graph.query.sandbox import JobError, Pool, QueryTimeout, Source, WorkerDied, WorkerLimits, run_once  # noqa: E402
from graph.store import versions  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "golden" / "graph.trig"  # the seeds, built by scripts/gen_fixtures.py
COUNTING = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture
def listener():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.settimeout(0.1)
    hits = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
                hits.append(1)
                conn.close()
            except OSError:
                pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield sock.getsockname()[1], hits
    stop.set()
    thread.join(2)
    sock.close()


def test_past_the_time_limit_the_worker_is_killed_and_replaced():
    with Pool(SAMPLE, size=1) as pool:
        [pid] = pool.pids()
        start = time.monotonic()
        with pytest.raises(QueryTimeout, match="time limit of 0.5 s"):
            pool.run(jobs.count, COUNTING, timeout=0.5)
        assert time.monotonic() - start < 2
        assert not alive(pid)
        assert pool.run(jobs.source, wait=10) == str(SAMPLE)
        assert pool.pids() != [pid] and pool.status()["replaced"] == 1


def test_the_memory_cap_ends_only_the_worker():
    with Pool(SAMPLE, size=1, limits=WorkerLimits(memory_bytes=256 * 2**20), start_method="spawn") as pool:
        with pytest.raises(JobError, match="memory limit of 256M") as info:
            pool.run(jobs.allocate, 512 * 2**20)
        assert info.value.kind == "memory"
        assert pool.run(jobs.allocate, 16 * 2**20, wait=10) == 16 * 2**20


def test_the_engine_aborting_at_the_memory_cap_or_crashing_costs_one_query(tmp_path):
    big = tmp_path / "big.nt"
    big.write_text("".join(f"<http://a/{i}> <http://a/p> \"{i}\" .\n" for i in range(1500)))
    limits = WorkerLimits(memory_bytes=256 * 2**20)
    with Pool(big, size=1, limits=limits, start_method="spawn") as pool:
        with pytest.raises(WorkerDied, match="memory limit of 256M"):
            pool.run(jobs.count, "SELECT (COUNT(DISTINCT *) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
                     timeout=60)
        with pytest.raises(WorkerDied, match="crashed"):
            pool.run(jobs.crash, wait=10)
        assert pool.run(jobs.count, "SELECT * WHERE { ?s ?p ?o }", wait=10) == 1500


def test_the_result_cap_stops_serialising():
    from graph.serve.results import answer

    with Pool(SAMPLE, size=1, limits=WorkerLimits(max_result_bytes=10_000), start_method="spawn") as pool:
        with pytest.raises(JobError, match="larger than the limit of 10000 bytes") as info:
            pool.run(answer, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }", "text/csv", None)
        assert info.value.kind == "too-large"
        _, media = pool.run(answer, "ASK {}", "*/*", None)
        assert media == "application/sparql-results+json"


def test_workers_have_no_network_unless_a_service_is_allowed(listener):
    port, hits = listener
    with Pool(SAMPLE, size=1, start_method="spawn") as pool:
        assert pool.run(jobs.connect, port) == "PermissionError"
        assert "Permission denied" in pool.run(jobs.engine_service, port)  # past the lexer: still nothing
    time.sleep(0.2)
    assert hits == []
    with Pool(SAMPLE, size=1, limits=WorkerLimits(network=True), start_method="spawn") as pool:
        assert pool.run(jobs.connect, port) == "connected"  # the listener does see a real attempt
    assert len(hits) == 1


def write_version(root: Path, label: str) -> Path:
    version = versions.next_version(root)
    store = ox.Store(str(version))
    store.add(ox.Quad(ox.NamedNode("http://ex/s"), ox.NamedNode("http://ex/p"), ox.Literal(label),
                      ox.NamedNode("http://ex/g")))
    store.flush()
    del store
    return version


def test_the_pool_follows_latest_and_retires_busy_workers_when_their_query_ends(tmp_path):
    root = tmp_path / "store"
    root.mkdir()
    v1 = write_version(root, "one")
    versions.publish(root, v1)
    logged = []
    with Pool(root, size=2, log=logged.append) as pool:
        assert Source(root).current() == v1
        deadline = time.monotonic() + 10
        while len(pool.pids()) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        slow = []
        thread = threading.Thread(target=lambda: slow.append(pool.run(jobs.slow_source, 1.5)))
        thread.start()
        time.sleep(0.3)
        old = pool.pids()
        v2 = write_version(root, "two")
        versions.publish(root, v2)
        deadline = time.monotonic() + 10
        while pool.run(jobs.source, wait=10) != str(v2) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert pool.run(jobs.source) == str(v2)
        thread.join()
        assert slow == [str(v1)]  # the query under way finished on the version it started on
        deadline = time.monotonic() + 10
        while set(old) & set(pool.pids()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not set(old) & set(pool.pids()) and not any(alive(p) for p in old)
        assert pool.status()["version"] == "v000002" and any("v000002" in line for line in logged)


def test_a_version_that_cannot_be_opened_is_reported_and_skipped(tmp_path):
    root = tmp_path / "store"
    root.mkdir()
    v1 = write_version(root, "one")
    versions.publish(root, v1)
    logged = []
    with Pool(root, size=1, log=logged.append, start_method="spawn") as pool:
        bad = versions.next_version(root)
        bad.mkdir()
        (bad / "CURRENT").write_text("MANIFEST-000099\n")  # complete-looking, unreadable
        versions.publish(root, bad)
        deadline = time.monotonic() + 10
        while not logged and time.monotonic() < deadline:
            pool.run(jobs.source)
            time.sleep(0.05)
        assert logged and "cannot open" in logged[0] and bad.name in logged[0]
        assert pool.run(jobs.source) == str(v1)


def test_run_once_leaves_no_worker_behind():
    before = set(os.listdir("/proc"))
    assert run_once(SAMPLE, jobs.source) == str(SAMPLE)
    with pytest.raises(QueryTimeout):
        run_once(SAMPLE, jobs.count, COUNTING, timeout=0.3)
    time.sleep(0.2)
    new = [p for p in set(os.listdir("/proc")) - before if p.isdigit() and alive(int(p))
           and int(Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[1]) == os.getpid()]
    assert new == []
