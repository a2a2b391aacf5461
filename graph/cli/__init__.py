"""The ``kg`` command: one module per subcommand, each with ``add_parser`` and ``run``.

>>> parser = make_parser()
>>> parser.parse_args(["build", "seeds"]).command
'build'
"""

from __future__ import annotations

import argparse
import importlib
import sys

#: Subcommand name -> module under ``graph.cli``.
COMMANDS = {
    "build": "build",
    "remove": "remove",
    "validate": "validate",
    "eval": "evaluate",
    "query": "query",
    "serve": "serve",
    "push": "push",
    "viz": "viz",
    "train": "train",
}


def make_parser() -> argparse.ArgumentParser:
    from graph._version import __version__

    parser = argparse.ArgumentParser(
        prog="kg",
        description="Knowledge graphs from Vietnamese political news.",
    )
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, module_name in COMMANDS.items():
        try:
            module = importlib.import_module(f"graph.cli.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"graph.cli.{module_name}":
                raise
            continue  # subcommand not built yet
        module.add_parser(sub, name)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run a subcommand; an error a user can cause is one line on stderr and exit 2."""
    from graph.errors import KGError

    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except KGError as exc:
        print(f"kg {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"kg {args.command}: interrupted; nothing was changed by the unfinished step", file=sys.stderr)
        return 130
    except OSError as exc:
        if exc.errno == 28:  # ENOSPC
            print(f"kg {args.command}: error: no space left on the device ({exc.filename or ''}); "
                  "the previous graph and exports are as they were", file=sys.stderr)
            return 2
        print(f"kg {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
