"""How ``make linkcheck`` judges a result: durations, freshness, statuses, exit codes.

Pure Python, no Sphinx.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR, EXIT_UNCHECKED = 0, 1, 2, 3


def parse_duration(text: str) -> int:
    """``"7d"``, ``"12h"``, ``"30m"``, ``"45s"`` or a number of seconds."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", str(text))
    if not match:
        raise ValueError(f"not a duration: {text!r} (try 7d, 12h, 30m or 3600)")
    number, unit = match.groups()
    return int(float(number) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[unit])


def format_duration(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{int(seconds)}s"


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def is_fresh(result, now: dt.datetime, max_age: float) -> bool:
    if result is None or max_age <= 0:
        return False
    try:
        checked = dt.datetime.fromisoformat(result.checked)
    except ValueError:
        return False
    return 0 <= (now - checked).total_seconds() < max_age


def classify(status: str, message: str) -> tuple[str, str] | None:
    """kb's status and note for one of Sphinx's linkcheck results; None: not a result."""
    if status == "working":
        return "ok", ""
    if status == "redirected":
        return "redirected", f"redirects to {message}"
    if status == "broken":
        return "broken", message
    if status == "timeout":
        return "broken", f"timed out ({message})"
    return None  # ignored (linkcheck_ignore, 503, undecodable) or unchecked: try again next run


def exit_code(statuses: Counter, offline: bool, internal_problems: int = 0, allow_unchecked: bool = False) -> int:
    if statuses["broken"] or statuses["placeholder"] or statuses["retracted"] or internal_problems:
        return EXIT_PROBLEMS
    if offline and not allow_unchecked:
        return EXIT_UNCHECKED
    return EXIT_OK


