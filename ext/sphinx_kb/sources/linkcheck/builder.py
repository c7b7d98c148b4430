"""``-b kb-linkcheck``: Sphinx's linkcheck builder, subclassed, over the posts' sources.

Its links are the posts' sources (``KbDomain.sources``) and nothing else; never a
placeholder (kb classifies those itself) and never a URL whose result in the results
file is younger than ``kb_linkcheck_max_age``. Each unique URL is checked once.
A DOI link (``https://doi.org/…``) is checked at ``kb_doi_resolver``. Before the
first request it probes the network (``kb_linkcheck_probe``): without network nothing
is requested and the sources are reported as *not checked*, never as broken. Alongside
the check, in threads of its own, the research step (``sources.research``): DOI
metadata, retractions and corrections, archived copies (``kb_archive_timeout`` seconds
at most). Results are merged into the results file; a retracted source is a
``kb.retracted`` warning at the citation's line; every citation's status goes to
``<outdir>/kb-sources.txt`` and ``.json`` (``linkcheck.files``).
"""

from __future__ import annotations

import contextlib
import re
import time
from collections import Counter

import requests
from sphinx.builders.linkcheck import CheckExternalLinksBuilder, HyperlinkAvailabilityChecker
from sphinx.config import Config
from sphinx.util import logging

from ... import _compat
from ...core import doi as dois
from ...core.checks import classify, exit_code, is_fresh, utc_now
from ...core.updates import since
from ...state.domain import KbDomain
from ..model import Result, Results
from ..report import report_rows
from ..results import load_results, results_path, save_results
from .bounded import BoundedChecker

__all__ = ["KbLinkcheckBuilder", "LINKCHECK_DEFAULTS", "probe"]

logger = logging.getLogger(__name__)

#: seconds between two saves of the results file while checking
SAVE_EVERY = 1.0

#: kb's settings for Sphinx's linkcheck; a value set in conf.py or with -D wins.
LINKCHECK_DEFAULTS: dict[str, object] = {
    "linkcheck_timeout": 15,  # seconds per request
    "linkcheck_retries": 2,  # a broken result is tried once more
    "linkcheck_rate_limit_timeout": 60.0,  # the longest kb waits for a host that answers 429, in all
    # DOIs are meant to redirect to the publisher: that is not news
    "linkcheck_allowed_redirects": {r"https?://(dx\.)?doi\.org/.+": r"https?://.+"},
}

def probe(urls: list[str], timeout: float) -> tuple[bool, str]:
    """Is there a network? Any HTTP answer from any probe URL says yes."""
    urls = [url for url in urls if url]
    if not urls:
        return True, "no probe configured"
    failures = []
    for url in urls:
        try:
            requests.head(url, timeout=timeout, allow_redirects=False)
        except requests.RequestException as error:
            failures.append(f"{url}: {type(error).__name__}")
        else:
            return True, f"{url} answered"
    return False, "; ".join(failures)


def apply_defaults(config: Config) -> None:
    for name, value in LINKCHECK_DEFAULTS.items():
        if _compat.is_set_by_user(config, name):
            continue
        if name == "linkcheck_allowed_redirects":  # Sphinx compiles these at config-inited
            value = {re.compile(source): re.compile(target) for source, target in value.items()}
        config[name] = value
    # a DOI redirects to its publisher by design, at doi.org or at kb_doi_resolver, whatever else is set
    resolver = re.compile(re.escape(config.kb_doi_resolver.rstrip("/")) + r"/.+")
    config.linkcheck_allowed_redirects = {**dict(config.linkcheck_allowed_redirects or {}),
                                          resolver: re.compile(r"https?://.+")}


