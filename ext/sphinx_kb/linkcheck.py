"""``make linkcheck``: the posts' sources, then the site's own links and anchors.

    python -m sphinx_kb.linkcheck --srcdir . --builddir _build [--no-cache] [--max-age 7d] ...

1. **kb-linkcheck build**: Sphinx's linkcheck builder, subclassed. Its links are the
   posts' sources (``env.kb_sources``) and nothing else; never a placeholder (kb classifies
   those itself) and never a URL whose result in the results file is younger than
   ``kb_linkcheck_max_age``. Each unique URL is checked once. Before the first request it
   probes the network (``kb_linkcheck_probe``): without network nothing is requested and
   the sources are reported as *not checked*, never as broken. Results are merged into
   ``<builddir>/kb-linkcheck.json`` (the cache; safe to delete) and every citation's status
   goes to ``<builddir>/linkcheck/kb-sources.txt`` and ``.json``.
2. **html build**, the same as ``make html``: the badges and the sources report show the
   new statuses.
3. **linkchecker** over the built HTML: internal links and anchors (its AnchorCheck
   plugin on), offline: it never requests an http(s) URL.

Exit codes: 0 all is well; 1 a broken source, an unknown placeholder, or a broken internal
link or anchor; 2 the check could not run; 3 nothing found broken, but sources could not be
checked for want of a network (``--allow-unchecked`` turns 3 into 0).
"""

from __future__ import annotations

import argparse
import importlib.util
import csv
import datetime as dt
import json
import re
import subprocess
import sys
import time
from collections import Counter
from dataclasses import asdict, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

import requests
from sphinx.builders.linkcheck import (
    CheckExternalLinksBuilder,
    Hyperlink,
    HyperlinkAvailabilityChecker,
    HyperlinkAvailabilityCheckWorker,
)
from sphinx.config import Config
from sphinx.util import logging

from .sources import STATUSES, Result, Results, Row, load_results, report_rows, results_path, save_results

logger = logging.getLogger(__name__)

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR, EXIT_UNCHECKED = 0, 1, 2, 3

#: kb's settings for Sphinx's linkcheck; a value set in conf.py or with -D wins.
LINKCHECK_DEFAULTS: dict[str, object] = {
    "linkcheck_timeout": 15,  # seconds per request
    "linkcheck_retries": 2,  # a broken result is tried once more
    "linkcheck_rate_limit_timeout": 60.0,  # the longest kb waits for a host that answers 429, in all
    # DOIs are meant to redirect to the publisher: that is not news
    "linkcheck_allowed_redirects": {r"https?://(dx\.)?doi\.org/.+": r"https?://.+"},
}

LINKCHECKER_CONFIG = """\
# Written by sphinx_kb.linkcheck for `make linkcheck`; safe to delete.
# Internal links and anchors of the built HTML only: http(s), mail and phone
# links are checked for syntax alone, never requested.
[filtering]
checkextern=0
ignore=
  ^https?:
  ^mailto:
  ^tel:
[AnchorCheck]
"""


# -- pure helpers ------------------------------------------------------------------------


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


def is_fresh(result: Result | None, now: dt.datetime, max_age: float) -> bool:
    if result is None or max_age <= 0:
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
        return "broken", message
    if status == "timeout":
        return "broken", f"timed out ({message})"
    return None  # ignored (linkcheck_ignore, 503, undecodable) or unchecked: try again next run


def exit_code(statuses: Counter, offline: bool, internal_problems: int = 0, allow_unchecked: bool = False) -> int:
    if statuses["broken"] or statuses["placeholder"] or internal_problems:
        return EXIT_PROBLEMS
    if offline and not allow_unchecked:
        return EXIT_UNCHECKED
    return EXIT_OK


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


# -- the kb-linkcheck builder --------------------------------------------------------------


def apply_defaults(config: Config) -> None:
    for name, value in LINKCHECK_DEFAULTS.items():
        # _raw_config is conf.py's namespace: Sphinx has no public "was this set?"
        if name in config.overrides or name in config._raw_config:
            continue
        if name == "linkcheck_allowed_redirects":  # Sphinx compiles these at config-inited
            value = {re.compile(source): re.compile(target) for source, target in value.items()}
        config[name] = value


