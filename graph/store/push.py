"""``kg push``: copy the graph to an external SPARQL 1.1 server, sending only what changed.

With ``--graph-store URL`` each named graph is sent with the Graph Store HTTP
Protocol (``PUT URL?graph=IRI``, an N-Triples body: the graph is replaced;
``DELETE`` for a graph that is gone). Without it, or when the server answers
that it has no such service, graphs go as SPARQL Update (``DROP SILENT GRAPH
<g> ; INSERT DATA { GRAPH <g> {…} }``, or ``INSERT {…} WHERE {}`` for graphs with
blank nodes, form POST ``update=``, whole graphs per request up to ``--chunk``
triples), which every SPARQL 1.1 server speaks (Virtuoso never answers
``application/sparql-query`` POSTs, so forms are used).

From a build's store, a ledger per endpoint (``<out>/.kg/push/<endpoint>.json``)
remembers what was sent: the next push sends the graphs of the articles that
changed since, drops those of removed articles, and resends the index and
build graphs when they changed. The ledger is written after each request, so a
push that is interrupted resumes where it stopped. ``--all`` sends everything.

Endpoints: Oxigraph server ``/update`` and ``/store``; Fuseki ``/ds/update``
and ``/ds/data``; Virtuoso ``/sparql`` (or ``/sparql-auth``) and
``/sparql-graph-crud`` (``-auth``); GraphDB ``/repositories/R/statements`` and
``/repositories/R/rdf-graphs/service``.

>>> reqs = list(update_chunks([("http://g/1", b"<a:s> <a:p> <a:o> .\\n", 1)], [], 10))
>>> print(reqs[0][0])
DROP SILENT GRAPH <http://g/1> ;
INSERT DATA { GRAPH <http://g/1> {
<a:s> <a:p> <a:o> .
} }
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.errors import Errors, PushError
from graph.rdf.iris import BUILD_GRAPH, ENTITIES_GRAPH
from graph.store import versions
from graph.store.state import load_state

__all__ = ["PushReport", "push", "update_chunks"]

#: Graph Store answers meaning "no Graph Store here": fall back to SPARQL Update.
NO_GSP = {400, 404, 405, 501}


@dataclass
class PushReport:
    graphs: int = 0
    triples: int = 0
    dropped: int = 0
    unchanged: int = 0
    protocol: str = ""
    requests: int = 0
    fallback_reason: str | None = None

    def summary(self) -> str:
        """One line for the terminal.

        >>> PushReport(3, 120, 1, 40, "graph store", 4).summary()
        'pushed 3 graphs, 120 triples, dropped 1, 40 unchanged not sent, by graph store (4 requests)'
        """
        line = (f"pushed {self.graphs} graphs, {self.triples} triples, dropped {self.dropped}, "
                f"{self.unchanged} unchanged not sent, by {self.protocol or 'nothing'} ({self.requests} requests)")
        return line + (f"; fell back because {self.fallback_reason}" if self.fallback_reason else "")


def _payload(store: ox.Store, iri: str) -> tuple[str, bytes, int]:
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(iri)) or b""
    return iri, data, data.count(b"\n")


def update_chunks(payloads: Iterable[tuple[str, bytes, int]], drops: list[str], chunk: int) -> Iterator[tuple[str, list[str], int]]:
    """SPARQL Update requests replacing whole graphs (about ``chunk`` triples each) and
    dropping gone ones: ``(request, graphs it covers, triples)``.

    A graph is never split: blank nodes would otherwise become different nodes in
    different requests.
    """
    ops: list[str] = [f"DROP SILENT GRAPH <{g}>" for g in drops]
    size, covered = 0, list(drops)
    for iri, data, n in payloads:
        ops.append(f"DROP SILENT GRAPH <{iri}>")
        if n and b"_:" not in data:
            ops.append(f"INSERT DATA {{ GRAPH <{iri}> {{\n{data.decode('utf-8')}}} }}")
        elif n:  # Virtuoso refuses blank nodes in INSERT DATA; a template with no WHERE takes them
            ops.append(f"INSERT {{ GRAPH <{iri}> {{\n{data.decode('utf-8')}}} }} WHERE {{}}")
        size += n
        covered.append(iri)
        if size >= chunk:
            yield " ;\n".join(ops), covered, size
            ops, size, covered = [], 0, []
    if ops:
        yield " ;\n".join(ops), covered, size


@dataclass
class _Plan:
    send: list[str] = field(default_factory=list)  # graph IRIs
    drop: list[str] = field(default_factory=list)
    ledger: dict[str, str] = field(default_factory=dict)  # graph -> digest after the push
    unchanged: int = 0


def _ledger_path(out: Path, endpoint: str | None, graph_store: str | None) -> Path:
    name = hashlib.sha256(f"{endpoint}|{graph_store}".encode()).hexdigest()[:16]
    return out / ".kg" / "push" / f"{name}.json"


def _plan(store: ox.Store, store_root: Path | None, old: dict[str, str], everything: bool) -> _Plan:
    """Which graphs to send and drop: by the build state's article digests when there is one."""
    plan = _Plan()
    current: dict[str, str] = {}
    version = versions.current(store_root) if store_root else None
    state = (load_state(store_root, version.name)
             if store_root is not None and version is not None and version != store_root else None)
    if state and state.articles:
        for a in state.articles.values():
            for g in a.graphs:
                current[g] = a.emitted
        for g in (BUILD_GRAPH, ENTITIES_GRAPH):
            current[g] = _digest(store, g)
    else:  # a graph file or a store without state: every graph by its content
        for g in sorted(x.value for x in store.named_graphs() if isinstance(x, ox.NamedNode)):
            current[g] = _digest(store, g)
    for g, d in sorted(current.items()):
        if everything or old.get(g) != d:
            plan.send.append(g)
        else:
            plan.unchanged += 1
    plan.drop = sorted(set(old) - set(current))
    plan.ledger = current
    return plan