class KbLinkcheckBuilder(CheckExternalLinksBuilder):
    """``-b kb-linkcheck``: the posts' sources, each unique URL once, the cache and the
    network probe in between, then the research step."""

    name = "kb-linkcheck"
    epilog = "kb: every cited source with its status: %(outdir)s/kb-sources.txt"

    def init(self) -> None:
        # the research clients are loaded by this builder only: `make html` never imports them
        from ..research import ResearchRun

        super().init()
        apply_defaults(self.config)
        self.results_file = results_path(self.config, self.confdir, self.outdir)
        self.previous = load_results(self.results_file)
        self.started = utc_now()
        self.checked: dict[str, Result] = {}
        self.not_checked: dict[str, str] = {}
        self.checked_as: dict[str, list[str]] = {}  # the address requested -> the cited URLs it stands for
        self.offline = ""
        self.saved_at = 0.0
        self.research = ResearchRun()

    def write_documents(self, docnames) -> None:
        """Nothing to write, nothing to resolve: the links are the posts' sources."""

    def links_to_check(self) -> dict:
        from ..research import resolver_url

        links: dict = {}
        max_age = self.config.kb_linkcheck_max_age
        for docname, sources in sorted(KbDomain.of(self.env).sources.items()):
            for source in sources:
                if source.finding is not None or is_fresh(self.previous.by_url.get(source.url), self.started, max_age):
                    continue
                doi = dois.from_url(source.url)
                uri = resolver_url(self.config, doi.bare) if doi else source.url
                if source.url not in self.checked_as.setdefault(uri, []):
                    self.checked_as[uri].append(source.url)
                if uri not in links:
                    links[uri] = _compat.hyperlink(uri, docname, self.env.doc2path(docname), source.line)
        return links

    def finish(self) -> None:
        from ..research import ResearchAlongside, cited, pending
        from .files import annotated, warn_retracted, write_report

        self.hyperlinks = self.links_to_check()
        all_sources = [s for found in KbDomain.of(self.env).sources.values() for s in found]
        wanted_dois, wanted_urls = cited(all_sources)
        max_age = self.config.kb_linkcheck_max_age
        research_needed = pending(self.config, self.previous.research, wanted_dois, wanted_urls, self.started, max_age)
        alongside = None
        with (open(self.outdir / "output.txt", "w", encoding="utf-8") as self.txt_outfile,
              open(self.outdir / "output.json", "w", encoding="utf-8") as self.json_outfile):
            online = (self.hyperlinks or research_needed) and self._probe()
            if online and research_needed:  # alongside the checks: a slow service must not hold them
                logger.info("kb: DOI metadata, updates and archived copies of %d DOIs and %d URLs (archived copies: "
                            "%g s at most, kb_archive_timeout)", len(wanted_dois), len(wanted_urls),
                            self.config.kb_archive_timeout)
                alongside = ResearchAlongside(self.config, self.previous.research, wanted_dois, wanted_urls,
                                              self.started, max_age).start()
            if online and self.hyperlinks:
                self._check()
        self._no_answer_at_all()
        if alongside is not None:
            with self._kept_if_interrupted():
                self.research = alongside.finish(self._link_ok)
        elif research_needed:
            self.research.unanswered[("research", "")] = "no network"
        results = self._merged()
        if self.research.asked:
            results.updated = self.started.isoformat()
        results.research.prune({d.bare for d in wanted_dois}, set(wanted_urls))
        save_results(self.results_file, results)
        rows = [annotated(row, self.not_checked) for row in report_rows(self.env, results)]
        warn_retracted(rows)
        write_report(self, rows)
        statuses = Counter(row.status for row in rows) + Counter(row.update for row in rows if row.update)
        unchecked = bool(self.offline and (self.not_checked or research_needed))
        _compat.set_exit_status(self, exit_code(statuses, unchecked))

    def _probe(self) -> bool:
        online, detail = probe(list(self.config.kb_linkcheck_probe), min(float(self.config.linkcheck_timeout or 10), 10.0))
        if not online:
            self.offline = detail
            self.not_checked = {url: "no network" for uri in self.hyperlinks for url in self.checked_as.get(uri, [uri])}
            logger.info("kb: no network (%s): %d URLs not checked", detail, len(self.not_checked))
        else:
            logger.info("kb: checking %d URLs (%s)", len(self.hyperlinks), detail)
        return online

    def _link_ok(self, url: str) -> bool:
        result = self.checked.get(url) or self.previous.by_url.get(url)
        return getattr(result, "status", "") in ("ok", "redirected")

    def _no_answer_at_all(self) -> None:
        """Every host asked gave no answer, though the probe did: a network that reaches
        the probe alone (a proxy, a sandbox). Those URLs are "not checked", as offline."""
        if len(self.checked) < 2 or any(result.status != "unreachable" for result in self.checked.values()):
            return
        self.offline = f"the probe answered, but none of the {len(self.checked)} hosts asked did"
        self.not_checked.update({url: "no host answered" for url in self.checked})
        self.checked = {}

    def _check(self) -> None:
        checker = BoundedChecker if _compat.linkcheck_workers_replaceable() else HyperlinkAvailabilityChecker
        with self._kept_if_interrupted():
            for result in checker(self.config).check(self.hyperlinks):
                self.process_result(result)

    @contextlib.contextmanager
    def _kept_if_interrupted(self):
        """Ctrl-C (during the checks, or while the research step ends): what was checked
        stays checked; the research of this run is asked again next run."""
        try:
            yield
        except KeyboardInterrupt:
            save_results(self.results_file, self._merged())
            urls = {url for uri in self.hyperlinks for url in self.checked_as.get(uri, [uri])}
            logger.info("kb: interrupted: kept the results of %d of %d URLs in %s", len(self.checked), len(urls),
                        self.results_file)
            raise

    def process_result(self, result) -> None:
        super().process_result(result)
        outcome = classify(str(result.status), result.message)
        for url in self.checked_as.get(result.uri, [result.uri]):
            if outcome is None:
                self.not_checked[url] = result.message or "ignored (linkcheck_ignore)"
                continue
            status, info = outcome
            checked = self.started.isoformat()
            before = self.previous.by_url.get(url)
            began = since(before.status, before.since, status, checked) if before else checked
            self.checked[url] = Result(status, checked, result.code, info, began)
        if outcome is not None and time.monotonic() - self.saved_at >= SAVE_EVERY:
            save_results(self.results_file, self._merged())  # a run stopped half way keeps what it checked
            self.saved_at = time.monotonic()

    def _merged(self) -> Results:
        cited_urls = {source.url for sources in KbDomain.of(self.env).sources.values() for source in sources}
        by_url = {url: result for url, result in self.previous.by_url.items() if url in cited_urls}
        by_url.update(self.checked)
        return Results(by_url, self.started.isoformat() if self.checked else self.previous.updated,
                       self.previous.research)
