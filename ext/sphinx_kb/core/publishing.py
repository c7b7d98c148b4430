"""Jekyll's publishing rules: which posts a build leaves out, and why. Pure Python.

Jekyll decides in ``Jekyll::Publisher`` (lib/jekyll/publisher.rb)::

    publish?(thing)  = can_be_published?(thing) && !hidden_in_the_future?(thing)
    can_be_published = thing.data.fetch("published", true) || site.unpublished
    hidden_in_the_future = !site.future && thing.date.to_i > site.time.to_i

and it reads ``_drafts`` only with ``--drafts`` (``site.show_drafts``). kb applies the
same three rules: a post in a ``_drafts`` folder is left out unless drafts are on
(``kb_drafts``), ``published: false`` stays out (unless ``unpublished`` is on, Jekyll's
``--unpublished``), and a post dated after "now" is left out unless ``kb_future``.
"After" is strict, as in Jekyll: a post dated exactly now is published.

A date without a time is midnight, and a time without an offset is in the site's
zone, as Jekyll reads them in its ``timezone``. "Now" is an argument (never the
clock read here), so a build and its tests agree on it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from .frontmatter import Post
from .text import plural

#: Why a post is in or out; the log counts posts by these.
PUBLISHED = "published"
DRAFT = "draft"
UNPUBLISHED = "unpublished"
FUTURE = "future"

DRAFTS_FOLDER = "_drafts"
#: the environment variable that fixes "now" (tests only; ``parse_now`` reads it)
NOW_VARIABLE = "KB_NOW"


@dataclass(frozen=True)
class Rules:
    """The switches of Jekyll's rules, and the site's zone for dates without one."""

    future: bool = False  # kb_future: publish posts dated after now
    drafts: bool = False  # kb_drafts: publish posts in a _drafts folder
    unpublished: bool = False  # publish posts with published: false (Jekyll's --unpublished)
    zone: dt.tzinfo = dt.timezone.utc  # the site's zone for dates given without an offset


class Decision(NamedTuple):
    """``included, reason = decide(...)``."""

    included: bool
    reason: str  # PUBLISHED, DRAFT, UNPUBLISHED or FUTURE


def moment(date: dt.date, time: dt.time | None, zone: dt.tzinfo = dt.timezone.utc) -> dt.datetime:
    """A post's date as an aware date-time: midnight when it has no time, and the
    site's ``zone`` when its time has no offset."""
    moment = dt.datetime.combine(date, time or dt.time())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment


def post_moment(post: Post, zone: dt.tzinfo = dt.timezone.utc) -> dt.datetime | None:
    """The post's date-time (None when undated)."""
    return moment(post.date, post.time, zone) if post.date is not None else None


def in_drafts_folder(path: str) -> bool:
    """True when a folder of ``path`` (a docname or a relative path, ``/`` or ``\\``
    separated) is named ``_drafts``: Jekyll's drafts live in ``_drafts/`` at any depth
    in kb (a collection's ``_drafts`` too)."""
    parts = path.replace("\\", "/").split("/")
    return DRAFTS_FOLDER in parts[:-1]


def decide(post: Post, path: str, now: dt.datetime, rules: Rules = Rules()) -> Decision:
    """Whether ``post`` (at ``path``) is published in a build made at ``now`` (aware).

    One reason per post, the first that applies: a draft, then ``published: false``,
    then a future date (a draft dated next year counts once, as a draft)."""
    if in_drafts_folder(path) and not rules.drafts:
        return Decision(False, DRAFT)
    if not post.published and not rules.unpublished:
        return Decision(False, UNPUBLISHED)
    if not rules.future and is_future(post, now, rules.zone):
        return Decision(False, FUTURE)
    return Decision(True, PUBLISHED)


def is_future(post: Post, now: dt.datetime, zone: dt.tzinfo = dt.timezone.utc) -> bool:
    """Dated strictly after ``now`` (an undated post is never in the future)."""
    when = post_moment(post, zone)
    return when is not None and when > _aware(now, zone)


def due(post: Post, path: str, now: dt.datetime, rules: Rules = Rules()) -> dt.datetime | None:
    """When a post left out for its future date will be published: its date-time.

    None when the post is published now or is left out for another reason (a draft
    or ``published: false`` never becomes due by waiting). The glue keeps the
    earliest due moment of a build; a later build made at or after it must read
    that post although its file did not change."""
    if decide(post, path, now, rules).reason != FUTURE:
        return None
    return post_moment(post, rules.zone)


def next_due(posts: Iterable[tuple[Post, str]], now: dt.datetime, rules: Rules = Rules()) -> dt.datetime | None:
    """The earliest moment at which one of the left-out future posts becomes due."""
    moments = [when for post, path in posts if (when := due(post, path, now, rules)) is not None]
    return min(moments) if moments else None


def count_reasons(decisions: Iterable[Decision]) -> dict[str, int]:
    """How many posts were left out, by reason (for the build's one log line)."""
    counts = Counter(d.reason for d in decisions if not d.included)
    return {reason: counts[reason] for reason in (DRAFT, UNPUBLISHED, FUTURE) if counts[reason]}


def summary(counts: dict[str, int]) -> str:
    """``3 posts left out: 1 draft, 2 dated in the future`` ('' when none)."""
    words = {DRAFT: ("draft", "drafts"), UNPUBLISHED: ("with published: false", "with published: false"),
             FUTURE: ("dated in the future", "dated in the future")}
    total = sum(counts.values())
    if not total:
        return ""
    parts = [plural(n, *words[reason]) for reason, n in counts.items()]
    return f"{plural(total, 'post')} left out: {', '.join(parts)}"


def parse_now(value: str) -> dt.datetime | None:
    """``KB_NOW``'s value (an ISO date-time, UTC when it gives no offset) as an aware
    date-time; None when it is empty or no date-time (the clock is used then)."""
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.timezone.utc)


def _aware(when: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    return when if when.tzinfo is not None else when.replace(tzinfo=zone)
