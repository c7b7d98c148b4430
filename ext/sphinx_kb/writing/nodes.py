"""kb's markup (``core.markup``) as docutils nodes, for builders other than HTML
(text, LaTeX, linkcheck…) and for HTML when ``kb_html_strings`` is off. The HTML
that docutils writes for these nodes is the HTML ``core.markup.to_html`` writes
(a test compares them, hostile text included)."""

from __future__ import annotations

from docutils import nodes
from sphinx.builders import Builder

from ..core import markup
from .links import link

__all__ = ["nodes_of"]

#: core.markup.Styled's styles as docutils nodes (written <em>, <strong>, <sup>, <sub>)
STYLED = {"em": nodes.emphasis, "strong": nodes.strong, "sup": nodes.superscript, "sub": nodes.subscript}


def nodes_of(builder: Builder, docname: str, blocks: list[markup.Block]) -> list[nodes.Node]:
    return [_block_node(builder, docname, block) for block in blocks]


def _inline_node(builder: Builder, docname: str, element: markup.Inline) -> nodes.Node:
    if isinstance(element, str):
        return nodes.Text(element)
    if isinstance(element, markup.Link):
        return link(builder, docname, element.target, element.text, element.classes, element.anchor)
    if isinstance(element, markup.ExternalLink):
        return nodes.reference("", element.text, refuri=element.url, classes=list(element.classes))
    if isinstance(element, markup.Span):
        return nodes.inline("", element.text, classes=list(element.classes))
    if isinstance(element, markup.Strong):
        return nodes.strong("", element.text)
    if isinstance(element, markup.Styled):
        return STYLED.get(element.style, nodes.emphasis)("", element.text)
    raise TypeError(f"not an inline element: {element!r}")


def _block_node(builder: Builder, docname: str, element: markup.Block) -> nodes.Element:
    if isinstance(element, markup.Para):
        children = [_inline_node(builder, docname, child) for child in element.children]
        return nodes.paragraph("", "", *children, classes=list(element.classes))
    if isinstance(element, markup.Rubric):
        return nodes.rubric(element.text, element.text, classes=list(element.classes),
                            ids=[element.id] if element.id else [])
    if isinstance(element, markup.Box):
        children = nodes_of(builder, docname, list(element.children))
        return nodes.container("", *children, classes=list(element.classes))
    if isinstance(element, markup.Items):
        items = [nodes.list_item("", _block_node(builder, docname, child)) for child in element.children]
        return nodes.bullet_list("", *items, classes=list(element.classes))
    raise TypeError(f"not a block element: {element!r}")
