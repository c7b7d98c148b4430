"""Redirect pages at old URLs. Pure Python, no Sphinx; nothing here writes a file.

* ``destination(old_url, output_ext)``: the file an old URL is served from, as Jekyll
  names it (``Document#destination``): a URL ending in ``/`` is ``…/index.html``, any other
  gets the output extension unless it ends with it (``/x.html`` -> ``x.html``, ``/news/x``
  -> ``news/x.html``). The path is validated: relative, inside the output folder (no
  ``..`` or ``.`` segment, no absolute path, backslash, NUL or control character, drive
  letter or ``:``), no Windows device name (``con``, ``nul.html``, ``com1``…) or character
  (``<>:"|?*``), no segment ending in a dot or space, no hidden segment (``.htaccess``),
  nothing under Sphinx's own folders (``_static``…), a segment of at most 255 bytes and a
  path of at most 1,024, and it must be an HTML file (else no browser would follow it).
* ``redirect_html(href, canonical, lang)``: the page: ``<meta http-equiv="refresh">``,
  ``<link rel="canonical">``, ``noindex``, a plain link, ``lang`` on ``<html>`` (the
  site's ``language``); no script; every value escaped.
  ``is_redirect_page(start)``: a file of the output so beginning is one of those pages.
* ``plan(requests, real_pages, manual, resolve_docname)``: what to write, and the problems:
  a redirect never replaces a real page (compared as a case-insensitive file system
  would), two posts claiming one old URL is a problem (the first in order keeps it), and
  the hand-written ``redirects`` map (old path -> docname or http(s) URL) merges in,
  winning over a post's old URL (it is a deliberate choice).
"""

from __future__ import annotations

import html
import posixpath
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import quote, unquote_to_bytes, urljoin, urlsplit

MAX_SEGMENT_BYTES = 255
MAX_PATH_BYTES = 1024
_DEVICE = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$", re.IGNORECASE)
_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f\\<>:"|?*]')
_SPHINX_FOLDERS = frozenset({"_static", "_sources", "_images", "_downloads", "_modules"})
_SPHINX_FILES = frozenset({"search.html", "genindex.html", "py-modindex.html", "searchindex.js", "objects.inv"})
_HTML = (".html", ".htm", ".xhtml")
_HREF_SAFE = "/-._~!$&()*+,=:@%"


def destination(old_url: str, output_ext: str = ".html") -> tuple[str | None, str | None]:
    """``(file, None)`` or ``(None, why it is refused)``."""
    if not isinstance(old_url, str) or not old_url.startswith("/") or old_url.startswith("//"):
        return None, f"old URL {old_url!r} is not a path on the site (it must start with one '/')"
    try:
        path = unquote_to_bytes(old_url.split("#", 1)[0].split("?", 1)[0]).decode("utf-8")
    except UnicodeDecodeError:
        return None, f"old URL {old_url!r} is not UTF-8 once decoded"
    path = unicodedata.normalize("NFC", path)
    if path.endswith("/"):
        path += "index.html"
    elif not path.endswith(output_ext):
        path += output_ext
    relative = path[1:]
    if _FORBIDDEN.search(relative):
        return None, f"old URL {old_url!r} holds a character a file name cannot (control, backslash, or one of <>:\"|?*)"
    segments = relative.split("/")
    for segment in segments:
        if segment in ("", ".", ".."):
            return None, f"old URL {old_url!r} has an empty, '.' or '..' segment"
        if segment.startswith("."):
            return None, f"old URL {old_url!r} names a hidden file ({segment!r})"
        if segment[-1] in ". " or _DEVICE.match(segment.split(".", 1)[0]):
            return None, f"old URL {old_url!r} holds a name Windows reserves or cannot keep ({segment!r})"
        if len(segment.encode("utf-8")) > MAX_SEGMENT_BYTES:
            return None, f"old URL {old_url!r} has a segment longer than {MAX_SEGMENT_BYTES} bytes"
    if len(relative.encode("utf-8")) > MAX_PATH_BYTES:
        return None, f"old URL {old_url!r} is longer than {MAX_PATH_BYTES} bytes"
    if segments[0] in _SPHINX_FOLDERS or relative in _SPHINX_FILES:
        return None, f"old URL {old_url!r} would be written over Sphinx's own output ({segments[0]})"
    if not relative.lower().endswith(_HTML):
        return None, f"old URL {old_url!r} is not an HTML page ({posixpath.splitext(relative)[1]}): a redirect page there would not be followed"
    return relative, None


