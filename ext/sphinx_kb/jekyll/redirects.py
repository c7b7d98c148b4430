"""Old URLs keep working: a redirect page at each post's old address.

Written when an HTML build has finished, for every post with an old URL
(``core.jekyll.urls``; the permalink Jekyll gave it, ``baseurl`` included unless
``html_baseurl`` serves the site under that same path), for each entry of
``kb_redirects`` (old path -> docname or http(s) address), and for each name retired
by ``kb_aliases`` (its page leads to the kept name's). A post's ``redirect_from`` and
``redirect_to`` (``redirect_from``) join them, and jekyll-redirect-from's
``redirects.json`` is written (kept in the same list of files). A redirect is a small
page (``core.jekyll.redirects``: refresh, ``rel=canonical``, a plain link, no script) at
a path kb validated inside the output folder: it never overwrites a page of the build,
never writes through a symbolic link, and two posts claiming one old URL is a warning.
Redirects of earlier builds that are no longer wanted are deleted: those of its list
(``kb-redirects.json`` in the doctree folder) and any other file of the output that is
one of kb's redirect pages (by its first bytes), a build into the same output with
another doctree folder (``make html`` after ``sphinx-build``) having left them; never a
document's own page.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path
from urllib.parse import urlsplit

from sphinx.application import Sphinx
from sphinx.util import logging

from ..core import aliases
from ..core.jekyll.redirects import START_LENGTH, RedirectPage, RedirectRequest, is_redirect_page, plan
from ..core.paths import NAME_KINDS, Paths
from ..core.safepaths import write_inside
from ..core.text import plural
from ..state.domain import KbDomain
from . import redirect_from

__all__ = ["on_build_finished"]

logger = logging.getLogger(__name__)

MANIFEST = "kb-redirects.json"
JSON_FILE = "redirects.json"  # jekyll-redirect-from's
REDIRECT_MAX_BYTES = 8192

def _wanted(app: Sphinx) -> bool:
    if app.config.kb_jekyll_config or app.config.kb_redirects or app.config.kb_aliases:
        return True
    return any("redirect_from" in record.post.extra or "redirect_to" in record.post.extra
               for record in KbDomain.of(app.env).records.values())


def _write(outdir: Path, relative: str, text: str, what: str, location=None) -> int:
    """Write ``text`` at ``relative`` unless it is there already; 1 when written."""
    target = outdir / relative
    if target.is_file() and not target.is_symlink() and target.read_text(encoding="utf-8", errors="replace") == text:
        return 0
    why = write_inside(outdir, target, text)
    if why is not None:
        logger.warning("kb: no redirect at %s: %s", what, why, location=location, type="kb", subtype="redirect")
        return 0
    return 1


def _old_path(site, url: str, html_baseurl: str) -> str:
    """The post's old address, from the root this site is served at."""
    serving = urlsplit(html_baseurl).path.rstrip("/") if html_baseurl else ""
    base = site.baseurl.rstrip("/")
    if base and serving == base:
        return url
    return site.address(url)


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html" or not hasattr(app.builder, "get_outfilename"):
        return
    manifest = Path(app.doctreedir) / MANIFEST
    try:
        before = set(json.loads(manifest.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        before = set()
    outdir = Path(app.outdir)
    pages, moved, json_file, where = [], [], None, {}
    documents = _documents(app, outdir)
    if _wanted(app):
        real, earlier = _scan(outdir, documents)
        before |= earlier  # an earlier build's, whichever doctree folder it kept its list in
        pages, moved, json_file, where = _plan(app, outdir, real)
    base = app.config.html_baseurl or None
    lang = app.config.language or "en"
    written = sum(_write(outdir, page.path, page.html(base, lang), page.old_url, where.get(page.origin)) for page in pages)
    for page in moved:  # a post with redirect_to: its own page is a redirect (not in the manifest)
        written += _write(outdir, page.path, page.html(base, lang), page.old_url, page.origin)
    redirect_from.save_moved(app, [page.origin for page in moved])
    now = {page.path for page in pages}
    if json_file is not None and (JSON_FILE in before or not (outdir / JSON_FILE).exists()):
        written += _write(outdir, JSON_FILE, json_file, JSON_FILE)
        now.add(JSON_FILE)
    removed = 0
    for stale in sorted(before - now - documents):  # never a document's page, whatever it holds
        path = outdir / stale
        if path.is_file() and not path.is_symlink() and (stale == JSON_FILE or _is_redirect(path)):
            path.unlink()
            removed += 1
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_text(json.dumps(sorted(now)), encoding="utf-8")
    if pages or before:
        logger.info("kb: %s from old URLs (%d written, %d removed)", plural(len(pages), "redirect"), written, removed)


def _is_redirect(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            return is_redirect_page(file.read(START_LENGTH))
    except OSError:
        return False


def _documents(app: Sphinx, outdir: Path) -> set[str]:
    """The files of this build's documents, relative to the output folder."""
    found = set()
    for docname in app.env.found_docs:
        try:
            found.add(Path(app.builder.get_outfilename(docname)).relative_to(outdir).as_posix())
        except ValueError:
            continue
    return found


def _scan(outdir: Path, documents: set[str]) -> tuple[list[str], set[str]]:
    """The output's HTML files: the pages of the site (a document's always), and kb's
    redirect pages (told apart by their first bytes, so that a second build into the
    same folder with another doctree folder, as ``make html`` after ``sphinx-build``,
    takes no redirect of the first for a page)."""
    real, redirects = [], set()
    for path in outdir.rglob("*.html"):
        relative = path.relative_to(outdir).as_posix()
        if relative in documents:
            real.append(relative)
            continue
        try:
            status = path.lstat()
        except OSError:
            continue
        if stat.S_ISLNK(status.st_mode):
            continue  # neither a page nor kb's: a redirect there is refused as written through a link
        # a redirect page is a plain file of a few hundred bytes (its URLs at most 1 KiB each)
        if stat.S_ISREG(status.st_mode) and status.st_size <= REDIRECT_MAX_BYTES and _is_redirect(path):
            redirects.add(relative)
        else:
            real.append(relative)
    return real, redirects


def _plan(app: Sphinx, outdir: Path, real: list[str]) -> tuple[list, list[RedirectPage], str | None, dict]:
    """The redirect pages, the pages of posts with ``redirect_to``, redirects.json's text
    (None: not written), and where each page's origin is (for warnings)."""
    env = app.env
    domain = KbDomain.of(env)
    index = domain.plan.old_urls
    builder = app.builder
    asked = redirect_from.wanted(app, lambda url: _old_path(index.site, url, app.config.html_baseurl))
    requests = list(asked.requests)
    for docname in sorted(domain.records):
        post = index.by_docname.get(docname)
        if post is None or not post.url or not index.keeps_url(post):
            continue  # no old URL, or one another post keeps (warned when indexed)
        old = _old_path(index.site, post.url, app.config.html_baseurl)
        requests.append(RedirectRequest(old, asked.moved.get(docname, builder.get_target_uri(docname)), docname))
    # a retired name's page leads to the kept name's (kb_aliases)
    paths = Paths.of(app.config)
    for moved in aliases.redirects(domain.plan.reader.names):
        if moved.kind in NAME_KINDS and moved.retired_slug != moved.kept_slug:
            old = "/" + builder.get_target_uri(paths.listing(moved.kind, moved.retired_slug))
            requests.append(RedirectRequest(old, builder.get_target_uri(paths.listing(moved.kind, moved.kept_slug)),
                                            f"kb_aliases[{moved.retired!r}]"))
    def resolve(docname: str) -> str | None:
        return builder.get_target_uri(docname) if docname in env.all_docs else None

    planned = plan(requests, real, manual=dict(app.config.kb_redirects), resolve_docname=resolve)
    where = {page.origin: asked.lines.get(page.origin) or page.origin for page in planned.pages
             if page.origin in asked.lines or page.origin in env.all_docs}
    for problem in planned.problems:
        location = asked.lines.get(problem.origin) or (problem.origin if problem.origin in env.all_docs else None)
        logger.warning("kb: %s", problem.message, location=location, type="kb", subtype="redirect")
    moved = [RedirectPage(file, target, docname, "/" + file) for docname, target in sorted(asked.moved.items())
             if (file := Path(builder.get_outfilename(docname)).relative_to(outdir).as_posix())]
    json_file = None
    if index.site.redirects_json and domain.plan.reader.site is not None:
        json_file = json.dumps(asked.json_of({page.origin for page in planned.pages}), separators=(",", ":"))
    return planned.pages, moved, json_file, where
