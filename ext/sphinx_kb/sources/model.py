"""What kb knows of a cited source: the citation, its last check, its status.

A source's **status** is its link check's (``ok``, ``redirected``, ``broken``), a
placeholder's, or ``unchecked``; a DOI whose metadata says it does not exist is
``broken`` whatever its landing page does (issue 17). Its **update** is what Crossref
says happened to the work since (``retracted``, ``concern``, ``corrected`` or ""); its
**archived copy** is the newest Wayback Machine snapshot, shown when the source is broken.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from ..core.sources import Source
from ..core.updates import CONCERN, CORRECTED, RETRACTED
from ..research.cache import MISSING, OK, MetadataRecord, ResearchCache, UpdatesRecord

__all__ = ["AUTHOR_STATUSES", "CHECK_STATUSES", "STATUSES", "UPDATES", "Result", "Results", "Row", "Source", "domain_of", "metadata_of",
           "row_of", "shows", "snapshot_of", "status_of", "update_of", "updates_of"]

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

#: statuses whose badge is an author's to-do, shown only in the author's view (``kb_author_view``):
#: a source no run checked yet, a placeholder nobody has listed as known
AUTHOR_STATUSES = frozenset({"unchecked", "placeholder"})


def shows(status: str, author: bool) -> bool:
    """Whether a view shows a status's badge: the author's every one, readers' all but to-dos."""
    return author or status not in AUTHOR_STATUSES


#: the labels above that are nouns, and their plurals (``2 known placeholders``; ``2 broken`` stays)
LABEL_PLURALS = {"placeholder": "placeholders", "known placeholder": "known placeholders",
                 "expression of concern": "expressions of concern"}

#: update summary (core.updates) -> (label, CSS classes of its badge), most serious first
UPDATES = {
    RETRACTED: ("retracted", ("kb-source-retracted",)),
    CONCERN: ("expression of concern", ("kb-source-concern",)),
    CORRECTED: ("corrected", ("kb-source-corrected",)),
}


@dataclass(frozen=True)
class Result:
    """The last linkcheck result of one URL."""

    status: str  # ok | redirected | broken
    checked: str  # ISO 8601 time, UTC
    code: int = 0
    info: str = ""
    since: str = ""  # when this status was first seen (core.updates.since), for the review queue


@dataclass
class Results:
    by_url: dict[str, Result]
    updated: str = ""  # when make linkcheck last wrote the file
    research: ResearchCache = field(default_factory=ResearchCache)  # DOI metadata, updates, snapshots


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
    doi: str = ""
    update: str = ""  # retracted | concern | corrected | ""
    update_info: str = ""  # the notices: "Retraction 2020-06-04 (retraction-watch), doi:10.…"
    archive: str = ""  # the archived copy shown for a broken source
    bib_key: str = ""


def metadata_of(source: Source, results: Results) -> MetadataRecord | None:
    return results.research.metadata.get(source.doi) if source.doi else None


def updates_of(source: Source, results: Results) -> UpdatesRecord | None:
    if source.finding is not None or not source.doi:
        return None
    record = results.research.updates.get(source.doi)
    return record if record is not None and record.status == OK else None


def status_of(source: Source, results: Results) -> str:
    if source.finding is not None:
        return "known-placeholder" if source.known else "placeholder"
    metadata = metadata_of(source, results)
    if metadata is not None and metadata.status == MISSING:
        return "broken"  # the DOI does not exist, whatever its landing page does
    result = results.by_url.get(source.url)
    return result.status if result else "unchecked"


def update_of(source: Source, results: Results) -> str:
    record = updates_of(source, results)
    return record.summary if record is not None else ""


def snapshot_of(source: Source, results: Results) -> str:
    """The archived copy to show: only for a broken source that has one."""
    if status_of(source, results) != "broken":
        return ""
    record = results.research.archive.get(source.url)
    return record.snapshot if record is not None and record.status == OK else ""


def _notices(record: UpdatesRecord | None) -> str:
    if record is None:
        return ""
    parts = []
    for update in record.updates:
        if not update.level:
            continue
        words = [update.label or update.kind.replace("_", " ").capitalize()]
        if update.date:
            words.append(update.date)
        if update.source:
            words.append(f"({update.source})")
        if update.notice:
            words.append(f"doi:{update.notice}")
        parts.append(" ".join(words))
    return "; ".join(parts)


def row_of(post: str, title: str, source: Source, results: Results) -> Row:
    row = Row(post, title, source.line, source.url, source.text, status_of(source, results), doi=source.doi,
              bib_key=source.bib_key)
    if source.finding is not None:
        return replace(row, info=source.known.reason if source.known and source.known.reason
                       else source.finding.message())
    metadata = metadata_of(source, results)
    result = results.by_url.get(source.url)
    if metadata is not None and metadata.status == MISSING:
        row = replace(row, info=metadata.info, checked=metadata.checked)
    elif result is not None:
        row = replace(row, info=result.info, checked=result.checked)
    return replace(row, update=update_of(source, results), update_info=_notices(updates_of(source, results)),
                   archive=snapshot_of(source, results))


def domain_of(url: str) -> str:
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")
