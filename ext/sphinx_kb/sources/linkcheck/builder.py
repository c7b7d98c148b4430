"""``-b kb-linkcheck``: Sphinx's linkcheck builder, subclassed, over the posts' sources.

Its links are the posts' sources (``KbDomain.sources``) and nothing else; never a
placeholder (kb classifies those itself) and never a URL whose result in the results
file is younger than ``kb_linkcheck_max_age``. Each unique URL is checked once.
Before the first request it probes the network (``kb_linkcheck_probe``): without
network nothing is requested and the sources are reported as *not checked*, never
as broken. Results are merged into the results file and every citation's status
goes to ``<outdir>/kb-sources.txt`` and ``.json``.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from dataclasses import asdict, replace

import requests
from sphinx.builders.linkcheck import CheckExternalLinksBuilder, HyperlinkAvailabilityChecker
from sphinx.config import Config
from sphinx.util import logging

from ... import _compat
from ...core.checks import classify, exit_code, is_fresh, utc_now
from ...state.domain import KbDomain
from ..model import STATUSES, Result, Results, Row
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


class KbLinkcheckBuilder(CheckExternalLinksBuilder):
    """``-b kb-linkcheck``: the posts' sources, each unique URL once, the cache and the
    network probe in between."""

    name = "kb-linkcheck"
    epilog = "kb: every cited source with its status: %(outdir)s/kb-sources.txt"

    def init(self) -> None:
        super().init()
        apply_defaults(self.config)
        self.results_file = results_path(self.config, self.confdir, self.outdir)
        self.previous = load_results(self.results_file)
        self.started = utc_now()
        self.checked: dict[str, Result] = {}
        self.not_checked: dict[str, str] = {}
        self.offline = ""
        self.saved_at = 0.0

    def write_documents(self, docnames) -> None:
        """Nothing to write, nothing to resolve: the links are the posts' sources."""

    def links_to_check(self) -> dict:
        links: dict = {}
        max_age = self.config.kb_linkcheck_max_age
        for docname, sources in sorted(KbDomain.of(self.env).sources.items()):
            for source in sources:
                if source.finding is not None or source.url in links:
                    continue
                if is_fresh(self.previous.by_url.get(source.url), self.started, max_age):
                    continue
                links[source.url] = _compat.hyperlink(source.url, docname, self.env.doc2path(docname), source.line)
        return links

    def finish(self) -> None:
        self.hyperlinks = self.links_to_check()
        with (open(self.outdir / "output.txt", "w", encoding="utf-8") as self.txt_outfile,
              open(self.outdir / "output.json", "w", encoding="utf-8") as self.json_outfile):
            if self.hyperlinks:
                self._check()
        self._no_answer_at_all()
        results = self._merged()
        save_results(self.results_file, results)
        rows = [self._annotated(row) for row in report_rows(self.env, results)]
        self._write_report(rows)
        statuses = Counter(row.status for row in rows)
        _compat.set_exit_status(self, exit_code(statuses, bool(self.offline and self.not_checked)))

    def _no_answer_at_all(self) -> None:
        """Every host asked gave no answer, though the probe did: a network that reaches
        the probe alone (a proxy, a sandbox). Those URLs are "not checked", as offline."""
        if len(self.checked) < 2 or any(result.status != "unreachable" for result in self.checked.values()):
            return
        self.offline = f"the probe answered, but none of the {len(self.checked)} hosts asked did"
        self.not_checked.update({url: "no host answered" for url in self.checked})
        self.checked = {}

    def _check(self) -> None:
        online, detail = probe(list(self.config.kb_linkcheck_probe), min(float(self.config.linkcheck_timeout or 10), 10.0))
        if not online:
            self.offline = detail
            self.not_checked = {url: "no network" for url in self.hyperlinks}
            logger.info("kb: no network (%s): %d URLs not checked", detail, len(self.hyperlinks))
            return
        logger.info("kb: checking %d URLs (%s)", len(self.hyperlinks), detail)
        checker = BoundedChecker if _compat.linkcheck_workers_replaceable() else HyperlinkAvailabilityChecker
        try:
            for result in checker(self.config).check(self.hyperlinks):
                self.process_result(result)
        except KeyboardInterrupt:  # Ctrl-C: what was checked stays checked
            save_results(self.results_file, self._merged())
            raise

    def process_result(self, result) -> None:
        super().process_result(result)
        outcome = classify(str(result.status), result.message)
        if outcome is None:
            self.not_checked[result.uri] = result.message or "ignored (linkcheck_ignore)"
        else:
            status, info = outcome
            self.checked[result.uri] = Result(status, self.started.isoformat(), result.code, info)
            if time.monotonic() - self.saved_at >= SAVE_EVERY:  # a run stopped half way keeps what it checked
                save_results(self.results_file, self._merged())
                self.saved_at = time.monotonic()

    def _merged(self) -> Results:
        cited = {source.url for sources in KbDomain.of(self.env).sources.values() for source in sources}
        by_url = {url: result for url, result in self.previous.by_url.items() if url in cited}
        by_url.update(self.checked)
        return Results(by_url, self.started.isoformat() if self.checked else self.previous.updated)

    def _annotated(self, row: Row) -> Row:
        reason = self.not_checked.get(row.url)
        if reason is None:
            return row
        last = f"; last result from {row.checked}" if row.checked else ""
        return replace(row, info=f"not checked: {reason}{last}")

    def _write_report(self, rows: list[Row]) -> None:
        files = {row.post: str(self.env.doc2path(row.post, False)) for row in rows}
        data = {
            "results_file": str(self.results_file),
            "max_age": self.config.kb_linkcheck_max_age,
            "offline": self.offline,
            "checked_now": sorted(self.checked),
            "not_checked": self.not_checked,
            "citations": [{**asdict(row), "file": files[row.post]} for row in rows],
        }
        (self.outdir / "kb-sources.json").write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        lines = [f"{files[row.post]}:{row.line}: [{STATUSES[row.status][0]}] {row.url}" + (f" - {row.info}" if row.info else "")
                 for row in rows]
        (self.outdir / "kb-sources.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