class _BoundedWorker(HyperlinkAvailabilityCheckWorker):
    """Honours Retry-After, but waits for one host no longer than linkcheck_rate_limit_timeout
    in all (Sphinx alone would wait as long as a server asks, again and again)."""

    waited: dict[str, float]

    def limit_rate(self, response_url: str, retry_after: str | None) -> float | None:
        next_check = super().limit_rate(response_url, retry_after)
        if next_check is None:
            return None
        host = urlsplit(response_url).netloc
        self.waited[host] = self.waited.get(host, 0.0) + max(0.0, next_check - time.time())
        if self.waited[host] > self.rate_limit_timeout:
            self.rate_limits.pop(host, None)
            return None  # reported as broken: "429 Too Many Requests"
        return next_check


class _BoundedChecker(HyperlinkAvailabilityChecker):
    def invoke_threads(self) -> None:
        waited: dict[str, float] = {}
        for _ in range(self.num_workers):
            worker = _BoundedWorker(self.config, self.rqueue, self.wqueue, self.rate_limits)
            worker.waited = waited
            worker.start()
            self.workers.append(worker)


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

    def write_documents(self, docnames) -> None:
        """Nothing to write, nothing to resolve: the links are the posts' sources."""

    def links_to_check(self) -> dict[str, Hyperlink]:
        links: dict[str, Hyperlink] = {}
        max_age = self.config.kb_linkcheck_max_age
        for docname, sources in sorted(self.env.kb_sources.items()):
            for source in sources:
                if source.finding is not None or source.url in links:
                    continue
                if is_fresh(self.previous.by_url.get(source.url), self.started, max_age):
                    continue
                links[source.url] = Hyperlink(source.url, docname, self.env.doc2path(docname), source.line)
        return links

    def finish(self) -> None:
        self.hyperlinks = self.links_to_check()
        with (open(self.outdir / "output.txt", "w", encoding="utf-8") as self.txt_outfile,
              open(self.outdir / "output.json", "w", encoding="utf-8") as self.json_outfile):
            if self.hyperlinks:
                self._check()
        results = self._merged()
        save_results(self.results_file, results)
        rows = [self._annotated(row) for row in report_rows(self.env, results)]
        self._write_report(rows)
        statuses = Counter(row.status for row in rows)
        self._app.statuscode = exit_code(statuses, bool(self.offline and self.not_checked))

    def _check(self) -> None:
        online, detail = probe(list(self.config.kb_linkcheck_probe), min(float(self.config.linkcheck_timeout or 10), 10.0))
        if not online:
            self.offline = detail
            self.not_checked = {url: "no network" for url in self.hyperlinks}
            logger.info("kb: no network (%s): %d URLs not checked", detail, len(self.hyperlinks))
            return
        logger.info("kb: checking %d URLs (%s)", len(self.hyperlinks), detail)
        for result in _BoundedChecker(self.config).check(self.hyperlinks):
            self.process_result(result)

    def process_result(self, result) -> None:
        super().process_result(result)
        outcome = classify(str(result.status), result.message)
        if outcome is None:
            self.not_checked[result.uri] = result.message or "ignored (linkcheck_ignore)"
        else:
            status, info = outcome
            self.checked[result.uri] = Result(status, self.started.isoformat(), result.code, info)

    def _merged(self) -> Results:
        cited = {source.url for sources in self.env.kb_sources.values() for source in sources}
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


# -- internal links: linkchecker over the built HTML ----------------------------------------


class CheckError(Exception):
    """The check could not run (exit code 2)."""


