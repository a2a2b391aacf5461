"""Requests past the limits get a status and one line saying which limit, never a reset or a 500."""

from __future__ import annotations

import http.client
import threading
import time
from urllib.parse import urlsplit

import httpx
import pytest

pytestmark = pytest.mark.server

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture
def server(shared_server):
    return shared_server


def raw_get(base: str, target: str) -> tuple[int, bytes]:
    """GET with the stdlib client: httpx refuses URLs over 64K before sending them."""
    url = urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    try:
        conn.request("GET", target)
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


@pytest.mark.parametrize("how", ["sparql-query", "form", "query-string", "entity-path", "resource-iri"])
def test_invalid_utf8_is_400(server, how):
    base = server.base
    r = {
        "sparql-query": lambda: httpx.post(base + "/sparql", content=b"ASK { ?s ?p \"\xff\xfe\" }",
                                           headers={"Content-Type": "application/sparql-query"}),
        "form": lambda: httpx.post(base + "/sparql", content=b"query=ASK%20%7B%7D%FF",
                                   headers={"Content-Type": "application/x-www-form-urlencoded"}),
        "query-string": lambda: httpx.get(base + "/sparql?query=ASK%20%7B%7D%C3%28"),
        "entity-path": lambda: httpx.get(base + "/id/org/%FF%FE"),
        "resource-iri": lambda: httpx.get(base + "/resource?iri=http%3A%2F%2Fa%2F%E0%80"),
    }[how]()
    assert r.status_code == 400 and "UTF-8" in r.text, (r.status_code, r.text)
    assert httpx.get(base + "/sparql", params={"query": "ASK {}"}).status_code == 200


def test_a_50_mb_post_is_413(server):
    body = b"#" * (50 * 2**20)
    r = httpx.post(server.base + "/sparql", content=body, timeout=30,
                   headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413 and "larger than the limit of 1,048,576 bytes" in r.text

    def chunks():  # no Content-Length: counted as it arrives
        for _ in range(50):
            yield b"#" * 2**20

    r = httpx.post(server.base + "/sparql", content=chunks(), timeout=30,
                   headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413
    assert httpx.get(server.base + "/sparql", params={"query": "ASK {}"}).status_code == 200


@pytest.mark.parametrize("size", [70_000, 1_000_000, 20_000_000])
def test_a_long_get_is_414_not_a_reset(server, size):
    status, body = raw_get(server.base, "/sparql?query=" + "A" * size)
    assert status == 414 and b"send long queries by POST" in body


def test_a_query_past_the_size_limit_is_400(server):
    query = "ASK { ?s ?p ?o } " + "# padding\n" * 7000
    r = httpx.post(server.base + "/sparql", content=query, headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 400 and "the limit is 65,536" in r.text


@pytest.fixture(scope="module")
def small_server(serve_module, sample_store):
    return serve_module("--store", sample_store, "--workers", "1", "--queue", "1", "--timeout", "2",
                        "--max-result", "64K")


def test_past_workers_plus_queue_the_answer_is_503_with_retry_after(small_server, procs):
    server = small_server
    results = []

    def slow():
        results.append(server.get(SLOW).status_code)

    threads = [threading.Thread(target=slow) for _ in range(2)]
    for t in threads:
        t.start()
    assert procs.wait_for(lambda: server.status()["inflight"] == 2, 5)
    start = time.monotonic()
    r = server.get("ASK {}")
    assert r.status_code == 503 and r.headers["retry-after"] == "1" and "busy" in r.text
    assert time.monotonic() - start < 1
    for t in threads:
        t.join()
    assert sorted(results) == [503, 503]  # both stopped at the time limit
    assert server.get("ASK {}").status_code == 200


def test_a_query_stopped_by_the_result_limit_is_refused_for_a_while(small_server):
    server = small_server
    query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
    first = server.get(query)
    assert first.status_code == 503 and "larger than the limit of 64K" in first.text, first.text
    start = time.monotonic()
    again = server.get(query.replace("?a", "?x"))  # the same query, whatever its variables are called
    assert again.status_code == 503 and "would be again; it is refused for" in again.text, again.text
    assert time.monotonic() - start < 0.5
