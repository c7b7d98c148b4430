"""A Jekyll site moved into kb as a user moves it, for the differential tests of feeds
and redirects: ``kb import`` of a copy into an empty folder (the new site's address is
the Jekyll site's ``url`` and ``baseurl``: feeds need one, and the old addresses are
kept), then ``sphinx-build`` (``support.imported.import_and_build``); and what was built,
read as a feed reader and a browser read it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from support import imported

@dataclass(frozen=True)
class Imported:
    root: Path  # the kb project
    html: Path  # its HTML output
    source: Path  # the Jekyll site's copy it was imported from
    stderr: str  # sphinx-build's warnings

    @property
    def jekyll_config(self) -> Path:
        """The imported ``_config.yml`` (conf.py's ``kb_jekyll_config``)."""
        found = re.search(r"^kb_jekyll_config\s*=\s*['\"](.+?)['\"]", (self.root / "conf.py").read_text(encoding="utf-8"), re.M)
        assert found, "conf.py has no kb_jekyll_config"
        return self.root / found.group(1)


def run(*command: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(list(command), cwd=cwd, capture_output=True, text=True, timeout=900, check=False)


def site_address(jekyll_site: Path) -> str:
    """``url`` + ``baseurl`` of the Jekyll site, as its pages were served."""
    data = yaml.safe_load((jekyll_site / "_config.yml").read_text(encoding="utf-8")) or {}
    return str(data.get("url") or "").rstrip("/") + "/" + str(data.get("baseurl") or "").strip("/")


def import_and_build(jekyll_site: Path, work: Path) -> Imported:
    """``kb import`` a copy of ``jekyll_site`` into an empty folder in ``work``, then build
    it, as ``support.imported.import_and_build`` does (the site's address, its ``url``
    and ``baseurl``, is the one kb import gives a new site)."""
    source = work / "jekyll-source-for-kb"
    shutil.copytree(jekyll_site, source, ignore=shutil.ignore_patterns("_site", ".jekyll-cache"))
    for path in [source, *source.rglob("*")]:
        path.chmod(path.stat().st_mode | 0o200)  # a copy of a read-only corpus
    kb = imported.import_and_build(source, work / "kb-site")
    assert "kb_jekyll_config" in (kb.root / "conf.py").read_text(encoding="utf-8"), kb.imported.stdout
    assert kb.built.returncode == 0, kb.built.stderr
    return Imported(kb.root, kb.html, source, kb.built.stderr)


# -- reading what was built, as a feed reader and a browser do ---------------------------


def atom_feeds(folder: Path) -> dict[str, object]:
    """Every Atom feed under ``folder`` (its path there -> feedparser's reading)."""
    import feedparser

    found = {}
    for path in sorted(folder.rglob("*.xml")):
        if "_static" in path.parts or ".doctrees" in path.parts:
            continue
        parsed = feedparser.parse(path.read_bytes())
        if parsed.version == "atom10":
            found[path.relative_to(folder).as_posix()] = parsed
    return found


def page_file(folder: Path, url_path: str) -> Path:
    """The file a path on the site is served from (``/x/`` is ``x/index.html``)."""
    path = url_path.split("#")[0].lstrip("/")
    file = folder / (path + "index.html" if path.endswith("/") or not path else path)
    return file if file.exists() or file.suffix else file.with_name(file.name + ".html")


def redirect_of(file: Path) -> str | None:
    """Where a redirect page leads (its refresh's URL), or None for any other page."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})
    return refresh["content"].split("url=", 1)[1].strip() if refresh else None


def landing(folder: Path, file: Path, site: str, hops: int = 3) -> Path | str:
    """Where a browser lands from ``file``: the page that is no redirect (a file of
    ``folder``), or the address off the site (``site``: the site's own address)."""
    for _ in range(hops):
        target = redirect_of(file)
        if target is None:
            return file.resolve()
        if target.startswith(site):
            file = page_file(folder, "/" + target[len(site):].lstrip("/"))
        elif "://" in target:
            return target
        else:
            file = (file.parent / target.split("#")[0]).resolve()
    raise AssertionError(f"more than {hops} redirects from {file}")


def jekyll_redirects(folder: Path) -> dict[str, str]:
    """Every redirect page Jekyll wrote: its path in ``_site`` -> where it leads."""
    found = {}
    for file in sorted(folder.rglob("*.html")):
        target = redirect_of(file)
        if target is not None:
            found[file.relative_to(folder).as_posix()] = target
    return found


def same_landing(jekyll_site_address: str, html: Path, path: str, target: str) -> tuple[object, object]:
    """Where a browser lands from kb's page at ``path`` and where Jekyll's redirect to
    ``target`` leads in kb's site (``target`` on the old site: kb's page at that old address)."""
    ours = landing(html, html / path, jekyll_site_address)
    if target.startswith(jekyll_site_address):
        return ours, landing(html, page_file(html, target[len(jekyll_site_address) - 1:]), jekyll_site_address)
    return ours, target
