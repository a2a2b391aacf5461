"""The explorer and search routes: the page, the JSON API it grows the graph with, search results.

From the in-memory :class:`~graph.serve.index.GraphIndex` (no query, answered in
the server process):

* ``/api/suggest?q=`` — suggestions as you type (entities and posts);
* ``/api/neighbours?iri=&limit=`` — an entity, its facts and their other ends;
* ``/api/path?from=&to=`` — a shortest chain of facts between two entities;
* ``/api/facts`` (POST, JSON list of IRIs) — the facts among entities drawn;
* ``/api/top?limit=&per_type=`` — the most mentioned entities;
* ``/api/status`` — the pool, the limits and the index.

From a query worker, within the pool's limits like any query:

* ``/api/evidence?s=&p=&o=`` — the sentences that state a fact;
* ``/api/mentions?iri=`` — where an entity is mentioned;
* ``/api/query-graph?query=`` — the entities a SPARQL result names (SELECT
  bindings, CONSTRUCT triples) and the facts among them, for "show in graph".
"""

from __future__ import annotations

import asyncio
import json

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from graph.query.limits import QueryRejected, UpdateRefused, check
from graph.serve.entity import evidence_job, mentions_job
from graph.serve.index import KG, GraphIndex
from graph.serve.pages import EXPLORE_HTML, TYPE_NAMES, _e, local_href, page
from graph.serve.request import Problem, decode_pairs, read_body

__all__ = ["explore_routes", "query_iris_job", "MAX_QUERY_NODES"]

#: Entities a "show in graph" result may draw.
MAX_QUERY_NODES = 2000
MAX_NEIGHBOURS = 500


def query_iris_job(ctx, text: str, limit: int = MAX_QUERY_NODES) -> dict:
    """A job: the IRIs a query's result names, in order of appearance (at most ``limit``)."""
    result = ctx.kg.raw(text)
    seen: dict[str, None] = {}
    rows = 0
    if isinstance(result, ox.QueryBoolean):
        return {"iris": [], "rows": 0, "kind": "ask"}
    kind = "select" if isinstance(result, ox.QuerySolutions) else "graph"
    for row in result:
        rows += 1
        terms = list(row) if kind == "select" else [row.subject, row.object]
        for t in terms:
            if isinstance(t, ox.NamedNode) and t.value not in seen:
                seen[t.value] = None
        if len(seen) >= limit:
            break
    return {"iris": list(seen)[:limit], "rows": rows, "kind": kind}


def _json(data, status: int = 200) -> Response:
    return JSONResponse(data, status, headers={"cache-control": "no-store", "x-content-type-options": "nosniff"})


def _error(status: int, reason: str) -> Response:
    return _json({"error": reason}, status)


def _hit_json(hit: dict) -> dict:
    return {**hit, "href": local_href(hit["iri"])}


def _result(hit: dict) -> str:
    matched = f' <span class="muted">({_e(hit["matched"])})</span>' if hit.get("matched") else ""
    kind = TYPE_NAMES.get(hit["type"], (hit["type"],))[0]
    return (f'<li><a href="{_e(local_href(hit["iri"]))}">{_e(hit["label"])}</a> '
            f'<span class="type t-{_e(hit["type"])}">{_e(kind)}</span>{matched} '
            f'<span class="muted">{hit["mentions"]:,}</span></li>')


