"""``kg query``: run SPARQL (text, a ``.rq`` file or a named query) on the store.

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

from graph.query.api import OpenError, named_queries, named_query, open as open_graph

DEFAULT_STORE = Path("exports/store")
FORMATS = ("table", "csv", "tsv", "json")
_RESULTS = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV, "json": ox.QueryResultsFormat.JSON}
_GRAPHS = {"table": ox.RdfFormat.TURTLE, "csv": ox.RdfFormat.N_TRIPLES, "tsv": ox.RdfFormat.N_TRIPLES,
           "json": ox.RdfFormat.JSON_LD}
MAX_CELL = 70  # table cells longer than this are cut with "…"


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
        elif args.sparql:
            text = args.sparql
        else:
            raise OpenError("give a query: 'SPARQL', -f FILE.rq, --name NAME (or --list)")
        source = args.graph or args.store or DEFAULT_STORE
        kg = open_graph(source)
        try:
            result = kg.raw(text, params)
        except SyntaxError as exc:
            where = f"{args.file}: " if args.file else f"query {args.name!r}: " if args.name else ""
            raise OpenError(f"{where}SPARQL syntax error: {exc}") from exc
        except RuntimeError as exc:  # e.g. a --param whose variable is not projected
            raise OpenError(f"query failed: {exc}") from exc
    except OpenError as exc:
        print(f"kg query: {exc}", file=sys.stderr)
        return 2
    try:
        _write(result, args.format)
    except BrokenPipeError:  # `kg query … | head`: stop quietly, like other Unix tools
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _write(result, fmt: str) -> None:
    out = sys.stdout
    if isinstance(result, ox.QueryBoolean):
        if fmt == "table":
            print("true" if result else "false")
        else:
            out.buffer.write(result.serialize(format=_RESULTS[fmt]) + b"\n")
    elif isinstance(result, ox.QuerySolutions):
        if fmt == "table":
            from graph.query.api import to_python
            from graph.store.knowledge_store import _prefixes

            names = [v.value for v in result.variables]
            prefixes = _prefixes()
            rows = [[_short(to_python(sol[n]), prefixes) for n in names] for sol in result]
            print(render_table(names, rows))
        else:
            out.flush()
            out.buffer.write(result.serialize(format=_RESULTS[fmt]))
    else:
        from graph.store.knowledge_store import _prefixes

        rdf_format = _GRAPHS[fmt]
        kw = {"prefixes": _prefixes()} if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.JSON_LD) else {}
        out.flush()
        out.buffer.write(ox.serialize(result, format=rdf_format, **kw) or b"")
    out.flush()
