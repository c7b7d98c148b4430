"""A doctree's text blocks that hold external links: what the build and ``kb check`` cite.

docutils only, no Sphinx: the build calls ``blocks`` on the doctree it read
(``sources.collect``), ``kb check`` on the doctree MyST gives without Sphinx
(``checking.myst``); ``core.sources`` takes it from there. A block is the nearest
text element (paragraph, title, term…) above an external link; its pieces are its
text nodes in order, each external link one piece whose text is never looked into.
"""

from __future__ import annotations

from docutils import nodes

from ..core.sources import Block
from ..core.placeholders import Piece

__all__ = ["blocks", "external_uri"]


def external_uri(node: nodes.Node) -> str:
    """The http(s) address of an external link, or ""."""
    if isinstance(node, nodes.reference) and not node.get("internal"):
        uri = node.get("refuri", "")
        if uri.startswith(("http://", "https://")):
            return uri
    return ""


def _inside_link(node: nodes.Node, block: nodes.Element) -> bool:
    parent = node.parent
    while parent is not None and parent is not block:
        if external_uri(parent):
            return True
        parent = parent.parent
    return False


def _pieces(block: nodes.Element) -> tuple[Piece, ...]:
    """The block's text in order, each external link one piece (its text never parsed)."""
    found = (n for n in block.findall() if isinstance(n, nodes.Text) or external_uri(n))
    return tuple(Piece(node.astext(), external_uri(node)) for node in found if not _inside_link(node, block))


def _blocks_with_links(doctree: nodes.Node) -> list[nodes.Element]:
    """Paragraphs, titles, terms... (text blocks) holding at least one external link, in order."""
    found: dict[int, nodes.Element] = {}
    for reference in doctree.findall(nodes.reference):
        if not external_uri(reference):
            continue
        block = reference.parent
        while block is not None and not (isinstance(block, nodes.TextElement) and not isinstance(block, nodes.Inline)):
            block = block.parent
        if block is not None:
            found.setdefault(id(block), block)
    return list(found.values())


def _first_line(block: nodes.Element) -> int:
    node: nodes.Node | None = block
    while node is not None:
        if node.line:
            return node.line
        node = node.parent
    return 0


def blocks(doctree: nodes.Node) -> list[Block]:
    """Every text block of ``doctree`` holding an external link, in document order."""
    return [Block(_pieces(block), _first_line(block)) for block in _blocks_with_links(doctree)]
