"""Reading a SPARQL request: the query and parameters, within the URL and body limits, strictly UTF-8.

Every way the SPARQL 1.1 Protocol sends a query is read here: ``GET ?query=``,
``POST`` of a form, ``POST`` of ``application/sparql-query``. What is wrong with
a request is a :class:`Problem` carrying the status and a one-line reason:
400 (bad encoding, no query), 403 (an update), 413 (body too large), 414 (URL
too long), 415 (content type).

>>> decode_pairs(b"query=ASK%20%7B%7D&format=json")
{'query': 'ASK {}', 'format': 'json'}
>>> decode_pairs(b"query=%FF")
Traceback (most recent call last):
graph.serve.request.Problem: 400: the query string is not valid UTF-8 once percent-decoded
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from starlette.requests import Request

__all__ = ["Problem", "decode_pairs", "check_url", "read_body", "read_query", "FORM", "SPARQL_QUERY", "SPARQL_UPDATE"]

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
READ_ONLY = "this endpoint is read-only: SPARQL updates are refused"


class Problem(Exception):
    """A request answered with an error status; ``str()`` is ``"status: reason"``."""

    def __init__(self, status: int, reason: str, headers: dict[str, str] | None = None):
        super().__init__(f"{status}: {reason}")
        self.status = status
        self.reason = reason
        self.headers = headers or {}


def decode_pairs(raw: bytes, what: str = "the query string") -> dict[str, str]:
    """``a=1&b=2`` decoded strictly: invalid UTF-8, raw or percent-encoded, is a 400.

    The last value of a repeated name wins.
    """
    try:
        text = raw.decode("utf-8")
        return dict(parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict"))
    except UnicodeDecodeError:
        raise Problem(400, f"{what} is not valid UTF-8 once percent-decoded") from None


def check_url(scope, max_url_bytes: int) -> None:
    """414 past the URL limit (path and query string, as sent)."""
    size = len(scope.get("raw_path") or scope["path"].encode()) + len(scope.get("query_string", b"")) + 1
    if max_url_bytes and size > max_url_bytes:
        raise Problem(414, f"the URL is {size:,} bytes; the limit is {max_url_bytes:,}: send long queries by POST",
                      {"connection": "close"})


async def read_body(request: Request, max_body_bytes: int) -> bytes:
    """The body, or 413 as soon as it is known to be past the limit (before reading it when announced)."""
    too_big = Problem(413, f"the request body is larger than the limit of {max_body_bytes:,} bytes",
                      {"connection": "close"})
    length = request.headers.get("content-length")
    if max_body_bytes and length is not None and length.isdigit() and int(length) > max_body_bytes:
        raise too_big
    chunks, total = [], 0
    async for chunk in request.stream():
        total += len(chunk)
        if max_body_bytes and total > max_body_bytes:
            raise too_big
        chunks.append(chunk)
    return b"".join(chunks)


async def read_query(request: Request, max_body_bytes: int) -> tuple[str, dict[str, str]]:
    """The query text and the other parameters (``format``, ``output``…) of a protocol request."""
    params = decode_pairs(request.scope.get("query_string", b""))
    text = params.get("query")
    if request.method == "POST":
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype == SPARQL_UPDATE:
            raise Problem(403, READ_ONLY)
        if ctype not in (SPARQL_QUERY, FORM):
            raise Problem(415, f"unsupported Content-Type {ctype!r}; use {FORM} or {SPARQL_QUERY}")
        body = await read_body(request, max_body_bytes)
        if ctype == SPARQL_QUERY:
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise Problem(400, f"the request body is not valid UTF-8 (byte {exc.start})") from None
        else:
            form = decode_pairs(body, "the form body")
            if "update" in form:
                raise Problem(403, READ_ONLY)
            text = form.get("query", text)
            params.update(form)
    elif "update" in params:
        raise Problem(403, READ_ONLY)
    if not text:
        raise Problem(400, "missing the 'query' parameter")
    return text, params
