"""kb's stand-ins filled in at write time (``doctree-resolved``, in the main process).

A post's ``kb_post_header`` gets its byline and chips (``core.postheader``), its
``kb_post_footer`` what the ``kb-post-footer`` event's listeners give, a
``kb_listing`` what its listing shows (``core.listing`` and ``core.render``), both
as kb's markup, from this build's site: written as HTML text kept on the node
(``perf.html_strings``) or as nodes (``writing.nodes``). A keyword link in a post's
text (``posts.keywords``) gets its address.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder

from ..core import markup, render
from ..core.options import Options
from ..core.postheader import header
from ..perf.html_strings import use_html_strings
from ..state.domain import KbDomain
from ..state.shown import listing_model
from .html import html_of
from .links import href
from .nodes import nodes_of
from .standins import KEYWORD, is_keyword_link, kb_listing, kb_post_footer, kb_post_header

__all__ = ["listing_markup", "on_doctree_resolved"]


def listing_markup(domain: KbDomain, spec, options: Options) -> list[markup.Block]:
    return render.listing(spec, listing_model(domain, spec, options))


def _stand_in(node: nodes.Node) -> bool:
    return isinstance(node, (kb_post_header, kb_post_footer, kb_listing)) or is_keyword_link(node)


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    builder = app.builder
    domain = KbDomain.of(app.env)
    if domain.site is None:
        return
    options = Options.of(app.config)
    as_html = use_html_strings(builder)
    # findall with a class takes docutils' fast path (twice as fast as with a function)
    for node in [node for node in doctree.findall(nodes.Element) if _stand_in(node)]:
        if isinstance(node, nodes.reference):
            resolve_keyword_link(builder, domain, docname, node)
            continue
        if isinstance(node, kb_post_header):
            record = domain.records.get(docname)
            blocks = header(domain.site, record, options, domain.build.display_names) if record is not None else []
        elif isinstance(node, kb_post_footer):
            blocks = [block for found in app.emit("kb-post-footer", domain, docname, options) for block in found or ()]
        else:
            blocks = listing_markup(domain, node["spec"], options)
        if as_html:
            node["html"] = html_of(builder, docname, blocks)
        else:
            node.replace_self(nodes_of(builder, docname, blocks) or [])


def resolve_keyword_link(builder: Builder, domain: KbDomain, docname: str, ref: nodes.reference) -> None:
    """A keyword link's address, from the glossary of this build."""
    target = domain.site.term_target(ref[KEYWORD])
    if target is None:  # not an entry (cannot happen for a post's own keyword): plain text
        ref.replace_self(nodes.Text(ref.astext()))
        return
    ref["refuri"] = href(builder, docname, target[0], target[1])
    del ref[KEYWORD]
