"""Old URLs: is a link target written in a post the old URL of a post? Pure Python.

``OldUrlIndex.build(site, posts)`` indexes every post's old URL (``permalinks``); then
``index.lookup(target)`` answers, for a link target as written in a post:

* ``PostTarget(docname, anchor)``: the old URL of a post (make it an internal link);
* ``NotAPost(path, anchor, url, candidates)``: a page of the old site that is not a post (a
  root-relative path, or an absolute URL on the site's ``url``); ``url`` is the address to
  link to instead (None when the site's ``url`` is unknown: the glue warns); ``candidates``
  the posts of its date and title when there are several (``shapes.date_title``);
* None: anything else (another site, ``mailto:``, a relative file link, a bare ``#anchor``).

What counts as the old URL of a post, beside the URL itself:

* with or without ``baseurl`` (Jekyll 3 sites wrote ``{{ site.baseurl }}{% post_url %}``,
  so a doubled ``baseurl`` is accepted too);
* on the site's ``url`` with either scheme and with or without ``www.`` (the host compared
  without case, a default port ignored): old sites were commonly served both ways;
* with or without the trailing ``/``, ``index.html`` or ``.html`` (``/x/``, ``/x``,
  ``/x/index.html``, ``/x.html`` are one page on GitHub Pages and most servers); the exact
  URL is tried first;
* percent-encoded or not, a ``?query`` ignored, ``#fragment`` kept (decoded) as the anchor;
* ``{{ site.baseurl }}``, ``{{ site.url }}``, ``{{ "/x" | relative_url }}``,
  ``| absolute_url`` around the path (the text is evaluated first, ``liquid.evaluate_output``);
* a relative target (``../x/``) only when the caller gives the linking post's old URL as
  ``base``, resolved against it as a browser would;
* a path matching no old URL but ending in a date and title that one post alone has
  (``/2019/03/02/my-post.html`` for ``/blog/2019/03/02/my-post.html``: links that leave out
  the category folders Jekyll adds): ``PostTarget(…, by_date_title=True)``.

Case matters (URLs are case-sensitive, and ``:title`` keeps the file name's case).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import SplitResult, unquote, urljoin, urlsplit

from ..liquid import LiquidSite, evaluate_output, relative_url
from .config import JekyllSite
from .pages import link_url
from .shapes import date_title, post_titles, template_pattern

_LIQUID_OUTPUT = re.compile(r"\{\{-?(.*?)-?\}\}")
_PAGE_EXTENSIONS = (".html", ".htm", ".xhtml")
#: ``PostComparer::MATCHER`` (lib/jekyll/tags/post_url.rb)
_POST_NAME = re.compile(r"^(.+/)*(\d+-\d+-\d+)-(.*)$")


class PostTarget(NamedTuple):
    docname: str
    anchor: str  # "" when the link has no #fragment
    by_date_title: bool = False  # no post has the URL; the one post of its date and title


class NotAPost(NamedTuple):
    path: str  # the path on the old site, decoded, as written (baseurl kept if written)
    anchor: str
    url: str | None  # where to link instead: the old site's page; None if its url is unknown
    candidates: tuple[str, ...] = ()  # the posts (docnames) of its date and title, when several


@dataclass(frozen=True)
class IndexedPost:
    docname: str
    relative_path: str  # in the Jekyll site: _posts/2013-05-06-x.markdown
    url: str  # Jekyll's page.url, without baseurl
    date: dt.date | None = None  # in the site's zone (post_url's old matching rule)
    slug: str = ""


@dataclass(frozen=True)
class DuplicateUrl:
    url: str
    docnames: tuple[str, ...]  # every post claiming it; the first one keeps it


class _Parsed(NamedTuple):
    text: str  # the target, Liquid evaluated
    path: str  # decoded, slashes squeezed
    parts: SplitResult  # as written (relative targets: resolved against the base)
    anchor: str  # decoded fragment
    absolute: bool


def _key(path: str) -> str:
    """One page's several spellings: no ``index.html``, ``.html`` or trailing ``/``."""
    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    elif path.endswith(".html"):
        path = path[: -len(".html")]
    return path.rstrip("/") or "/"


