"""The URL Jekyll 4.x gives a post (and other pages, for ``{% link %}``). Pure Python.

``jekyll_post(relative_path, front, site)`` does what Jekyll does when it reads a post:
merge defaults (``defaults.post_data``), take the date (front matter, defaults, else the
file name's, at midnight; always in the site's zone, see ``dates``), the slug (``slug:``
or the file name's) and the output extension, then build ``Document#url``
(lib/jekyll/document.rb, lib/jekyll/url.rb):

* the template is the post's own ``permalink:`` when it has one (placeholders work there
  too), else the posts' template from ``_config.yml``;
* each ``:name`` is a ``Drops::UrlDrop`` value (lib/jekyll/drops/url_drop.rb), escaped by
  ``escape_path``; ``:title`` is the slug slugified in ``pretty`` mode keeping case,
  ``:slug`` in the default mode, ``:name`` the file name without extension slugified,
  ``:categories`` the categories lower-cased, without repeats, joined by ``/`` (none: the
  empty string, and the doubled ``/`` is squeezed), ``:slugified_categories`` (Jekyll 4.1+)
  each slugified; dates use English month and day names as Ruby's ``strftime`` does;
  ``:path`` is the path without ``_posts`` and extension, ``:output_ext`` ``.html`` for
  Markdown (or the extension of a ``permalink:`` that has one);
* a name ending in ``_`` may stand for the name without it (``:month_:day``);
* the result goes through ``sanitize_url``. A trailing ``/`` means ``.../index.html`` on
  disk; no trailing ``/`` means the output extension is added unless present
  (``redirects.destination``).

A placeholder the drop does not know (``:basename`` is a page's, not a post's) makes
Jekyll stop with "The URL template doesn't have basename keys": here it is a problem and
the post has no old URL.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..problem import Problem
from .config import JekyllSite
from .dates import parse_time
from .defaults import post_data, ruby_text
from .urlparts import escape_path, sanitize_url, slugify

#: ``Document::DATE_FILENAME_MATCHER`` and ``DATELESS_FILENAME_MATCHER``
DATE_FILENAME = re.compile(r"^(?:.+/)*(\d{2,4}-\d{1,2}-\d{1,2})-(.*)(\.[^.]+)$")
DATELESS_FILENAME = re.compile(r"^(?:.+/)*(.*)(\.[^.]+)$")
_PLACEHOLDER = re.compile(r":([a-z_]+)")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class JekyllPost:
    """A post as Jekyll read it. ``url`` is ``page.url`` (without ``baseurl``), None when
    Jekyll could not have built it; ``data`` is for ``frontmatter.normalise``: defaults
    merged, categories complete, ``date`` the aware time in the site's zone when readable."""

    relative_path: str
    data: Mapping[str, Any]
    time: dt.datetime | None
    slug: str
    output_ext: str
    url: str | None


def output_ext(relative_path: str, permalink: Any, site: JekyllSite) -> str:
    """``Renderer#output_ext``: a ``permalink:``'s own extension, else ``.html`` for
    Markdown, else the file's extension (Jekyll copies other text through as it is)."""
    if isinstance(permalink, str) and permalink and not permalink.endswith("/"):
        ext = posixpath.splitext(permalink)[1]
        if ext:
            return ext
    ext = posixpath.splitext(relative_path)[1]
    return ".html" if ext[1:].lower() in site.markdown_ext or not ext else ext


def drop_values(post_time: dt.datetime, slug: str, basename: str, categories: list[str],
                path: str, ext: str, collection: str = "posts") -> dict[str, Callable[[], str]]:
    """The ``UrlDrop``'s values, computed only when the template asks for them."""
    t = post_time
    iso = t.isocalendar()
    return {
        "collection": lambda: collection,
        "name": lambda: slugify(basename) or "",
        "title": lambda: slugify(slug, "pretty", cased=True) or "",
        "slug": lambda: slugify(slug) or "",
        "categories": lambda: "/".join(dict.fromkeys(c.lower() for c in categories)),
        "slugified_categories": lambda: "/".join(dict.fromkeys(slugify(c) or "" for c in categories)),
        "year": lambda: f"{t.year:04d}", "month": lambda: f"{t.month:02d}", "day": lambda: f"{t.day:02d}",
        "hour": lambda: f"{t.hour:02d}", "minute": lambda: f"{t.minute:02d}", "second": lambda: f"{t.second:02d}",
        "i_day": lambda: str(t.day), "i_month": lambda: str(t.month),
        "short_month": lambda: _MONTHS[t.month - 1][:3], "long_month": lambda: _MONTHS[t.month - 1],
        "short_year": lambda: f"{t.year % 100:02d}", "y_day": lambda: f"{t.timetuple().tm_yday:03d}",
        "w_year": lambda: f"{iso[0]:04d}", "week": lambda: f"{iso[1]:02d}", "w_day": lambda: str(iso[2]),
        "short_day": lambda: _DAYS[t.weekday()][:3], "long_day": lambda: _DAYS[t.weekday()],
        "path": lambda: path, "output_ext": lambda: ext,
    }


