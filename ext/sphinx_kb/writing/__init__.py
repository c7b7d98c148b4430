"""What kb writes into pages at write time, and the links between pages.

standins  the nodes a read doctree holds for what is filled in at write time
fill      doctree-resolved: stand-ins get a post's byline and chips, listings, keyword links
links     links between pages: cross-references (read time), addresses (write time)
html      kb's markup as HTML text
nodes     kb's markup as docutils nodes
source_link  the theme's "view this page" link, quoted where a file name needs it
"""

from __future__ import annotations

from sphinx.application import Sphinx

from ..perf.html_strings import depart_html, visit_html
from . import fill, source_link, standins

__all__ = ["setup_writing"]


def setup_writing(app: Sphinx) -> None:
    # what follows a post's text: each listener returns kb's markup blocks (a list) for
    # (domain, docname, options); their order is the listeners' priority order
    app.add_event("kb-post-footer")
    # what a page shows of other documents besides its listings: each listener returns
    # plain data (JSON-able) for (domain, docname, options); hashed into the page's signature
    app.add_event("kb-page-shows")
    # a post's schema.org BlogPosting (JSON-LD): each listener returns a dict of properties
    # to add for (domain, docname, options), e.g. {"citation": [...]} (readers make the rest)
    app.add_event("kb-post-jsonld")
    app.add_node(standins.kb_post_header, html=(visit_html, depart_html))
    app.add_node(standins.kb_post_footer, html=(visit_html, depart_html))
    app.add_node(standins.kb_listing, html=(visit_html, depart_html))
    app.connect("doctree-resolved", fill.on_doctree_resolved)
    app.connect("html-page-context", source_link.on_html_page_context, priority=400)  # before the theme's