def _safe_url(url: str) -> str | None:
    """An http(s) URL fit for an attribute, or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or re.search(r"[\s\x00-\x1f\x7f\"'<>\\]", url):
        return None
    return url


safe_url = _safe_url


def href_from(page: str, target: str) -> str:
    """``target`` (a path from the output root, maybe with ``#anchor``, or an http(s) URL)
    as a link written in the file ``page``: relative, so the site works under any prefix."""
    if _safe_url(target):
        return target
    path, hash_mark, anchor = target.partition("#")
    relative = posixpath.relpath(path or "index.html", posixpath.dirname(page) or ".")
    return quote(relative, safe=_HREF_SAFE) + (hash_mark + quote(anchor, safe=_HREF_SAFE) if hash_mark else "")


#: how every redirect page kb writes begins (``is_redirect_page``), after ``<html lang="…">``
REDIRECT_START = ("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
                  "<title>This page has moved</title>\n<meta name=\"robots\" content=\"noindex\">\n")
_HEAD = REDIRECT_START.split("<head>", 1)[1]
#: the start of a redirect page, with or without ``lang`` (kb before issue 31 wrote none)
_START = re.compile(rb'<!DOCTYPE html>\n<html(?: lang="[A-Za-z0-9_-]{0,35}")?>\n<head>' + re.escape(_HEAD.encode("utf-8")))
#: how many bytes ``is_redirect_page`` needs
START_LENGTH = len(REDIRECT_START) + 48
_LANG = re.compile(r"^[A-Za-z0-9_-]{1,35}$")


def is_redirect_page(start: bytes) -> bool:
    """Do a file's first bytes make it a redirect page kb wrote (by an earlier build,
    whatever its doctree folder), not a page of the site?"""
    return _START.match(start) is not None


def redirect_html(href: str, canonical: str | None = None, lang: str = "en") -> str:
    """The redirect page: a refresh, a canonical link and a plain link, all escaped;
    ``lang`` the site's language (Sphinx's ``en_GB`` as HTML's ``en-GB``)."""
    link = html.escape(href, quote=True)
    canon = html.escape(canonical or href, quote=True)
    lang = lang.replace("_", "-") if lang and _LANG.match(lang) else "en"
    return (
        f"<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>" + _HEAD +
        f"<link rel=\"canonical\" href=\"{canon}\">\n"
        f"<meta http-equiv=\"refresh\" content=\"0; url={link}\">\n"
        "</head>\n<body>\n"
        f"<p>This page has moved to <a href=\"{link}\">{link}</a>.</p>\n"
        "</body>\n</html>\n"
    )


@dataclass(frozen=True)
class RedirectRequest:
    old_url: str  # a path from the output root's URL: /news/2013/05/05/x/
    target: str  # a path from the output root (posts/x.html#a) or an http(s) URL
    origin: str  # who asks (a docname, or "redirects" for conf.py's map), for problems
    output_ext: str = ".html"


@dataclass(frozen=True)
class RedirectPage:
    path: str  # the file to write, relative to the output folder
    target: str
    origin: str
    old_url: str

    def html(self, base_url: str | None = None, lang: str = "en") -> str:
        """The page's HTML; with ``base_url`` (the new site's address) the canonical link
        is absolute, as search engines prefer."""
        href = href_from(self.path, self.target)
        canonical = href if _safe_url(self.target) or not base_url else urljoin(base_url.rstrip("/") + "/", self.target)
        return redirect_html(href, canonical, lang)


@dataclass(frozen=True)
class PlanProblem:
    origin: str
    message: str


@dataclass
class RedirectPlan:
    pages: list[RedirectPage] = field(default_factory=list)
    problems: list[PlanProblem] = field(default_factory=list)


def _fold(path: str) -> str:
    return unicodedata.normalize("NFC", path).casefold()


def _manual_requests(manual: Mapping[str, str], resolve: Callable[[str], str | None] | None,
                     problems: list[PlanProblem]) -> list[RedirectRequest]:
    found = []
    for old, where in sorted(manual.items()):
        old_url = "/" + str(old).lstrip("/")
        target = where if isinstance(where, str) and _safe_url(where) else (resolve(where) if resolve and isinstance(where, str) else None)
        if target is None:
            problems.append(PlanProblem("redirects", f"redirect {old!r}: {where!r} is neither an http(s) address nor a document"))
        else:
            found.append(RedirectRequest(old_url, target, f"redirects[{old!r}]"))
    return found


def plan(requests: Iterable[RedirectRequest], real_pages: Iterable[str],
         manual: Mapping[str, str] | None = None,
         resolve_docname: Callable[[str], str | None] | None = None) -> RedirectPlan:
    """Decide which redirect pages to write (see the module docstring). ``real_pages``:
    every file the build writes as a page (relative to the output folder)."""
    result = RedirectPlan()
    real = {_fold(p) for p in real_pages}
    real_dirs = {_fold(posixpath.dirname(p)) for p in real_pages} | {""}
    chosen: dict[str, RedirectPage] = {}  # folded path -> page
    claimed_dirs: set[str] = set()
    ordered = _manual_requests(manual or {}, resolve_docname, result.problems)
    ordered += sorted(requests, key=lambda r: (r.old_url, r.origin))
    for request in ordered:
        path, why = destination(request.old_url, request.output_ext)
        if path is None:
            result.problems.append(PlanProblem(request.origin, f"no redirect: {why}"))
            continue
        key = _fold(path)
        parents = {_fold("/".join(path.split("/")[:n])) for n in range(1, path.count("/") + 1)}
        if key in real or key in real_dirs or parents & real:
            result.problems.append(PlanProblem(request.origin, f"no redirect at {request.old_url}: {path} is a page of this site"))
        elif key in chosen:
            if not chosen[key].origin.startswith("redirects["):
                result.problems.append(PlanProblem(request.origin, f"old URL {request.old_url} is claimed by {chosen[key].origin} too; it redirects there"))
        elif key in claimed_dirs or parents & set(chosen):
            result.problems.append(PlanProblem(request.origin, f"no redirect at {request.old_url}: {path} clashes with another redirect's file or folder"))
        else:
            chosen[key] = RedirectPage(path, request.target, request.origin, request.old_url)
            claimed_dirs |= parents
    result.pages = sorted(chosen.values(), key=lambda page: page.path)
    return result
