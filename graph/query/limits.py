"""Checks a query passes before it reaches the engine: size, nesting depth, SERVICE, updates.

Oxigraph's parser recurses once per nested group: a few kilobytes of ``{``
nested 3,000 deep overflow its stack and kill the process. Its ``SERVICE``
sends HTTP requests wherever the query says. So every query from outside is
first read by a small lexer that skips strings, IRIs and comments and reports
the deepest nesting of ``{ ( [``, every ``SERVICE`` with its endpoint, and the
query's first keyword.

The lexer follows the engine where it is subtle: Oxigraph matches keywords as
prefixes (``SERVICESILENT<…>``, ``FILTERisIRI(…)`` parse), so any word that
*starts* with SERVICE counts; and ``<`` after an operand inside an expression is
the less-than operator, not an IRI (``FILTER(?o<'a>')SERVICE…`` hides nothing).

>>> check("SELECT * WHERE { ?s ?p ?o }", Limits()).depth
1
>>> check("SELECT * WHERE " + "{" * 100 + "}" * 100, Limits())
Traceback (most recent call last):
graph.query.limits.QueryRejected: the query nests groups 100 deep; the limit is 64
>>> check("SELECT * { SERVICE SILENT <http://127.0.0.1:8080/> { ?s ?p ?o } }", Limits())
Traceback (most recent call last):
graph.query.limits.QueryRejected: SERVICE SILENT <http://127.0.0.1:8080/> is refused: no other endpoint may be called (allow one with --allow-service URL)
>>> check('SELECT ?x { ?x ?p "SERVICE <http://a/> {}" } # SERVICE', Limits()).services
[]
>>> check("DELETE WHERE { ?s ?p ?o }", Limits())
Traceback (most recent call last):
graph.query.limits.UpdateRefused: this endpoint is read-only: SPARQL updates are refused
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

__all__ = [
    "Limits", "QueryRejected", "UpdateRefused", "Service", "Scan", "scan", "check", "is_update",
    "parse_size", "format_size", "DEFAULT_MAX_QUERY_BYTES", "DEFAULT_MAX_DEPTH", "ENGINE_MAX_DEPTH",
]

DEFAULT_MAX_QUERY_BYTES = 64 * 1024
DEFAULT_MAX_DEPTH = 64
#: What the in-process Python API allows: far below the ~2,000 levels that crash the engine.
ENGINE_MAX_DEPTH = 256

UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")


class QueryRejected(ValueError):
    """A query refused before evaluation; the message says why, in one line."""


class UpdateRefused(QueryRejected):
    """A SPARQL update sent to a read-only endpoint."""


@dataclass(frozen=True)
class Limits:
    """What a query may be: bytes of UTF-8, nesting depth, endpoints SERVICE may call.

    >>> Limits(allow_service=("http://example.org/sparql",)).allows("http://example.org/sparql")
    True
    """

    max_query_bytes: int = DEFAULT_MAX_QUERY_BYTES
    max_depth: int = DEFAULT_MAX_DEPTH
    allow_service: tuple[str, ...] = ()

    def allows(self, endpoint: str | None) -> bool:
        return endpoint is not None and endpoint in self.allow_service


@dataclass(frozen=True)
class Service:
    """One SERVICE in the text: its endpoint IRI (None unless written as ``<absolute IRI>``)."""

    endpoint: str | None
    silent: bool
    offset: int

    def describe(self) -> str:
        target = f"<{self.endpoint}>" if self.endpoint is not None else "with a variable or prefixed-name endpoint"
        return f"SERVICE{' SILENT' if self.silent else ''} {target}"


@dataclass
class Scan:
    """What the lexer saw: deepest nesting, SERVICE clauses, first keyword (``SELECT``, ``INSERT``…),
    and a fingerprint of the query that ignores layout, comments, keyword case and variable names."""

    depth: int = 0
    services: list[Service] = field(default_factory=list)
    form: str | None = None
    fingerprint: str = ""


# Character classes of the SPARQL 1.1 grammar (section 19.8).
_BASE = ("A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
         "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF")
_U = _BASE + "_"
_CHARS = _U + r"\-0-9\u00B7\u0300-\u036F\u203F-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_LOCAL = rf"(?:[{_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"
_NAME = rf"[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?"

_TOKEN = re.compile(rf"""
    (?P<ws>[ \t\r\n]+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''|\"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"
              |'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*")
  | (?P<badstring>['"].*)
  | (?P<var>[?$][{_U}0-9][{_U}0-9\u00B7\u0300-\u036F\u203F-\u2040]*)
  | (?P<bnode>_:[{_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?)
  | (?P<pname>(?:{_NAME})?:(?:{_LOCAL})?)
  | (?P<word>{_NAME})
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)
  | (?P<punct>\^\^|&&|\|\||!=|<=|>=|.)
""", re.VERBOSE | re.DOTALL)
_IRI = re.compile(r"<(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>")
_OPERAND = {"var", "iri", "pname", "string", "langtag", "number", "bnode"}
_OPENERS = {"{": "group", "[": "bnode"}
_CLOSERS = {"}": ("group",), "]": ("bnode",), ")": ("expr", "list")}


class _Frame:
    """One open bracket: its kind and, for groups, which clause is being read."""

    __slots__ = ("kind", "clause")

    def __init__(self, kind: str):
        self.kind = kind
        self.clause: str | None = None  # "select" (projection) or "modifier" (GROUP/ORDER BY, HAVING)


def _paren_kind(frame: _Frame, prev: tuple[str, str] | None, before: tuple[str, str] | None) -> str:
    """Whether a ``(`` opens an expression (where ``<`` can compare) or a list of terms
    (a collection, a VALUES row), from what encloses it and the tokens before it."""
    if frame.kind in ("expr", "list"):
        return frame.kind
    if frame.clause is not None:
        return "expr"
    if prev is not None and prev[0] == "word":
        w = prev[1].upper()
        return "list" if w in ("A", "TRUE", "FALSE", "UNDEF") or w.startswith("VALUES") else "expr"
    if frame.kind == "top":
        return "expr"
    if prev is not None and prev[0] in ("pname", "iri") and before is not None and before[0] == "word" \
            and before[1].upper().startswith("FILTER"):
        return "expr"  # FILTER ex:fn(…)
    return "list"


def scan(text: str) -> Scan:
    """Lex ``text`` once: nesting depth, SERVICE clauses and the first keyword.

    >>> s = scan("PREFIX ex: <http://ex/> SELECT * { ?s ?p ( 1 ( 2 ) ) FILTER(?o<'a>') }")
    >>> s.depth, s.services, s.form
    (3, [], 'SELECT')
    >>> [x.describe() for x in scan("ASK { SERVICESILENT<http://a/> {} SERVICE ?e {} }").services]
    ['SERVICE SILENT <http://a/>', 'SERVICE with a variable or prefixed-name endpoint']
    >>> scan("SELECT * { ?s ?p ?o FILTER(?o<?b)SERVICE#>\\n <http://a/> {} }").services[0].endpoint
    'http://a/'
    >>> scan("select ?x { ?x ?p ?o } # mine").fingerprint == scan("SELECT ?y WHERE{?y ?q ?o}").fingerprint
    False
    >>> scan("select ?x { ?x ?p ?o } # mine").fingerprint == scan("SELECT  ?y {?y ?q ?o}").fingerprint
    True
    """
    out = Scan()
    stack = [_Frame("top")]
    tokens: list[tuple[str, str]] = []  # significant tokens so far (kind, text)
    pending: Service | None = None      # a SERVICE whose endpoint is not read yet
    digest = hashlib.blake2b(digest_size=12)
    names: dict[str, str] = {}          # variable -> its number in order of appearance
    pos, n = 0, len(text)
    while pos < n:
        frame = stack[-1]
        if text[pos] == "<":
            prev = tokens[-1] if tokens else None
            operand = prev is not None and (prev[0] in _OPERAND or prev[1] == ")"
                                            or (prev[0] == "word" and prev[1].lower() in ("true", "false")))
            m = None if frame.kind == "expr" and operand else _IRI.match(text, pos)
            if m is not None:
                kind, value, pos = "iri", m.group(0), m.end()
            else:
                kind, value = "punct", "<=" if text.startswith("<=", pos) else "<"
                pos += len(value)
        else:
            m = _TOKEN.match(text, pos)
            kind, value, pos = m.lastgroup, m.group(0), m.end()
            if kind in ("ws", "comment"):
                continue
            if kind == "badstring":
                kind = "string"  # unterminated: the engine stops there
        if kind == "var":
            digest.update(names.setdefault(value[1:], f"?{len(names)}").encode() + b"\0")
        else:
            digest.update((value.upper() if kind == "word" else value).encode("utf-8", "surrogatepass") + b"\0")
        if pending is not None:
            if kind == "word" and value.upper() == "SILENT" and not pending.silent:
                pending = Service(None, True, pending.offset)
                tokens.append((kind, value))
                continue
            endpoint = value[1:-1] if kind == "iri" else None
            out.services.append(Service(endpoint, pending.silent, pending.offset))
            pending = None
        if kind in ("word", "pname"):
            upper = value.upper()
            if upper.startswith("SERVICE"):
                rest = upper[len("SERVICE"):]
                if kind == "word" and rest in ("", "SILENT"):
                    pending = Service(None, rest == "SILENT", pos - len(value))
                else:  # SERVICEex:a, SERVICE?x glued on: never an allowed endpoint
                    out.services.append(Service(None, rest.startswith("SILENT"), pos - len(value)))
            if kind == "word":
                if out.form is None and upper not in ("PREFIX", "BASE"):
                    out.form = upper
                if upper.startswith("SELECT"):
                    frame.clause = "select"
                elif upper.startswith(("GROUP", "ORDER", "HAVING")):
                    frame.clause = "modifier"
                elif upper.startswith(("WHERE", "LIMIT", "OFFSET", "VALUES")):
                    frame.clause = None
        elif kind == "punct":
            if value in _OPENERS or value == "(":
                if value == "(":
                    new = _Frame(_paren_kind(frame, tokens[-1] if tokens else None,
                                             tokens[-2] if len(tokens) > 1 else None))
                else:
                    new = _Frame(_OPENERS[value])
                    if value == "{":
                        frame.clause = None
                stack.append(new)
                out.depth = max(out.depth, len(stack) - 1)
            elif value in _CLOSERS and len(stack) > 1 and frame.kind in _CLOSERS[value]:
                stack.pop()
        tokens.append((kind, value))
        if len(tokens) > 4:
            del tokens[:-2]
    if pending is not None:
        out.services.append(pending)
    out.fingerprint = digest.hexdigest()
    return out


def is_update(text: str) -> bool:
    """Whether the text is a SPARQL update (its first keyword after the prologue).

    >>> is_update("PREFIX ex: <http://ex/> INSERT DATA { ex:a ex:b ex:c }"), is_update("SELEC * {}")
    (True, False)
    """
    form = scan(text).form or ""
    return form.startswith(UPDATE_KEYWORDS)


def check(text: str, limits: Limits) -> Scan:
    """Refuse a query that is too big, nests too deep, calls a SERVICE not allowed, or updates.

    Returns the scan of an accepted query; raises :class:`QueryRejected` (or
    :class:`UpdateRefused`) with a one-line reason.

    >>> check("ASK { SERVICE <http://a/sparql> { ?s ?p ?o } }", Limits(allow_service=("http://a/sparql",))).form
    'ASK'
    >>> check("x" * 70000, Limits())
    Traceback (most recent call last):
    graph.query.limits.QueryRejected: the query is 70,000 bytes; the limit is 65,536 (64K)
    """
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limits.max_query_bytes:
        raise QueryRejected(f"the query is {size:,} bytes; the limit is {limits.max_query_bytes:,} "
                            f"({format_size(limits.max_query_bytes)})")
    result = scan(text)
    if (result.form or "").startswith(UPDATE_KEYWORDS):
        raise UpdateRefused("this endpoint is read-only: SPARQL updates are refused")
    if result.depth > limits.max_depth:
        raise QueryRejected(f"the query nests groups {result.depth} deep; the limit is {limits.max_depth}")
    for service in result.services:
        if not limits.allows(service.endpoint):
            if limits.allow_service:
                allowed = ", ".join(f"<{u}>" for u in limits.allow_service)
                raise QueryRejected(f"{service.describe()} is refused: the allowed endpoints are {allowed}")
            raise QueryRejected(f"{service.describe()} is refused: no other endpoint may be called "
                                "(allow one with --allow-service URL)")
    return result


_UNITS = {"": 1, "B": 1, "K": 1024, "KB": 1024, "KIB": 1024, "M": 1024 ** 2, "MB": 1024 ** 2, "MIB": 1024 ** 2,
          "G": 1024 ** 3, "GB": 1024 ** 3, "GIB": 1024 ** 3}


def parse_size(text: str) -> int:
    """Bytes from ``65536``, ``64K``, ``1M``, ``2G`` (binary units); 0 means no limit.

    >>> parse_size("64K"), parse_size("1.5M"), parse_size("0"), parse_size("384MiB")
    (65536, 1572864, 0, 402653184)
    >>> parse_size("lots")
    Traceback (most recent call last):
    ValueError: 'lots' is not a size: write bytes, or a number with K, M or G
    """
    m = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([A-Za-z]*)\s*", text)
    if m is None or m.group(2).upper() not in _UNITS:
        raise ValueError(f"{text!r} is not a size: write bytes, or a number with K, M or G")
    return int(float(m.group(1)) * _UNITS[m.group(2).upper()])


def format_size(n: int) -> str:
    """``65536`` → ``64K``: the shortest exact binary unit.

    >>> format_size(65536), format_size(402653184), format_size(1000), format_size(0)
    ('64K', '384M', '1000', 'none')
    """
    if n == 0:
        return "none"
    for unit, size in (("G", 1024 ** 3), ("M", 1024 ** 2), ("K", 1024)):
        if n % size == 0:
            return f"{n // size}{unit}"
    return str(n)
