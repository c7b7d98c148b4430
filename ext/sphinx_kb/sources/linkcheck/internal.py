"""The site's own links and anchors: LinkChecker over the built HTML, offline.

It never requests an http(s) URL: internal links and anchors only (its AnchorCheck
plugin on).
"""

from __future__ import annotations

import csv
import importlib.util
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ... import _compat

__all__ = ["CheckError", "check_internal_links", "parse_linkchecker_csv"]

LINKCHECKER_CONFIG = """\
# Written by sphinx_kb.sources.linkcheck for `make linkcheck`; safe to delete.
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


class CheckError(Exception):
    """The check could not run (exit code 2)."""


def _linkchecker() -> list[str]:
    if importlib.util.find_spec("linkcheck") is None:
        raise CheckError("linkchecker is not installed: pip install 'sphinx-kb[linkcheck]' "
                         "(or pass --skip-internal to check the sources alone)")
    return [sys.executable, "-c", _compat.LINKCHECKER_WITHOUT_PRIVILEGE_DROP]


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


