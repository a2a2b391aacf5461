"""``kg serve`` probed as an attacker would: runaway queries, deep nesting, SERVICE, the server's own
process tree watched from /proc while it happens."""

from __future__ import annotations

import csv
import threading
import time
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.server

CARTESIAN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
COUNTING = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # no result to cap: runs on
NORMAL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def runaway(n: int) -> str:
    """A distinct cartesian product each time (the server remembers queries stopped by a limit)."""
    return f'SELECT (COUNT(*) AS ?n) WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(?c != "{n}") }}'


@pytest.fixture
def server(shared_server):
    return shared_server  # --timeout 1, two workers


def normal_ok(server) -> None:
    r = server.get(NORMAL, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text
    assert int(r.json()["results"]["bindings"][0]["n"]["value"]) > 0


def test_cartesian_product_is_stopped_its_worker_killed_and_replaced(server, procs):
    assert procs.wait_for(lambda: len(server.workers()) == 2)
    before = set(server.workers())
    start = time.monotonic()
    r = server.get(runaway(0))
    assert r.status_code == 503 and "time limit of 1 s" in r.text and "stopped" in r.text
    assert time.monotonic() - start < 3
    # The worker that ran it is gone (killed, so its memory is freed) and a fresh one took its place.
    assert procs.wait_for(lambda: len(set(server.workers()) - before) == 1 and len(server.workers()) == 2, 10)
    assert len(before & set(server.workers())) == 1
    # Nothing keeps computing: the whole tree is idle.
    tree = [server.pid, *procs.descendants(server.pid)]
    used = procs.cpu_seconds(tree)
    time.sleep(1.0)
    assert procs.cpu_seconds(tree) - used < 0.3
    normal_ok(server)


def test_cartesian_select_is_cut_and_memory_stays_low(server, procs):
    peak, done = [0], threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], procs.rss_bytes(server.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        r = server.get(CARTESIAN)
    finally:
        done.set()
        sampler.join()
    # Cut at the 16M result limit, or at the time limit on a loaded machine: stopped either way.
    assert r.status_code == 503 and ("larger than the limit" in r.text or "time limit" in r.text), r.text
    assert peak[0] < 700 * 2**20, f"peak {peak[0] / 2**20:.0f} MiB"
    assert procs.wait_for(lambda: procs.rss_bytes(server.pid) < 500 * 2**20)
    normal_ok(server)


def test_four_concurrent_cartesian_products_then_a_normal_query_succeeds(server, procs):
    statuses = []
    threads = [threading.Thread(target=lambda n=n: statuses.append(server.get(runaway(n)).status_code))
               for n in range(1, 5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [503] * 4
    normal_ok(server)
    assert procs.wait_for(lambda: len(server.workers()) == 2)


@pytest.mark.parametrize("query", [
    "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000,
    "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 3000 + "?o" + ")" * 3000 + ") }",
])
def test_deep_nesting_is_400_before_the_engine_and_the_server_lives(server, procs, query):
    assert procs.wait_for(lambda: len(server.workers()) == 2)
    before = server.workers()
    for r in (server.get(query),
              httpx.post(server.base + "/sparql", content=query.encode(), timeout=10,
                         headers={"Content-Type": "application/sparql-query"})):
        assert r.status_code == 400 and "deep; the limit is 64" in r.text
    assert server.workers() == before  # no worker even saw it
    normal_ok(server)


SERVICE_FORMS = [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICESILENT<{url}>{{ ?s ?p ?o }} }}",
    "PREFIX e: <{url}> SELECT * WHERE {{ SERVICE SILENT e:x {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ BIND(<{url}> AS ?e) SERVICE SILENT ?e {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p ?o FILTER(?o<'a>') SERVICE SILENT <{url}> {{ ?x ?y ?z }} #'\n}}",
    "select * where {{ ?s ?p ?o FILTER(?o<?p)service#>\n silent <{url}> {{}} }}",
]


@pytest.mark.parametrize("form", SERVICE_FORMS)
def test_service_is_refused_and_no_request_leaves(server, listener, form):
    url = f"http://127.0.0.1:{listener.port}/sparql"
    r = server.get(form.format(url=url))
    assert r.status_code == 400 and "SERVICE" in r.text and "refused" in r.text, r.text
    r = httpx.post(server.base + "/sparql", data={"query": form.format(url=url)}, timeout=10)
    assert r.status_code == 400
    time.sleep(0.3)
    assert listener.connections == 0


def test_entity_pages_and_queries_never_open_the_store_in_the_server_process(server, sample_store):
    golden = Path(__file__).parents[1] / "fixtures" / "golden" / "entities.csv"  # what the store holds
    with golden.open(encoding="utf-8", newline="") as f:
        [iri] = [row["iri"] for row in csv.DictReader(f) if row["label"] == "Nguyễn Phú Trọng"]
    assert httpx.get(server.base + iri.removeprefix("https://w3id.org/vnkg"), timeout=10).status_code == 200
    normal_ok(server)
    import os

    opened = []
    for fd in os.listdir(f"/proc/{server.pid}/fd"):
        try:
            opened.append(os.readlink(f"/proc/{server.pid}/fd/{fd}"))
        except OSError:
            pass
    assert not [p for p in opened if p.startswith(str(sample_store))], opened


def test_a_query_stopped_by_a_limit_keeps_to_one_worker_when_repeated(server, procs):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    assert server.get(query).status_code == 503  # stopped at the time limit: now known
    assert procs.wait_for(lambda: len(server.workers()) == 2)
    answers = []
    threads = [threading.Thread(target=lambda: answers.append(server.get(query))) for _ in range(3)]
    for t in threads:
        t.start()
    time.sleep(0.3)
    start = time.monotonic()
    normal_ok(server)  # one worker is left to normal queries
    assert time.monotonic() - start < 0.9
    for t in threads:
        t.join()
    texts = sorted(r.text for r in answers)
    assert [r.status_code for r in answers] == [503] * 3
    assert sum("time limit of 1 s and was stopped" in t for t in texts) == 1
    assert sum("1 like it may run at once" in t for t in texts) == 2
    assert all(r.headers.get("retry-after") == "1" for r in answers if "may run at once" in r.text)


def test_past_the_long_query_mark_only_half_the_workers_may_be_held(serve, sample_store):
    server = serve("--store", sample_store, "--timeout", "4", "--long-after", "1")
    answers = {}

    def run(n):
        start = time.monotonic()
        r = server.get(runaway(100 + n))
        answers[n] = (r, time.monotonic() - start)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    time.sleep(1.6)  # one runaway was stopped at the 1 s mark: a worker is free for normal queries
    start = time.monotonic()
    normal_ok(server)
    assert time.monotonic() - start < 1.5
    for t in threads:
        t.join()
    (lane, lane_s), (timed, timed_s) = sorted(answers.values(), key=lambda a: a[1])
    assert lane.status_code == 503 and "stopped after 1 s: 1 long query is running already" in lane.text
    assert lane.headers["retry-after"] == "1" and lane_s < 3
    assert timed.status_code == 503 and "time limit of 4 s" in timed.text and timed_s >= 4
