"""The sources report's research sections: updated works, and the review queue.

**Retractions and corrections**: every citation of a work Crossref says was retracted,
corrected or given an expression of concern, most serious first, with the notices.

**Review queue**: the posts whose sources went wrong *after* the post's date, so what
the post says may no longer hold: a source whose link broke after it (its ``since``,
when kb first saw it broken), or a work retracted after it (the notice's date, else
when kb first saw the retraction; ``core.updates.after_post``). A post without a date
is never in the queue.
"""

from __future__ import annotations

import datetime as dt

from sphinx.environment import BuildEnvironment

from ..core import markup
from ..core.text import human_date
from ..core.updates import SUMMARIES, after_post, latest_day
from ..state.domain import KbDomain
from .badges import update_span
from .model import Results, Row, updates_of

__all__ = ["review_queue", "updated_works"]


def updated_works(rows: list[Row], author: bool = True) -> list[markup.Block]:
    """The retracted, corrected and concerned works; the citations' lines in the author's view."""
    chosen = sorted((row for row in rows if row.update), key=lambda row: (SUMMARIES.index(row.update), row.post, row.line))
    if not chosen:
        return []
    items = []
    for row in chosen:
        parts: list[markup.Inline] = [update_span(row.update), " ",
                                      markup.ExternalLink(row.url, row.text or row.url, ("kb-source-link",)),
                                      " cited in ", markup.Link(row.post, row.title),
                                      *([f" (line {row.line})"] if author else [])]
        if row.update_info:
            parts.append(markup.Span(f" {row.update_info}", ("kb-source-info",)))
        items.append(markup.Para(tuple(parts)))
    return [markup.Rubric("Retractions and corrections", id="kb-sources-updates"),
            markup.Items(tuple(items), ("kb-sources-list",))]


def _day(iso: str) -> str:
    day = latest_day(iso)
    return human_date(day) if day else iso


def review_queue(env: BuildEnvironment, results: Results) -> list[markup.Block]:
    domain = KbDomain.of(env)
    items = []
    for docname in sorted(domain.sources):
        record = domain.records.get(docname)
        post_date: dt.date | None = record.post.date if record is not None else None
        title = env.titles[docname].astext() if docname in env.titles else docname
        for source in domain.sources[docname]:
            if source.finding is not None:
                continue
            link = results.by_url.get(source.url)
            updates = updates_of(source, results)
            reviews = after_post(post_date, link_status=link.status if link else "", link_since=link.since if link else "",
                                 updates=updates.updates if updates else (), updates_seen=updates.since if updates else "")
            for review in reviews:
                what = f"broken since {_day(review.since)}" if review.reason == "broken" else f"retracted {_day(review.since)}"
                items.append(markup.Para((markup.Link(docname, title), f" ({human_date(post_date)}, line {source.line}): "
                                          f"{what}: ", markup.ExternalLink(source.url, source.text or source.url,
                                                                           ("kb-source-link",)))))
    if not items and not results.updated:
        return []
    intro = ("Posts whose sources broke or were retracted after the post was written: what they say may need a "
             "second look." if items else "No post to review: no source broke or was retracted after its post's date.")
    blocks: list[markup.Block] = [markup.Rubric("Review queue", id="kb-sources-review"),
                                  markup.Para((intro,), ("kb-sources-summary",))]
    if items:
        blocks.append(markup.Items(tuple(items), ("kb-sources-list", "kb-sources-review")))
    return blocks
