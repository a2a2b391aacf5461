"""``kg query``: run SPARQL (text, a ``.rq`` file or a named query) on the store.

The query is checked first (size, nesting depth, SERVICE: :mod:`graph.query.limits`)
and then runs in a worker process (:mod:`graph.query.sandbox`) that is killed at
``--timeout``; whatever goes wrong is one line on stderr and exit status 2.

>>> import argparse
>>> sub = argparse.ArgumentParser().add_subparsers()
>>> add_parser(sub, "query").parse_args(["--name", "entities", "--param", "type=kg:Person"]).param
['type=kg:Person']
>>> render_table(["a", "b"], [["Tỉnh ủy", "1"], ["x", None]])
'a        b\\n-------  -\\nTỉnh ủy  1\\nx         \\n(2 rows)'
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pyoxigraph as ox

from graph.query.api import OpenError, named_queries, named_query
from graph.query.limits import DEFAULT_MAX_DEPTH, Limits, QueryRejected, UpdateRefused, check, parse_size

DEFAULT_STORE = Path("exports/store")
FORMATS = ("table", "csv", "tsv", "json")
_RESULTS = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV, "json": ox.QueryResultsFormat.JSON}
_GRAPHS = {"table": ox.RdfFormat.TURTLE, "csv": ox.RdfFormat.N_TRIPLES, "tsv": ox.RdfFormat.N_TRIPLES,
           "json": ox.RdfFormat.JSON_LD}
MAX_CELL = 70  # table cells longer than this are cut with "…"
DEFAULT_TIMEOUT = 60.0


def size(text: str) -> int:
    """An argparse type: ``64K``, ``1M``… (see :func:`graph.query.limits.parse_size`)."""
    try:
        return parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def endpoint(text: str) -> str:
    """An argparse type: an absolute http(s) URL, as SERVICE must name it."""
    if not text.startswith(("http://", "https://")) or any(c in text for c in '<>"{}|^`\\ '):
        raise argparse.ArgumentTypeError(f"{text!r} is not an absolute http(s) URL")
    return text


def depth(text: str) -> int:
    """An argparse type: a nesting limit the engine survives (it crashes near 2,000)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 1000:
        raise argparse.ArgumentTypeError(f"{text!r}: give a depth from 1 to 1000")
    return value


def add_limit_arguments(p: argparse.ArgumentParser, *, timeout: float, memory: str, result: str) -> None:
    """The limits ``kg query`` and ``kg serve`` share, with each command's defaults."""
    g = p.add_argument_group("limits (sizes in bytes or with K, M, G; 0 = no limit)")
    g.add_argument("--timeout", type=float, default=timeout, metavar="SECONDS",
                   help="time limit per query; past it the worker running it is killed (default %(default)g; 0 = none)")
    g.add_argument("--memory-limit", type=size, default=memory, metavar="SIZE",
                   help=f"memory a query worker may allocate (RLIMIT_DATA) (default {memory})")
    g.add_argument("--max-result", type=size, default=result, metavar="SIZE",
                   help=f"largest serialised result (default {result})")
    g.add_argument("--max-query", type=size, default="64K", metavar="SIZE",
                   help="largest query text, UTF-8 bytes (default 64K)")
    g.add_argument("--max-depth", type=depth, default=DEFAULT_MAX_DEPTH, metavar="N",
                   help="deepest nesting of { ( [ in a query, 1 to 1000 (default %(default)s)")
    g.add_argument("--allow-service", type=endpoint, action="append", default=[], metavar="URL",
                   help="an endpoint SERVICE may call (repeatable); without it SERVICE and SERVICE SILENT "
                        "are refused and query workers have no network access")


def query_limits(args) -> Limits:
    return Limits(max_query_bytes=args.max_query or 2**62, max_depth=args.max_depth,
                  allow_service=tuple(args.allow_service))


def add_parser(subparsers, name: str) -> argparse.ArgumentParser:
    p = subparsers.add_parser(name, help="run SPARQL on the graph", description=__doc__.splitlines()[0])
    where = p.add_mutually_exclusive_group()
    where.add_argument("--store", type=Path, help=f"store folder or exports folder (default {DEFAULT_STORE})")
    where.add_argument("--graph", type=Path, help="graph file (.trig, .nq, .jsonld) loaded into memory")
    what = p.add_mutually_exclusive_group()
    what.add_argument("sparql", nargs="?", help="the query text")
    what.add_argument("-f", "--file", type=Path, help="a .rq file")
    what.add_argument("--name", help="a named query (see --list)")
    what.add_argument("--list", action="store_true", help="list the named queries and what they answer")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="bind a variable: an IRI (<…>, https://…, kgid:…) or a string; repeatable")
    add_limit_arguments(p, timeout=DEFAULT_TIMEOUT, memory="1G", result="0")
    p.set_defaults(run=run)
    return p


