"""How ``make linkcheck`` judges a result: durations, freshness, statuses, exit codes.

Pure Python, no Sphinx. A URL whose host gives no HTTP answer at all (its name does
not resolve, the connection is refused) is "unreachable", not "broken": the network
probe only proves that the probe's host answers (an allow-listing proxy or a sandbox
reaches it and nothing else), so it is a problem of this run (exit 1), shown as such,
and asked again at the next run, never kept as "broken" for ``kb_linkcheck_max_age``.
A run in which every URL asked was unreachable is taken as one without a network.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR, EXIT_UNCHECKED = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT), as a shell reports it


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


#: what Sphinx's message says when a host gave no HTTP answer at all (urllib3's and the
#: system resolver's words): no name, no connection, no route
_NO_ANSWER = re.compile(
    r"NameResolutionError|Failed to resolve|Name or service not known|nodename nor servname|"
    r"Temporary failure in name resolution|getaddrinfo failed|NewConnectionError|Connection refused|"
    r"ConnectTimeout|timed out while connecting|No route to host|Network is unreachable", re.IGNORECASE)


def is_fresh(result, now: dt.datetime, max_age: float) -> bool:
    """A result young enough to be used again. "unreachable" never is: a host that gave
    no answer is asked again at the next run (the network may be what failed)."""
    if result is None or max_age <= 0 or result.status == "unreachable":
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
        if _NO_ANSWER.search(message):
            return "unreachable", f"no answer ({message})"
        return "broken", message
    if status == "timeout":
        return "broken", f"timed out ({message})"
    return None  # ignored (linkcheck_ignore, 503, undecodable) or unchecked: try again next run


def exit_code(statuses: Counter, offline: bool, internal_problems: int = 0, allow_unchecked: bool = False) -> int:
    if (statuses["broken"] or statuses["unreachable"] or statuses["placeholder"] or statuses["retracted"]
            or internal_problems):
        return EXIT_PROBLEMS
    if offline and not allow_unchecked:
        return EXIT_UNCHECKED
    return EXIT_OK


