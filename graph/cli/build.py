"""``kg build [PATH ...] [--out DIR]``: build the graph and its exports."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction, name: str) -> None:
    p = sub.add_parser(name, help="build the knowledge graph from article files or folders")
    p.add_argument("paths", nargs="*", type=Path, default=[Path("seeds")],
                   help="files or folders of .txt articles (default: seeds/)")
    p.add_argument("--out", type=Path, default=Path("exports"), help="output folder (default: exports/)")
    p.add_argument("--quiet", action="store_true", help="no progress line")
    p.add_argument("--jobs", type=int, default=None, help="processes for analysis (default: cores, at most 4)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from graph.build.runner import build_graph

    report = build_graph(args.paths, args.out, progress=not args.quiet, jobs=args.jobs)
    print(report.summary())
    if report.articles == 0:
        return 1
    return 0
