"""Listings: what kb's pages show of other documents, as plain data. Pure Python.

A ``ListingSpec`` says what to list (a tag's posts, the newest posts, an overview of
all tags…); ``model`` says what that listing shows on this build's ``Site``: rows
of (docname, title, date, description), counts, pages. The model is computed once
per page and build, and used twice: hashed into the page's signature (when what a
page shows of others changed, it is written again) and rendered (``core.render``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from . import taxonomy
from .options import Options
from .site import Site

#: a listing's kinds: one name's posts, one year's, the newest, every name of a kind,
#: every year, a glossary entry's posts
KINDS = ("term", "year", "recent", "overview", "archive", "backlinks")


@dataclass(frozen=True)
class ListingSpec:
    """What a listing lists. ``type`` is the kind of name (tag, category, author,
    keyword); a name is given by ``slug`` (kb's own pages) or by ``name`` (a
    ``{kb-listing}`` placed by hand, any spelling). ``page`` 0 lists every post
    without pages; ``count`` is how many posts ``recent`` shows."""

    kind: str
    type: str = ""
    slug: str = ""
    name: str = ""
    page: int = 1
    count: int = 0


def year_slug(year: str) -> str:
    return year or "undated"


def year_of_slug(slug: str) -> str:
    return "" if slug == "undated" else slug


def _row(tax: taxonomy.Taxonomy, docname: str) -> tuple:
    entry = tax.entries.get(docname)
    if entry is None:
        return (docname, docname, "", "")
    return (docname, entry.title, entry.date_text, entry.description)


def _members(site: Site, spec: ListingSpec, options: Options) -> tuple[list[str], object]:
    """The docnames a term or year listing shows, and how to name its n-th page."""
    paths = options.paths
    if spec.kind == "year":
        year = year_of_slug(spec.slug)
        return site.taxonomy.years.get(year, []), lambda page: paths.listing("year", year_slug(year), page)
    if spec.type == "keyword":
        entry = site.glossary_entry(spec.slug or spec.name)
        docnames = site.keyword_posts[entry.slug] if entry else []
        return docnames, lambda page: paths.listing("keyword", entry.slug, page)
    term = site.terms_by_slug[spec.type].get(spec.slug) if spec.slug else site.term(spec.type, spec.name)
    docnames = term.docnames if term else []
    return docnames, lambda page: paths.listing(spec.type, term.slug, page)


def model(site: Site, spec: ListingSpec, options: Options) -> dict:
    """Everything a listing shows, as plain data (rendered, and hashed for rebuilds)."""
    tax = site.taxonomy
    paths = options.paths
    kind = spec.kind
    if kind in ("term", "year"):
        docnames, link = _members(site, spec, options)
        if spec.page == 0:  # a listing placed by hand: every post, unpaginated
            return {"rows": [_row(tax, d) for d in docnames], "pages": [], "group": kind == "year"}
        pages = taxonomy.paginate(docnames, options.page_size)
        shown = pages[spec.page - 1] if spec.page <= len(pages) else []
        nav = [(n, link(n)) for n in range(1, len(pages) + 1)] if len(pages) > 1 else []
        posts = sum(1 for d in docnames if d in tax.entries and tax.entries[d].is_post)
        found = {"rows": [_row(tax, d) for d in shown], "pages": nav, "current": spec.page, "group": kind == "year",
                 "count": len(docnames), "posts": posts}
        if kind == "year":
            found["years"] = years_around(site, year_of_slug(spec.slug), options)
        return found
    if kind == "recent":
        return {"rows": [_row(tax, d) for d in tax.recent[: spec.count]], "total": len(tax.recent),
                "archive": paths.overview("year")}
    if kind == "overview":
        terms = sorted(tax.terms[spec.type].values(), key=lambda t: (t.name.casefold(), t.name))
        return {"terms": [(t.name, len(t.docnames), paths.listing(spec.type, t.slug)) for t in terms]}
    if kind == "archive":
        return {"years": [(year or "Undated", len(docs), paths.listing("year", year_slug(year)))
                          for year, docs in sorted(tax.years.items(), key=lambda i: i[0] or "0", reverse=True)]}
    if kind == "backlinks":
        docnames = site.keyword_posts.get(spec.slug, [])
        limit = options.glossary_backlinks
        more = paths.listing("keyword", spec.slug) if len(docnames) > limit else None
        return {"rows": [_row(tax, d) for d in docnames[:limit]], "count": len(docnames), "more": more}
    return {}


def years_around(site: Site, year: str, options: Options) -> list:
    """The archive's older and newer year around ``year``: ``[[label, year, page] or None]*2``
    (the undated posts count as older than the oldest year)."""
    order = sorted(site.taxonomy.years, key=lambda y: y or "0", reverse=True)  # the archive's order
    if year not in order:
        return [None, None]
    i = order.index(year)

    def year_link(other: str) -> list:
        return [other or "Undated", other, options.paths.listing("year", year_slug(other))]

    return [year_link(order[i + 1]) if i + 1 < len(order) else None, year_link(order[i - 1]) if i else None]


def pager_neighbours(data: dict) -> tuple[str | None, str | None]:
    """A paginated listing's previous (newer posts) and next (older posts) page, or None."""
    pages = dict(data.get("pages") or ())
    current = data.get("current", 0)
    return pages.get(current - 1), pages.get(current + 1)


def signature(models: list[dict], keyword_targets: list) -> str:
    """What a page shows of other documents: its listings' models, and where a post's
    keyword links point."""
    data = json.dumps([*models, keyword_targets], sort_keys=True, default=str)
    return hashlib.blake2s(data.encode("utf-8")).hexdigest()
