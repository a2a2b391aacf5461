"""``kg eval GOLD.json [--graph FILE] [--json] [--verbose]``: score a build against gold.

``kg eval --split S`` scores the pipeline on a split of the annotated corpus;
``kg eval --people [--split S] [--graph FILE]`` scores how a build merges and
splits people across articles against ``annotations/people.json``
(:mod:`graph.evaluate.across`). Exit status 0 when scored, 2 when the gold,
people or graph file is missing or malformed (the message names the file).

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="kg")
>>> add_parser(parser.add_subparsers(), "eval")
>>> args = parser.parse_args(["eval", "gold.json", "--json"])
>>> str(args.graph or DEFAULT_GRAPH), args.json, args.verbose, args.people
('exports/graph.trig', True, False, False)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

DEFAULT_GRAPH = Path("exports/graph.trig")
#: wrong merges and splits listed by ``kg eval --people`` without ``--verbose``
WORST = 10


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
    parser.add_argument("--people", action="store_true",
                        help="score how people are merged and kept apart across articles against "
                             "annotations/people.json (pairwise and B-cubed precision, recall, F1, "
                             "overall and per split, with the worst wrong merges and splits): the "
                             "annotated articles built in process (with --split: that split's only), "
                             "or the build given with --graph")
    parser.add_argument("--agreement", action="store_true",
                        help="score the second annotations against the first (the agreement ceiling)")
    parser.add_argument("--rules-only", dest="learned", action="store_false", default=None,
                        help="with --split or --people: the rules without the learned recogniser")
    parser.add_argument("--learned", dest="learned", action="store_true",
                        help="with --split or --people: with the learned recogniser")
    parser.add_argument(
        "--graph", type=Path, default=None,
        help=f"the build to score: .trig, .nq or .jsonld (default: {DEFAULT_GRAPH})",
    )
    parser.add_argument("--json", action="store_true",
                        help="print only the scores as JSON")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="also list false positives and false negatives per article (with --people: every "
                             "wrong merge and split, and the gold people the build missed)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Score and print; 2 with a message naming the file on bad input.

    >>> run(argparse.Namespace(gold=Path("/nonexistent/g.json"),
    ...     graph=DEFAULT_GRAPH, json=False, verbose=False))
    2
    """
    from graph.evaluate.scoring import EvalError, evaluate

    try:
        if getattr(args, "people", False):
            from graph.evaluate.across import evaluate_people, score_pipeline_people

            report = (evaluate_people(args.graph, split=args.split) if args.graph else
                      score_pipeline_people(args.split, learned=getattr(args, "learned", None)))
        elif getattr(args, "agreement", False):
            from graph.evaluate.corpus import score_annotators

            report = score_annotators()
        elif getattr(args, "split", None):
            from graph.evaluate.corpus import score_pipeline

            report = score_pipeline(args.split, learned=getattr(args, "learned", None))
        elif args.gold is None:
            print("kg eval: error: give a gold file, --split, --people or --agreement", file=sys.stderr)
            return 2
        else:
            report = evaluate(args.gold, args.graph or DEFAULT_GRAPH)
    except EvalError as exc:
        print(f"kg eval: error: {exc}", file=sys.stderr)
        return 2
    for warning in report.warnings:
        print(f"kg eval: warning: {warning}", file=sys.stderr)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        return 0
    print(report.format_table())
    if getattr(args, "people", False):
        print()
        print(report.format_details(None if args.verbose else WORST))  # type: ignore[call-arg]
    elif args.verbose:
        print()
        print(report.format_details())
    return 0
