"""``kg push --endpoint URL [--graph-store URL]``: copy the graph to an external SPARQL server,
sending only what changed since the last push there (graph.store.push).

>>> import argparse
>>> sub = argparse.ArgumentParser().add_subparsers()
>>> args = add_parser(sub, "push").parse_args(["--endpoint", "http://127.0.0.1:7878/update"])
>>> args.graph_store is None, args.chunk, args.all
(True, 20000, False)
"""

from __future__ import annotations

import argparse
from pathlib import Path

DEFAULT_OUT = Path("exports")


def add_parser(subparsers, name: str) -> argparse.ArgumentParser:
    p = subparsers.add_parser(name, help="copy the graph to an external SPARQL 1.1 server (what changed)",
                              description=__doc__.splitlines()[0])
    p.add_argument("--endpoint", help="SPARQL Update endpoint (e.g. http://host:7878/update, …/sparql)")
    p.add_argument("--graph-store", help="Graph Store Protocol endpoint (e.g. http://host:7878/store)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--store", type=Path, help=f"a build's output or store folder (default {DEFAULT_OUT})")
    where.add_argument("--graph", type=Path, help="a graph file (.trig, .nq, .jsonld): everything is sent")
    p.add_argument("--all", action="store_true", help="send every graph, not only what changed")
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--digest", action="store_true", help="HTTP Digest authentication (Virtuoso's -auth endpoints)")
    p.add_argument("--chunk", type=int, default=20000, help="triples per SPARQL Update request")
    p.set_defaults(run=run)
    return p


def run(args) -> int:
    import httpx

    from graph.errors import Errors, PushError
    from graph.query.api import open as open_graph
    from graph.store.push import push

    if not args.endpoint and not args.graph_store:
        raise PushError(Errors.E601.format(what="kg push", reason="give --endpoint URL (SPARQL Update) "
                                                                  "and/or --graph-store URL"))
    auth = None
    if args.user:
        auth = (httpx.DigestAuth if args.digest else httpx.BasicAuth)(args.user, args.password or "")
    source = args.graph or args.store or DEFAULT_OUT
    kg = open_graph(source)
    out = store_root = None
    if not args.graph:
        root = Path(source)
        store_root = root / "store" if (root / "store").is_dir() else root
        out = store_root.parent
    try:
        report = push(kg.store, args.endpoint, args.graph_store, out=out, store_root=store_root,
                      everything=args.all, auth=auth, chunk=args.chunk)
    except httpx.HTTPError as exc:
        raise PushError(Errors.E601.format(what="kg push", reason=f"cannot reach the server: {exc}")) from None
    print(report.summary())
    return 0
