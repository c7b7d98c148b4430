"""A post's previous and next post by date, and its related posts.

Previous and next: furo (like Sphinx's other themes) shows ``context["prev"]`` and
``context["next"]`` at the foot of a page and as ``<link rel="prev"/"next">``; Sphinx
takes them from the toctree, which posts are outside of. On posts only, kb sets them
at ``html-page-context`` to the older and the newer post (Jekyll's ``page.previous``
and ``page.next``); every other page keeps the theme's own. Builders without a
theme (text, LaTeX…) get the same two links at the foot of the post instead.

Related posts (``core.related``, Hugo's rules; ``kb_related_posts`` of them, 0 for
none) follow the post's text, through the ``kb-post-footer`` event. What both show of
other posts (titles, dates, which posts) is declared through ``kb-page-shows``, so an
edit elsewhere rewrites exactly the posts whose neighbours or related posts changed.
"""

from __future__ import annotations

import html

from sphinx.application import Sphinx

from ..core import markup, postfooter
from ..core.options import Options
from ..state.domain import KbDomain
from .around import around, row

__all__ = ["footer", "on_html_page_context", "shows"]


def _rows(app: Sphinx, domain: KbDomain, docname: str) -> dict | None:
    if docname not in domain.records:
        return None
    found = around(app, domain)
    if found is None or docname not in found.neighbours:
        return None
    site = found.site
    near = found.neighbours[docname]
    return {
        "older": row(site, near.older) if near.older else None,
        "newer": row(site, near.newer) if near.newer else None,
        "related": [row(site, other) for other in found.related.get(docname, ())],
    }


def shows(app: Sphinx, domain: KbDomain, docname: str, options: Options):
    """``kb-page-shows``: a post's neighbours and related posts."""
    return _rows(app, domain, docname)


def footer(app: Sphinx, domain: KbDomain, docname: str, options: Options) -> list[markup.Block]:
    """``kb-post-footer``: related posts (and, without a theme, the older and newer post)."""
    rows = _rows(app, domain, docname)
    if rows is None:
        return []
    blocks = postfooter.related_block(rows["related"])
    if app.builder.format != "html":
        blocks += postfooter.neighbours_block(rows["older"], rows["newer"])
    return blocks


def on_html_page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    domain = KbDomain.of(app.env)
    if doctree is None or pagename not in domain.records:
        return
    rows = _rows(app, domain, pagename)
    if rows is None:
        return

    def link(found) -> dict | None:
        if found is None:
            return None
        return {"link": app.builder.get_relative_uri(pagename, found[0]), "title": html.escape(found[1])}

    context["prev"] = link(rows["older"])
    context["next"] = link(rows["newer"])
