"""Links between the site's pages, as kb makes them.

At read time (``doc_link``, ``term_link``): cross-references that Sphinx resolves
and checks, for links a page's own text holds (the ``{tags}`` directive's, a
glossary page's). At write time (``href``, ``link``): resolved addresses of kb's own
pages and glossary anchors, which need no cross-reference.
"""

from __future__ import annotations

import functools

from docutils import nodes
from sphinx import addnodes
from sphinx.builders import Builder
from sphinx.util.osutil import relative_uri

__all__ = ["doc_link", "href", "link", "term_link"]


def _text(text: str, classes: list[str] | None = None) -> nodes.inline:
    return nodes.inline(text, text, classes=classes or [])


def doc_link(docname: str, text: str, refdoc: str, classes: list[str]) -> nodes.inline:
    """A link to a document, in a span carrying ``classes`` (Sphinx drops the
    classes of a resolved ``doc`` reference's own content)."""
    xref = addnodes.pending_xref(
        "", _text(text), refdomain="std", reftype="doc", reftarget="/" + docname,
        refexplicit=True, refwarn=True, refdoc=refdoc,
    )
    return nodes.inline("", "", xref, classes=classes)


def term_link(term: str, refdoc: str, classes: list[str]) -> addnodes.pending_xref:
    return addnodes.pending_xref(
        "", _text(term, ["xref", "std", "std-term", *classes]), refdomain="std", reftype="term",
        reftarget=term, refexplicit=True, refwarn=True, refdoc=refdoc,
    )


@functools.lru_cache(maxsize=1 << 14)
def _target_uri(builder, docname: str) -> str:
    """The builder's URI of a page (kb links to the same few hundred pages from every post)."""
    return builder.get_target_uri(docname)


def href(builder: Builder, fromdoc: str, todoc: str, anchor: str = "") -> str:
    """The address of a page (and an anchor in it) from another page."""
    try:
        uri = relative_uri(_target_uri(builder, fromdoc), _target_uri(builder, todoc))
    except NotImplementedError:  # a builder without URIs
        uri = ""
    return uri + (f"#{anchor}" if anchor else "")


def link(builder: Builder, fromdoc: str, todoc: str, text: str, classes: list[str] | tuple[str, ...] = (),
         anchor: str = "") -> nodes.reference:
    """A resolved link between two pages."""
    ref = nodes.reference("", "", internal=True, refuri=href(builder, fromdoc, todoc, anchor), classes=list(classes))
    ref += nodes.Text(text)
    return ref
