"""``make linkcheck``: the posts' sources, then the site's own links and anchors.

    kb linkcheck --srcdir . --builddir _build [--no-cache] [--max-age 7d] ...

1. **kb-linkcheck build** (``sources.linkcheck.builder``): the posts' sources, each
   unique URL once, cached, after a network probe; then each DOI's metadata and
   updates (retractions, corrections) and each URL's archived copy (``sources.research``).
2. **html build**, the same as ``make html``: the badges and the sources report show the
   new statuses.
3. **linkchecker** over the built HTML (``sources.linkcheck.internal``): internal links
   and anchors, offline.

Exit codes: 0 all is well; 1 a broken source (a DOI that does not exist included), a
retracted work, an unknown placeholder, or a broken internal link or anchor; 2 the check could not run; 3 nothing found broken, but sources could not be
checked for want of a network (``--allow-unchecked`` turns 3 into 0); 130 interrupted
(Ctrl-C): the results checked until then are kept in the results file.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
from collections import Counter
from pathlib import Path

from ...core.checks import (EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, EXIT_PROBLEMS, EXIT_UNCHECKED, exit_code,
                            format_duration, parse_duration)
from ...core.text import noun, plural
from ..model import LABEL_PLURALS, STATUSES, UPDATES
from .internal import CheckError, check_internal_links

__all__ = ["DESCRIPTION", "add_arguments", "main", "run"]


DESCRIPTION = "make linkcheck: the posts' sources, then the site's own links and anchors"


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
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
    """A Sphinx build in this process. Sphinx takes Ctrl-C for a failed build (exit 2);
    kb notes the signal and raises ``KeyboardInterrupt`` again once the build has ended
    (and the builder has saved what it checked), so the run exits 130."""
    from sphinx.cmd.build import build_main

    interrupted = []

    def on_interrupt(signum, frame):
        interrupted.append(signum)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, on_interrupt)
    try:
        code = build_main(list(argv))
    except SystemExit as stop:  # kb stopped the build before it began: another build is running on the tree
        code = stop.code if isinstance(stop.code, int) else EXIT_ERROR
    finally:
        signal.signal(signal.SIGINT, previous)
    if interrupted:
        raise KeyboardInterrupt
    return code


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
    statuses = Counter(row["status"] for row in rows) + Counter(row["update"] for row in rows if row.get("update"))
    print(f"\nkb linkcheck: {plural(len(rows), 'citation')} of {plural(len({r['url'] for r in rows}), 'URL')} "
          f"in {plural(len({r['post'] for r in rows}), 'post')}")
    print("  " + (", ".join(plural(statuses[s], label, LABEL_PLURALS.get(label, label))
                            for s, (label, _) in (*STATUSES.items(), *UPDATES.items()) if statuses[s]) or "no sources"))
    checked, not_checked = report["checked_now"], report["not_checked"]
    print(f"  checked now: {plural(len(checked), 'URL')}; not checked: {len(not_checked)}; results younger than "
          f"{format_duration(report['max_age'])} reused from {report['results_file']} (safe to delete)")
    research = report.get("research") or {}
    unanswered = research.get("unanswered") or {}
    if "research" in unanswered:
        print(f"  DOI metadata, updates and archived copies: not asked ({unanswered['research']})")
    elif research.get("asked"):
        print(f"  DOI metadata, updates and archived copies: {research['asked']} asked now, {len(unanswered)} "
              "without an answer (asked again next run, never reported as broken)")
    late = sum(1 for key, why in unanswered.items() if key.startswith("archive") and "time limit" in why)
    if late:
        print(f"  archived copies: {late} URLs not looked up within kb_archive_timeout "
              f"({research.get('archive_timeout')} s): looked up next run")
    for title, wanted in (("broken", {"broken"}), ("placeholders not in kb_known_placeholders", {"placeholder"}),
                          ("not checked", None)):
        chosen = [r for r in rows if (r["status"] in wanted if wanted else r["url"] in not_checked)]
        if chosen:
            print(f"  {title}:")
            for row in chosen:
                print(f"    {row['file']}:{row['line']}: {row['url']} - {row['info']}")
    for update, (label, _) in UPDATES.items():
        chosen = [r for r in rows if r.get("update") == update]
        if chosen:
            print(f"  {label}:")
            for row in chosen:
                print(f"    {row['file']}:{row['line']}: {row['url']} - {row.get('update_info') or label}")
    if internal is not None:
        count = plural(len(internal), "problem") if internal else "no problems"
        print(f"  internal links and anchors (linkchecker): {count}")
        for problem in internal:
            print(f"    {problem}")
    print(f"  report: {outdir / 'kb-sources.txt'}")
    return statuses


def unchecked_offline(report: dict) -> bool:
    """Without network, was anything left unchecked (a source, or a DOI's metadata, updates, copy)?"""
    return bool(report["offline"] and (report["not_checked"] or (report.get("research") or {}).get("unanswered")))


def _advice(code: int, report: dict) -> str:
    if code == EXIT_UNCHECKED:
        missed = len(report["not_checked"])
        return (f"kb linkcheck: exit 3: no network ({report['offline']}), so {plural(missed, 'URL')} "
                f"{noun(missed, 'was', 'were')} not checked; {noun(missed, 'it is', 'they are')} not reported as "
                "broken. Run `make linkcheck` where the internet is reachable (the CI workflow "
                ".github/workflows/kb.yml does, on pull requests and weekly), or accept the gap with "
                "LINKCHECKOPTS=--allow-unchecked.")
    if code == EXIT_PROBLEMS:
        return ("kb linkcheck: exit 1: fix what is listed above (a placeholder you keep on purpose goes in "
                "kb_known_placeholders; a retracted work stays cited only as retracted)")
    if unchecked_offline(report):
        missed = len(report["not_checked"])
        return (f"kb linkcheck: nothing broken, but {plural(missed, 'URL')} {noun(missed, 'was', 'were')} not checked "
                "(no network); accepted because of --allow-unchecked")
    return "kb linkcheck: all sources checked; nothing broken"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sphinx_kb.sources.linkcheck", description=DESCRIPTION)
    return run(add_arguments(parser).parse_args(argv))


def run(args: argparse.Namespace) -> int:
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
    except KeyboardInterrupt:
        print("kb linkcheck: interrupted (exit 130); the results checked until then are kept, and the "
              "next run checks the rest", file=sys.stderr)
        return EXIT_INTERRUPTED
    statuses = print_summary(report, internal, outdir)
    code = exit_code(statuses, unchecked_offline(report), len(internal or ()), args.allow_unchecked)
    print(_advice(code, report))
    return code


