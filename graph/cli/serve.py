"""``kg serve``: a read-only SPARQL endpoint, query page and entity pages over HTTP.

>>> import argparse
>>> sub = argparse.ArgumentParser().add_subparsers()
>>> args = add_parser(sub, "serve").parse_args(["--port", "9000"])
>>> args.host, args.port, args.timeout
('127.0.0.1', 9000, 30.0)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graph.query.api import OpenError, open as open_graph
from graph.cli.query import DEFAULT_STORE
from graph.serve.app import DEFAULT_TIMEOUT, create_app


def add_parser(subparsers, name: str) -> argparse.ArgumentParser:
    p = subparsers.add_parser(name, help="serve the graph over the SPARQL 1.1 Protocol",
                              description=__doc__.splitlines()[0])
    where = p.add_mutually_exclusive_group()
    where.add_argument("--store", type=Path, help=f"store folder or exports folder (default {DEFAULT_STORE})")
    where.add_argument("--graph", type=Path, help="graph file (.trig, .nq, .jsonld) loaded into memory")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=7878)
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                   help="time limit per query (answers 503 past it)")
    p.set_defaults(run=run)
    return p


def run(args) -> int:
    import uvicorn

    try:
        kg = open_graph(args.graph or args.store or DEFAULT_STORE)
    except OpenError as exc:
        print(f"kg serve: {exc}", file=sys.stderr)
        return 2
    app = create_app(kg, timeout=args.timeout)
    print(f"kg serve: {kg.source} ({len(kg)} quads) at http://{args.host}:{args.port}/  "
          f"(SPARQL: /sparql)", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0