def render_table(header: list[str], rows: list[list]) -> str:
    """A plain-text table; cells cut at ``MAX_CELL`` characters, newlines shown as ⏎."""
    def cell(v) -> str:
        text = "" if v is None else str(v).replace("\n", "⏎")
        return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"

    cells = [[cell(v) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)) for r in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def _short(value, prefixes: dict[str, str]):
    if isinstance(value, str):
        for p, ns in prefixes.items():
            if value.startswith(ns) and len(value) > len(ns):
                return f"{p}:{value[len(ns):]}"
    return value


def _list() -> str:
    queries = named_queries()
    width = max(map(len, queries))
    lines = []
    for q in queries.values():
        lines.append(f"{q.name.ljust(width)}  {q.comment}")
        for param, what in q.params.items():
            default = f" (default {q.defaults[param]})" if param in q.defaults else ""
            lines.append(f"{''.ljust(width)}    --param {param}=…  {what}{default}")
    return "\n".join(lines)


def _params(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, eq, value = pair.partition("=")
        if not eq or not name:
            raise OpenError(f"--param {pair!r}: expected NAME=VALUE")
        out[name.lstrip("?$")] = value
    return out


def run(args) -> int:
    from graph.query.sandbox import JobError, SandboxError, WorkerLimits, run_once

    try:
        if args.list:
            print(_list())
            return 0
        params = _params(args.param)
        if args.name:
            named = named_query(args.name)
            text, params = named.text, named.bindings(params)
        elif args.file:
            try:
                text = args.file.read_text(encoding="utf-8")
            except OSError as exc:
                raise OpenError(f"{args.file}: cannot read the query: {exc.strerror}") from exc
            except UnicodeDecodeError as exc:
                raise OpenError(f"{args.file}: not UTF-8 (byte {exc.start})") from exc
        elif args.sparql:
            text = args.sparql
        else:
            raise OpenError("give a query: 'SPARQL', -f FILE.rq, --name NAME (or --list)")
        where = f"{args.file}: " if args.file else f"query {args.name!r}: " if args.name else ""
        try:
            check(text, query_limits(args))
        except UpdateRefused:
            raise OpenError(f"{where}SPARQL updates are refused: kg query only reads the graph") from None
        except QueryRejected as exc:
            raise OpenError(f"{where}{exc}") from None
        limits = WorkerLimits(memory_bytes=args.memory_limit, max_result_bytes=args.max_result,
                              network=bool(args.allow_service))
        try:
            output = run_once(args.graph or args.store or DEFAULT_STORE, render, text, params, args.format,
                              limits=limits, timeout=args.timeout or None)
        except JobError as exc:
            if exc.kind == "syntax":
                raise OpenError(f"{where}SPARQL syntax error: {exc}") from None
            raise OpenError(f"{where}query failed: {exc}" if exc.kind == "failed" else f"{where}{exc}") from None
        except SandboxError as exc:
            raise OpenError(f"{where}{exc}") from None
    except OpenError as exc:
        print(f"kg query: {exc}", file=sys.stderr)
        return 2
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(output)
        sys.stdout.flush()
    except BrokenPipeError:  # `kg query … | head`: stop quietly, like other Unix tools
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def render(ctx, text: str, params: dict, fmt: str) -> bytes:
    """A job (runs in the query worker): the result as ``kg query`` prints it."""
    result = ctx.kg.raw(text, params)
    if isinstance(result, ox.QueryBoolean):
        if fmt == "table":
            return b"true\n" if result else b"false\n"
        return result.serialize(format=_RESULTS[fmt]) + b"\n"
    from graph.store.knowledge_store import _prefixes

    if isinstance(result, ox.QuerySolutions):
        if fmt == "table":
            from graph.query.api import to_python

            names = [v.value for v in result.variables]
            prefixes = _prefixes()
            rows = [[_short(to_python(sol[n]), prefixes) for n in names] for sol in result]
            return ctx.capped((render_table(names, rows) + "\n").encode("utf-8"))
        out = ctx.output()
        result.serialize(out, format=_RESULTS[fmt])
        return bytes(out.getvalue())
    rdf_format = _GRAPHS[fmt]
    kw = {"prefixes": _prefixes()} if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.JSON_LD) else {}
    out = ctx.output()
    ox.serialize(result, out, format=rdf_format, **kw)
    return bytes(out.getvalue())
