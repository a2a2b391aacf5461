"""``kg remove ARTICLE ...``: take articles out of the graph, by key or by the file they came from.

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="kg")
>>> add_parser(parser.add_subparsers(), "remove")
>>> args = parser.parse_args(["remove", "000_5588cd3b938c6cd5", "seeds/001.txt", "--out", "x"])
>>> args.articles, str(args.out)
(['000_5588cd3b938c6cd5', 'seeds/001.txt'], 'x')
"""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction, name: str) -> None:
    p = sub.add_parser(name, help="remove articles from the graph (by key or by file)")
    p.add_argument("articles", nargs="+", help="article keys (as in entities.csv) or the files they were read from")
    p.add_argument("--out", type=Path, default=Path("exports"), help="output folder (default: exports/)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from graph.build.runner import remove_articles

    report = remove_articles(args.out, args.articles)
    print(report.summary())
    return 0