def explore_routes(indexes, in_worker, limits, html_response) -> list[Route]:
    """The routes; ``in_worker`` runs a job in the pool (raising :class:`Problem`)."""

    async def index_or_problem() -> GraphIndex:
        # waiting for the first index happens in a thread: the event loop keeps serving meanwhile
        index = await asyncio.get_running_loop().run_in_executor(None, indexes.current)
        if index is None:
            raise Problem(503, indexes.error or "the search index is still being read; retry shortly",
                          {"retry-after": "2"})
        return index

    def params(request: Request) -> dict[str, str]:
        return decode_pairs(request.scope.get("query_string", b""))

    async def suggest(request: Request) -> Response:
        try:
            q = params(request)
            index = await index_or_problem()
            limit = max(1, min(int(q.get("limit", "10") or 10), 50))
        except Problem as p:
            return _error(p.status, p.reason)
        except ValueError:
            return _error(400, "limit must be a number")
        return _json({"q": q.get("q", ""), "hits": [_hit_json(h) for h in index.suggest(q.get("q", ""), limit)]})

    async def search(request: Request) -> Response:
        try:
            q = params(request).get("q", "")
            index = await index_or_problem()
        except Problem as p:
            return html_response(page("Search", f"<p>{_e(p.reason)}</p>"), p.status)
        hits = index.suggest(q, 50)
        if len(hits) == 1 or (hits and params(request).get("go")):
            return RedirectResponse(local_href(hits[0]["iri"]), 303)
        items = "".join(_result(h) for h in hits)
        body = f'<ul class="results">{items}</ul>' if hits else f"<p>Không tìm thấy · Nothing matches “{_e(q)}”.</p>"
        return html_response(page(f"Tìm · Search: {q}", body))

    async def top(request: Request) -> Response:
        try:
            q = params(request)
            index = await index_or_problem()
            limit = max(1, min(int(q.get("limit", "20") or 20), 500))
        except Problem as p:
            return _error(p.status, p.reason)
        except ValueError:
            return _error(400, "limit must be a number")
        ranked = sorted((n for n in index.nodes.values() if n.kind == "entity"),
                        key=lambda n: (-n.mentions - index.degree(n.iri), n.iri))
        if q.get("per_type"):
            seen: dict[str, int] = {}
            picked = []
            for n in ranked:
                if seen.get(n.type, 0) < limit:
                    seen[n.type] = seen.get(n.type, 0) + 1
                    picked.append(n)
            ranked = picked
        else:
            ranked = ranked[:limit]
        return _json([index.node_json(n.iri) for n in ranked])

    async def neighbours(request: Request) -> Response:
        try:
            q = params(request)
            index = await index_or_problem()
            limit = max(1, min(int(q.get("limit", "60") or 60), MAX_NEIGHBOURS))
            relations = {r for r in q.get("relations", "").split(",") if r} or None
            types = {t for t in q.get("types", "").split(",") if t} or None
            return _json(index.neighbours(q.get("iri", ""), limit, relations, types))
        except Problem as p:
            return _error(p.status, p.reason)
        except ValueError:
            return _error(400, "limit must be a number")
        except KeyError:
            return _error(404, "no such entity in the graph")

    async def path(request: Request) -> Response:
        try:
            q = params(request)
            index = await index_or_problem()
            found = index.path(q.get("from", ""), q.get("to", ""))
        except Problem as p:
            return _error(p.status, p.reason)
        except KeyError as exc:
            return _error(404, f"no such entity in the graph: {exc.args[0]}")
        nodes = found[0] if found else []
        step = {n: i for i, n in enumerate(nodes)}
        return _json({"path": nodes, "nodes": [index.node_json(n) for n in nodes],
                      "edges": [f for f in index.facts_between(set(nodes)) if abs(step[f["s"]] - step[f["o"]]) == 1]})

    async def facts(request: Request) -> Response:
        try:
            index = await index_or_problem()
            body = await read_body(request, limits.max_body_bytes)
            iris = json.loads(body.decode("utf-8") or "[]")
            if not isinstance(iris, list) or not all(isinstance(i, str) for i in iris):
                raise ValueError
        except Problem as p:
            return _error(p.status, p.reason)
        except (ValueError, UnicodeDecodeError):
            return _error(400, "send a JSON list of IRIs")
        known = {i for i in iris if i in index.nodes}
        return _json({"edges": index.facts_between(known)})

    async def evidence(request: Request) -> Response:
        q = params(request)
        s, p, o = q.get("s", ""), q.get("p", ""), q.get("o", "")
        p = p if p.startswith("http") else KG + p
        try:
            for iri in (s, p, o):
                ox.NamedNode(iri)
            return _json(await in_worker(evidence_job, s, p, o))
        except ValueError:
            return _error(400, "s, p and o must be IRIs (p may be a kg: local name)")
        except Problem as problem:
            return _error(problem.status, problem.reason)

    async def mentions(request: Request) -> Response:
        iri = params(request).get("iri", "")
        try:
            ox.NamedNode(iri)
            return _json(await in_worker(mentions_job, iri))
        except ValueError:
            return _error(400, "iri must be an IRI")
        except Problem as problem:
            return _error(problem.status, problem.reason)

    async def query_graph(request: Request) -> Response:
        try:
            text = params(request).get("query", "")
            if request.method == "POST":
                form = decode_pairs(await read_body(request, limits.max_body_bytes), "the form body")
                text = form.get("query", text)
            if not text:
                raise Problem(400, "missing the 'query' parameter")
            scanned = check(text, limits.query)
            found = await in_worker(query_iris_job, text, key=scanned.fingerprint)
            index = await index_or_problem()
        except UpdateRefused as exc:
            return _error(403, str(exc))
        except QueryRejected as exc:
            return _error(400, str(exc))
        except Problem as problem:
            return _error(problem.status, problem.reason)
        known = [i for i in found["iris"] if i in index.nodes]
        return _json({"rows": found["rows"], "kind": found["kind"], "named": len(found["iris"]),
                      "nodes": [index.node_json(i) for i in known], "edges": index.facts_between(set(known))})

    async def status(request: Request) -> Response:
        index = indexes.current(timeout=0)
        info = None
        if index is not None:
            info = {"version": index.version, "entities": sum(1 for n in index.nodes.values() if n.kind == "entity"),
                    "posts": sum(1 for n in index.nodes.values() if n.kind == "post"), "facts": len(index.facts)}
        return _json({"index": info, "error": indexes.error})

    async def explore(request: Request) -> Response:
        return html_response(EXPLORE_HTML)

    return [
        Route("/explore", explore),
        Route("/search", search),
        Route("/api/suggest", suggest),
        Route("/api/top", top),
        Route("/api/neighbours", neighbours),
        Route("/api/path", path),
        Route("/api/facts", facts, methods=["POST"]),
        Route("/api/evidence", evidence),
        Route("/api/mentions", mentions),
        Route("/api/query-graph", query_graph, methods=["GET", "POST"]),
        Route("/api/status", status),
    ]
