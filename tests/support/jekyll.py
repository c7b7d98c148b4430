"""Real Jekyll for the differential tests: Debian's ``jekyll`` (4.3) with
``ruby-jekyll-feed`` and ``ruby-jekyll-redirect-from``, run on a copy of a site in a
temporary folder; what it writes is the reference kb's URLs, feeds and redirects are
compared with.

Without Jekyll a differential test fails under ``CI=true`` (``make test`` installs it
as root, ``make jekyll-deps``); elsewhere it is skipped, saying why.

Debian packages neither jemoji, jekyll-avatar nor jekyll-mentions: ``jekyll_build``
leaves every plugin out of ``_config.yml``'s ``plugins`` that is not installed, and
writes an empty stub for a ``{% link %}`` target that is not a post (a page of the old
site that the copy does not hold), as a user building a partial copy would."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml

from support.tools import unavailable

JEKYLL = shutil.which("jekyll")
#: the plugins Debian packages (apt-get install ruby-jekyll-feed ...), by gem name
PACKAGED = ("jekyll-feed", "jekyll-redirect-from", "jekyll-seo-tag", "jekyll-sitemap")


def require_jekyll() -> str:
    if JEKYLL is None:
        unavailable("jekyll is not installed: the differential tests cannot run (make test installs it as root)",
                    "jekyll is not installed (make jekyll-deps installs it as root)")
    return JEKYLL


def _plugins_installed(config: Path) -> None:
    if not config.is_file():
        return
    data = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    plugins = data.get("plugins") or data.get("gems")
    if isinstance(plugins, list):
        kept = [p for p in plugins if p in PACKAGED]
        if kept != plugins:
            data["plugins"] = kept
            data.pop("gems", None)
            config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _link_stubs(site: Path) -> None:
    """An empty page for each ``{% link path %}`` that names a missing non-post file."""
    for post in site.rglob("*"):
        if not post.is_file() or "_site" in post.parts or post.suffix not in (".md", ".markdown", ".html"):
            continue
        text = post.read_text(encoding="utf-8", errors="replace")
        for target in re.findall(r"{%-?\s*link\s+(\S+?)\s*-?%}", text):
            path = site / target
            if "_posts/" not in target and not path.exists() and "{{" not in target:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text("---\ntitle: stub\n---\nstub\n", encoding="utf-8")


def jekyll_build(site: Path, work: Path, extra: dict[str, str] | None = None) -> Path:
    """Build a copy of the Jekyll site ``site`` in ``work`` with real Jekyll; the
    ``_site`` folder it wrote. ``extra``: files added to the copy (path -> text). A
    failed build fails the test with Jekyll's output."""
    jekyll = require_jekyll()
    copy = work / "jekyll-source"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("_site", ".jekyll-cache"))
    for path in [copy, *copy.rglob("*")]:
        path.chmod(path.stat().st_mode | 0o200)  # a copy of a read-only corpus
    for name, text in (extra or {}).items():
        (copy / name).write_text(text, encoding="utf-8")
    _plugins_installed(copy / "_config.yml")
    _link_stubs(copy)
    destination = work / "jekyll-site"
    done = subprocess.run([jekyll, "build", "--source", str(copy), "--destination", str(destination)],
                          capture_output=True, text=True, timeout=300, check=False,
                          env={**os.environ, "JEKYLL_ENV": "production", "LC_ALL": "C.UTF-8"})
    if done.returncode != 0:
        pytest.fail(f"jekyll build failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return destination



#: a page added to the copy: every post as Jekyll's Liquid sees it (``site.posts``)
POSTS_PAGE = "kb-jekyll-posts.json"
_POSTS_LIQUID = """---
layout: null
permalink: /kb-jekyll-posts.json
sitemap: false
---
[{% for post in site.posts %}{"path": {{ post.path | jsonify }}, "url": {{ post.url | jsonify }},
 "categories": {{ post.categories | jsonify }}}{% unless forloop.last %},{% endunless %}
{% endfor %}]
"""


@dataclass(frozen=True)
class JekyllPost:
    path: str  # in the Jekyll site: blog/_posts/2019-03-02-x.md
    url: str  # page.url, as Jekyll writes it (a space percent-encoded)
    categories: tuple[str, ...]  # page.categories: the folders above _posts, then the front matter's


def jekyll_posts(site: Path, work: Path) -> tuple[Path, list[JekyllPost]]:
    """Build a copy of ``site`` with real Jekyll; the ``_site`` folder and every post
    Jekyll published, read from a page added to the copy that prints ``site.posts``
    with Liquid (Jekyll's own word on URLs and categories, not a parse of its HTML)."""
    built = jekyll_build(site, work, {POSTS_PAGE: _POSTS_LIQUID})
    data = json.loads((built / POSTS_PAGE).read_text(encoding="utf-8"))
    return built, [JekyllPost(p["path"], p["url"], tuple(p["categories"])) for p in data]


def written_file(built: Path, url: str) -> Path:
    """The file Jekyll wrote for ``url`` (``Document#destination``)."""
    path = unquote(url).lstrip("/")
    if not path or path.endswith("/"):
        path += "index.html"
    elif not Path(path).suffix:
        path += ".html"
    return built / path
