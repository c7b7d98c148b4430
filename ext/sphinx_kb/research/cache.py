"""What the research checks found, kept between runs: record types and their cache.

Each record has the four fields of today's link result (``sources.Result``: ``status``,
``checked``, ``code``, ``info``) and what its check adds:

``MetadataRecord``  doi.org content negotiation, by bare DOI: the cleaned CSL-JSON
``UpdatesRecord``   Crossref ``/works/{doi}``, by bare DOI: the updates, their summary,
                    and ``since`` (when kb first saw that summary, for a notice without a date)
``ArchiveRecord``   Wayback Machine, by URL: the newest snapshot's address and time

Statuses: ``ok`` (an answer with data), ``missing`` (an authoritative "there is none":
doi.org's 404 for a DOI, no Crossref record, no snapshot), and three that are no answer at
all: ``error`` (a server error, a malformed or oversized answer, a timeout),
``rate-limited`` (the server kept answering 429 past kb's waiting budget) and ``offline``
(no connection). Only ``ok`` and ``missing`` are kept as fresh until ``max_age``; the
other three are tried again next run and never replace an earlier answer.

``ResearchCache.to_json()`` is plain JSON (ISO times in UTC), meant to sit beside
``results`` in ``kb-linkcheck.json``; ``from_json`` drops what it cannot read, never raises.
No network, no Sphinx.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from ..core.updates import Update, summary

OK, MISSING, ERROR, RATE_LIMITED, OFFLINE = "ok", "missing", "error", "rate-limited", "offline"
STATUSES = (OK, MISSING, ERROR, RATE_LIMITED, OFFLINE)
ANSWERS = (OK, MISSING)  # kept until max_age; the rest are retried next run
CACHE_VERSION = 1


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


@dataclass(frozen=True)
class MetadataRecord:
    status: str
    checked: str  # ISO 8601, UTC
    code: int = 0
    info: str = ""
    csl: dict[str, Any] | None = None  # core.csl.clean_item's output, id = the bare DOI


@dataclass(frozen=True)
class UpdatesRecord:
    status: str
    checked: str
    code: int = 0
    info: str = ""
    updates: tuple[Update, ...] = ()
    since: str = ""  # when this summary was first seen

    @property
    def summary(self) -> str:
        return summary(self.updates)


@dataclass(frozen=True)
class ArchiveRecord:
    status: str
    checked: str
    code: int = 0
    info: str = ""
    snapshot: str = ""  # https://web.archive.org/web/<timestamp>/<url>
    snapshot_time: str = ""  # ISO 8601, UTC
    saved: str = ""  # when kb last asked the Wayback Machine to save the URL


Record = MetadataRecord | UpdatesRecord | ArchiveRecord


def is_fresh(record: Record | None, now: dt.datetime, max_age: float) -> bool:
    """An answer (ok or missing) younger than ``max_age`` seconds: no request needed."""
    if record is None or record.status not in ANSWERS or max_age <= 0:
        return False
    try:
        checked = dt.datetime.fromisoformat(record.checked)
    except ValueError:
        return False
    if checked.tzinfo is None:
        checked = checked.replace(tzinfo=dt.timezone.utc)
    return 0 <= (now - checked).total_seconds() < max_age


def _as_dict(record: Record) -> dict[str, Any]:
    data = asdict(record)
    if isinstance(record, UpdatesRecord):
        data["updates"] = [update.as_dict() for update in record.updates]
    return {name: value for name, value in data.items() if value not in ("", None, 0, [], ()) or name in ("status", "checked")}


def _from_dict(kind: type, data: object) -> Record | None:
    if not isinstance(data, Mapping) or data.get("status") not in STATUSES or not isinstance(data.get("checked"), str):
        return None
    values = {f.name: data[f.name] for f in fields(kind) if f.name in data}
    try:
        values["code"] = int(values.get("code", 0) or 0)
        for name in ("info", "since", "snapshot", "snapshot_time", "saved"):
            if name in values:
                values[name] = str(values[name] or "")
        if kind is MetadataRecord and not isinstance(values.get("csl"), (dict, type(None))):
            return None
        if kind is UpdatesRecord:
            found = [Update.from_dict(item) for item in values.get("updates") or [] if isinstance(item, Mapping)]
            values["updates"] = tuple(u for u in found if u is not None)
        return kind(**values)
    except (TypeError, ValueError):
        return None


@dataclass
class ResearchCache:
    """Every research result by key: bare DOI for ``metadata`` and ``updates``, URL for ``archive``."""

    metadata: dict[str, MetadataRecord] = field(default_factory=dict)
    updates: dict[str, UpdatesRecord] = field(default_factory=dict)
    archive: dict[str, ArchiveRecord] = field(default_factory=dict)

    def store(self, key: str, record: Record) -> Record:
        """Keep ``record``, unless it is no answer and an earlier answer exists: that one stays.

        An updates record keeps the ``since`` of the previous one while its summary is the same.
        """
        table = self._table(record)
        previous = table.get(key)
        if record.status not in ANSWERS and previous is not None and previous.status in ANSWERS:
            return previous
        if isinstance(record, UpdatesRecord):
            same = isinstance(previous, UpdatesRecord) and previous.summary == record.summary and previous.since
            record = replace(record, since=previous.since if same else record.checked)
        if isinstance(record, ArchiveRecord) and isinstance(previous, ArchiveRecord) and not record.saved:
            record = replace(record, saved=previous.saved)
        table[key] = record
        return record

    def _table(self, record: Record) -> dict[str, Any]:
        if isinstance(record, MetadataRecord):
            return self.metadata
        if isinstance(record, UpdatesRecord):
            return self.updates
        return self.archive

    def prune(self, dois: set[str], urls: set[str]) -> None:
        """Forget what no post cites any more (as the link results are pruned)."""
        self.metadata = {k: v for k, v in self.metadata.items() if k in dois}
        self.updates = {k: v for k, v in self.updates.items() if k in dois}
        self.archive = {k: v for k, v in self.archive.items() if k in urls}

    def to_json(self) -> dict[str, Any]:
        return {
            "version": CACHE_VERSION,
            "metadata": {k: _as_dict(v) for k, v in sorted(self.metadata.items())},
            "updates": {k: _as_dict(v) for k, v in sorted(self.updates.items())},
            "archive": {k: _as_dict(v) for k, v in sorted(self.archive.items())},
        }

    @classmethod
    def from_json(cls, data: object) -> ResearchCache:
        """What ``to_json`` wrote; unreadable entries (or another version) are dropped."""
        cache = cls()
        if not isinstance(data, Mapping) or data.get("version") != CACHE_VERSION:
            return cache
        for name, kind in (("metadata", MetadataRecord), ("updates", UpdatesRecord), ("archive", ArchiveRecord)):
            table = data.get(name)
            if isinstance(table, Mapping):
                for key, entry in table.items():
                    record = _from_dict(kind, entry)
                    if record is not None and isinstance(key, str):
                        getattr(cache, name)[key] = record
        return cache
