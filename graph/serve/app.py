"""A read-only SPARQL 1.1 Protocol server over pyoxigraph, as a Starlette app.

Routes: ``/sparql`` (GET, POST form or ``application/sparql-query``), ``/`` (the
YASGUI query page, assets served from ``assets/``), ``/id/…`` and
``/resource?iri=`` (entity and article pages: HTML, or Turtle, JSON-LD … by
``Accept`` or ``?format=``), ``/ontology`` and ``/ontology/{term}`` (the
ontology's terms), ``/explore`` (the graph explorer) and its JSON API under
``/api/`` (:mod:`graph.serve.explore`), ``/search?q=`` (search results),
``/queries.json`` (the named queries, as the page's examples), ``/status``
(workers and limits, JSON).

Nothing from a client reaches the engine in this process. A request is read
within the URL and body limits (:mod:`graph.serve.request`), the query text is
checked for size, nesting depth, SERVICE and updates (:mod:`graph.query.limits`),
and then evaluated in a worker process of a :class:`~graph.query.sandbox.Pool`,
killed at the time limit. At most ``workers + queue`` requests are in flight;
past that the answer is 503 with ``Retry-After``. A query stopped by a limit
is kept to a narrow lane when it comes again (:mod:`graph.serve.lanes`).

>>> from starlette.testclient import TestClient
>>> sample = Path(__file__).parents[2] / "tests/fixtures/golden/graph.trig"
>>> with TestClient(create_app(sample, ServeLimits(workers=1))) as client:
...     r = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"},
...                    headers={"Accept": "application/sparql-results+json"})
...     print(r.status_code, r.json()["boolean"], r.headers["access-control-allow-origin"])
...     print(client.post("/sparql", data={"update": "CLEAR ALL"}).status_code)
...     print(client.get("/sparql", params={"query": "ASK " + "{" * 99 + "}" * 99}).text.strip())
200 True *
403
the query nests groups 99 deep; the limit is 64
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import html
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote_to_bytes

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import (FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse,
                                 Response)
from starlette.routing import Route

from graph.query.api import KnowledgeGraph, named_queries
from graph.query.limits import QueryRejected, UpdateRefused, check, format_size
from graph.query.limits import is_update  # noqa: F401 - part of this module's interface before the pool
from graph.query.sandbox import (Busy, JobError, LongLaneFull, Pool, QueryTimeout, SandboxError, StartFailed,
                                  WorkerDied)
from graph.rdf.iris import ARTICLE as ARTICLE_NS, ONTOLOGY as ONTOLOGY_NS
from graph.rdf.vocab import ID
from graph.serve.config import DEFAULT_TIMEOUT, ServeLimits
from graph.serve.lanes import HeavyQueries, Refused
from graph.serve.explore import explore_routes
from graph.serve.index import GraphIndex, Indexes, index_job
from graph.serve.pages import local_href
from graph.serve.ontology import Ontology
from graph.serve.pages import (CSP, INDEX_HTML, QUERY_CSP, article_html, entity_html, ontology_html, page, rdf_page,
                               term_html)
from graph.serve.entity import article_job, entity_job
from graph.serve.request import Problem, check_url, decode_pairs, read_query
from graph.serve.results import GRAPHS, RESULTS, answer, negotiate  # noqa: F401 - RESULTS re-exported

__all__ = ["create_app", "ServeLimits", "DEFAULT_TIMEOUT", "negotiate", "is_update"]

ASSETS = Path(__file__).parent / "assets"
#: Assets shared with the static view, served from where they are vendored.
SHARED_ASSETS = {"vis-network.min.js": Path(__file__).parents[1] / "viz" / "assets" / "vis-network.min.js"}
#: Imported once in the fork server, so workers start ready to answer.
WORKER_MODULES = ("graph.serve.results", "graph.serve.pages", "graph.serve.entity", "graph.serve.index")
#: Headers of every HTML page.
PAGE_HEADERS = {"content-security-policy": CSP, "x-content-type-options": "nosniff", "referrer-policy": "same-origin"}
#: ``?format=`` of entity pages.
FORMATS = {"ttl": "text/turtle", "turtle": "text/turtle", "jsonld": "application/ld+json",
           "json-ld": "application/ld+json", "nt": "application/n-triples", "rdfxml": "application/rdf+xml",
           "html": "text/html"}


def html_response(text: str, status: int = 200, headers: dict | None = None) -> HTMLResponse:
    """An HTML page with the Content-Security-Policy and friends."""
    return HTMLResponse(text, status, headers={**PAGE_HEADERS, **(headers or {})})


class AllowAnyOrigin:
    """``Access-Control-Allow-Origin: *`` on every response, with or without an ``Origin``
    header (Starlette's CORS middleware adds it only when the request has one)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_header(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if not any(k.lower() == b"access-control-allow-origin" for k, _ in headers):
                    headers.append((b"access-control-allow-origin", b"*"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_header)


class UrlLimit:
    """414 for a URL past the limit, before any route reads it."""

    def __init__(self, app, max_url_bytes: int):
        self.app = app
        self.max_url_bytes = max_url_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            try:
                check_url(scope, self.max_url_bytes)
            except Problem as problem:
                return await _problem(problem)(scope, receive, send)
        await self.app(scope, receive, send)


def _problem(problem: Problem) -> Response:
    return PlainTextResponse(problem.reason + "\n", problem.status, headers=problem.headers)


def _source_path(source) -> Path:
    if isinstance(source, KnowledgeGraph):
        if source.source is None:
            raise ValueError("create_app needs a graph opened from a path (workers open it again)")
        return Path(source.source)
    return Path(source)


def create_app(source, limits: ServeLimits | None = None, *, timeout: float | None = None,
               workers: int | None = None, log=None) -> Starlette:
    """The Starlette app serving ``source`` read-only.

    ``source`` is a store folder (followed as the build publishes versions), an
    exports folder, a graph file, a :class:`KnowledgeGraph` opened from one of
    these, or a :class:`Pool` already started on one.
    """
    limits = limits or ServeLimits()
    if timeout is not None:
        limits = replace(limits, timeout=timeout)
    if workers is not None:
        limits = replace(limits, workers=workers)
    if isinstance(source, Pool):
        pool = source
    else:
        pool = Pool(_source_path(source), size=limits.workers, limits=limits.worker_limits(), log=log,
                    preload=WORKER_MODULES, long_after=limits.long_after or None)
    executor = ThreadPoolExecutor(max_workers=limits.capacity, thread_name_prefix="sparql")
    heavy = HeavyQueries(lane=limits.workers // 2)
    retry = {"retry-after": str(limits.retry_after)}
    inflight = 0

    async def in_worker(func, *args, key: str | None = None):
        """Run a job in the pool; every way it can fail becomes a :class:`Problem`.

        ``key`` (a query's fingerprint) marks a query stopped by a limit, kept to its lane.
        """
        nonlocal inflight
        if inflight >= limits.capacity:
            raise Problem(503, f"the server is busy: {limits.workers} queries running and {limits.queue} "
                               "waiting; retry shortly", retry)
        try:
            heavy.admit(key, take=False)  # refused at once rather than after waiting in the queue
        except Refused as exc:
            raise Problem(503, str(exc), retry) from None
        inflight += 1
        admitted = []

        def admit():  # again when a worker is free: a query queued meanwhile may be known heavy by then
            admitted.append(heavy.admit(key))

        # A running query ends by the time limit at the latest: waiting twice that lets a queued
        # request through once the queries ahead of it are stopped.
        call = functools.partial(pool.run, func, *args, timeout=limits.timeout, wait=2 * limits.timeout,
                                 admit=admit)
        try:
            return await asyncio.get_running_loop().run_in_executor(executor, call)
        except Refused as exc:
            raise Problem(503, str(exc), retry) from None
        except Busy as exc:
            raise Problem(503, f"the server is busy: {exc}; retry shortly", retry) from None
        except QueryTimeout as exc:
            heavy.remember(key, "the time limit")
            raise Problem(503, f"{exc}; narrow it or add a LIMIT") from None
        except JobError as exc:
            if exc.kind == "syntax":
                raise Problem(400, f"SPARQL syntax error: {exc}") from None
            if exc.kind in ("too-large", "memory"):
                heavy.remember(key, "the result limit" if exc.kind == "too-large" else "the memory limit", True)
                raise Problem(503, str(exc)) from None
            raise Problem(500, f"query failed: {exc}") from None
        except WorkerDied as exc:
            heavy.remember(key, "the memory limit or a crash", True)
            raise Problem(503, str(exc)) from None
        except LongLaneFull as exc:
            heavy.remember(key, "the long-query mark")  # it is long: its copies keep to the narrow lane
            raise Problem(503, str(exc), retry) from None
        except (StartFailed, SandboxError) as exc:
            raise Problem(500, str(exc)) from None
        finally:
            inflight -= 1
            heavy.release(key, bool(admitted and admitted[0]))

    async def sparql(request: Request) -> Response:
        try:
            text, params = await read_query(request, limits.max_body_bytes)
            scanned = check(text, limits.query)
            body, media = await in_worker(answer, text, request.headers.get("accept", "*/*"),
                                          params.get("format") or params.get("output"), key=scanned.fingerprint)
        except UpdateRefused as exc:
            return PlainTextResponse(f"{exc}\n", 403)
        except QueryRejected as exc:
            return PlainTextResponse(f"{exc}\n", 400)
        except Problem as problem:
            return _problem(problem)
        return Response(body, media_type=media if not media.startswith("text/") else f"{media}; charset=utf-8")

    async def index(request: Request) -> Response:
        return html_response(INDEX_HTML, headers={"content-security-policy": QUERY_CSP})

    async def queries(request: Request) -> Response:
        return JSONResponse([{"name": q.name, "comment": q.comment, "query": q.text}
                             for q in named_queries().values()])

    async def status(request: Request) -> Response:
        return JSONResponse({**pool.status(), "inflight": inflight, "heavy_running": heavy.running, "limits": {
            "timeout": limits.timeout, "workers": limits.workers, "queue": limits.queue,
            "memory": format_size(limits.memory_bytes), "max_result": format_size(limits.max_result_bytes),
            "max_url": format_size(limits.max_url_bytes), "max_body": format_size(limits.max_body_bytes),
            "max_query": format_size(limits.query.max_query_bytes), "max_depth": limits.query.max_depth,
            "long_after": limits.long_after,
            "allow_service": list(limits.query.allow_service)}})

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        path = SHARED_ASSETS.get(name, ASSETS / name)
        if "/" in name or name.startswith(".") or not path.is_file():
            return PlainTextResponse("not found", 404)
        return FileResponse(path, headers={"x-content-type-options": "nosniff", "cache-control": "no-cache"})

    async def entity(request: Request) -> Response:
        vary = {"vary": "Accept"}
        try:
            params = decode_pairs(request.scope.get("query_string", b""))
            if "path" in request.path_params:
                raw = request.scope.get("raw_path") or request.scope["path"].encode()
                try:
                    iri = f"{ID}{unquote_to_bytes(raw[len(b'/id/'):]).decode('utf-8')}"
                except UnicodeDecodeError:
                    raise Problem(400, "the path is not valid UTF-8 once percent-decoded") from None
            else:
                iri = params.get("iri", "")
            try:
                ox.NamedNode(iri)  # validated: it is pasted into the query text
            except ValueError:
                raise Problem(400, f"not a valid IRI: {iri!r}; give /id/… or /resource?iri=<absolute IRI>") from None
            if iri.startswith(ONTOLOGY_NS):
                return RedirectResponse(local_href(iri), 303)
            offered = {"text/html": 0, **GRAPHS}
            media = FORMATS.get(params.get("format", "").lower()) or negotiate(request.headers.get("accept", "text/html"),
                                                                               offered)
            if media == "text/html":
                if iri.startswith(ARTICLE_NS) and "#" not in iri:
                    data = await in_worker(article_job, iri)
                    if data is not None:
                        return html_response(article_html(data), headers=vary)
                data = await in_worker(entity_job, iri)
                if data is None:
                    return html_response(page("Not found", f"<p>Nothing is known about {html.escape(iri, quote=True)}.</p>"),
                                         404, vary)
                return html_response(entity_html(data), headers=vary)
            body, media = await in_worker(rdf_page, iri, media)
        except Problem as problem:
            return _problem(problem)
        if not body.strip():
            return PlainTextResponse(f"nothing is known about {iri}\n", 404, headers=vary)
        return Response(body, media_type=media, headers=vary)

    def version() -> str | None:
        return pool.status()["version"]

    def load_index(name: str | None) -> GraphIndex:
        return GraphIndex.from_rows(pool.run(index_job, timeout=max(limits.timeout, 60.0), wait=4 * limits.timeout),
                                    name)

    indexes = Indexes(load_index, version)

    async def ontology(request: Request) -> Response:
        onto = Ontology.load()
        name = request.path_params.get("name")
        fmt = decode_pairs(request.scope.get("query_string", b"")).get("format", "")
        if name is None:
            media = FORMATS.get(fmt.lower()) or negotiate(request.headers.get("accept", "text/html"),
                                                          {"text/html": 0, "text/turtle": 0})
            if media != "text/html":
                return Response(onto.text, media_type="text/turtle; charset=utf-8", headers={"vary": "Accept"})
            return html_response(ontology_html(onto), headers={"vary": "Accept"})
        text = term_html(onto, ONTOLOGY_NS + name)
        if text is None:
            return html_response(page("Not found", f"<p>The ontology has no term kg:{html.escape(name)}.</p>"), 404)
        return html_response(text)

    routes = [
        Route("/", index),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
        Route("/ontology", ontology),
        Route("/ontology/{name}", ontology),
        *explore_routes(indexes, in_worker, limits, html_response),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/queries.json", queries),
        Route("/status", status),
        Route("/assets/{name}", asset),
        Route("/id/{path:path}", entity),
        Route("/resource", entity),
    ]
    middleware = [Middleware(AllowAnyOrigin),
                  Middleware(UrlLimit, max_url_bytes=limits.max_url_bytes),
                  Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "OPTIONS"],
                             allow_headers=["*"])]

    @contextlib.asynccontextmanager
    async def lifespan(app):
        await asyncio.get_running_loop().run_in_executor(None, pool.start)
        indexes.refresh()  # read in the background: the first searches wait for it
        try:
            yield
        finally:
            pool.close()
            executor.shutdown(wait=False, cancel_futures=True)

    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.pool = pool
    app.state.limits = limits
    app.state.indexes = indexes
    return app

