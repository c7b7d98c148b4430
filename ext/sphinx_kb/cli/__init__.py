"""The ``kb`` command (also ``python -m sphinx_kb``): one subcommand per module.

Each subcommand module of this package defines ``register(subparsers)``, which adds
its parser and sets ``func`` (``args -> exit code``) as the parser's default. The
command never shows a traceback for bad input: a subcommand raises ``CommandError``
with a message, and the command prints it and exits with its code.

Exit codes shared by every subcommand: 0 success, 1 problems found (or something
not done), 2 the command could not run (bad arguments, unreadable input).
"""

from __future__ import annotations

import argparse
import importlib
import sys

#: the subcommand modules, in the order ``kb --help`` lists them
SUBCOMMANDS: list[str] = ["new", "stats", "serve"]

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2


class CommandError(Exception):
    """A message for the user, and the exit code that goes with it."""

    def __init__(self, message: str, code: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.code = code


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(prog="kb", description="kb: a knowledge base of Jekyll-style posts, built with Sphinx")
    subparsers = main_parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        importlib.import_module(f"{__name__}.{name}").register(subparsers)
    return main_parser


def main(argv: list[str] | None = None) -> int:
    main_parser = parser()
    args = main_parser.parse_args(argv)
    if getattr(args, "func", None) is None:
        main_parser.print_help()
        return EXIT_ERROR
    try:
        return int(args.func(args) or EXIT_OK)
    except CommandError as error:
        print(f"kb {args.command}: {error}", file=sys.stderr)
        return error.code
    except KeyboardInterrupt:
        print(f"kb {args.command}: interrupted", file=sys.stderr)
        return 130
