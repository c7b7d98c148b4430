"""``kb linkcheck``: what ``make linkcheck`` runs (``sphinx_kb.sources.linkcheck``).

Exit codes: 0 all is well; 1 something broken; 2 the check could not run; 3 sources
could not be checked for want of a network; 130 interrupted (the results checked until
then are kept).
"""

from __future__ import annotations


def register(subparsers) -> None:
    from ..sources.linkcheck.command import DESCRIPTION, add_arguments, run

    parser = subparsers.add_parser("linkcheck", help="check every cited source, then the site's own links",
                                   description=DESCRIPTION)
    add_arguments(parser)
    parser.set_defaults(func=run)
