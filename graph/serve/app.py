"""A read-only SPARQL 1.1 Protocol server over pyoxigraph, as a Starlette app.

Routes: ``/sparql`` (GET, POST form or ``application/sparql-query``), ``/`` (the
YASGUI query page, assets served from ``assets/``), ``/id/…`` and
``/resource?iri=`` (entity pages: HTML or Turtle), ``/queries.json`` (the named
queries, as the page's examples).

Queries run in a worker thread with a time limit. pyoxigraph cannot interrupt
a running query: past the limit the server answers 503 and stops waiting, and
the thread finishes in the background (the pool caps how many can pile up).

>>> from starlette.testclient import TestClient
>>> from graph.query.api import open as open_graph
>>> sample = Path(__file__).parents[2] / "tests/fixtures/store/sample.trig"
>>> app = create_app(open_graph(sample))
>>> client = TestClient(app)
>>> r = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"},
...                headers={"Accept": "application/sparql-results+json"})
>>> r.status_code, r.json()["boolean"], r.headers["access-control-allow-origin"]
(200, True, '*')
>>> client.post("/sparql", data={"update": "CLEAR ALL"}).status_code
403
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import parse_qs, quote

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from graph.query.api import KnowledgeGraph, named_queries, to_python
from graph.rdf.vocab import ID

ASSETS = Path(__file__).parent / "assets"
DEFAULT_TIMEOUT = 30.0

#: Result media types (first is the default) and pyoxigraph formats.
RESULTS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPHS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/turtle": ox.RdfFormat.TURTLE,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}
#: ``format=``/``output=`` values (SPARQLWrapper and browsers send them).
SHORT = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
    "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
    "ttl": "text/turtle", "nt": "application/n-triples", "ntriples": "application/n-triples",
    "json-ld": "application/ld+json", "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml",
}


class QueryTimeout(Exception):
    pass


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


def negotiate(accept: str, offered: dict) -> str:
    """The offered media type the ``Accept`` header prefers (first offered when none fits).

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULTS)
    'application/sparql-results+xml'
    >>> negotiate("*/*", GRAPHS)
    'text/turtle'
    """
    ranked = []
    for i, part in enumerate(accept.split(",")):
        media, *opts = [x.strip() for x in part.split(";")]
        q = 1.0
        for opt in opts:
            if opt.startswith("q="):
                try:
                    q = float(opt[2:])
                except ValueError:
                    q = 0.0
        ranked.append((-q, i, media.lower()))
    for _, _, media in sorted(ranked):
        if media in offered:
            return media
        if media in ("*/*", "application/*") or (media.endswith("/*") and any(m.startswith(media[:-1]) for m in offered)):
            return next(m for m in offered if media == "*/*" or m.startswith(media[:-1]))
    return next(iter(offered))


def is_update(text: str) -> bool:
    """Whether text that failed to parse as a query parses as a SPARQL update.

    >>> is_update("INSERT DATA { <a:b> <a:c> <a:d> }"), is_update("SELEC * {}")
    (True, False)
    """
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
        return True
    except Exception:
        return False


def _serialize(result, accept: str, fmt: str | None) -> tuple[bytes, str]:
    """Run to completion and serialise (called in the worker thread)."""
    wanted = SHORT.get((fmt or "").lower())
    if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):
        media = wanted if wanted in RESULTS else negotiate(accept, RESULTS)
        if isinstance(result, ox.QueryBoolean) and RESULTS[media] in (ox.QueryResultsFormat.CSV, ox.QueryResultsFormat.TSV):
            return (b"true" if result else b"false"), "text/plain"
        return result.serialize(format=RESULTS[media]), media
    media = wanted if wanted in GRAPHS else negotiate(accept, GRAPHS)
    return ox.serialize(result, format=GRAPHS[media]) or b"", media


def create_app(kg: KnowledgeGraph, timeout: float = DEFAULT_TIMEOUT, workers: int = 4) -> Starlette:
    """The Starlette app serving ``kg`` read-only."""
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sparql")

    async def run_in_pool(fn, *args):
        loop = asyncio.get_running_loop()
        try:
            return await asyncio.wait_for(loop.run_in_executor(pool, fn, *args), timeout)
        except asyncio.TimeoutError:
            raise QueryTimeout from None

    def execute(text: str, accept: str, fmt: str | None):
        return _serialize(kg.raw(text), accept, fmt)

    async def sparql(request: Request) -> Response:
        params = dict(request.query_params)
        text = params.get("query")
        if request.method == "POST":
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype == "application/sparql-update":
                return _refuse()
            if ctype == "application/sparql-query":
                text = (await request.body()).decode("utf-8")
            elif ctype == "application/x-www-form-urlencoded":
                # Decoded once, by the stdlib (python-multipart is not needed for this form).
                form = {k: v[-1] for k, v in parse_qs((await request.body()).decode("utf-8"), keep_blank_values=True).items()}
                if "update" in form:
                    return _refuse()
                text = form.get("query", text)
                params.update(form)
            else:
                return PlainTextResponse(f"unsupported Content-Type {ctype!r}; use "
                                         "application/x-www-form-urlencoded or application/sparql-query", 415)
        elif "update" in params:
            return _refuse()
        if not text:
            return PlainTextResponse("missing the 'query' parameter", 400)
        try:
            body, media = await run_in_pool(execute, text, request.headers.get("accept", "*/*"),
                                            params.get("format") or params.get("output"))
        except QueryTimeout:
            return PlainTextResponse(f"query exceeded the time limit of {timeout:g} s "
                                     "(it may still finish in the background; narrow it or add a LIMIT)", 503)
        except SyntaxError as exc:
            if await asyncio.get_running_loop().run_in_executor(None, is_update, text):
                return _refuse()
            return PlainTextResponse(f"SPARQL syntax error: {exc}", 400)
        except (RuntimeError, OSError, ValueError) as exc:
            return PlainTextResponse(f"query failed: {exc}", 500)
        return Response(body, media_type=media if not media.startswith("text/") else f"{media}; charset=utf-8")

    async def index(request: Request) -> Response:
        return HTMLResponse(INDEX_HTML)

    async def queries(request: Request) -> Response:
        return JSONResponse([{"name": q.name, "comment": q.comment, "query": q.text}
                             for q in named_queries().values()])

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        path = ASSETS / name
        if "/" in name or not path.is_file():
            return PlainTextResponse("not found", 404)
        return FileResponse(path)

    async def entity(request: Request) -> Response:
        if "path" in request.path_params:
            iri = f"{ID}{request.path_params['path']}"
        else:
            iri = request.query_params.get("iri", "")
        try:
            ox.NamedNode(iri)  # validated: it is pasted into the query text
        except ValueError:
            return PlainTextResponse(f"not a valid IRI: {iri!r}; give /id/… or /resource?iri=<absolute IRI>", 400)
        media = negotiate(request.headers.get("accept", "text/html"), {"text/html": 0, **GRAPHS})
        try:
            if media == "text/html":
                page = await run_in_pool(entity_page, kg, iri)
                if page is None:
                    return HTMLResponse(_page("Not found", f"<p>Nothing is known about {_e(iri)}.</p>"), 404)
                return HTMLResponse(page)
            body, media = await run_in_pool(entity_rdf, kg, iri, media)
        except QueryTimeout:
            return PlainTextResponse(f"entity page exceeded the time limit of {timeout:g} s", 503)
        if not body.strip():
            return PlainTextResponse(f"nothing is known about {iri}", 404)
        return Response(body, media_type=media)

    routes = [
        Route("/", index),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/queries.json", queries),
        Route("/assets/{name}", asset),
        Route("/id/{path:path}", entity),
        Route("/resource", entity),
    ]
    middleware = [Middleware(AllowAnyOrigin),
                  Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "OPTIONS"],
                             allow_headers=["*"])]
    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        pool.shutdown(wait=False, cancel_futures=True)

    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.kg = kg
    return app


def _refuse() -> Response:
    return PlainTextResponse("this endpoint is read-only: SPARQL updates are refused", 403)


def _e(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


_FACTS = """
SELECT ?dir ?p ?o ?text ?article ?headline WHERE {{
  {{ GRAPH ?g {{ <{iri}> ?p ?o }} BIND("out" AS ?dir) }}
  UNION
  {{ GRAPH ?g {{ ?o ?p <{iri}> }} FILTER(!isBlank(?o) && ?p != <http://www.w3.org/2005/11/its/rdf#taIdentRef>)
     BIND("in" AS ?dir) }}
  OPTIONAL {{ ?g <http://www.w3.org/ns/prov#wasDerivedFrom> ?s .
             ?s <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf> ?text ;
                <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#referenceContext> ?article .
             OPTIONAL {{ ?article <https://schema.org/headline> ?headline }} }}
}} LIMIT 2000"""

# Labels of the linked entities, in a second query: joined in the first, each label
# would come once per sentence graph repeating it (the union default graph is a bag).
_LABELS = """
SELECT ?o (SAMPLE(?l) AS ?label) WHERE {{
  VALUES ?o {{ {iris} }}
  ?o <http://www.w3.org/2000/01/rdf-schema#label> ?l
}} GROUP BY ?o"""

_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def _link(iri: str, label: str | None = None) -> str:
    """A link that stays on this server for entity IRIs."""
    href = f"/id/{iri[len(str(ID)):]}" if iri.startswith(str(ID)) else f"/resource?iri={quote(iri, safe='')}"
    return f'<a href="{_e(href)}">{_e(label or iri)}</a>'


def entity_page(kg: KnowledgeGraph, iri: str) -> str | None:
    """HTML: the entity's facts, each with the sentences that state it (all text escaped)."""
    facts: dict[tuple, dict] = {}
    labels: set[str] = set()
    for sol in kg.raw(_FACTS.format(iri=iri)):
        p, o = sol["p"].value, sol["o"]
        if sol["dir"].value == "out" and p == _LABEL:
            labels.add(o.value)
        key = (sol["dir"].value, p, str(o))
        fact = facts.setdefault(key, {"o": o, "sources": {}})
        if sol["text"] is not None:
            fact["sources"][sol["text"].value] = (sol["article"].value, sol["headline"].value if sol["headline"] else None)
    if not facts:
        return None
    linked = {str(f["o"]) for f in facts.values() if isinstance(f["o"], ox.NamedNode)}
    names = {}
    if linked:
        for sol in kg.raw(_LABELS.format(iris=" ".join(sorted(linked)))):
            names[sol["o"].value] = sol["label"].value
    title = " / ".join(sorted(labels)) or iri
    rows = []
    for (direction, p, _), fact in sorted(facts.items(), key=lambda kv: (kv[0][0] != "out", kv[0][1], kv[0][2])):
        o = fact["o"]
        if isinstance(o, ox.NamedNode):
            value = _link(o.value, names.get(o.value))
        elif isinstance(o, ox.BlankNode):
            value = f"<i>[{_e(o.value)}]</i>"
        else:
            value = _e(to_python(o))
        sources = "".join(
            f"<li>“{_e(text)}” — {_link(art, head or art)}</li>" for text, (art, head) in sorted(fact["sources"].items()))
        subject, obj = ("this", value) if direction == "out" else (value, "this")
        rows.append(f"<tr><td>{subject}</td><td>{_link(p, _short(p))}</td><td>{obj}</td>"
                    f"<td><ul>{sources}</ul></td></tr>")
    body = (f"<p class=iri>{_e(iri)}</p><table><thead><tr><th>subject</th><th>property</th><th>value</th>"
            f"<th>stated in</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")
    return _page(title, body)


def entity_rdf(kg: KnowledgeGraph, iri: str, media: str) -> tuple[bytes, str]:
    """The facts about the entity (as subject) across all graphs, by media type."""
    result = kg.raw(f"CONSTRUCT {{ <{iri}> ?p ?o }} WHERE {{ <{iri}> ?p ?o }}")
    from graph.store.knowledge_store import _prefixes

    fmt = GRAPHS[media]
    kw = {"prefixes": _prefixes()} if fmt == ox.RdfFormat.TURTLE else {}
    return ox.serialize(result, format=fmt, **kw) or b"", media


def _short(iri: str) -> str:
    from graph.store.knowledge_store import _prefixes

    for p, ns in _prefixes().items():
        if iri.startswith(ns):
            return f"{p}:{iri[len(ns):]}"
    return iri


def _page(title: str, body: str) -> str:
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{_e(title)}</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:4px;vertical-align:top}}.iri{{color:#666}}</style>
</head><body><p><a href="/">SPARQL</a></p><h1>{_e(title)}</h1>{body}</body></html>"""


INDEX_HTML = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>SPARQL – vnkg</title>
<link rel="stylesheet" href="/assets/yasgui.min.css">
<style>body{font-family:sans-serif;margin:1em} #examples{margin:0.5em 0}</style>
</head><body>
<h1>SPARQL</h1>
<p>Example: <select id="examples"><option value="">— named queries —</option></select>
<span id="comment"></span></p>
<div id="yasgui"></div>
<script src="/assets/yasgui.min.js"></script>
<script>
const endpoint = location.origin + "/sparql";
const yasgui = new Yasgui(document.getElementById("yasgui"), {
  requestConfig: {endpoint: endpoint, method: "POST"},
  copyEndpointOnNewTab: false, endpointCatalogueOptions: {getData: () => []},
  persistenceId: null,
});
window.yasgui = yasgui;
fetch("/queries.json").then(r => r.json()).then(queries => {
  const select = document.getElementById("examples");
  for (const q of queries) {
    const opt = document.createElement("option");
    opt.value = q.name; opt.textContent = q.name + " – " + q.comment;
    select.appendChild(opt);
  }
  select.addEventListener("change", () => {
    const q = queries.find(x => x.name === select.value);
    if (!q) return;
    document.getElementById("comment").textContent = q.comment;
    const tab = yasgui.getTab();
    tab.setEndpoint(endpoint);
    tab.setQuery(q.query);
  });
});
</script>
</body></html>
"""
