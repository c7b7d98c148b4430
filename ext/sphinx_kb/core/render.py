"""A listing's model as kb's markup (``core.markup``): what the reader sees. Pure Python.

The glue writes the markup as HTML text or as docutils nodes; every text in it is
escaped there, so a title or a name from front matter stays text.
"""

from __future__ import annotations

import datetime as dt

from . import markup
from .listing import ListingSpec, pager_neighbours
from .text import human_date


def _month(date_text: str) -> str:
    try:
        return f"{dt.date.fromisoformat(date_text):%B %Y}"
    except ValueError:
        return "Undated"


def _day(date_text: str) -> str:
    try:
        return human_date(dt.date.fromisoformat(date_text))
    except ValueError:
        return date_text


def _posts(count: int) -> str:
    return "post" if count == 1 else "posts"


def _pages(count: int) -> str:
    return "page" if count == 1 else "pages"


def members_count(count: int, posts: int) -> str:
    """``3 posts``, ``2 pages`` or ``3 posts and 1 page``: a tag lists posts and the
    pages that carry it through ``{tags}``."""
    others = count - posts
    if not others:
        return f"{count} {_posts(count)}"
    if not posts:
        return f"{count} {_pages(count)}"
    return f"{posts} {_posts(posts)} and {others} {_pages(others)}"


def listing(spec: ListingSpec, data: dict) -> list[markup.Block]:
    """What a listing shows, from its model (``core.listing.model``)."""
    kind = spec.kind
    if kind in ("term", "year", "recent"):
        return _list_of_posts(kind, data)
    if kind == "overview":
        return [_cloud(data["terms"])]
    if kind == "archive":
        years = tuple(markup.Para((markup.Link(target, year), f" ({count} {_posts(count)})"))
                      for year, count, target in data["years"])
        return [markup.Items(years, ("kb-archive",))]
    if kind == "backlinks":
        return [_backlinks(data)]
    return []


def _list_of_posts(kind: str, data: dict) -> list[markup.Block]:
    result: list[markup.Block] = []
    if data.get("count") is not None and kind == "term":
        shown = members_count(data["count"], data.get("posts", data["count"]))
        result.append(markup.Para((f"{shown}, newest first.",), ("kb-listing-count",)))
    rows: list[markup.Block] = []
    month = None
    for row in data["rows"]:
        if data.get("group"):
            this = _month(row[2])
            if this != month:
                month = this
                rows.append(markup.Rubric(this, ("kb-month",)))
        rows.append(post_item(row))
    result.append(markup.Box(tuple(rows), ("kb-listing",)))
    if data.get("pages"):
        result.append(_pager(data))
    if any(data.get("years") or ()):
        result.append(_years_around(data["years"]))
    if kind == "recent" and data["total"] > len(data["rows"]):
        result.append(markup.Para((markup.Link(data["archive"], f"All {data['total']} posts, by year →"),),
                                  ("kb-more",)))
    return result


def _cloud(terms: list) -> markup.Para:
    cloud: list[markup.Inline] = []
    top = max((count for _, count, _ in terms), default=1)
    for i, (name, count, target) in enumerate(terms):
        if i:
            cloud.append(" ")
        weight = 1 + round(4 * (count - 1) / max(1, top - 1)) if top > 1 else 1
        cloud.append(markup.Link(target, name, ("kb-cloud-term", f"kb-weight-{weight}")))
        cloud.append(markup.Span(f" ({count})", ("kb-count",)))
    if not terms:
        cloud.append("Nothing here yet.")
    return markup.Para(tuple(cloud), ("kb-cloud",))


def _backlinks(data: dict) -> markup.Para:
    if not data["rows"]:
        return markup.Para(("No post uses this keyword yet.",), ("kb-backlinks",))
    parts: list[markup.Inline] = ["Used in: "]
    for i, row in enumerate(data["rows"]):
        if i:
            parts.append(", ")
        parts.append(markup.Link(row[0], row[1]))
    if data["more"]:
        parts.append(" · ")
        parts.append(markup.Link(data["more"], f"all {data['count']} posts"))
    return markup.Para(tuple(parts), ("kb-backlinks",))


def post_item(row: tuple) -> markup.Para:
    """One post in a listing: its title as a link, its date, its description."""
    target, title, date_text, description = row
    parts: list[markup.Inline] = [markup.Link(target, title)]
    if date_text:
        parts.append(markup.Span(_day(date_text), ("kb-listing-date",)))
    if description:
        parts.append(markup.Span(description, ("kb-listing-description",)))
    return markup.Para(tuple(parts), ("kb-listing-item", "kb-listing-title"))


def _pager(data: dict) -> markup.Para:
    """``← Newer · Pages: 1 2 3 · Older →`` (a listing is newest first: page 2 is older)."""
    newer, older = pager_neighbours(data)
    parts: list[markup.Inline] = []
    if newer:
        parts += [markup.Link(newer, "← Newer", ("kb-newer-page",)), " · "]
    parts.append("Pages: ")
    for number, target in data["pages"]:
        parts.append(markup.Strong(str(number)) if number == data["current"] else markup.Link(target, str(number)))
        parts.append(" ")
    if older:
        parts += ["· ", markup.Link(older, "Older →", ("kb-older-page",))]
    return markup.Para(tuple(parts), ("kb-pager",))


def _years_around(years: list) -> markup.Para:
    """A year's page: the archive's older and newer year."""
    older, newer = years
    parts: list[markup.Inline] = []
    if newer:
        parts += [markup.Link(newer[2], f"← {newer[0]}", ("kb-newer-year",))]
    if older:
        parts += [" · "] if parts else []
        parts += [markup.Link(older[2], f"{older[0]} →", ("kb-older-year",))]
    return markup.Para(tuple(parts), ("kb-years-around",))
