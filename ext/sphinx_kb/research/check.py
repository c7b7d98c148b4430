"""One run's research checks, through the cache: a fresh answer is never asked for again.

``Research`` is what the kb-linkcheck builder will call for each cited source:

- ``metadata(doi)`` and ``updates(doi)`` for a DOI source (both once per DOI however many
  posts cite it);
- ``archive(url, link_ok)`` for any source (or its two halves, ``snapshot(url)`` while
  the links are checked, then ``save_missing(url, link_ok)``): a URL with an archived
  copy already recorded is never looked up again (the copy is the fallback for a source that breaks later); one
  without is looked up (a source that broke before kb recorded a copy still gets one if
  the Wayback Machine has it), and, with ``save=True`` (``kb_archive_save``) and a link
  that checks ok, the Wayback Machine is asked to make one.

``asked`` lists what was requested in this run; ``unanswered`` what got no answer
(error, rate-limited, offline), with the reason, for the run's report. Earlier answers
are kept in the cache whatever happens now (see ``ResearchCache.store``).
"""

from __future__ import annotations

import datetime as dt

from ..core.doi import Doi
from .cache import (
    ANSWERS,
    MISSING,
    OK,
    ArchiveRecord,
    MetadataRecord,
    ResearchCache,
    UpdatesRecord,
    is_fresh,
    utc_now,
)
from .clients import ResearchClients


class Research:
    def __init__(self, clients: ResearchClients, cache: ResearchCache, *, max_age: float,
                 now: dt.datetime | None = None, save: bool = False) -> None:
        self.clients, self.cache, self.max_age, self.save = clients, cache, max_age, save
        self.now = now or utc_now()
        self.asked: list[tuple[str, str]] = []
        self.unanswered: dict[tuple[str, str], str] = {}
        self.looked_up: dict[str, str] = {}  # URL -> the status of this run's snapshot lookup

    def _note(self, kind: str, key: str, record: MetadataRecord | UpdatesRecord | ArchiveRecord) -> None:
        self.asked.append((kind, key))
        if record.status not in ANSWERS:
            self.unanswered[(kind, key)] = f"{record.status}: {record.info}" if record.info else record.status

    # -- what a run would ask (``make linkcheck`` probes the network only if anything) --

    def needs_metadata(self, doi: Doi) -> bool:
        return not is_fresh(self.cache.metadata.get(doi.bare), self.now, self.max_age)

    def needs_updates(self, doi: Doi) -> bool:
        return not is_fresh(self.cache.updates.get(doi.bare), self.now, self.max_age)

    def needs_archive(self, url: str) -> bool:
        cached = self.cache.archive.get(url)
        if cached is not None and cached.status == OK and cached.snapshot:
            return False  # the copy to fall back on: kept, never looked up again
        return not is_fresh(cached, self.now, self.max_age)

    # -- the checks --------------------------------------------------------------------

    def metadata(self, doi: Doi) -> MetadataRecord:
        cached = self.cache.metadata.get(doi.bare)
        if not self.needs_metadata(doi):
            return cached
        record = self.clients.metadata(doi)
        self._note("metadata", doi.bare, record)
        return self.cache.store(doi.bare, record)

    def updates(self, doi: Doi) -> UpdatesRecord:
        cached = self.cache.updates.get(doi.bare)
        if not self.needs_updates(doi):
            return cached
        record = self.clients.updates(doi)
        self._note("updates", doi.bare, record)
        return self.cache.store(doi.bare, record)

    def archive(self, url: str, link_ok: bool) -> ArchiveRecord | None:
        self.snapshot(url)
        return self.save_missing(url, link_ok)

    def snapshot(self, url: str) -> ArchiveRecord | None:
        """The lookup alone (``archive``'s first half: it needs no link check)."""
        cached = self.cache.archive.get(url)
        if not self.needs_archive(url):
            return cached
        record = self.clients.snapshot(url, self.now)
        self._note("archive", url, record)
        self.looked_up[url] = record.status
        return self.cache.store(url, record)

    def save_missing(self, url: str, link_ok: bool) -> ArchiveRecord | None:
        """``archive``'s second half, after the link check: with ``save``, a URL whose lookup in
        this run found no copy (``missing``) and whose link checks ok is saved."""
        record = self.cache.archive.get(url)
        if not (self.save and link_ok and self.looked_up.get(url) == MISSING):
            return record
        saved = self.clients.save(url)
        self._note("archive-save", url, saved)
        return self.cache.store(url, saved)