#: LinkChecker started as root switches to the user 'nobody' before it checks anything, a
#: guard for crawling the web as root. kb runs it offline over its own build output, and as
#: 'nobody' it can read neither that output nor its own plugins in a private folder (it then
#: skipped AnchorCheck and reported no problem), so kb starts it without that switch.
_RUN_LINKCHECKER = (
    "import sys\n"
    "import linkcheck.command.linkchecker as command\n"
    "command.drop_privileges = lambda: None\n"
    "sys.argv[0] = 'linkchecker'\n"
    "sys.exit(command.linkchecker())\n"
)


def _linkchecker() -> list[str]:
    if importlib.util.find_spec("linkcheck") is None:
        raise CheckError("linkchecker is not installed: pip install 'sphinx-kb[linkcheck]' "
                         "(or pass --skip-internal to check the sources alone)")
    return [sys.executable, "-c", _RUN_LINKCHECKER]


def check_internal_links(htmldir: Path, workdir: Path) -> list[str]:
    """linkchecker over every built page, offline; one line per broken link or anchor."""
    config = workdir / "linkcheckerrc"
    config.write_text(LINKCHECKER_CONFIG, encoding="utf-8")
    pages = sorted(path.as_uri() for path in htmldir.rglob("*.html") if "_static" not in path.parts)
    command = [*_linkchecker(), "--config", str(config), "--no-status", "--output", "csv", "--stdin"]
    done = subprocess.run(command, input="\n".join(pages), capture_output=True, text=True, timeout=900, check=False)
    (workdir / "internal-links.csv").write_text(done.stdout, encoding="utf-8")
    if done.returncode not in (0, 1) or "urlname;" not in done.stdout:
        raise CheckError(f"linkchecker failed (exit {done.returncode}): {done.stderr.strip()[-2000:]}")
    return parse_linkchecker_csv(done.stdout, htmldir)


def parse_linkchecker_csv(text: str, htmldir: Path) -> list[str]:
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    problems = []
    for row in csv.DictReader(lines, delimiter=";"):
        if row.get("valid") == "True" and not row.get("warningstring"):
            continue
        page = _relative(row.get("parentname") or row.get("url") or "", htmldir)
        what = row.get("warningstring") or row.get("result") or "broken"
        problems.append(f"{page}:{row.get('line') or '?'}: {row.get('urlname')}: {what}")
    return problems


def _relative(uri: str, htmldir: Path) -> str:
    path = unquote(urlsplit(uri).path) if uri.startswith("file:") else uri
    try:
        return Path(path).relative_to(htmldir).as_posix()
    except ValueError:
        return path


# -- the command ------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m sphinx_kb.linkcheck",
                                     description="make linkcheck: the posts' sources, then the site's own links and anchors")
    parser.add_argument("--srcdir", default=".", help="the Sphinx source folder (where conf.py is)")
    parser.add_argument("--builddir", default="_build", help="the build folder (default: _build)")
    parser.add_argument("--no-cache", action="store_true", help="check every URL, however recent its last result")
    parser.add_argument("--max-age", type=parse_duration, help="re-check results older than this (7d, 12h, 30m, "
                        "seconds; default: kb_linkcheck_max_age, 7 days)")
    parser.add_argument("--probe-url", action="append", metavar="URL",
                        help="URL that tells whether there is a network (repeatable; 'none': assume there is)")
    parser.add_argument("--allow-unchecked", action="store_true",
                        help="exit 0 rather than 3 when, without network, sources could not be checked")
    parser.add_argument("--skip-internal", action="store_true",
                        help="check the sources only: no html build, no linkchecker")
    parser.add_argument("-D", dest="define", action="append", default=[], metavar="NAME=VALUE",
                        help="override a configuration value, as sphinx-build -D")
    return parser


def _sphinx(*argv: str) -> int:
    from sphinx.cmd.build import build_main

    return build_main(list(argv))


