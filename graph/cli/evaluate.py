"""``kg eval GOLD.json [--graph FILE] [--json] [--verbose]``: score a build against gold.

Exit status 0 when scored, 2 when the gold or graph file is missing or
malformed (the message names the file).

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="kg")
>>> add_parser(parser.add_subparsers(), "eval")
>>> args = parser.parse_args(["eval", "gold.json", "--json"])
>>> str(args.graph), args.json, args.verbose
('exports/graph.trig', True, False)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

DEFAULT_GRAPH = Path("exports/graph.trig")


def add_parser(subparsers, name: str) -> None:
    """Register the subcommand (see the module doctest)."""
    parser = subparsers.add_parser(
        name,
        help="score a build against a gold file (entities and relations)",
        description="Score the entity mentions and relations of a build against a "
        "kg-gold/1 file (docs/gold-format.md): precision, recall and F1 per type "
        "and per relation kind, micro-averaged over the gold documents.",
    )
    parser.add_argument("gold", type=Path, nargs="?", help="gold file (kg-gold/1 JSON)")
    parser.add_argument("--split", choices=("train", "dev", "test", "second"),
                        help="score the pipeline itself on a split of the annotated corpus (annotations/), "
                             "running it on the texts in ../shared/corpus (no build needed)")
    parser.add_argument("--agreement", action="store_true",
                        help="score the second annotations against the first (the agreement ceiling)")
    parser.add_argument("--rules-only", dest="learned", action="store_false", default=None,
                        help="with --split: the rules without the learned recogniser")
    parser.add_argument("--learned", dest="learned", action="store_true",
                        help="with --split: with the learned recogniser")
    parser.add_argument(
        "--graph", type=Path, default=DEFAULT_GRAPH,
        help="the build to score: .trig, .nq or .jsonld (default: %(default)s)",
    )
    parser.add_argument("--json", action="store_true",
                        help="print only the scores as JSON")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="also list false positives and false negatives per article")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Score and print; 2 with a message naming the file on bad input.

    >>> run(argparse.Namespace(gold=Path("/nonexistent/g.json"),
    ...     graph=DEFAULT_GRAPH, json=False, verbose=False))
    2
    """
    from graph.evaluate.scoring import EvalError, evaluate

    try:
        if getattr(args, "agreement", False):
            from graph.evaluate.corpus import score_annotators

            report = score_annotators()
        elif getattr(args, "split", None):
            from graph.evaluate.corpus import score_pipeline

            report = score_pipeline(args.split, learned=getattr(args, "learned", None))
        elif args.gold is None:
            print("kg eval: error: give a gold file, --split or --agreement", file=sys.stderr)
            return 2
        else:
            report = evaluate(args.gold, args.graph)
    except EvalError as exc:
        print(f"kg eval: error: {exc}", file=sys.stderr)
        return 2
    for warning in report.warnings:
        print(f"kg eval: warning: {warning}", file=sys.stderr)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        return 0
    print(report.format_table())
    if args.verbose:
        print()
        print(report.format_details())
    return 0
