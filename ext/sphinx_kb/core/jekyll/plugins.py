"""What a Jekyll site's plugins jekyll-feed (0.17) and jekyll-redirect-from (0.16) did,
as kb needs to do it again. Pure Python, no Sphinx; nothing here writes a file.

jekyll-feed (``lib/jekyll-feed/generator.rb``, ``feed.xml``), when it is among
``plugins`` (or ``gems``) or ``feed:`` is set:

* ``read_feeds(data, lines, problems)``: the Atom feeds it wrote, each a ``JekyllFeed``:
  the posts' at ``feed: path`` (default ``/feed.xml``), one per ``feed: categories``
  entry at ``/feed/<category>.xml`` (posts whose categories hold it, as written), one
  per other collection of ``feed: collections`` (``/feed/<label>.xml``, its
  ``path``, its categories at ``/feed/<label>/<category>.xml``), and with ``feed:
  tags`` one per tag (``only``/``except``, at ``tags: path``, default
  ``/feed/by_tag/``; tags of other than ``[A-Za-z0-9_]`` are skipped, as it skips
  them); ``feed: posts_limit`` entries each (default 10). A path that would leave the
  output folder, is hidden or goes into Sphinx's folders is a problem, not a feed.
* ``entry_id(url, slug, site_url, baseurl)``: an entry's ``<id>``, ``post.id |
  absolute_url``: ``Document#id`` is ``File.join(File.dirname(url), slug)`` (the
  post's URL without its last segment, then its slug: ``/news/2025/01/29/x/`` ->
  ``/news/2025/01/29/x``), and ``absolute_url`` puts ``url`` and ``baseurl`` before it.

jekyll-redirect-from: ``redirects_json(data)``: whether it writes ``redirects.json``
(unless ``redirect_from: json: false``); ``redirect_values(extra, lines)``: a post's
``redirect_from`` (a path or a list of paths, each given a leading ``/``) and
``redirect_to`` (a URL; of a list, the first), with a problem for each value that is
not text, and for more than ``MAX_REDIRECTS_PER_POST`` paths (the rest left out).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

from ..problem import Problem
from ..text import scalar_text

FEED_PLUGIN = "jekyll-feed"
REDIRECT_PLUGIN = "jekyll-redirect-from"
DEFAULT_POSTS_LIMIT = 10
#: redirect pages one post may ask for: more is surely a mistake (or a way to fill the disk)
MAX_REDIRECTS_PER_POST = 100
_TAG = re.compile(r"^[A-Za-z0-9_]+$")
_REFUSED_FIRST = frozenset({"_static", "_sources", "_images", "_downloads", "_modules"})
#: files of the build a feed must not replace (kb's sitemap and JSON feed, Sphinx's search)
_RESERVED = frozenset({"sitemap.xml", "feed.json", "robots.txt", "searchindex.js", "objects.inv"})
_URL_SAFE = "/:@!$&'()*+,;=-._~%"


@dataclass(frozen=True)
class JekyllFeed:
    path: str  # the file in the output folder, as jekyll-feed names it: feed/release.xml
    collection: str = "posts"
    category: str | None = None  # posts whose categories hold it
    tag: str | None = None  # posts tagged so


@dataclass(frozen=True)
class JekyllFeeds:
    feeds: tuple[JekyllFeed, ...]
    posts_limit: int = DEFAULT_POSTS_LIMIT
    line: int = 1  # of ``feed:`` (or ``plugins:``) in _config.yml, for warnings
    tags: Any = None  # ``feed: tags`` as written (``tag_feeds``)


def plugins(data: Mapping[str, Any]) -> tuple[str, ...]:
    """The plugins ``_config.yml`` names (``plugins``, or Jekyll 3's ``gems``)."""
    value = data.get("plugins") if data.get("plugins") is not None else data.get("gems")
    if isinstance(value, str):
        value = [value]
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def feed_file(path: str) -> tuple[str | None, str | None]:
    """A feed's path as written (``/feed/x.xml``) -> ``(file in the output folder, None)``
    or ``(None, why it is refused)``."""
    relative = unquote(path).lstrip("/")
    segments = relative.split("/")
    if not relative or any(s in ("", ".", "..") or s.startswith(".") for s in segments):
        return None, f"feed path {path!r} has an empty, hidden, '.' or '..' segment"
    if re.search(r'[\x00-\x1f\x7f\\<>:"|?*]', relative):
        return None, f"feed path {path!r} holds a character a file name cannot"
    if segments[0] in _REFUSED_FIRST or relative in _RESERVED or relative.lower().endswith((".html", ".htm")):
        return None, f"feed path {path!r} would be written over Sphinx's own output or a page"
    return relative, None


def _categories(value: Any) -> list[str]:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        value = [value]
    return [text for item in value or [] if (text := scalar_text(item)) is not None] if isinstance(value, (list, set)) else []


def read_feeds(data: Mapping[str, Any], lines: Mapping[str, int], problems: list[Problem]) -> JekyllFeeds | None:
    """jekyll-feed's feeds but those by tag (``tag_feeds``, once the posts are read),
    or None when the site does not use it."""
    config = data.get("feed")
    if FEED_PLUGIN not in plugins(data) and not isinstance(config, dict):
        return None
    line = lines.get("feed", lines.get("plugins", 1))
    if not isinstance(config, dict):
        if config is not None:
            problems.append(Problem(line, "_config.yml: 'feed' should be a map of jekyll-feed's settings; ignored"))
        config = {}
    collections = config.get("collections")
    if isinstance(collections, list):
        collections = {str(label): {} for label in collections}
    collections = {str(k): (v if isinstance(v, dict) else {}) for k, v in collections.items()} \
        if isinstance(collections, dict) else {}
    posts = collections.setdefault("posts", {})
    posts = {"path": posts.get("path") or config.get("path"), "categories": posts.get("categories") or config.get("categories")}
    collections["posts"] = posts
    found: list[JekyllFeed] = []
    for label, meta in collections.items():
        if label != "posts":
            problems.append(Problem(line, f"_config.yml: jekyll-feed's feed of the collection {label!r} is not written: "
                                          "kb moves posts only"))
            continue
        prefix = "/feed" if label == "posts" else f"/feed/{label}"
        wanted = [(f"{prefix}/{category}.xml", category) for category in dict.fromkeys(_categories(meta.get("categories")))]
        own = meta.get("path") if isinstance(meta.get("path"), str) else None
        for path, category in [*wanted, (own or f"{prefix}.xml", None)]:
            relative, why = feed_file(path)
            if relative is None:
                problems.append(Problem(line, f"_config.yml: jekyll-feed: {why}; that feed is not written"))
            else:
                found.append(JekyllFeed(relative, label, category))
    limit = config.get("posts_limit")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        problems.append(Problem(line, f"_config.yml: feed: posts_limit should be a whole number above 0, not {limit!r}; "
                                      f"{DEFAULT_POSTS_LIMIT} is used"))
        limit = None
    return JekyllFeeds(tuple(found), limit or DEFAULT_POSTS_LIMIT, line, config.get("tags"))


def tag_feeds(tags: Any, site_tags: list[str]) -> list[JekyllFeed]:
    """``generate_feed_by_tag``: with ``feed: tags`` (``tags``) set, a feed per tag of
    the site's posts (``only`` in place of them, less ``except``)."""
    if not tags or not site_tags:
        return []
    settings = tags if isinstance(tags, dict) else {}
    only = _categories(settings["only"]) if "only" in settings else list(site_tags)
    pool = [tag for tag in only if tag not in set(_categories(settings.get("except")))]
    folder = settings.get("path") if isinstance(settings.get("path"), str) else "/feed/by_tag/"
    found = []
    for tag in pool:
        relative, _ = feed_file(f"{folder}{tag}.xml")
        if _TAG.match(tag) and relative is not None:
            found.append(JekyllFeed(relative, tag=tag))
    return found


def absolute_url(path: str, site_url: str, baseurl: str) -> str:
    """Jekyll's ``absolute_url`` of a path: ``url`` + ``baseurl`` + the path (each with a
    leading ``/``), characters a URL cannot hold percent-encoded."""
    parts = [p if p.startswith("/") or not p else "/" + p for p in (baseurl.rstrip("/"), path)]
    return site_url.rstrip("/") + quote("".join(parts), safe=_URL_SAFE)


def document_id(url: str, slug: str) -> str:
    """``Document#id``: Ruby's ``File.dirname`` (trailing ``/`` ignored) joined with the slug."""
    folder = posixpath.dirname(url.rstrip("/")) or "/"
    return folder.rstrip("/") + "/" + slug.lstrip("/")


def entry_id(url: str, slug: str, site_url: str, baseurl: str) -> str:
    return absolute_url(document_id(url, slug), site_url, baseurl)


def redirects_json(data: Mapping[str, Any]) -> bool:
    settings = data.get("redirect_from")
    return REDIRECT_PLUGIN in plugins(data) and not (isinstance(settings, dict) and settings.get("json") is False)


def redirect_values(extra: Mapping[str, Any], lines: Mapping[str, int]) -> tuple[list[str], str | None, list[Problem]]:
    """A post's ``redirect_from`` paths (each with a leading ``/``), its ``redirect_to``
    address (None: none), and the problems with them (each at its key's line)."""
    problems: list[Problem] = []
    sources = extra.get("redirect_from")
    sources = [] if sources is None else sources if isinstance(sources, list) else [sources]
    paths = []
    for value in sources:
        if value is None:
            continue  # ``compact``
        if not isinstance(value, str) or not value.strip():
            problems.append(Problem(lines.get("redirect_from", 1),
                                    f"redirect_from: {value!r} is not a path on the site; no redirect from it"))
            continue
        paths.append(value if value.startswith("/") else "/" + value)
    if len(paths) > MAX_REDIRECTS_PER_POST:
        problems.append(Problem(lines.get("redirect_from", 1), f"redirect_from: {len(paths)} paths; only the first "
                                                               f"{MAX_REDIRECTS_PER_POST} get a redirect page"))
        paths = paths[:MAX_REDIRECTS_PER_POST]
    target = extra.get("redirect_to")
    if isinstance(target, list):
        target = next((t for t in target if t is not None), None)
    if target is not None and (not isinstance(target, str) or not target.strip()):
        problems.append(Problem(lines.get("redirect_to", 1),
                                f"redirect_to: {target!r} is not an address; the post is not redirected"))
        target = None
    return paths, target.strip() if target else None, problems


__all__ = [
    "DEFAULT_POSTS_LIMIT", "FEED_PLUGIN", "MAX_REDIRECTS_PER_POST", "JekyllFeed", "JekyllFeeds", "REDIRECT_PLUGIN", "absolute_url",
    "document_id", "entry_id", "feed_file", "plugins", "read_feeds", "redirect_values", "redirects_json", "tag_feeds",
]
