"""Listings placed by hand on any page: ``{kb-recent}`` and ``{kb-listing}``."""

from __future__ import annotations

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..core.listing import ListingSpec
from ..core.paths import NAME_KINDS
from ..writing.standins import listing_node

__all__ = ["KbListingDirective", "KbRecent"]

logger = logging.getLogger(__name__)


class KbRecent(SphinxDirective):
    """``{kb-recent} [N]``: the newest N posts (``kb_recent_posts`` by default)."""

    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        count = self.config.kb_recent_posts
        if self.arguments:
            try:
                count = int(self.arguments[0])
            except ValueError:
                logger.warning("kb-recent: %r is not a number", self.arguments[0], location=self.get_location())
        return [listing_node(self.env, ListingSpec("recent", count=count))]


class KbListingDirective(SphinxDirective):
    """``{kb-listing} tag|category|author|keyword`` with ``:name:``: one name's posts,
    every one on one page; without a name, ``tag|category|author|archive``: an overview."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec = {"name": lambda x: x}

    def run(self) -> list[nodes.Node]:
        kind = self.arguments[0].strip()
        if kind in (*NAME_KINDS, "keyword") and self.options.get("name"):
            return [listing_node(self.env, ListingSpec("term", kind, name=self.options["name"], page=0))]
        if kind in NAME_KINDS:
            return [listing_node(self.env, ListingSpec("overview", kind))]
        if kind == "archive":
            return [listing_node(self.env, ListingSpec("archive"))]
        logger.warning("kb-listing: unknown kind %r", kind, location=self.get_location())
        return []
