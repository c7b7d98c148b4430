"""Where a reader goes next from a listing (issue 31): a visible subscribe link, and
``rel=prev``/``rel=next`` on paginated listings.

* Subscribe: the home page (``root_doc``) links to the site's feed, a tag's or a
  category's page to its own, in a paragraph under the title (docutils nodes, the
  title as text). Only when the build makes feeds (``readers.feeds``: turned on, for
  the web, with the site's address).
* A paginated listing's page (the first, a document; a further one, rendered) gets
  ``<link rel="prev">`` (newer posts) and ``<link rel="next">`` (older posts) in its
  head; the visible "← Newer" and "Older →" links are the listing's own
  (``core.render``).
"""

from __future__ import annotations

import html
import posixpath

from docutils import nodes
from sphinx.application import Sphinx

from ..core.listing import pager_neighbours
from ..core.options import Options
from ..state.domain import KbDomain
from ..state.shown import listing_model
from ..taxonomy.further import further_pages
from .feeds import SITE_FEED, PlannedFeed, feed_pages, feeds_base

__all__ = ["on_doctree_resolved", "on_html_page_context"]


def _feed_of(app: Sphinx, domain: KbDomain, docname: str) -> PlannedFeed | None:
    if docname == app.config.root_doc:
        return PlannedFeed(SITE_FEED, app.config.project, None, ())
    return feed_pages(app, domain).get(docname)


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    domain = KbDomain.of(app.env)
    if feeds_base(app, domain) is None:
        return
    feed = _feed_of(app, domain, docname)
    section = next(iter(doctree.findall(nodes.section)), None)
    if feed is None or section is None or not isinstance(section[0], nodes.title):
        return
    here = posixpath.dirname(app.builder.get_target_uri(docname))
    href = posixpath.relpath(f"{feed.path}.xml", here or ".")
    text = "Subscribe to this site's feed" if feed.home is None else "Subscribe to the feed of this page's posts"
    link = nodes.reference("", text, refuri=href, classes=["kb-subscribe-link"])
    section.insert(1, nodes.paragraph("", "", link, nodes.Text(" (Atom)"), classes=["kb-subscribe"]))


def _specs(app: Sphinx, domain: KbDomain, pagename: str, doctree) -> list:
    if doctree is not None:
        return [spec for spec in domain.listings.get(pagename, []) if spec.kind in ("term", "year") and spec.page]
    cache = domain.build.readers
    if cache.get("further_specs") is None:
        cache["further_specs"] = {page.pagename: page.listing
                                  for page in further_pages(domain, Options.of(app.config))}
    found = cache["further_specs"].get(pagename)
    return [found] if found is not None else []


def on_html_page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    domain = KbDomain.of(app.env)
    if domain.site is None:
        return
    options = Options.of(app.config)
    for spec in _specs(app, domain, pagename, doctree):
        previous, following = pager_neighbours(listing_model(domain, spec, options))
        links = "".join(f'<link rel="{rel}" href="{html.escape(app.builder.get_relative_uri(pagename, target))}" />\n'
                        for rel, target in (("prev", previous), ("next", following)) if target)
        if links:
            context["metatags"] = context.get("metatags", "") + links
            return
