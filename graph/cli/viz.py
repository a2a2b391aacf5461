"""``kg viz``: write an offline HTML view of the graph, whole or focused.

>>> import argparse
>>> sub = argparse.ArgumentParser().add_subparsers()
>>> args = add_parser(sub, "viz").parse_args(["--entity", "Tỉnh ủy Kon Tum", "--hops", "2"])
>>> args.entity, args.hops, args.graph
('Tỉnh ủy Kon Tum', 2, PosixPath('exports/graph.trig'))
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_GRAPH = Path("exports/graph.trig")


def add_parser(subparsers, name: str) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        name, help="write an offline HTML view of the graph", description=__doc__.splitlines()[0]
    )
    p.add_argument("--graph", type=Path, default=DEFAULT_GRAPH,
                   help=f"graph file, .trig or .nq (default {DEFAULT_GRAPH})")
    p.add_argument("--entity", metavar="IRI-OR-LABEL",
                   help="show this entity's neighbourhood (IRI, name or alias)")
    p.add_argument("--hops", type=int, default=1, help="relations away from --entity (default 1)")
    p.add_argument("--article", metavar="FILE",
                   help="show what one article says (its file, key or IRI)")
    p.add_argument("--types", metavar="T,...",
                   help="only these types: Organization,Person,Document,Campaign,Event,Place "
                        "(prefixes work: org,person)")
    p.add_argument("--max-nodes", type=int, default=2000,
                   help="keep the most mentioned and linked nodes beyond this (default 2000)")
    p.add_argument("--overview", type=int, default=0, metavar="N",
                   help="whole-graph view: draw only the N most important entities and their links, list "
                        "those without relations (what kg build writes as graph.html, N=100; default: off)")
    p.add_argument("-o", "--output", type=Path,
                   help="HTML file to write (default: next to the graph, graph.html or "
                        "graph-<focus>.html)")
    p.add_argument("--title", help="page title")
    p.set_defaults(run=run)
    return p


def run(args: argparse.Namespace) -> int:
    from graph.viz.render import render_html

    try:
        report = render_html(
            args.graph,
            args.output or args.graph.parent,
            entity=args.entity,
            hops=args.hops,
            article=args.article,
            types=args.types,
            max_nodes=args.max_nodes,
            title=args.title,
            overview=args.overview or None,
        )
    except (OSError, ValueError, LookupError) as exc:
        print(f"kg viz: error: {exc}", file=sys.stderr)
        return 2
    print(f"{report.path}: {report.nodes} of {report.total_nodes} entities, "
          f"{report.edges} of {report.total_edges} relations")
    if report.also:
        shown = ", ".join(report.also[:8]) + (f" and {len(report.also) - 8} more" if len(report.also) > 8 else "")
        print(f"note: {args.entity!r} also names {len(report.also)} other entit{'y' if len(report.also) == 1 else 'ies'} "
              f"(the page shows the most mentioned and linked): {shown}; give one of these names or an IRI",
              file=sys.stderr)
    if report.dropped:
        left = ", ".join(f"{n} {t}" for t, n in report.dropped.items())
        print(f"left out beyond --max-nodes {args.max_nodes}: {left}")
    return 0
