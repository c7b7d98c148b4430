"""What kb knows of a cited source: the citation, its last check, its status."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from ..core import placeholders

__all__ = ["CHECK_STATUSES", "STATUSES", "Result", "Results", "Row", "Source", "domain_of", "row_of", "status_of"]

CHECK_STATUSES = ("ok", "redirected", "broken", "unreachable")  # what a check can say of a URL

#: status -> (label shown to readers, CSS classes of its badge)
STATUSES = {
    "ok": ("ok", ("kb-source-ok",)),
    "redirected": ("redirected", ("kb-source-redirected",)),
    "broken": ("broken", ("kb-source-broken",)),
    "unreachable": ("unreachable", ("kb-source-broken", "kb-source-unreachable")),
    "placeholder": ("placeholder", ("kb-source-placeholder",)),
    "known-placeholder": ("known placeholder", ("kb-source-placeholder", "kb-source-known")),
    "unchecked": ("not yet checked", ("kb-source-unchecked",)),
}


@dataclass(frozen=True)
class Source:
    """One citation of a post, as the domain keeps it (``KbDomain.sources[docname]``)."""

    url: str
    text: str
    line: int
    finding: placeholders.Finding | None = None
    known: placeholders.KnownPlaceholder | None = None  # set for a known placeholder


@dataclass(frozen=True)
class Result:
    """The last linkcheck result of one URL."""

    status: str  # ok | redirected | broken
    checked: str  # ISO 8601 time, UTC
    code: int = 0
    info: str = ""


@dataclass
class Results:
    by_url: dict[str, Result]
    updated: str = ""  # when make linkcheck last wrote the file


@dataclass(frozen=True)
class Row:
    """One citation with its status: a line of the sources report."""

    post: str
    title: str
    line: int
    url: str
    text: str
    status: str
    info: str = ""
    checked: str = ""


def status_of(source: Source, results: Results) -> str:
    if source.finding is not None:
        return "known-placeholder" if source.known else "placeholder"
    result = results.by_url.get(source.url)
    return result.status if result else "unchecked"


def row_of(post: str, title: str, source: Source, results: Results) -> Row:
    status = status_of(source, results)
    result = results.by_url.get(source.url)
    if source.finding is not None:
        info = source.known.reason if source.known and source.known.reason else source.finding.message()
        return Row(post, title, source.line, source.url, source.text, status, info)
    if result is None:
        return Row(post, title, source.line, source.url, source.text, status)
    return Row(post, title, source.line, source.url, source.text, status, result.info, result.checked)


def domain_of(url: str) -> str:
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")
