"""``make linkcheck``'s research step: DOI metadata, retractions, archived copies.

After the network probe, alongside the link check, the kb-linkcheck builder asks, through
``research.check.Research`` and the cache kept under ``"research"`` in the results file:

- for each unique DOI cited (``Source.doi``): its metadata by content negotiation at
  ``kb_doi_resolver`` (doi.org) and its updates (retractions, corrections, expressions
  of concern) from ``kb_crossref_api`` (Crossref's ``/works``);
- for each unique URL cited: the newest snapshot at ``kb_wayback_api`` (the Wayback
  Machine's availability API), once; with ``kb_archive_save``, a save request at
  ``kb_wayback_save_api`` for a URL that checks ok and has no snapshot yet.

Requests carry ``kb_research_mailto`` (Crossref's etiquette), wait for 429s no longer
than ``linkcheck_rate_limit_timeout`` per host and give up on an answer after
``linkcheck_timeout`` seconds. The three kinds go to three hosts, so they run side by
side (one thread each, one HTTP session each), alongside the link check; within a kind,
one request at a time. The archived copies are looked up for ``kb_archive_timeout``
seconds at most (a slow Wayback Machine must not hold the run); the rest next run.
A fresh answer is never asked again, so a second run sends no request. Without
network (the probe failed) nothing is asked: what was known stays known, the rest is
"not yet checked".
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import quote

from sphinx.config import Config
from sphinx.util import logging

from ..core.doi import Doi
from ..research.cache import ResearchCache
from ..research.check import Research
from ..research.clients import ResearchClients
from ..research.http import Fetcher, HttpSettings
from .model import Source

__all__ = ["NOT_LOOKED_UP", "ResearchAlongside", "ResearchRun", "cited", "clients", "http_settings", "resolver_url"]

logger = logging.getLogger(__name__)

_DOI_SAFE = "/:;()[]@!$&'*+,=._~-"
#: an archived copy not looked up within ``kb_archive_timeout``: looked up next run
NOT_LOOKED_UP = "not looked up (time limit)"
#: seconds past the time limit ``finish`` waits for a lookup still under way
JOIN_GRACE = 2.0


def http_settings(config: Config) -> HttpSettings:
    timeout = float(config.linkcheck_timeout or 15)
    return HttpSettings(mailto=str(config.kb_research_mailto or ""), timeout=timeout,
                        connect_timeout=min(10.0, timeout), max_wait=float(config.linkcheck_rate_limit_timeout or 60))


def clients(config: Config) -> ResearchClients:
    """A client set with its own HTTP session (one per thread)."""
    return ResearchClients(Fetcher(http_settings(config)), doi_resolver=config.kb_doi_resolver,
                           crossref_api=config.kb_crossref_api, wayback_api=config.kb_wayback_api,
                           wayback_save_api=config.kb_wayback_save_api)


def resolver_url(config: Config, bare: str) -> str:
    """The address a DOI link is checked at: the DOI on ``kb_doi_resolver``."""
    return f"{config.kb_doi_resolver.rstrip('/')}/{quote(bare, safe=_DOI_SAFE)}"


def cited(sources: Iterable[Source]) -> tuple[list[Doi], list[str]]:
    """The unique DOIs and URLs to research, in citation order (placeholders left out)."""
    dois: dict[str, None] = {}
    urls: dict[str, None] = {}
    for source in sources:
        if source.finding is not None:
            continue
        urls.setdefault(source.url, None)
        if source.doi:
            dois.setdefault(source.doi, None)
    return [Doi(bare) for bare in dois], list(urls)


@dataclass
class ResearchRun:
    """What one run asked and what got no answer (kind, key) -> reason."""

    asked: list[tuple[str, str]] = field(default_factory=list)
    unanswered: dict[tuple[str, str], str] = field(default_factory=dict)
    requests: int = 0


def _research(config: Config, cache: ResearchCache, now: dt.datetime, max_age: float) -> Research:
    return Research(clients(config), cache, max_age=max_age, now=now, save=bool(config.kb_archive_save))


def pending(config: Config, cache: ResearchCache, dois: list[Doi], urls: list[str], now: dt.datetime,
            max_age: float) -> bool:
    """Would a run ask anything? (If not, no network is needed: no probe either.)"""
    research = Research(ResearchClients(), cache, max_age=max_age, now=now)
    return (any(research.needs_metadata(d) or research.needs_updates(d) for d in dois)
            or any(research.needs_archive(url) for url in urls))


class ResearchAlongside:
    """The research step in threads of its own (one per kind: three hosts, one request at a
    time each), started with the link check and ended after it by ``finish``.

    The threads work on a copy of the cache (the builder saves the results file while they
    run); ``finish`` copies their answers back. The archived copies have a time limit,
    ``kb_archive_timeout`` seconds from ``start``: a URL not looked up by then is
    unanswered, "not looked up (time limit)", and looked up next run. A save
    (``kb_archive_save``) needs the link's check, so it comes after the checks, within
    the same limit.
    """

    def __init__(self, config: Config, cache: ResearchCache, dois: list[Doi], urls: list[str],
                 now: dt.datetime, max_age: float) -> None:
        self.cache, self.dois, self.urls = cache, dois, urls
        self.limit = float(config.kb_archive_timeout)
        working = ResearchCache(dict(cache.metadata), dict(cache.updates), dict(cache.archive))
        self.kinds = {kind: _research(config, working, now, max_age) for kind in ("metadata", "updates", "archive")}
        self.working, self.checked, self.link_ok = working, threading.Event(), _nothing_ok
        self.failures: list[BaseException] = []
        self.threads = [threading.Thread(target=self._run, args=(kind,), name=f"kb-research-{kind}", daemon=True)
                        for kind in self.kinds]

    def start(self) -> ResearchAlongside:
        archive = self.kinds["archive"].clients.fetcher
        archive.deadline = archive.clock() + self.limit
        for thread in self.threads:
            thread.start()
        return self

    def _run(self, kind: str) -> None:
        research = self.kinds[kind]
        try:
            if kind == "archive":
                fetcher = research.clients.fetcher
                for url in self.urls:
                    if fetcher.time_left() > 0:
                        research.snapshot(url)
                if research.save and self.checked.wait(max(0.0, fetcher.time_left())):
                    for url in self.urls:
                        if fetcher.time_left() > 0:
                            research.save_missing(url, self.link_ok(url))
            else:
                for doi in self.dois:
                    getattr(research, kind)(doi)
        except BaseException as error:  # noqa: BLE001 - the clients never raise: a bug, raised again by finish
            self.failures.append(error)

    def finish(self, link_ok: Callable[[str], bool]) -> ResearchRun:
        """After the checks: saves, then every thread's end (the archive's by its time
        limit); the cache passed in gets the answers."""
        self.link_ok = link_ok
        self.checked.set()
        archive = self.kinds["archive"].clients.fetcher
        if any(thread.is_alive() for thread in self.threads):
            logger.info("kb: the links are checked; waiting for the research step (archived copies: %d s more at "
                        "most, kb_archive_timeout)", max(0, round(archive.time_left())))
        for thread in self.threads:
            thread.join(max(0.0, archive.time_left()) + JOIN_GRACE if thread.name.endswith("archive") else None)
        if self.failures:
            raise self.failures[0]
        for name in ("metadata", "updates", "archive"):
            setattr(self.cache, name, dict(getattr(self.working, name)))
        run = ResearchRun()
        for research in self.kinds.values():
            run.asked += list(research.asked)
            run.unanswered.update(dict(research.unanswered))
            run.requests += research.clients.fetcher.requests
        archive_asked = {key for kind, key in run.asked if kind == "archive"}
        for url in self.urls:
            if url not in archive_asked and self.kinds["archive"].needs_archive(url):
                run.unanswered[("archive", url)] = NOT_LOOKED_UP
        return run


def _nothing_ok(url: str) -> bool:
    return False