def _digest(store: ox.Store, g: str) -> str:
    data = store.dump(format=ox.RdfFormat.N_QUADS, from_graph=ox.NamedNode(g)) or b""
    return hashlib.sha256(b"".join(sorted(data.splitlines()))).hexdigest()[:32]


def push(store: ox.Store, endpoint: str | None, graph_store: str | None = None, *, out: Path | None = None,
         store_root: Path | None = None, everything: bool = False, auth: Any = None, chunk: int = 20000,
         timeout: float = 120.0) -> PushReport:
    """Send what changed in ``store`` since the last push to this endpoint (everything the
    first time, or with ``everything``), and drop the graphs of removed articles."""
    import httpx

    if not endpoint and not graph_store:
        raise PushError(Errors.E601.format(what="kg push", reason="give --endpoint (SPARQL Update) or "
                                                                  "--graph-store (Graph Store Protocol)"))
    ledger_file = _ledger_path(out, endpoint, graph_store) if out else None
    old = json.loads(ledger_file.read_text()) if ledger_file and ledger_file.is_file() else {}
    plan = _plan(store, store_root, old, everything)
    report = PushReport(unchanged=plan.unchanged)
    done = {g: d for g, d in old.items() if g in plan.ledger and g not in plan.send}

    def save() -> None:
        if ledger_file is not None:
            ledger_file.parent.mkdir(parents=True, exist_ok=True)
            tmp = ledger_file.with_suffix(".tmp")
            tmp.write_text(json.dumps(done, sort_keys=True))
            os.replace(tmp, ledger_file)

    with httpx.Client(auth=auth, timeout=timeout) as client:
        todo = list(plan.send)
        drops = list(plan.drop)
        if graph_store:
            report.protocol = "graph store"
            while todo:
                iri, data, n = _payload(store, todo[0])
                r = client.put(graph_store, params={"graph": iri}, content=data,
                               headers={"Content-Type": "application/n-triples"})
                if r.status_code == 415:  # servers that only take Turtle (N-Triples is Turtle)
                    r = client.put(graph_store, params={"graph": iri}, content=data,
                                   headers={"Content-Type": "text/turtle"})
                report.requests += 1
                if report.graphs == 0 and r.status_code in NO_GSP and endpoint:
                    report.fallback_reason = f"{graph_store} answered {r.status_code} to a Graph Store PUT"
                    break
                _check(r, f"graph {iri}")
                done[iri] = plan.ledger[iri]
                todo.pop(0)
                report.graphs += 1
                report.triples += n
                save()
            if not report.fallback_reason:
                for g in drops:
                    r = client.delete(graph_store, params={"graph": g})
                    report.requests += 1
                    if r.status_code != 404:
                        _check(r, f"graph {g}")
                    done.pop(g, None)
                    report.dropped += 1
                    save()
                return report
        if not endpoint:
            raise PushError(Errors.E601.format(what="kg push", reason="the Graph Store refused and no --endpoint"))
        report.protocol = "SPARQL Update"
        for text, covered, n in update_chunks((_payload(store, g) for g in todo), drops, chunk):
            r = client.post(endpoint, data={"update": text})
            report.requests += 1
            _check(r, "SPARQL Update")
            for g in covered:
                if g in plan.ledger:
                    done[g] = plan.ledger[g]
                    report.graphs += 1
                else:
                    done.pop(g, None)
                    report.dropped += 1
            report.triples += n
            save()
    return report


def _check(response: Any, what: str) -> None:
    if response.status_code >= 300:
        raise PushError(Errors.E601.format(what=what, reason=f"{response.request.url} answered "
                                                             f"{response.status_code}: {response.text[:500]}"))
