"""Placeholder citations: a link to an example domain, or text that says "replace me".

Pure functions, no Sphinx. A *citation* is one external link together with the text
after it, up to the next external link or the end of the line (or paragraph)::

    ... individuals. [Source: [Research article – replace with actual relevant article](https://www.example.com/a)] (replace with actual article)
                              '---------------------------- link text ----------------' '------- url -------' '-------- after --------'

Each citation gives at most one ``Finding``, however many signals it carries (above:
a reserved domain, a marker in the link text, a marker after the link).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

#: Second-level domains reserved for examples (RFC 2606); their subdomains too.
RESERVED_DOMAINS = ("example.com", "example.net", "example.org")
#: Top-level names reserved for examples, tests, invalid and local names (RFC 2606, RFC 6761).
RESERVED_TOP_LEVEL = ("example", "test", "invalid", "localhost")


def reserved_name(url: str) -> str | None:
    """The reserved name ``url`` points into (``example.com``, ``.test``...), or None."""
    try:
        host = (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        return None
    if not host:
        return None
    for domain in RESERVED_DOMAINS:
        if host == domain or host.endswith("." + domain):
            return domain
    top = host.rsplit(".", 1)[-1]
    if top in RESERVED_TOP_LEVEL:
        return top if top == host else f".{top}"
    return None


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def find_markers(text: str, markers: Iterable[str]) -> list[str]:
    """Every occurrence of a marker phrase in ``text`` (case and spacing ignored)."""
    haystack = _normal(text)
    found = []
    for marker in markers:
        needle = _normal(marker)
        if needle and needle in haystack:  # the regex only where the phrase occurs at all
            found += [marker] * len(re.findall(rf"(?<!\w){re.escape(needle)}", haystack))
    return found


# -- citations ----------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """One run of a paragraph's text, in order: plain text, or an external link."""

    text: str
    url: str = ""


@dataclass(frozen=True)
class Citation:
    url: str
    text: str  # the link's text
    after: str  # the text after the link, up to the next link or the end of the line
    line: int


def split_citations(pieces: Iterable[Piece], first_line: int) -> list[Citation]:
    """The citations of one paragraph whose first line is ``first_line``."""
    citations: list[Citation] = []
    line = first_line
    link: Piece | None = None
    link_line = 0
    after: list[str] = []
    closed = False
    for piece in pieces:
        if piece.url:
            if link is not None:
                citations.append(Citation(link.url, link.text, "".join(after), link_line))
            link, link_line, after, closed = piece, line, [], False
        elif link is not None and not closed:
            head, newline, _ = piece.text.partition("\n")
            after.append(head)
            closed = bool(newline)
        line += piece.text.count("\n")
    if link is not None:
        citations.append(Citation(link.url, link.text, "".join(after), link_line))
    return citations


# -- findings -----------------------------------------------------------------------


@dataclass(frozen=True)
class Signal:
    kind: str  # "reserved" or "marker"
    detail: str  # the reserved name, or the marker phrase
    where: str  # "url", "link text" or "after the link"

    def describe(self) -> str:
        if self.kind == "reserved":
            return f"{self.detail} is a reserved domain, not a real site"
        return f'"{self.detail}" {"in the link text" if self.where == "link text" else "after the link"}'


@dataclass(frozen=True)
class Finding:
    """One placeholder citation and every signal that gave it away."""

    url: str
    line: int
    signals: tuple[Signal, ...]

    def message(self) -> str:
        reasons = "; ".join(signal.describe() for signal in self.signals)
        return f"placeholder citation {self.url} ({reasons})"


def check(citation: Citation, markers: Iterable[str]) -> Finding | None:
    """The citation's finding, or None when nothing marks it as a placeholder."""
    markers = list(markers)
    signals: list[Signal] = []
    name = reserved_name(citation.url)
    if name:
        signals.append(Signal("reserved", name, "url"))
    signals += [Signal("marker", m, "link text") for m in find_markers(citation.text, markers)]
    signals += [Signal("marker", m, "after the link") for m in find_markers(citation.after, markers)]
    return Finding(citation.url, citation.line, tuple(signals)) if signals else None


# -- placeholders the author keeps on purpose ----------------------------------------


@dataclass(frozen=True)
class KnownPlaceholder:
    post: str  # the post's docname
    url: str
    reason: str = ""


def parse_known(entries: Iterable[object], suffixes: Sequence[str] = (".md",)) -> tuple[list[KnownPlaceholder], list[str]]:
    """``kb_known_placeholders`` entries: ``{"post": ..., "url": ..., "reason": ...}``
    or ``(post, url)``. Returns the entries and a message for each unreadable one."""
    known: list[KnownPlaceholder] = []
    problems: list[str] = []
    for index, entry in enumerate(entries):
        if isinstance(entry, Mapping):
            post, url, reason = entry.get("post"), entry.get("url"), entry.get("reason", "")
        elif isinstance(entry, (list, tuple)) and len(entry) in (2, 3):
            post, url, reason = (*entry, "")[:3]
        else:
            post = url = reason = None
        if not (isinstance(post, str) and post.strip() and isinstance(url, str) and url.strip()):
            problems.append(f"kb_known_placeholders[{index}]: expected {{'post': <docname>, 'url': <url>}}, got {entry!r}")
            continue
        known.append(KnownPlaceholder(_docname(post, suffixes), url.strip(), str(reason or "")))
    return known, problems


def _docname(post: str, suffixes: Sequence[str]) -> str:
    name = post.strip().replace("\\", "/").lstrip("/")
    name = name.removeprefix("./")
    for suffix in suffixes:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def find_known(known: Iterable[KnownPlaceholder], post: str, url: str) -> KnownPlaceholder | None:
    return next((entry for entry in known if entry.post == post and entry.url == url), None)
