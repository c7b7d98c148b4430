"""jekyll-redirect-from's front matter, honoured as the plugin does
(``core.jekyll.plugins.redirect_values``):

* ``redirect_from: /old/`` (a path or a list of paths): a redirect page at each path
  (Jekyll's ``Page#destination``: ``/old/`` is ``old/index.html``, ``/old`` is
  ``old.html``; ``baseurl`` put before it as for old URLs) leading to the post's new
  page, with the same safety rules as every redirect kb writes
  (``core.jekyll.redirects.plan``): inside the output folder, never over a page of the
  build, never into ``_static``, never through a symbolic link;
* ``redirect_to: https://…`` (or a path on the old site): the post's page becomes a
  redirect page to that address, and so does its old URL (a post's old URL on the old
  site: its new page). A path that is a post's old URL leads to that post's new page;
  another path to the old site's page (``url``);
* ``redirects.json`` as jekyll-redirect-from writes it (unless ``redirect_from: json:
  false``): each path redirected from -> the absolute address it leads to.

With ``kb_jekyll_config``, only when ``jekyll-redirect-from`` is among its ``plugins``
(Jekyll ignores the keys without it: kb says so, once per post); without it (a site
written for kb), always. A value that is not a path or an address is a warning at its
line.

A post's page made a redirect is Sphinx's page written over: when it is to be a page
again (or becomes a redirect) with no change to the post itself (``_config.yml``'s
plugins edited), ``on_env_get_outdated`` has Sphinx read and write it again
(``MOVED_FILE`` keeps the posts whose page the last build made a redirect).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from sphinx.application import Sphinx
from sphinx.util import logging

from ..core.jekyll.plugins import REDIRECT_PLUGIN, absolute_url, redirect_values
from ..core.jekyll.redirects import RedirectRequest, safe_url as _safe_url
from ..core.jekyll.urls import NotAPost, OldUrlIndex, PostTarget
from ..state.domain import KbDomain

__all__ = ["MOVED_FILE", "Wanted", "on_env_get_outdated", "redirected", "save_moved", "wanted"]

logger = logging.getLogger(__name__)

MOVED_FILE = "kb-redirect-to.json"  # in the doctree folder: the posts whose page is a redirect


def _honoured(domain: KbDomain) -> bool:
    return domain.plan.reader.site is None or REDIRECT_PLUGIN in domain.plan.old_urls.site.plugins


def save_moved(app: Sphinx, docnames) -> None:
    path = Path(app.doctreedir) / MOVED_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(sorted(docnames)), encoding="utf-8")


def redirected(domain: KbDomain) -> set[str]:
    """The posts whose page is a redirect page (``redirect_to``, honoured)."""
    if domain.plan is None or not _honoured(domain):
        return set()
    return {docname for docname, record in domain.records.items() if record.post.extra.get("redirect_to") is not None}


def on_env_get_outdated(app: Sphinx, env, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """The posts whose page is to change between a page and a redirect though the post
    did not change: read (and written) again."""
    domain = KbDomain.of(env)
    try:
        before = set(json.loads((Path(app.doctreedir) / MOVED_FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        before = set()
    return sorted(d for d in before ^ redirected(domain) if d in env.all_docs and d not in changed and d not in removed)


@dataclass
class Wanted:
    requests: list[RedirectRequest] = field(default_factory=list)  # redirect_from's pages
    moved: dict[str, str] = field(default_factory=dict)  # docname -> where redirect_to leads (a path or URL)
    lines: dict[str, tuple[str, int]] = field(default_factory=dict)  # a request's origin -> (docname, line)
    json: dict[str, str] = field(default_factory=dict)  # redirects.json: redirect_to's old URL -> address
    json_from: dict[str, tuple[str, str]] = field(default_factory=dict)  # origin -> redirect_from's entry

    def json_of(self, planned_origins: set[str]) -> dict[str, str]:
        """redirects.json: each path redirected from -> where it leads (those written)."""
        found = dict(entry for origin, entry in self.json_from.items() if origin in planned_origins)
        return {**found, **self.json}


def _warn(docname: str, line: int, message: str) -> None:
    logger.warning("kb: %s", message, location=(docname, line), type="kb", subtype="redirect")


def _destination(index: OldUrlIndex, target: str, uri) -> str | None:
    """Where ``redirect_to`` leads: an http(s) address, or a path from the output root."""
    text = target.strip()
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text) and not _safe_url(text):
        return None  # javascript:, mailto:… (or an http address with spaces or quotes): no page leads there
    if not _safe_url(text) and "://" not in text and not text.startswith("//"):
        text = absolute_url(text, "", index.site.baseurl)  # Jekyll's absolute_url, without the site's url
    found = index.lookup(text)
    if isinstance(found, PostTarget):
        return uri(found.docname) + (f"#{found.anchor}" if found.anchor else "")
    if isinstance(found, NotAPost):
        return found.url if found.url and _safe_url(found.url) else None
    return text if _safe_url(text) else None


def wanted(app: Sphinx, old_path) -> Wanted:
    """What the posts' ``redirect_from`` and ``redirect_to`` ask for (warnings said);
    ``old_path(url)``: a path on the old site as a path from the output root."""
    domain = KbDomain.of(app.env)
    index = domain.plan.old_urls
    jekyll = domain.plan.reader.site is not None
    honoured = _honoured(domain)
    uri = app.builder.get_target_uri
    base = app.config.html_baseurl.rstrip("/") + "/" if app.config.html_baseurl else ""
    result = Wanted()
    for docname in sorted(domain.records):
        post = domain.records[docname].post
        if "redirect_from" not in post.extra and "redirect_to" not in post.extra:
            continue
        lines = post.key_lines
        if not honoured:
            key = "redirect_from" if "redirect_from" in post.extra else "redirect_to"
            _warn(docname, lines.get(key, 1), f"{key} is ignored: jekyll-redirect-from is not among the plugins of "
                                              f"{app.config.kb_jekyll_config} (Jekyll ignores it too)")
            continue
        paths, target, problems = redirect_values(post.extra, lines)
        for problem in problems:
            _warn(docname, problem.line, problem.message)
        indexed = index.by_docname.get(docname)
        if target is not None:
            where = _destination(index, target, uri)
            if where is None:
                _warn(docname, lines.get("redirect_to", 1), f"redirect_to: {target!r} is neither an http(s) address nor "
                                                            "a path on the site; the post is not redirected")
            else:
                result.moved[docname] = where
                if indexed is not None and indexed.url:
                    result.json[indexed.url] = where if _safe_url(where) else urljoin(base, where)
        for path in paths:
            origin = f"{docname} (redirect_from {path})"
            where = result.moved.get(docname, uri(docname))
            result.requests.append(RedirectRequest(old_path(path) if jekyll else path, where, origin))
            result.lines[origin] = (docname, lines.get("redirect_from", 1))
            result.json_from[origin] = (path, where if _safe_url(where) else urljoin(base, where))
    return result