@dataclass(frozen=True)
class OldUrlIndex:
    site: JekyllSite
    by_url: dict[str, IndexedPost]
    by_key: dict[str, IndexedPost]
    posts: tuple[IndexedPost, ...]
    by_name: dict[str, IndexedPost]  # what {% post_url %} names: [dir/]YYYY-MM-DD-slug
    by_path: dict[str, IndexedPost]  # relative_path -> post, for {% link %}
    by_docname: dict[str, IndexedPost]
    site_files: frozenset[str] | None = None  # files of the Jekyll site, when known
    liquid_site: LiquidSite = field(default_factory=LiquidSite)  # for liquid.convert(site=…)
    by_date_title: dict[tuple, tuple[IndexedPost, ...]] = field(default_factory=dict)  # (date, title)

    @classmethod
    def build(cls, site: JekyllSite, posts: Iterable[IndexedPost],
              site_files: Iterable[str] | None = None) -> tuple[OldUrlIndex, list[DuplicateUrl]]:
        """Index ``posts`` (in Jekyll's order, by path here); two posts claiming one URL
        are reported, and the first in path order keeps it."""
        ordered = tuple(sorted(posts, key=lambda post: post.relative_path))
        claims: dict[str, list[IndexedPost]] = {}
        for post in ordered:
            claims.setdefault(unquote(post.url), []).append(post)
        by_url = {url: owners[0] for url, owners in claims.items()}
        by_key: dict[str, IndexedPost] = {}
        for url, post in by_url.items():
            by_key.setdefault(_key(url), post)
        duplicates = [DuplicateUrl(url, tuple(p.docname for p in owners)) for url, owners in claims.items() if len(owners) > 1]
        liquid = LiquidSite(site.baseurl, site.url, site.variables)
        files = frozenset(f.lstrip("/") for f in site_files) if site_files is not None else None
        by_name: dict[str, IndexedPost] = {}
        for post in ordered:
            stem = posixpath.splitext(post.relative_path)[0]
            before, _magic, after = stem.rpartition("_posts/")
            by_name.setdefault(before + after, post)  # _posts/dir/x and dir/_posts/x: dir/x
        by_path = {post.relative_path: post for post in reversed(ordered)}
        by_docname = {post.docname: post for post in reversed(ordered)}
        dated: dict[tuple, tuple[IndexedPost, ...]] = {}
        for url, post in by_url.items():
            for title in post_titles(url, post.slug) if post.date else ():
                dated[(post.date, title)] = (*dated.get((post.date, title), ()), post)
        return cls(site, by_url, by_key, ordered, by_name, by_path, by_docname, files, liquid, dated), duplicates

    # -- what Liquid tags render -------------------------------------------------

    def post_url_tag(self, name: str) -> str | None:
        """What ``{% post_url name %}`` renders in Jekyll 4: the post's URL with
        ``baseurl`` (``PostComparer``: ``_posts/[dir/]name.ext`` or ``dir/_posts/name.ext``,
        then the old rule: same slug and date)."""
        match = _POST_NAME.match(name.lstrip("/"))
        if match is None:
            return None
        folder, date, slug = match.group(1) or "", match.group(2), match.group(3)
        found = self.by_name.get(f"{folder}{date}-{slug}")
        if found is None:
            found = next((p for p in self.posts if p.date and p.slug == slug
                          and p.date.isoformat() == _iso(date)), None)
        return relative_url(found.url, self.liquid_site) if found else None

    def link_tag(self, path: str) -> str | None:
        """What ``{% link path %}`` renders in Jekyll 4 (``baseurl`` included): a post's
        URL, or the URL of another page of the old site (``pages.link_url``); None when
        Jekyll would not find it (checked against ``site_files`` when known)."""
        clean = path.strip().lstrip("/")
        post = self.by_path.get(clean)
        if post is not None:
            return relative_url(post.url, self.liquid_site)
        if self.site_files is not None and clean not in self.site_files:
            return None
        url = link_url(clean, self.site)
        return relative_url(url, self.liquid_site) if url else None

    # -- looking a target up -----------------------------------------------------

    def _split(self, target: str, base: str | None) -> _Parsed | None:
        """The parts of a target on the old site (Liquid evaluated), or None."""
        text = target.strip().strip("<>").strip()
        if "{{" in text:
            text = _LIQUID_OUTPUT.sub(lambda m: _or_nul(evaluate_output(m.group(1), self.liquid_site)), text)
            if "\0" in text:
                return None
        if not text or text.startswith("#"):
            return None
        parts = urlsplit(text)
        absolute = bool(parts.scheme or text.startswith("//"))
        if absolute:
            if parts.scheme not in ("http", "https", "") or not self._on_site(parts.netloc):
                return None
        elif not text.startswith("/"):
            if base is None:
                return None
            parts = urlsplit(urljoin(base, text))
        path = re.sub("/+", "/", unquote(parts.path) or "/")
        return _Parsed(text, path, parts, unquote(parts.fragment), absolute)

    def _on_site(self, netloc: str) -> bool:
        own = urlsplit(self.site.url).netloc if self.site.url else ""
        if not own or not netloc:
            return False

        def host(text: str) -> str:
            text = text.rsplit("@", 1)[-1].lower()
            text = re.sub(r":(80|443)$", "", text)
            return text[4:] if text.startswith("www.") else text

        return host(netloc) == host(own)

    def _find(self, path: str) -> IndexedPost | None:
        base = "/" + self.site.baseurl.strip("/") if self.site.baseurl.strip("/") else ""
        candidates = [path]
        for _ in range(2):  # with baseurl, and with baseurl written twice
            if base and (candidates[-1] == base or candidates[-1].startswith(base + "/")):
                candidates.append(candidates[-1][len(base):] or "/")
        for candidate in candidates:
            if candidate in self.by_url:
                return self.by_url[candidate]
        return next((self.by_key[_key(c)] for c in candidates if _key(c) in self.by_key), None)

    def lookup(self, target: str, base: str | None = None) -> PostTarget | NotAPost | None:
        """Classify a link target (see the module docstring)."""
        parsed = self._split(target, base)
        if parsed is None:
            return None
        post = self._find(parsed.path)
        if post is not None:
            return PostTarget(post.docname, parsed.anchor)
        key = date_title(parsed.path)
        same = self.by_date_title.get(key, ()) if key else ()
        if len(same) == 1:
            return PostTarget(same[0].docname, parsed.anchor, True)
        if parsed.absolute:
            url: str | None = "https:" + parsed.text if parsed.text.startswith("//") else parsed.text
        elif self.site.url:
            origin = "{0.scheme}://{0.netloc}".format(urlsplit(self.site.url))
            parts = parsed.parts
            url = origin + (parts.path or "/") + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
        else:
            url = None
        return NotAPost(parsed.path, parsed.anchor, url, tuple(p.docname for p in same))

    def looks_like_post_url(self, path: str) -> bool:
        """Is ``path`` (as ``lookup`` reports it) shaped like the posts' URL template
        (each placeholder any text), with or without ``baseurl``? A link so shaped that
        no post has is probably a post's old URL mistyped, or a post left behind."""
        base = "/" + self.site.baseurl.strip("/") if self.site.baseurl.strip("/") else ""
        if base and path.startswith(base + "/"):
            path = path[len(base):]
        pattern = template_pattern(self.site.posts_permalink)
        key = _key(path)
        return any(pattern.fullmatch(candidate) for candidate in {path, key, key + "/", key + ".html"})

    def keeps_url(self, post: IndexedPost) -> bool:
        """Does ``post`` keep its URL (no post earlier in path order claims it too)? URLs
        are compared decoded: ``/web%20dev/x`` (Jekyll's URL of a category with a space) is
        the file ``web dev/x``."""
        return self.by_url.get(unquote(post.url)) is post

    def old_url(self, docname: str) -> str | None:
        """A post's old address (``baseurl`` + URL)."""
        post = self.by_docname.get(docname)
        return self.site.address(post.url) if post else None

    def asset_path(self, target: str) -> str | None:
        """The file a root-relative reference (``/assets/x.png``, ``{{ site.baseurl }}/…``,
        an absolute URL on the site) names in the Jekyll site folder: a relative path
        (``assets/x.png``), or None (not on the old site, a post, a page, a folder, or a
        path that leaves the folder or names a file Jekyll does not publish)."""
        parsed = self._split(target, None)
        if parsed is None:
            return None
        path = parsed.path
        base = "/" + self.site.baseurl.strip("/") if self.site.baseurl.strip("/") else ""
        if base and path.startswith(base + "/"):
            path = path[len(base):]
        if self._find(path) or path.endswith("/"):
            return None
        relative = path.lstrip("/")
        parts = relative.split("/")
        ext = posixpath.splitext(relative)[1].lower()
        if (not ext or ext in _PAGE_EXTENSIONS or ext[1:] in self.site.markdown_ext
                or any(p in ("", ".", "..") or p[0] in "._" for p in parts)
                or re.search(r"[\\\x00-\x1f\x7f]", relative)):
            return None
        return relative


def _or_nul(value: str | None) -> str:
    return "\0" if value is None else value


def _iso(date: str) -> str:
    year, month, day = (int(part) for part in date.split("-"))
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return ""
