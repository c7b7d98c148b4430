"""``make linkcheck``'s research step: DOI metadata, retractions, archived copies.

After the link check (and its network probe), the kb-linkcheck builder asks, through
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
side (one thread each, one HTTP session each); within a kind, one request at a time.
A fresh answer is never asked again, so a second run sends no request. Without
network (the probe failed) nothing is asked: what was known stays known, the rest is
"not yet checked".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
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

__all__ = ["ResearchRun", "cited", "clients", "http_settings", "resolver_url", "run_research"]

logger = logging.getLogger(__name__)

_DOI_SAFE = "/:;()[]@!$&'*+,=._~-"


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


def run_research(config: Config, cache: ResearchCache, dois: list[Doi], urls: list[str],
                 link_ok: Callable[[str], bool], now: dt.datetime, max_age: float) -> ResearchRun:
    """Metadata, updates and snapshots, each kind in a thread of its own; ``cache`` is updated."""
    jobs: list[tuple[Research, Callable[[Research], None]]] = [
        (_research(config, cache, now, max_age), lambda r: [r.metadata(d) for d in dois]),
        (_research(config, cache, now, max_age), lambda r: [r.updates(d) for d in dois]),
        (_research(config, cache, now, max_age), lambda r: [r.archive(url, link_ok(url)) for url in urls]),
    ]
    with ThreadPoolExecutor(max_workers=len(jobs), thread_name_prefix="kb-research") as pool:
        for future in [pool.submit(job, research) for research, job in jobs]:
            future.result()  # the clients never raise; a bug here should not pass silently
    run = ResearchRun()
    for research, _ in jobs:
        run.asked += research.asked
        run.unanswered.update(research.unanswered)
        run.requests += research.clients.fetcher.requests
    return run
