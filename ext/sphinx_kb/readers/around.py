"""What is around each post on this build's site: its older and newer post, its
related posts, the posts that link to it. Computed once per build, from the site.

The site (``domain.site``) holds only what this build publishes, so a draft, a post
with ``published: false`` or one dated in the future is nobody's neighbour, related
post or backlink. ``around(app, domain)`` computes it the first time it is asked (for
the pages' signatures at ``env-get-updated``, or at write time) and keeps it in
``BuildState.readers`` for the site it was made from: neighbours and backlinks for
every post, a post's related posts when they are first asked for (a rebuild that
writes one post scores one post's candidates, not every post's).

Each switch turns its part off, so a benchmark can measure what it costs:
``kb_related_posts = 0`` (no related posts are computed) and ``kb_backlinks = False``
(no links are collected when posts are read).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sphinx.application import Sphinx

from ..core import backlinks, related
from ..core.backlinks import Backlink
from ..core.related import Neighbours, RelatedOptions
from ..core.site import Site
from ..state.domain import KbDomain

__all__ = ["Around", "around", "row"]


@dataclass(frozen=True)
class Around:
    site: Site  # the site these were computed from
    neighbours: dict[str, Neighbours]
    related: Mapping[str, tuple[str, ...]]  # core.related.RelatedPosts: each post's when first asked
    backlinks: dict[str, tuple[Backlink, ...]]


def related_options(app: Sphinx) -> RelatedOptions:
    return RelatedOptions(limit=max(0, app.config.kb_related_posts), same_category_fallback=True)


def around(app: Sphinx, domain: KbDomain) -> Around | None:
    """This build's neighbours, related posts and backlinks (None before the site is known)."""
    site = domain.site
    if site is None:
        return None
    cached: Around | None = domain.build.readers.get("around")
    if cached is not None and cached.site is site:
        return cached
    posts = [entry for entry in site.taxonomy.entries.values() if entry.is_post]
    options = related_options(app)
    found = Around(
        site=site,
        neighbours=related.neighbours(posts),
        related=related.RelatedPosts(posts, options) if options.limit > 0 else {},
        backlinks=backlinks.backlinks(dict(domain.links), site.taxonomy.recent) if app.config.kb_backlinks else {},
    )
    domain.build.readers["around"] = found
    return found


def row(site: Site, docname: str) -> tuple[str, str, str]:
    """(docname, title, date) of a post, as the footer shows it and its signature holds it."""
    entry = site.taxonomy.entries.get(docname)
    if entry is None:
        return (docname, docname, "")
    return (docname, entry.title, entry.date_text)