def run_source_check(args: argparse.Namespace, srcdir: Path, outdir: Path) -> dict:
    defines = []
    if args.no_cache:
        defines.append("kb_linkcheck_max_age=0")
    elif args.max_age is not None:
        defines.append(f"kb_linkcheck_max_age={args.max_age}")
    if args.probe_url:
        defines.append("kb_linkcheck_probe=" + ",".join(url for url in args.probe_url if url != "none"))
    defines += args.define
    flags = [item for define in defines for item in ("-D", define)]
    code = _sphinx("-b", "kb-linkcheck", "-d", str(outdir / "doctrees"), *flags, str(srcdir), str(outdir))
    report = outdir / "kb-sources.json"
    if code not in (EXIT_OK, EXIT_PROBLEMS, EXIT_UNCHECKED) or not report.exists():
        raise CheckError(f"the kb-linkcheck build failed (exit {code}); see the messages above")
    return json.loads(report.read_text(encoding="utf-8"))


def print_summary(report: dict, internal: list[str] | None, outdir: Path) -> Counter:
    rows = report["citations"]
    statuses = Counter(row["status"] for row in rows)
    print(f"\nkb linkcheck: {len(rows)} citations of {len({r['url'] for r in rows})} URLs "
          f"in {len({r['post'] for r in rows})} posts")
    print("  " + (", ".join(f"{statuses[s]} {label}" for s, (label, _) in STATUSES.items() if statuses[s]) or "no sources"))
    checked, not_checked = report["checked_now"], report["not_checked"]
    print(f"  checked now: {len(checked)} URLs; not checked: {len(not_checked)}; results younger than "
          f"{format_duration(report['max_age'])} reused from {report['results_file']} (safe to delete)")
    for title, wanted in (("broken", {"broken"}), ("placeholders not in kb_known_placeholders", {"placeholder"}),
                          ("not checked", None)):
        chosen = [r for r in rows if (r["status"] in wanted if wanted else r["url"] in not_checked)]
        if chosen:
            print(f"  {title}:")
            for row in chosen:
                print(f"    {row['file']}:{row['line']}: {row['url']} - {row['info']}")
    if internal is not None:
        count = {0: "no problems", 1: "1 problem"}.get(len(internal), f"{len(internal)} problems")
        print(f"  internal links and anchors (linkchecker): {count}")
        for problem in internal:
            print(f"    {problem}")
    print(f"  report: {outdir / 'kb-sources.txt'}")
    return statuses


def _advice(code: int, report: dict) -> str:
    if code == EXIT_UNCHECKED:
        return (f"kb linkcheck: exit 3: no network ({report['offline']}), so {len(report['not_checked'])} URLs "
                "were not checked; they are not reported as broken. Run `make linkcheck` where the internet "
                "is reachable (the CI workflow .github/workflows/kb.yml does, on pull requests and weekly), "
                "or accept the gap with LINKCHECKOPTS=--allow-unchecked.")
    if code == EXIT_PROBLEMS:
        return ("kb linkcheck: exit 1: fix what is listed above (a placeholder you keep on purpose goes in "
                "kb_known_placeholders)")
    if report["offline"] and report["not_checked"]:
        return (f"kb linkcheck: nothing broken, but {len(report['not_checked'])} URLs were not checked "
                "(no network); accepted because of --allow-unchecked")
    return "kb linkcheck: all sources checked; nothing broken"


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    srcdir, builddir = Path(args.srcdir).resolve(), Path(args.builddir).resolve()
    outdir = builddir / "linkcheck"
    try:
        report = run_source_check(args, srcdir, outdir)
        internal = None
        if not args.skip_internal:
            if _sphinx("-b", "html", "-q", "-d", str(builddir / "doctrees"), str(srcdir), str(builddir / "html")):
                raise CheckError("the html build failed; see the messages above")
            internal = check_internal_links(builddir / "html", outdir)
    except CheckError as error:
        print(f"kb linkcheck: {error}", file=sys.stderr)
        return EXIT_ERROR
    statuses = print_summary(report, internal, outdir)
    code = exit_code(statuses, bool(report["offline"] and report["not_checked"]), len(internal or ()), args.allow_unchecked)
    print(_advice(code, report))
    return code


if __name__ == "__main__":
    # run the package's copy of this module, the one Sphinx registers the builder from
    from sphinx_kb.linkcheck import main as _main

    sys.exit(_main())
