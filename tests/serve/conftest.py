"""Real ``kg serve`` processes on 127.0.0.1 and what the tests look at: their process trees."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from graph.store.knowledge_store import KnowledgeStore

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "golden" / "graph.trig"  # the seeds, built by scripts/gen_fixtures.py
CARTESIAN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
COUNTING = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # no result to cap: runs on
NORMAL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (workers are children of the fork server, itself a child)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if fields[0] != "Z":
            parents.setdefault(int(fields[1]), []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def workers(pid: int) -> list[int]:
    """The query workers of a server: the children of its fork server (its grandchildren)."""
    return sorted(g for child in children(pid) for g in children(child))


def children(pid: int) -> list[int]:
    out = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for task in tasks:
        try:
            out += [int(p) for p in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
        except OSError:
            pass
    return out


def cpu_seconds(pids: list[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in pids:
        try:
            stat = Path(f"/proc/{p}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def rss_bytes(pid: int) -> int:
    """Resident memory of a server and all its processes."""
    total = 0
    for p in [pid, *descendants(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def wait_for(predicate, timeout: float = 10.0, step: float = 0.05):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()


class Server:
    def __init__(self, base: str, proc: subprocess.Popen):
        self.base = base
        self.proc = proc

    @property
    def pid(self) -> int:
        return self.proc.pid

    def get(self, query: str, **kw) -> httpx.Response:
        return httpx.get(self.base + "/sparql", params={"query": query}, timeout=kw.pop("timeout", 30), **kw)

    def status(self) -> dict:
        return httpx.get(self.base + "/status", timeout=10).json()

    def workers(self) -> list[int]:
        return workers(self.pid)


def start_server(args: list[str], ready: float = 30.0) -> Server:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "graph.cli", "serve", *map(str, args), "--port", str(port)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    end = time.monotonic() + ready
    while time.monotonic() < end:
        try:
            if httpx.get(base + "/", timeout=1).status_code == 200:
                return Server(base, proc)
        except httpx.TransportError:
            pass
        if proc.poll() is not None:
            pytest.fail(f"kg serve exited: {proc.stdout.read().decode()}")
        time.sleep(0.1)
    stop_server(Server(base, proc))
    pytest.fail("kg serve did not start")


def stop_server(server: Server) -> None:
    server.proc.send_signal(signal.SIGTERM)
    try:
        server.proc.wait(15)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait()


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> Path:
    """A legacy single store (an Oxigraph folder, no LATEST) holding the golden seeds graph."""
    store = tmp_path_factory.mktemp("sample") / "store"
    with KnowledgeStore.open(store) as s:
        s.load(SAMPLE)
    return store


def _starter():
    started: list[Server] = []

    def start(*args) -> Server:
        server = start_server(list(args))
        started.append(server)
        return server

    return start, started


@pytest.fixture
def serve():
    """``serve(*args)`` starts ``kg serve`` with those arguments; all are stopped after the test."""
    start, started = _starter()
    yield start
    for server in started:
        stop_server(server)


@pytest.fixture(scope="module")
def serve_module():
    """``serve`` for servers shared by the tests of a module."""
    start, started = _starter()
    yield start
    for server in started:
        stop_server(server)


@pytest.fixture(scope="session")
def shared_server(sample_store):
    """One ``kg serve --store SAMPLE --timeout 1`` for the tests that need no special flags."""
    server = start_server(["--store", str(sample_store), "--timeout", "1"])  # two workers by default
    yield server
    stop_server(server)


class Procs:
    """The /proc helpers, for tests (conftest modules are not importable by name)."""

    descendants = staticmethod(descendants)
    workers = staticmethod(workers)
    cpu_seconds = staticmethod(cpu_seconds)
    rss_bytes = staticmethod(rss_bytes)
    wait_for = staticmethod(wait_for)
    CARTESIAN = CARTESIAN
    COUNTING = COUNTING
    NORMAL = NORMAL


@pytest.fixture(scope="session")
def procs() -> Procs:
    return Procs()


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection (a target for SERVICE)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self._stop = True
        self._thread.join(2)
        self.sock.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()
