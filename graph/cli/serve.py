"""``kg serve``: a read-only SPARQL endpoint, query page and entity pages over HTTP.

Queries run in worker processes killed at the time limit; a store folder is
followed as builds publish new versions (``LATEST``). Every limit below has a
flag; ``kg serve --help`` lists them with their defaults.

>>> import argparse
>>> sub = argparse.ArgumentParser().add_subparsers()
>>> args = add_parser(sub, "serve").parse_args(["--port", "9000", "--max-body", "2M"])
>>> args.host, args.port, args.timeout, args.max_body, limits_from(args).capacity
('127.0.0.1', 9000, 30.0, 2097152, 34)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graph.cli.query import DEFAULT_STORE, add_limit_arguments, query_limits, size
from graph.query.api import OpenError
from graph.serve.config import DEFAULT_TIMEOUT, ServeLimits


def add_parser(subparsers, name: str) -> argparse.ArgumentParser:
    p = subparsers.add_parser(name, help="serve the graph over the SPARQL 1.1 Protocol",
                              description=__doc__.splitlines()[0])
    where = p.add_mutually_exclusive_group()
    where.add_argument("--store", type=Path,
                       help=f"store folder (follows LATEST) or exports folder (default {DEFAULT_STORE})")
    where.add_argument("--graph", type=Path, help="graph file (.trig, .nq, .jsonld) loaded into each worker's memory")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=7878)
    defaults = ServeLimits()
    add_limit_arguments(p, timeout=DEFAULT_TIMEOUT, memory="384M", result="16M")
    g = p.add_argument_group("server limits")
    g.add_argument("--workers", type=int, default=defaults.workers, metavar="N",
                   help="query worker processes (default %(default)s)")
    g.add_argument("--queue", type=int, default=defaults.queue, metavar="N",
                   help="requests that may wait for a worker; past workers + queue the answer is 503 with "
                        "Retry-After (default %(default)s)")
    g.add_argument("--max-url", type=size, default="64K", metavar="SIZE",
                   help="longest request URL, else 414 (default 64K)")
    g.add_argument("--max-body", type=size, default="1M", metavar="SIZE",
                   help="largest request body, else 413 (default 1M)")
    g.add_argument("--long-after", type=float, default=defaults.long_after, metavar="SECONDS",
                   help="past it a query needs a place among half the workers, else it is stopped (503), so "
                        "short queries always find a worker (default %(default)g; 0 = off)")
    p.set_defaults(run=run)
    return p


def limits_from(args) -> ServeLimits:
    if args.workers < 1 or args.queue < 0:
        raise OpenError("--workers must be at least 1 and --queue at least 0")
    return ServeLimits(timeout=args.timeout or 365 * 86400.0, workers=args.workers, queue=args.queue,
                       memory_bytes=args.memory_limit, max_result_bytes=args.max_result,
                       max_url_bytes=args.max_url, max_body_bytes=args.max_body, query=query_limits(args),
                       long_after=args.long_after)


def run(args) -> int:
    from graph.query.sandbox import Pool, SandboxError, Source
    from graph.query.worker import count_quads
    from graph.serve.app import WORKER_MODULES, create_app
    from graph.serve.server import serve

    try:
        limits = limits_from(args)
        source = Source(args.graph or args.store or DEFAULT_STORE)
        pool = Pool(source, size=limits.workers, limits=limits.worker_limits(), preload=WORKER_MODULES,
                    long_after=limits.long_after or None)
        pool.start()
    except (OpenError, SandboxError) as exc:
        print(f"kg serve: {exc}", file=sys.stderr)
        return 2
    try:
        try:
            quads = f"{pool.run(count_quads, timeout=limits.timeout):,} quads"
        except SandboxError:
            quads = "quads not counted"
        app = create_app(pool, limits)
        print(f"kg serve: {source.label(source.current())} ({quads}) at http://{args.host}:{args.port}/  "
              f"(SPARQL: /sparql; {limits.workers} workers, {limits.timeout:g} s per query)", file=sys.stderr)
        serve(app, args.host, args.port, limits)
    finally:
        pool.close()
    return 0
