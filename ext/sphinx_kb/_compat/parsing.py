"""Guarding MyST's parse of one document: ``guard_markdown_parser``.

The prescan leaves out the Markdown files that nest too deep (``core.nesting``), but
it reads each file alone: a file brought in by ``{include}`` (or a nesting the check
does not know) still met a ``RecursionError``, in MyST's parse or in pickling the
doctree after it, and that ended the whole build (issue 29). Sphinx has no public
hook around a document's parse; its public ``add_source_parser(..., override=True)``
takes a parser class, and MyST's is ``myst_parser.parsers.sphinx_.MystParser``
(MyST-Parser 2 to 5.x), whose ``parse(inputstring, document)`` is docutils' parser
interface. kb registers a subclass whose ``parse`` catches the ``RecursionError`` and
measures the doctree's depth (without recursion); past ``MAX_DOCTREE_DEPTH`` (or on
that error) the document is emptied and ``report(document, why)`` is called. Where
MyST's class is not there, nothing is replaced and False is returned.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the kb command loads _compat without docutils
    from docutils import nodes

__all__ = ["MAX_DOCTREE_DEPTH", "doctree_depth", "guard_markdown_parser"]

#: pickling a doctree (and writing it) recurses a few frames per level: some 250
#: levels reach Python's limit of 1,000 frames
MAX_DOCTREE_DEPTH = 150


def doctree_depth(node: nodes.Node) -> int:
    """How deep the tree under ``node`` goes (``node`` itself is 1), without recursion."""
    deepest, pending = 0, [(node, 1)]
    while pending:
        here, depth = pending.pop()
        deepest = max(deepest, depth)
        pending.extend((child, depth + 1) for child in getattr(here, "children", ()))
    return deepest


def guard_markdown_parser(app, report: Callable[[nodes.document, str], None]) -> bool:
    try:
        from myst_parser.parsers.sphinx_ import MystParser
    except ImportError:
        return False

    class GuardedMystParser(MystParser):
        def parse(self, inputstring: str, document: nodes.document) -> None:
            try:
                super().parse(inputstring, document)
            except RecursionError:
                why = "MyST ran out of Python's recursion limit reading it"
            else:
                depth = doctree_depth(document)
                if depth <= MAX_DOCTREE_DEPTH:
                    return
                why = f"its document nests {depth} levels deep, more than the {MAX_DOCTREE_DEPTH} kb builds"
            del document.children[:]
            # its names and ids go with its nodes (docutils 0.22 keeps names in nameids,
            # 0.23 in names: a title noted later would meet the emptied page's)
            for table in ("ids", "nameids", "names", "nametypes"):
                getattr(document, table, {}).clear()
            report(document, why)

    app.add_source_parser(GuardedMystParser, override=True)
    return True
