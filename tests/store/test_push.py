"""``kg push`` against real SPARQL servers started on 127.0.0.1: Oxigraph, and Virtuoso if installed."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from graph.query.api import open as open_graph

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "golden" / "graph.trig"  # the seeds, built by scripts/gen_fixtures.py
PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"

pytestmark = pytest.mark.server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(url: str, proc: subprocess.Popen, seconds: float, log: Path | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            detail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            pytest.fail(f"server exited with {proc.returncode}: {detail}")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"server at {url} not ready within {seconds:g} s")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def expected_counts() -> dict[str, int]:
    kg = open_graph(SAMPLE)
    return {r["g"]: r["n"] for r in kg.query(PER_GRAPH)}


def counts_at(query_url: str, only_ours: bool = False) -> dict[str, int]:
    r = httpx.post(query_url, data={"query": PER_GRAPH}, headers={"Accept": "application/sparql-results+json"})
    r.raise_for_status()
    rows = r.json()["results"]["bindings"]
    out = {b["g"]["value"]: int(b["n"]["value"]) for b in rows}
    return {g: n for g, n in out.items() if g.startswith("https://w3id.org/vnkg/")} if only_ours else out


def kg_push(*args) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "graph.cli", "push", "--graph", str(SAMPLE), *args],
                          capture_output=True, text=True, cwd=ROOT, env=env)


@pytest.fixture
def oxigraph_server(tmp_path):
    # the server binary of `pip install oxigraph`, beside this Python (the venv need not be on PATH)
    binary = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    if binary is None:
        pytest.skip("the oxigraph server binary is not on PATH (pip install oxigraph)")
    port = free_port()
    log = tmp_path / "oxigraph.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([binary, "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}"],
                                stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(base + "/query?query=ASK%7B%7D", proc, 30, log)
        yield base
    finally:
        stop(proc)


def test_push_graph_store_protocol_to_oxigraph(oxigraph_server):
    base = oxigraph_server
    expected = expected_counts()
    r = kg_push("--endpoint", base + "/update", "--graph-store", base + "/store")
    assert r.returncode == 0, r.stderr
    assert f"pushed {len(expected)} graphs, {sum(expected.values())} triples, dropped 0, 0 unchanged not sent, by graph store" in r.stdout
    assert counts_at(base + "/query") == expected
    # pushing again replaces the graphs: nothing is doubled (blank nodes included)
    assert kg_push("--graph-store", base + "/store").returncode == 0
    assert counts_at(base + "/query") == expected


def test_push_sparql_update_and_fallback_to_oxigraph(oxigraph_server):
    base = oxigraph_server
    expected = expected_counts()
    r = kg_push("--endpoint", base + "/update", "--chunk", "40")
    assert r.returncode == 0, r.stderr
    assert "by SPARQL Update" in r.stdout
    assert counts_at(base + "/query") == expected
    r = kg_push("--endpoint", base + "/update", "--graph-store", base + "/no-such-service")
    assert r.returncode == 0 and "fell back because" in r.stdout and "answered 404" in r.stdout
    assert counts_at(base + "/query") == expected


def test_push_errors_are_clear(oxigraph_server):
    r = kg_push("--endpoint", oxigraph_server + "/query")  # a query endpoint refuses updates
    assert r.returncode == 2 and "SPARQL Update" in r.stderr and "/query answered" in r.stderr
    r = kg_push("--endpoint", f"http://127.0.0.1:{free_port()}/update")
    assert r.returncode == 2 and "cannot reach the server" in r.stderr
    assert kg_push().returncode == 2


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = {sql}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = ., {d}
[HTTPServer]
ServerPort = {http}
ServerRoot = {d}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


@pytest.fixture
def virtuoso_server(tmp_path):
    """Virtuoso 7 (Debian's virtuoso-opensource) on a temp database and free ports, started and
    stopped here; the anonymous SPARQL user is granted updates, as a local test server needs."""
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if binary is None or isql is None:
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource)")
    sql, http = free_port(), free_port()
    (tmp_path / "virtuoso.ini").write_text(VIRTUOSO_INI.format(d=tmp_path, sql=sql, http=http))
    log = tmp_path / "virtuoso.log"
    proc = subprocess.Popen([binary, "-f", "-c", str(tmp_path / "virtuoso.ini")], cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{http}"
    try:
        wait_until(base + "/sparql?query=ASK%7B%7D", proc, 60, log)
        grant = subprocess.run([isql, str(sql), "dba", "dba",
                                'exec=GRANT SPARQL_UPDATE TO "SPARQL"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET (\'nobody\', 7);'],
                               capture_output=True, text=True, timeout=60)
        assert grant.returncode == 0, grant.stdout + grant.stderr
        yield base
    finally:
        stop(proc)


def test_push_to_virtuoso_both_protocols(virtuoso_server):
    base = virtuoso_server
    expected = expected_counts()
    r = kg_push("--endpoint", base + "/sparql", "--graph-store", base + "/sparql-graph-crud")
    assert r.returncode == 0, r.stderr
    assert "by graph store" in r.stdout
    assert counts_at(base + "/sparql", only_ours=True) == expected
    # SPARQL Update (form POST; blank nodes go in INSERT … WHERE {} since Virtuoso refuses them in INSERT DATA)
    r = kg_push("--endpoint", base + "/sparql", "--chunk", "60")
    assert r.returncode == 0, r.stderr
    assert "by SPARQL Update" in r.stdout
    assert counts_at(base + "/sparql", only_ours=True) == expected


def kg(*args, cwd=ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KG_LEARNED": "0"}
    return subprocess.run([sys.executable, "-m", "graph.cli", *args], capture_output=True, text=True, cwd=cwd,
                          env=env)


def test_push_sends_only_what_changed_and_drops_removed_articles(oxigraph_server, tmp_path):
    base = oxigraph_server
    out = tmp_path / "out"
    assert kg("build", str(ROOT / "seeds"), "--out", str(out), "--quiet").returncode in (0, 1)
    first = kg("push", "--store", str(out), "--graph-store", base + "/store")
    assert first.returncode == 0, first.stderr
    built = open_graph(out)
    expected = {r["g"]: r["n"] for r in built.query(PER_GRAPH)}
    assert counts_at(base + "/query") == expected
    # nothing changed: nothing is sent
    again = kg("push", "--store", str(out), "--graph-store", base + "/store")
    assert "pushed 0 graphs" in again.stdout and f"{len(expected)} unchanged not sent" in again.stdout
    # an article removed: its graphs go from the server, the index and build graphs are resent
    gone = sorted((ROOT / "seeds").glob("*.txt"))[0].stem
    assert kg("remove", gone, "--out", str(out)).returncode == 0
    after = kg("push", "--store", str(out), "--graph-store", base + "/store")
    assert after.returncode == 0, after.stderr
    dropped = sum(1 for g in expected if f"/graph/{gone}/" in g)
    assert f"dropped {dropped}," in after.stdout and "pushed 2 graphs" in after.stdout
    remaining = {r["g"]: r["n"] for r in open_graph(out).query(PER_GRAPH)}
    assert counts_at(base + "/query") == remaining
    assert not [g for g in counts_at(base + "/query") if f"/graph/{gone}/" in g]
