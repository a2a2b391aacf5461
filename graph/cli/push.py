"""``kg push``: copy every named graph to an external SPARQL 1.1 server.

With ``--graph-store URL`` each named graph is sent with the Graph Store HTTP
Protocol (``PUT URL?graph=IRI``, an N-Triples body: the graph is replaced).
Without it, or when the server answers that it has no such service, graphs go
as SPARQL Update (``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> {…} }``, or
``INSERT {…} WHERE {}`` for graphs with blank nodes,
form POST ``update=``, whole graphs per request up to ``--chunk`` triples),
which every SPARQL 1.1 server speaks (Virtuoso never answers
``application/sparql-query`` POSTs, so forms are used).

Endpoints: Oxigraph server ``/update`` and ``/store``; Fuseki
``/ds/update`` and ``/ds/data``; Virtuoso ``/sparql`` (or ``/sparql-auth``)
and ``/sparql-graph-crud`` (``-auth``); GraphDB ``/repositories/R/statements``
and ``/repositories/R/rdf-graphs/service``.

>>> import argparse
>>> sub = argparse.ArgumentParser().add_subparsers()
>>> args = add_parser(sub, "push").parse_args(["--endpoint", "http://127.0.0.1:7878/update"])
>>> args.graph_store is None, args.chunk
(True, 20000)
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pyoxigraph as ox

from graph.query.api import OpenError, open as open_graph
from graph.cli.query import DEFAULT_STORE
from graph.store.knowledge_store import iter_named_graphs

#: GSP answers meaning "no Graph Store here": fall back to SPARQL Update.
NO_GSP = {400, 404, 405, 501}


class PushError(Exception):
    """The server refused the data; the message names the URL and its answer."""


@dataclass
class PushReport:
    graphs: int = 0
    triples: int = 0
    protocol: str = ""
    requests: int = 0
    fallback_reason: str | None = None
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the terminal.

        >>> PushReport(3, 120, "graph store", 3).summary()
        'pushed 3 graphs, 120 triples, by graph store (3 requests)'
        """
        line = f"pushed {self.graphs} graphs, {self.triples} triples, by {self.protocol} ({self.requests} requests)"
        return line + (f"; fell back because {self.fallback_reason}" if self.fallback_reason else "")


def graph_payloads(store: ox.Store):
    """``(graph IRI, N-Triples bytes, triple count)`` for each named graph, in IRI order."""
    for g in iter_named_graphs(store):
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g) or b""
        yield g.value, data, data.count(b"\n")


def update_chunks(payloads, chunk: int):
    """SPARQL Update requests replacing whole graphs, about ``chunk`` triples each.

    A graph is never split: blank nodes (assertions, memberships) would otherwise
    become different nodes in different requests.

    >>> reqs = list(update_chunks([("http://g/1", b"<a:s> <a:p> <a:o> .\\n", 1)], 10))
    >>> print(reqs[0][0])
    DROP SILENT GRAPH <http://g/1> ;
    INSERT DATA { GRAPH <http://g/1> {
    <a:s> <a:p> <a:o> .
    } }
    """
    ops, size, graphs = [], 0, 0
    for iri, data, n in payloads:
        ops.append(f"DROP SILENT GRAPH <{iri}>")
        if n and b"_:" not in data:
            ops.append(f"INSERT DATA {{ GRAPH <{iri}> {{\n{data.decode('utf-8')}}} }}")
        elif n:  # Virtuoso refuses blank nodes in INSERT DATA; a template with no WHERE takes them
            ops.append(f"INSERT {{ GRAPH <{iri}> {{\n{data.decode('utf-8')}}} }} WHERE {{}}")
        size, graphs = size + n, graphs + 1
        if size >= chunk:
            yield " ;\n".join(ops), graphs, size
            ops, size, graphs = [], 0, 0
    if ops:
        yield " ;\n".join(ops), graphs, size


def _check(response: httpx.Response, what: str) -> None:
    if response.status_code >= 300:
        raise PushError(f"{what}: {response.request.url} answered {response.status_code}: {response.text[:500]}")


def push(store: ox.Store, endpoint: str | None, graph_store: str | None = None, *, auth=None,
         chunk: int = 20000, timeout: float = 120.0) -> PushReport:
    """Send every named graph of ``store``; see the module docstring for the protocols."""
    report = PushReport()
    with httpx.Client(auth=auth, timeout=timeout) as client:
        payloads = graph_payloads(store)
        if graph_store:
            report.protocol = "graph store"
            for iri, data, n in payloads:
                r = client.put(graph_store, params={"graph": iri}, content=data,
                               headers={"Content-Type": "application/n-triples"})
                if r.status_code == 415:  # servers that only take Turtle (N-Triples is Turtle)
                    r = client.put(graph_store, params={"graph": iri}, content=data,
                                   headers={"Content-Type": "text/turtle"})
                report.requests += 1
                if report.graphs == 0 and r.status_code in NO_GSP and endpoint:
                    report.fallback_reason = f"{graph_store} answered {r.status_code} to a Graph Store PUT"
                    payloads = _chain([(iri, data, n)], payloads)
                    break
                _check(r, f"graph {iri}")
                report.graphs += 1
                report.triples += n
            else:
                return report
        if not endpoint:
            raise PushError("give --endpoint (SPARQL Update) or --graph-store (Graph Store Protocol)")
        report.protocol = "SPARQL Update"
        for text, graphs, n in update_chunks(payloads, chunk):
            r = client.post(endpoint, data={"update": text})
            report.requests += 1
            _check(r, "SPARQL Update")
            report.graphs += graphs
            report.triples += n
    return report


def _chain(first, rest):
    yield from first
    yield from rest


def add_parser(subparsers, name: str) -> argparse.ArgumentParser:
    p = subparsers.add_parser(name, help="copy the graph to an external SPARQL 1.1 server",
                              description=__doc__.splitlines()[0])
    p.add_argument("--endpoint", help="SPARQL Update endpoint (e.g. http://host:7878/update, …/sparql)")
    p.add_argument("--graph-store", help="Graph Store Protocol endpoint (e.g. http://host:7878/store)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--store", type=Path, help=f"store folder or exports folder (default {DEFAULT_STORE})")
    where.add_argument("--graph", type=Path, help="graph file (.trig, .nq, .jsonld)")
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--digest", action="store_true", help="HTTP Digest authentication (Virtuoso's -auth endpoints)")
    p.add_argument("--chunk", type=int, default=20000, help="triples per SPARQL Update request")
    p.set_defaults(run=run)
    return p


def run(args) -> int:
    if not args.endpoint and not args.graph_store:
        print("kg push: give --endpoint URL (SPARQL Update) and/or --graph-store URL", file=sys.stderr)
        return 2
    auth = None
    if args.user:
        auth = (httpx.DigestAuth if args.digest else httpx.BasicAuth)(args.user, args.password or "")
    try:
        kg = open_graph(args.graph or args.store or DEFAULT_STORE)
        report = push(kg.store, args.endpoint, args.graph_store, auth=auth, chunk=args.chunk)
    except (OpenError, PushError) as exc:
        print(f"kg push: {exc}", file=sys.stderr)
        return 2
    except httpx.HTTPError as exc:
        print(f"kg push: cannot reach the server: {exc}", file=sys.stderr)
        return 2
    print(report.summary())
    return 0
