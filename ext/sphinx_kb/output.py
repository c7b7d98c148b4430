"""kb's placeholders filled in at write time: a post's header, and listings.

At ``doctree-resolved`` each ``kb_post_header`` and ``kb_listing`` gets its content
from the environment (``postpage.header``, ``listings.render``), as kb's markup:

* HTML builders: the markup is written as HTML text and kept on the node; the
  translator only copies it. Sphinx resolves doctrees in the main process and
  translates them in one writer process (``-j 2``), so the work is done where
  there is time for it, and a string is cheaper than nodes to translate.
* other builders (text, LaTeX, linkcheck…): the placeholder is replaced by nodes.

The search index is fed after ``doctree-resolved``: kept on the node, the HTML is
not indexed (listings only repeat other pages' titles). The keyword links in a
post's text (``autolinks``) are nodes for every builder: their address is set here.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder

from .core import markup
from .autolinks import KEYWORD, is_keyword_link
from .listings import kb_listing, render, spec_of
from .postpage import header, href, link, term_target
from .reading import kb_post_header


def html_of(builder: Builder, docname: str, blocks: list[markup.Block]) -> str:
    return markup.to_html(blocks, lambda target, anchor: href(builder, docname, target, anchor))


def nodes_of(builder: Builder, docname: str, blocks: list[markup.Block]) -> list[nodes.Node]:
    return [_block_node(builder, docname, block) for block in blocks]


def _inline_node(builder: Builder, docname: str, element: markup.Inline) -> nodes.Node:
    if isinstance(element, str):
        return nodes.Text(element)
    if isinstance(element, markup.Link):
        return link(builder, docname, element.target, element.text, element.classes, element.anchor)
    if isinstance(element, markup.Span):
        return nodes.inline("", element.text, classes=list(element.classes))
    if isinstance(element, markup.Strong):
        return nodes.strong("", element.text)
    raise TypeError(f"not an inline element: {element!r}")


def _block_node(builder: Builder, docname: str, element: markup.Block) -> nodes.Element:
    if isinstance(element, markup.Para):
        children = [_inline_node(builder, docname, child) for child in element.children]
        return nodes.paragraph("", "", *children, classes=list(element.classes))
    if isinstance(element, markup.Rubric):
        return nodes.rubric(element.text, element.text, classes=list(element.classes))
    if isinstance(element, markup.Box):
        children = nodes_of(builder, docname, list(element.children))
        return nodes.container("", *children, classes=list(element.classes))
    if isinstance(element, markup.Items):
        items = [nodes.list_item("", _block_node(builder, docname, child)) for child in element.children]
        return nodes.bullet_list("", *items, classes=list(element.classes))
    raise TypeError(f"not a block element: {element!r}")


def _placeholder(node: nodes.Node) -> bool:
    return isinstance(node, (kb_post_header, kb_listing)) or is_keyword_link(node)


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    builder = app.builder
    env = app.env
    as_html = builder.format == "html"
    for node in list(doctree.findall(_placeholder)):
        if isinstance(node, nodes.reference):
            resolve_keyword_link(builder, docname, node)
            continue
        blocks = header(env, docname) if isinstance(node, kb_post_header) else render(env, spec_of(node))
        if as_html:
            node["html"] = html_of(builder, docname, blocks)
        else:
            node.replace_self(nodes_of(builder, docname, blocks) or [])


def resolve_keyword_link(builder: Builder, docname: str, ref: nodes.reference) -> None:
    """A keyword link's address, from the glossary of this build."""
    target = term_target(builder.env, ref[KEYWORD])
    if target is None:  # not an entry (cannot happen for a post's own keyword): plain text
        ref.replace_self(nodes.Text(ref.astext()))
        return
    ref["refuri"] = href(builder, docname, target[0], target[1])
    del ref[KEYWORD]


def visit_html(translator, node: nodes.Element) -> None:
    translator.body.append(node.get("html", ""))
    raise nodes.SkipNode


def depart_html(translator, node: nodes.Element) -> None:
    pass
