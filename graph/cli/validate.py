"""``kg validate``: check a built graph against the SHACL shapes.

Exit status: 0 conforms, 1 does not conform, 2 the graph or shapes file is
missing or cannot be parsed.

>>> import argparse
>>> sub = argparse.ArgumentParser().add_subparsers()
>>> add_parser(sub, "validate").parse_args([]).graph
PosixPath('exports/graph.trig')
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_GRAPH = Path("exports") / "graph.trig"


def add_parser(subparsers, name: str) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        name,
        help="check a graph against the SHACL shapes",
        description="Validate the union of all named graphs of a TriG, N-Quads or "
        "JSON-LD file against ontology/shapes.ttl, with ontology/kg.ttl for subclasses.",
    )
    parser.add_argument("--graph", type=Path, default=DEFAULT_GRAPH,
                        help=f"graph file (.trig, .nq, .jsonld; default {DEFAULT_GRAPH})")
    parser.add_argument("--shapes", type=Path, default=None,
                        help="SHACL shapes file (default ontology/shapes.ttl)")
    parser.add_argument("--inference", choices=("none", "rdfs"), default="none",
                        help="entailment pyshacl applies before validating (default none)")
    parser.add_argument("--examples", type=int, default=3, metavar="N",
                        help="focus nodes shown per shape and path (default 3)")
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    from graph.evaluate.validate import GraphFileError, summarize, validate

    try:
        result = validate(args.graph, args.shapes, inference=args.inference)
    except GraphFileError as exc:
        print(f"kg validate: {exc}", file=sys.stderr)
        return 2
    print(summarize(result, examples=args.examples))
    return 0 if result.conforms else 1
