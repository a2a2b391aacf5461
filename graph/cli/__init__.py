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
    "validate": "validate",
    "eval": "evaluate",
    "query": "query",
    "serve": "serve",
    "push": "push",
    "viz": "viz",
}


def make_parser() -> argparse.ArgumentParser:
    from graph import __version__

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
    parser = make_parser()
    args = parser.parse_args(argv)
    return int(args.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