def generate_url(template: str, values: Mapping[str, Callable[[], str]]) -> tuple[str | None, str | None]:
    """``URL#generate_url_from_drop`` then ``sanitize_url``: ``(url, None)``, or
    ``(None, unknown placeholder)`` where Jekyll would stop."""
    unknown: list[str] = []

    def replace(match: re.Match) -> str:
        name = match.group(1)
        pool = [name, name[:-1]] if name.endswith("_") else [name]
        winner = next((key for key in pool if key in values), None)
        if winner is None:
            unknown.append(name)
            return match.group(0)
        return match.group(0).replace(":" + winner, escape_path(values[winner]()), 1)

    url = _PLACEHOLDER.sub(replace, template)
    return (None, unknown[0]) if unknown else (sanitize_url(url), None)


def _post_time(data: Mapping[str, Any], relative_path: str, site: JekyllSite, mtime: dt.datetime | None,
               lines: Mapping[str, int], problems: list[Problem]) -> dt.datetime | None:
    name_match = DATE_FILENAME.match(relative_path)
    if data.get("date") not in (None, "", False):
        parsed = parse_time(data["date"])
        if parsed is not None:
            return site.localtime(parsed[0])
        problems.append(Problem(lines.get("date", 1), f"Jekyll cannot read the date {data['date']!r} (it would stop here); the file name's date is used for the old URL"))
    if name_match:
        parsed = parse_time(name_match.group(1))
        if parsed is not None:
            return site.localtime(parsed[0])
    return site.localtime(mtime) if mtime is not None else None


def jekyll_post(relative_path: str, front: Mapping[str, Any], site: JekyllSite, *,
                lines: Mapping[str, int] | None = None, mtime: dt.datetime | None = None) -> tuple[JekyllPost, list[Problem]]:
    """Read a post as Jekyll does. ``relative_path`` is the path in the Jekyll site
    (``_posts/2013-05-06-x.markdown``, ``news/_posts/…``, ``_drafts/x.md``); ``front`` the raw
    front matter; ``lines`` its keys' lines (for problems); ``mtime`` a draft's file time,
    Jekyll's date for a draft that gives none."""
    lines = lines or {}
    problems: list[Problem] = []
    data = post_data(relative_path, front, site)
    post_time = _post_time(data, relative_path, site, mtime, lines, problems)
    if post_time is not None and data.get("date") not in (None, ""):
        data["date"] = post_time
    name_match = DATE_FILENAME.match(relative_path) or DATELESS_FILENAME.match(relative_path)
    filename_slug = name_match.group(name_match.re.groups - 1) if name_match else relative_path
    slug = ruby_text(data["slug"]) if data.get("slug") not in (None, False) else filename_slug
    permalink = data.get("permalink")
    if permalink is not None and permalink is not False and not isinstance(permalink, str):
        problems.append(Problem(lines.get("permalink", 1), f"'permalink' should be text, not a {type(permalink).__name__}; the site's permalink is used"))
        permalink = None
    ext = output_ext(relative_path, permalink, site)
    if post_time is None:
        problems.append(Problem(1, "no date (neither in the front matter nor in the file name): no old URL"))
        return JekyllPost(relative_path, data, None, slug, ext, None), problems
    source_ext = posixpath.splitext(relative_path)[1]
    path = re.sub(r"\.*$", "", relative_path[: len(relative_path) - len(source_ext)].replace("_posts", "", 1))
    basename = posixpath.basename(relative_path)[: -len(source_ext) or None]
    values = drop_values(post_time, slug, basename, list(data["categories"]), path, ext)
    template = permalink if isinstance(permalink, str) else site.posts_permalink
    url, unknown = generate_url(template, values)
    if unknown is not None:
        where = "this post's 'permalink'" if isinstance(permalink, str) else "_config.yml's posts permalink"
        problems.append(Problem(lines.get("permalink", 1) if isinstance(permalink, str) else 1,
                                f"{where} uses :{unknown}, which Jekyll does not know for posts (it would stop): no old URL"))
    return JekyllPost(relative_path, data, post_time, slug, ext, url), problems


def jekyll_publishes(post: JekyllPost, site: JekyllSite, now: dt.datetime) -> bool:
    """``Publisher#publish?``: Jekyll writes a post unless its ``published`` is false or
    empty (a string ``"false"`` is true in Ruby; ``unpublished: true`` overrides) or its
    time is after ``now`` (``future: true`` overrides)."""
    published = post.data.get("published", True)
    if (published is False or published is None) and not site.unpublished:
        return False
    return site.future or post.time is None or post.time <= now


def jekyll_path(kb_path: str, special: str = "_posts") -> str:
    """A post's Jekyll ``relative_path`` from its path in kb's posts folder (the inverse of
    ``importer.kb_path``): ``a/x.md`` -> ``_posts/a/x.md``; ``news/_posts/x.md`` is kept, its
    folder above ``_posts`` being a category. Drafts: ``special="_drafts"``."""
    kb_path = kb_path.lstrip("/")
    if f"/{special}/" in f"/{kb_path}":
        return kb_path
    return f"{special}/{kb_path}"
