"""What follows a post's text for its readers, as kb's markup. Pure Python.

Each function takes plain rows (what the page's signature holds too, so a rebuild
rewrites the post exactly when one of them changed) and gives ``core.markup``
blocks: the older and newer post, related posts, and "Linked from" with the
sentence around each link. Every text stays text (``core.markup`` escapes it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from . import markup
from .text import human_date

__all__ = ["backlinks_block", "neighbours_block", "related_block"]

#: (docname, title, ISO date or "")
Row = Sequence[str]


def _date(date_text: str) -> str:
    try:
        return human_date(dt.date.fromisoformat(date_text))
    except ValueError:
        return ""


def _item(row: Row, extra: tuple[markup.Inline, ...] = ()) -> markup.Para:
    docname, title, date_text = row[0], row[1], row[2]
    parts: list[markup.Inline] = [markup.Link(docname, title)]
    shown = _date(date_text)
    if shown:
        parts.append(markup.Span(shown, ("kb-listing-date",)))
    return markup.Para((*parts, *extra), ("kb-listing-item",))


def neighbours_block(older: Row | None, newer: Row | None) -> list[markup.Block]:
    """"Older: … · Newer: …" (for builders without a theme's previous and next links)."""
    parts: list[markup.Inline] = []
    if older is not None:
        parts += [markup.Span("Older post: ", ("kb-neighbour-label",)), markup.Link(older[0], older[1], ("kb-older",))]
    if newer is not None:
        if parts:
            parts.append(" · ")
        parts += [markup.Span("Newer post: ", ("kb-neighbour-label",)), markup.Link(newer[0], newer[1], ("kb-newer",))]
    return [markup.Para(tuple(parts), ("kb-neighbours",))] if parts else []


def related_block(rows: Sequence[Row]) -> list[markup.Block]:
    """The related posts, best first."""
    if not rows:
        return []
    return [markup.Box((markup.Rubric("Related posts", ("kb-related-title",)),
                        markup.Items(tuple(_item(row) for row in rows), ("kb-related-list",))),
                       ("kb-related",))]


def backlinks_block(rows: Sequence[tuple[str, str, str, str]]) -> list[markup.Block]:
    """"Linked from": (docname, title, date, sentence) of each linking post, newest first."""
    if not rows:
        return []
    items = tuple(_item(row, (markup.Span(row[3], ("kb-backlink-context",)),) if row[3] else ()) for row in rows)
    return [markup.Box((markup.Rubric("Linked from", ("kb-linked-from-title",)),
                        markup.Items(items, ("kb-linked-from-list",))),
                       ("kb-linked-from",))]
