"""A post's time as Jekyll computes it. Pure Python, no Sphinx.

Jekyll reads every date with ``Utils.parse_date(text)``, which is
``Time.parse(text).localtime`` (lib/jekyll/utils.rb), and ``Jekyll.set_timezone`` has set
the process's zone to the site's ``timezone`` beforehand. So:

* a date without a zone is a wall time in the site's zone;
* a date with a zone (``+0200``, ``Z``, ``UTC``, ``EST``) is that instant, then converted to
  the site's zone. The URL's ``:year/:month/:day`` are taken *after* that conversion:
  ``2013-05-06 02:12:52 +0200`` in ``America/Los_Angeles`` is 5 May, 17:12.
* a post with no ``date`` gets its file name's date, at midnight in the site's zone
  (``Document#modify_date``).

``Time.parse`` is lenient (it finds a date and a time anywhere in the text and ignores
the rest); ``parse_time`` follows it for what blogs write: ``YYYY-MM-DD`` (a two-digit
year is completed as Ruby does), an optional ``HH:MM[:SS[.frac]]`` after a space or
``T``, and an optional zone right after the time. Other texts (``May 6, 2013``) are not
understood here: the caller reports them and falls back to the file name's date.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

_DATE_TIME = re.compile(
    r"(?P<y>\d{2,4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:(?:[Tt]|\s+)(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d+))?)?"
    r"(?:\s*(?P<zone>[Zz]\b|[+-]\d{1,2}(?::?\d{2})?\b|[A-Za-z]{1,5}\b))?)?"
)
#: zone abbreviations Ruby's Date._parse knows and blogs use (hours east of UTC)
_ZONE_NAMES = {
    "utc": 0, "gmt": 0, "ut": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5,
    "mst": -7, "mdt": -6, "pst": -8, "pdt": -7, "wet": 0, "west": 1, "cet": 1,
    "cest": 2, "eet": 2, "eest": 3, "jst": 9, "bst": 1,
}


def _zone(text: str | None) -> dt.tzinfo | None:
    if not text:
        return None
    if text[0] in "+-":
        digits = text[1:].replace(":", "")
        hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
        if hours > 23 or minutes > 59:
            return None
        offset = dt.timedelta(hours=hours, minutes=minutes)
        return dt.timezone(-offset if text[0] == "-" else offset)
    hours = _ZONE_NAMES.get(text.lower())
    return dt.timezone(dt.timedelta(hours=hours)) if hours is not None else None


def parse_time(value: Any) -> tuple[dt.datetime, bool] | None:
    """``(wall time, has_zone)``: an aware datetime when the text gave a zone, else a
    naive one. None when no date is found or it is impossible (Jekyll stops there)."""
    if isinstance(value, dt.datetime):
        return value, value.tzinfo is not None
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day), False
    match = _DATE_TIME.search(str(value))
    if match is None:
        return None
    year = int(match["y"])
    if len(match["y"]) == 2:  # Ruby's "complete" rule for two-digit years
        year += 1900 if year >= 69 else 2000
    zone = _zone(match["zone"])
    try:
        moment = dt.datetime(
            year, int(match["m"]), int(match["d"]), int(match["H"] or 0), int(match["M"] or 0),
            int(match["S"] or 0), int((match["f"] or "0")[:6].ljust(6, "0")),
        )
    except ValueError:
        return None
    if zone is not None:
        return moment.replace(tzinfo=zone), True
    return moment, False


def in_zone(moment: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """Jekyll's ``localtime``: an aware time in ``zone``. A naive time is a wall time
    there; one that does not exist (a daylight-saving gap) moves forward, as Ruby's does.
    A moment that has no UTC time within years 1 to 9999 stays as written."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    try:
        return moment.astimezone(dt.timezone.utc).astimezone(zone)
    except (OverflowError, ValueError):  # past year 1 or 9999 in UTC: kept as written
        return moment
