"""``kg train``: train the learned recogniser on the annotated corpus (docs/model.md).

Reads the train split of ``annotations/`` (texts from ``../shared/corpus``),
selects the epoch on the dev split, never reads the test split, and writes the
model to ``graph/models/ner`` (or ``--out``). CPU only, no download. Exit 0 when
written, 2 when the annotations or texts are missing or malformed.

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="kg")
>>> add_parser(parser.add_subparsers(), "train")
>>> args = parser.parse_args(["train", "--seed", "3", "--vectors", "--limit", "2"])
>>> args.seed, args.vectors, args.limit, args.out  # no --out: graph/models/ner
(3, True, 2, None)
>>> s = settings_of(parser.parse_args(["train", "--head", "tagger", "--scheme", "biluo", "--width", "96"]))
>>> s.head, s.scheme, s.width, s.depth, s.stacked
('tagger', 'biluo', 96, 2, True)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction, name: str) -> None:
    """Register the subcommand (see the module doctest); nothing of spaCy is imported here,
    so that every ``kg`` command starts fast."""
    p = sub.add_parser(name, help="train the learned recogniser on the annotated corpus (train split; dev selects)",
                       description=__doc__.split("\n\n>>>")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", type=Path, default=None, help="model folder (default: graph/models/ner)")
    p.add_argument("--seed", type=int, default=None,
                   help="random seed (default: the shipped model's, graph/train/config.py SHIPPED_SEED)")
    p.add_argument("--vectors", action=argparse.BooleanOptionalAction, default=None,
                   help="train floret vectors on the bulk corpus and use them as input "
                        "(default: as the shipped model)")
    p.add_argument("--max-epochs", type=int, default=25, help="at most this many epochs (default: %(default)s)")
    p.add_argument("--patience", type=int, default=4,
                   help="stop after this many epochs without a better dev score (default: %(default)s)")
    p.add_argument("--limit", type=int, default=None, help="only the first N articles of each split (for tests)")
    p.add_argument("--max-steps", type=int, default=None, help="stop after N updates (for tests)")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    g = p.add_argument_group("settings (default: the shipped model's, graph/train/config.py SHIPPED)")
    g.add_argument("--head", choices=("ner", "tagger"), help="transition-based NER or a tag per token")
    g.add_argument("--scheme", choices=("bio", "biluo"), help="the tagger's tags")
    for name in ("width", "depth", "rows", "hidden", "batch-words"):
        g.add_argument(f"--{name}", type=int)
    g.add_argument("--dropout", type=float)
    g.add_argument("--learn-rate", type=float)
    g.add_argument("--stacked", action=argparse.BooleanOptionalAction, default=None,
                   help="read the rules' names as a feature")
    p.set_defaults(run=run)


def settings_of(args: argparse.Namespace):
    """The shipped settings with the ones given on the command line."""
    from dataclasses import fields, replace

    from graph.train.config import SHIPPED

    given = {f.name: getattr(args, f.name) for f in fields(SHIPPED) if getattr(args, f.name, None) is not None}
    return replace(SHIPPED, **given)


def run(args: argparse.Namespace) -> int:
    """Train and write the model; 2 with one line naming the file on bad input."""
    import os

    from graph.errors import KGError
    from graph.train.config import SHIPPED_SEED, SHIPPED_VECTORS
    from graph.train.run import DEFAULT_OUT, train

    os.environ.setdefault("OMP_NUM_THREADS", "1")  # one thread: the same seed gives the same weights
    log = None if args.quiet else (lambda line: print(line, file=sys.stderr, flush=True))
    vectors = SHIPPED_VECTORS if args.vectors is None else args.vectors
    seed = SHIPPED_SEED if args.seed is None else args.seed
    try:
        train(args.out or DEFAULT_OUT, seed=seed, settings=settings_of(args), vectors=vectors,
              max_epochs=args.max_epochs, patience=args.patience, limit=args.limit, max_steps=args.max_steps, log=log)
    except KGError as exc:
        print(f"kg train: error: {exc}", file=sys.stderr)
        return 2
    return 0
