"""``kb clean``: delete the page sources kb generated (``make clean`` calls it).

Only kb's own files go, by the build's own rule (``pipeline.page_files.is_generated``:
the whole file is a page source kb writes), then the folders that emptied; any other
file in kb's folders (a user's page, a file of kb's the user edited, a leftover of
sphinx-tags) is named and kept. The build folder is not touched (``make clean`` removes
it). Exit codes: 0 done; 1 files that are not kb's were kept (each named); 2 could not run.
"""

from __future__ import annotations

import argparse

from . import EXIT_OK, EXIT_PROBLEMS
from .project import add_arguments, project_of

HELP = "delete the page sources kb generated (tags, categories, authors, archive, glossary)"


def register(subparsers) -> None:
    parser = subparsers.add_parser("clean", help=HELP, description=f"kb clean: {HELP}; never a file of yours.",
                                   epilog="Exit codes: 0 done; 1 files not kb's kept (named); 2 could not run.")
    add_arguments(parser, posts=False)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..pipeline.page_files import Outcome, remove  # the build's own rule; loads Sphinx

    project = project_of(args)
    outcome = Outcome()
    remove(project.srcdir, project.generated_folders(), set(), outcome)
    print(f"kb clean: {outcome.removed} generated page{'s' if outcome.removed != 1 else ''} removed")
    for path, problem in outcome.problems:
        print(f"  kept {path}: {problem}")
    return EXIT_PROBLEMS if outcome.problems else EXIT_OK
