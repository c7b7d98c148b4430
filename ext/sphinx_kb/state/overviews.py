"""The overview pages with nothing to show on this build's site (``pipeline.empty``
leaves them out of toctrees, ``readers.sitemap`` out of the sitemap,
``taxonomy.further`` counts them in its pages' fingerprint)."""

from __future__ import annotations

from sphinx.application import Sphinx

from ..core.options import Options
from ..core.pages import empty_overviews
from .domain import KbDomain

__all__ = ["empty_pages"]


def empty_pages(app: Sphinx) -> frozenset[str]:
    """The overview documents with nothing to show, from the plan's site (known before reading)."""
    domain = KbDomain.of(app.env)
    plan = domain.plan
    if plan is None or plan.site is None:
        return frozenset()
    cache = domain.build.readers
    if cache.get("empty_overviews") is None or cache["empty_overviews"][0] is not plan.site:
        cache["empty_overviews"] = (plan.site, empty_overviews(plan.site, Options.of(app.config)))
    return cache["empty_overviews"][1]
