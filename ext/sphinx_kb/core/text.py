"""Plain-text helpers shared by the core: cleaning, YAML scalars as text, excerpts, dates.

Pure Python, no Sphinx. Every text kb takes from a front matter or a data file goes
through ``clean_text`` (Unicode NFC, no control characters, spacing collapsed), and
every value a message quotes goes through ``shown`` (bounded, whatever the value).
Dates: Jekyll's date strings (``parse_date``), a moment in UTC (``utc_moment``) and
how kb shows a day (``human_date``). Counts in messages: ``plural`` (``1 draft``,
``2 drafts``; ``noun`` for the word alone), for the ``kb`` command and the build's log
lines alike.
"""

from __future__ import annotations

import datetime as dt
import re
import reprlib
import unicodedata
from typing import Any

EXCERPT_LENGTH = 160
#: a Jekyll post's file name: its date, then its slug
FILENAME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>.+)$")
#: the most characters of a value a message quotes (``shown``)
SHOWN_LENGTH = 60

# reprlib looks at a bounded part of a value (3 levels deep, 4 items a level, 60
# characters a string) instead of building the whole repr and cutting it: a YAML
# value made with aliases can stand for billions of items that share a few objects.
_SHORT_REPR = reprlib.Repr()
_SHORT_REPR.maxlevel = 3
_SHORT_REPR.maxlist = _SHORT_REPR.maxtuple = _SHORT_REPR.maxdict = _SHORT_REPR.maxset = 4
_SHORT_REPR.maxstring = _SHORT_REPR.maxother = _SHORT_REPR.maxlong = SHOWN_LENGTH


def plural(count: int, one: str, many: str | None = None) -> str:
    """``count`` and its noun in the right number: ``plural(1, "draft")`` is ``1 draft``,
    ``plural(0, "draft")`` ``0 drafts``; ``many`` when adding an "s" is wrong
    (``plural(n, "category", "categories")``, ``plural(n, "file posts use", "files posts use")``)."""
    return f"{count} {noun(count, one, many)}"


def noun(count: int, one: str, many: str | None = None) -> str:
    """The noun alone, in the number ``count`` asks (for a count shown in a column of its own)."""
    return one if count == 1 else (many or one + "s")


def clean_text(value: str) -> str:
    """Unicode NFC, control characters removed, whitespace collapsed."""
    if value.isascii() and value.isprintable():
        return " ".join(value.split())
    value = unicodedata.normalize("NFC", value)
    value = "".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in value)
    return " ".join(value.split())


def scalar_text(value: Any) -> str | None:
    """A YAML scalar as clean text (``true``/``false`` for booleans); None for a list or a map."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float, dt.date)):
        return clean_text(str(value))
    return None


_DATE = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[ Tt]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.(?P<f>\d+))?)?"
    r"\s*(?P<tz>Z|z|[+-]\d{2}:?\d{2})?)?$"
)


def parse_date(value: Any) -> tuple[dt.date, dt.time | None]:
    """A YAML date/datetime or a Jekyll date string; raises ValueError otherwise."""
    if isinstance(value, dt.datetime):
        return value.date(), value.timetz()
    if isinstance(value, dt.date):
        return value, None
    text = scalar_text(value)  # never str() of a list or a map: it may be huge
    match = _DATE.match(text) if text is not None else None
    if not match:
        raise ValueError(f"not a date: {shown(value)} (expected YYYY-MM-DD [HH:MM:SS +/-TTTT])")
    date = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
    if match["H"] is None:
        return date, None
    tz = None
    if match["tz"]:
        raw = match["tz"].replace(":", "")
        if raw in ("Z", "z"):
            tz = dt.timezone.utc
        else:
            sign = -1 if raw[0] == "-" else 1
            tz = dt.timezone(sign * dt.timedelta(hours=int(raw[1:3]), minutes=int(raw[3:5])))
    micro = int((match["f"] or "0")[:6].ljust(6, "0"))
    return date, dt.time(int(match["H"]), int(match["M"]), int(match["S"] or 0), micro, tz)


def utc_moment(date: dt.date, time: dt.time | None) -> dt.datetime | None:
    """The moment as a naive UTC datetime (as written without an offset); None when
    it is outside Python's years 1-9999 in UTC."""
    moment = dt.datetime.combine(date, time or dt.time())
    if moment.tzinfo is None:
        return moment
    try:
        return moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    except OverflowError:
        return None


def human_date(day: dt.date) -> str:
    """``14 May 2025``: how kb shows a date."""
    return f"{day.day} {day:%B %Y}"


def excerpt(text: str, limit: int = EXCERPT_LENGTH) -> str:
    """Plain-text excerpt of about ``limit`` characters, cut at a word boundary."""
    text = clean_text(text)
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0].rstrip(",;:.-–— ")
    return (cut or text[:limit]) + "…"


def shown(value: Any, limit: int = SHOWN_LENGTH) -> str:
    """A value as a message quotes it: its repr (so control characters and quotes
    are visible), at most ``limit`` characters, an ellipsis marking a cut.

    Never the whole repr of a large value: that is how a 420-byte front matter of
    YAML aliases once became a 5.5 GB warning (issue 18)."""
    text = _SHORT_REPR.repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def title_from_filename(stem: str) -> str:
    """Jekyll's title for a post without one: ``2024-01-02-no-title-here`` -> ``No Title Here``."""
    match = FILENAME.match(stem)
    words = (match.group("slug") if match else stem).split("-")
    return " ".join(word.capitalize() for word in words if word)


def date_from_filename(stem: str) -> dt.date | None:
    match = FILENAME.match(stem)
    if not match:
        return None
    try:
        return dt.date.fromisoformat(match.group("date"))
    except ValueError:
        return None


def shown_name(name: str) -> str:
    """A file name as a message shows it, on one line: bytes that are not UTF-8 (kept by
    Python as lone surrogates) as ``\\xe9``, control characters (a line break) escaped."""
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(char if char.isprintable() else char.encode("unicode_escape").decode("ascii") for char in text)


def stable_repr(value: object) -> str:
    """``repr`` that is the same in every process: a set's items sorted (a set of strings
    iterates in an order that changes with each process's hash seed, and Sphinx has such
    configuration values, ``c_extra_keywords`` among them)."""
    if isinstance(value, (set, frozenset)):
        items = sorted(stable_repr(item) for item in value)
        return f"{type(value).__name__}({{{', '.join(items)}}})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{stable_repr(k)}: {stable_repr(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        inner = ", ".join(stable_repr(item) for item in value)
        return f"[{inner}]" if isinstance(value, list) else f"({inner})"
    return repr(value)
