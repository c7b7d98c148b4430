"""What a page shows of other documents, on this build's site: listings' models
(computed once per build, for the page's signature and then for its HTML) and a
post's keyword links."""

from __future__ import annotations

from ..core import listing
from ..core.listing import ListingSpec
from ..core.options import Options
from ..core.postheader import keyword_targets
from .domain import KbDomain

__all__ = ["listing_model", "page_signature"]


def listing_model(domain: KbDomain, spec: ListingSpec, options: Options) -> dict:
    """A listing's model on this build's site, computed once."""
    models = domain.build.models
    if spec not in models:
        models[spec] = listing.model(domain.site, spec, options)
    return models[spec]


def page_signature(domain: KbDomain, docname: str, options: Options, emit=None) -> str:
    """What a page shows of other documents: its listings, a post's keyword links, and
    what the ``kb-page-shows`` event's listeners say it shows (``emit``: ``app.emit``)."""
    models = [listing_model(domain, spec, options) for spec in domain.listings.get(docname, [])]
    more = list(emit("kb-page-shows", domain, docname, options)) if emit is not None else []
    return listing.signature(models + more, keyword_targets(domain.site, domain.records.get(docname)))
