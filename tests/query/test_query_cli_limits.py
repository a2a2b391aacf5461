"""``kg query`` under the same limits as the server: a killable worker, the pre-check, no SERVICE."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "golden" / "graph.trig"  # the seeds, built by scripts/gen_fixtures.py
COUNTING = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def kg(*args, command="query"):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "graph.cli", command, *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, env=env, encoding="utf-8", timeout=120,
                          check=False)


def one_error_line(r, code: int = 2) -> str:
    assert r.returncode == code, (r.returncode, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg query: "), r.stderr
    assert r.stdout == ""
    return lines[0]


@pytest.fixture
def listener():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.settimeout(0.1)
    hits, stop = [], threading.Event()

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


def test_braces_nested_3000_deep_exit_2_with_one_line_never_a_crash(tmp_path):
    rq = tmp_path / "deep.rq"
    rq.write_text("SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000, encoding="utf-8")
    line = one_error_line(kg("--graph", SAMPLE, "-f", rq))
    assert line == f"kg query: {rq}: the query nests groups 3000 deep; the limit is 64"


def test_a_cartesian_product_stops_at_the_timeout():
    start = time.monotonic()
    line = one_error_line(kg("--graph", SAMPLE, "--timeout", "1", COUNTING))
    assert "exceeded the time limit of 1 s and was stopped" in line
    assert time.monotonic() - start < 6


def test_the_memory_limit_stops_a_query_not_the_command(tmp_path):
    big = tmp_path / "big.nt"
    big.write_text("".join(f"<http://a/{i}> <http://a/p> \"{i}\" .\n" for i in range(1500)), encoding="utf-8")
    query = "SELECT (COUNT(DISTINCT *) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    line = one_error_line(kg("--graph", big, "--memory-limit", "256M", query))
    assert "memory limit of 256M" in line


@pytest.mark.parametrize("silent", ["", "SILENT "])
def test_service_is_refused_and_nothing_is_sent(listener, silent):
    port, hits = listener
    line = one_error_line(kg("--graph", SAMPLE, f"SELECT * WHERE {{ SERVICE {silent}<http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}"))
    assert f"SERVICE {silent}<http://127.0.0.1:{port}/> is refused" in line and "--allow-service" in line
    time.sleep(0.2)
    assert hits == []


def test_an_allowed_service_is_called(listener):
    port, hits = listener
    url = f"http://127.0.0.1:{port}/sparql"
    r = kg("--graph", SAMPLE, "--allow-service", url, f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}")
    assert r.returncode == 2 and "query failed" in r.stderr  # the listener hangs up: but it was called
    assert hits


@pytest.mark.parametrize("args, message", [
    (["INSERT DATA { <a:b> <a:c> <a:d> }"], "SPARQL updates are refused"),
    (["--max-query", "20", "SELECT * WHERE { ?s ?p ?o }"], "the query is 27 bytes; the limit is 20"),
    (["--max-depth", "1", "SELECT * WHERE { { ?s ?p ?o } }"], "nests groups 2 deep; the limit is 1"),
    (["--max-result", "100", "--format", "csv", "SELECT * WHERE { ?s ?p ?o }"], "larger than the limit of 100 bytes"),
    (["--memory-limit", "lots", "ASK {}"], None),
])
def test_limit_errors_are_one_line(args, message):
    r = kg("--graph", SAMPLE, *args)
    if message is None:  # argparse: usage and the error
        assert r.returncode == 2 and "'lots' is not a size" in r.stderr
        return
    assert message in one_error_line(r)


def test_help_lists_every_limit_with_its_default():
    text = kg("--help").stdout
    for flag in ("--timeout", "--memory-limit", "--max-result", "--max-query", "--max-depth", "--allow-service"):
        assert flag in text
    text = " ".join(kg("--help", command="serve").stdout.split())
    for flag, default in (("--timeout", "30"), ("--memory-limit", "384M"), ("--max-result", "16M"),
                          ("--max-query", "64K"), ("--max-depth", "64"), ("--workers", "2"), ("--queue", "32"),
                          ("--max-url", "64K"), ("--max-body", "1M"), ("--long-after", "10"), ("--allow-service", None)):
        assert flag in text
        if default is not None:
            after = text[text.rindex(flag):]  # its entry, after the usage line
            assert f"(default {default}" in after[:400], (flag, after[:400])
