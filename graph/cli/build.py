"""``kg build [PATH ...]``: build the graph of the articles under PATH into ``--out``.

Adds and updates what it reads and keeps every other article (``--sync`` mirrors
the input instead, and says first how many articles it removes); ``--dry-run``
prints the plan and changes nothing. Exit 0 when built, 1 when built but some
files could not be read (each named in one line), 2 when nothing was built
(a missing path, an empty selection, every file bad, another build running):
then nothing was changed.

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="kg")
>>> add_parser(parser.add_subparsers(), "build")
>>> args = parser.parse_args(["build", "in/", "--sync", "--scheduler", "local:2"])
>>> [str(p) for p in args.paths], args.sync, args.scheduler, str(args.out)
(['in'], True, 'local:2', 'exports')
"""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction, name: str) -> None:
    p = sub.add_parser(name, help="build the knowledge graph from article files or folders (adds and updates)",
                       description=__doc__.split("\n\n>>>")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="*", type=Path, default=[Path("seeds")],
                   help="files or folders of articles, .txt or .html (default: seeds/)")
    p.add_argument("--out", type=Path, default=Path("exports"), help="output folder (default: exports/)")
    p.add_argument("--sync", action="store_true",
                   help="mirror the input: also remove the graph's articles that are not in it")
    p.add_argument("--dry-run", action="store_true", help="print what would be done; change nothing")
    p.add_argument("--meta", type=Path, default=None,
                   help="article metadata, JSONL or CSV: file, url, published, headline, source "
                        "(default: kg-meta.jsonl or kg-meta.csv beside the texts)")
    p.add_argument("--jobs", type=int, default=None, help="worker processes (default: cores, at most 4)")
    p.add_argument("--scheduler", default=None,
                   help="run the per-article work on Dask: a scheduler address (tcp://host:8786) "
                        "or local:N for a local cluster of N workers")
    p.add_argument("--max-file-size", type=int, default=20_000_000, metavar="BYTES",
                   help="refuse larger files, each with its error line (default: 20000000; 0: no limit)")
    p.add_argument("--no-cache", dest="cache", action="store_false",
                   help="analyse every article again (ignore the analysis cache)")
    p.add_argument("--quiet", action="store_true", help="no progress line")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from graph.build.runner import build_graph

    report = build_graph(args.paths, args.out, sync=args.sync, dry_run=args.dry_run, jobs=args.jobs,
                         scheduler=args.scheduler, meta=args.meta, progress=not args.quiet, cache=args.cache,
                         max_file_size=args.max_file_size or None)
    if args.dry_run:
        print("\n".join(report.plan))
        for n in report.notes:
            print(f"note: {n}")
        for e in report.errors:
            print(f"error: {e}")
        return 0
    print(report.summary())
    return 1 if report.errors else 0
