"""The ``kb`` command (also ``python -m sphinx_kb``): one subcommand per module.

Each subcommand module of this package defines ``register(subparsers)``, which adds
its parser and sets ``func`` (``args -> exit code``) as the parser's default. The
command never shows a traceback for bad input: a subcommand raises ``CommandError``
with a message, and the command prints it and exits with its code.

Exit codes shared by every subcommand: 0 success, 1 problems found (or something
not done), 2 the command could not run (bad arguments, unreadable input); 130
interrupted; 141 the output's reader went away (``kb check | head -1``: a closed pipe
ends the command quietly, as a process ended by SIGPIPE, whose code the shell shows as
141). Each subcommand's module says what they mean for it:

init     0 written; 1 some files existed (kept, never overwritten); 2 bad input
new      0 written; 1 a file of that name exists (never overwritten); 2 bad input
check    0 no problem; 1 problems found (each ``file:line: message [kb.<type>]``); 2 could not run
stats    0 counted; 2 could not run (no conf.py or posts folder, a bad setting)
clean    0 done; 1 files not kb's kept (each named); 2 could not run
serve    sphinx-autobuild's own once it runs (0 after Ctrl+C); 2 could not start

Shared pieces: ``project`` (conf.py read with ``ast``, never run; the posts as the
build finds them), ``posts`` (the posts as the build reads them), ``cache`` (what was
read, by file stamp), ``globs`` (Sphinx's glob rules), ``progress`` (progress lines).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

#: the subcommand modules, in the order ``kb --help`` lists them
SUBCOMMANDS: list[str] = ["init", "new", "check", "importing", "stats", "serve", "linkcheck", "clean"]
#: a subcommand whose module is not named as the command
MODULES = {"import": "importing"}

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2
#: the output pipe was closed by its reader (128 + SIGPIPE, as the shell reports a process it ended)
EXIT_PIPE = 141


class CommandError(Exception):
    """A message for the user, and the exit code that goes with it."""

    def __init__(self, message: str, code: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.code = code


def parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command's parser; with ``command``, only that subcommand's module is loaded
    (``kb check`` in a pre-commit hook starts without loading ``kb serve``'s)."""
    main_parser = argparse.ArgumentParser(prog="kb", description="kb: a knowledge base of Jekyll-style posts, built with Sphinx")
    subparsers = main_parser.add_subparsers(dest="command", metavar="COMMAND")
    module = MODULES.get(command, command) if command else None
    for name in SUBCOMMANDS if module not in SUBCOMMANDS else [module]:
        importlib.import_module(f"{__name__}.{name}").register(subparsers)
    return main_parser


def main(argv: list[str] | None = None) -> int:
    """Run the command; a closed output pipe ends it quietly, whichever subcommand printed."""
    try:
        try:
            code = _run(argv)
        except SystemExit as done:  # argparse: --help, a usage error
            code = EXIT_OK if done.code is None else done.code
        sys.stdout.flush()  # what is still buffered meets a closed pipe here, not at exit
        return code
    except BrokenPipeError:
        return _pipe_closed()


def _run(argv: list[str] | None) -> int:
    words = sys.argv[1:] if argv is None else argv
    main_parser = parser(words[0] if words and not words[0].startswith("-") else None)
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


def _pipe_closed() -> int:
    """The reader of the output went away (``| head``): stop quietly. Python's advice for
    SIGPIPE: point stdout at devnull, so that the flush at exit finds no closed pipe."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        try:
            os.dup2(devnull, stream.fileno())
        except (OSError, ValueError):  # no file behind it (a test's StringIO)
            pass
    os.close(devnull)
    return EXIT_PIPE
