"""``sitemap.xml``: every page of the site, written at the end of each HTML build.

kb writes it rather than sphinx-sitemap, which lists only the pages a build wrote, so
an incremental build would leave a sitemap of a few pages (``core.sitemap`` says
more). At ``build-finished`` kb knows every page: the environment's documents (a post
this build does not publish is none of them) and kb's further listing pages. Left
out: pages whose front matter says ``sitemap: false`` (jekyll-sitemap's key; a post's,
or a page's MyST front matter), a post whose page is a redirect (``redirect_to``, as
jekyll-redirect-from leaves it out), an overview page with nothing to show
(``pipeline.empty``: no tag, no keyword), and the search, index and 404 pages. A post's
``lastmod`` is its ``last_modified_at`` or its date. Written only when its bytes
changed, and not made at all when nothing it is made of changed (``readers.unchanged``);
without the site's address (``readers.addresses``) there is no sitemap.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from ..core.options import Options
from ..core.postmeta import in_sitemap, is_false, updated_moment
from ..core.sitemap import SitemapPage, sitemap_xml
from ..jekyll.redirect_from import redirected
from ..state.domain import KbDomain
from ..state.overviews import empty_pages
from ..taxonomy.further import further_pages
from ..writing.output import write_output
from .addresses import base_url, for_the_web
from .sharing import zone
from .unchanged import MadeFrom

__all__ = ["on_build_finished"]

FILE = "sitemap.xml"


def pages(app: Sphinx, domain: KbDomain) -> tuple[list[SitemapPage], set[str]]:
    """Every page's address, and those left out."""
    builder = app.builder
    env = app.env
    listed: list[SitemapPage] = []
    excluded: set[str] = set()
    moved = redirected(domain)
    empty = empty_pages(app)
    for docname in sorted(env.all_docs):
        uri = builder.get_target_uri(docname)
        if docname in empty:  # an overview page with nothing to show
            excluded.add(uri)
            continue
        record = domain.records.get(docname)
        if record is not None:
            if not in_sitemap(record.post) or docname in moved:
                excluded.add(uri)
                continue
            moment = updated_moment(record.post, zone(domain))[0]
            day = moment.date() if moment is not None else record.post.date
            listed.append(SitemapPage(uri, day))
            continue
        if is_false(env.metadata.get(docname, {}).get("sitemap", True)):
            excluded.add(uri)
            continue
        listed.append(SitemapPage(uri))
    if domain.site is not None:
        listed += [SitemapPage(builder.get_target_uri(page.pagename))
                   for page in further_pages(domain, Options.of(app.config))]
    excluded.add(builder.get_target_uri(getattr(app.config, "notfound_pagename", "404")))
    return listed, excluded


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not for_the_web(app):
        return
    base = base_url(app.config)
    target = Path(app.outdir) / FILE
    if base is None:
        return
    made_from = MadeFrom(app, "sitemap")
    if made_from.unchanged([target]):
        return
    listed, excluded = pages(app, KbDomain.of(app.env))
    data = sitemap_xml(base, listed, excluded)
    if write_output(app, target, data, "sitemap", "sitemap"):
        made_from.made()
