"""What feeds, link previews and search engines read of a post's front matter, beyond
``core.frontmatter``'s fields. Pure Python.

The keys are jekyll-seo-tag's, jekyll-feed's and jekyll-sitemap's, so a migrated blog
keeps them: ``image`` (a path or address, or a map with ``path`` and ``alt``),
``image_alt``, ``last_modified_at`` (or ``updated``) and ``sitemap: false``. Every value
is checked: an image must be an http(s) address or a path inside the site (from its
root, as Jekyll's ``absolute_url`` reads it); anything else is a problem with the
key's line, and is not used.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .frontmatter import Post, parse_date
from .problem import Problem
from .publishing import moment
from .text import scalar_text, shown

__all__ = ["PostImage", "image_of", "in_sitemap", "picture", "site_path", "updated_moment"]

_HTTP = re.compile(r"^https?://[^\s<>\"'\\]+$", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
UPDATED_KEYS = ("last_modified_at", "updated")


@dataclass(frozen=True)
class PostImage:
    url: str | None  # an http(s) address
    path: str | None  # or a file of the site, from its root ("assets/cards/a.png")
    alt: str = ""


def _line(post: Post, key: str) -> int:
    return post.key_lines.get(key, 1)


def site_path(value: str) -> str | None:
    """``value`` as a path inside the site (``/assets/a.png`` -> ``assets/a.png``), or
    None when it is not one (a scheme, ``..``, a backslash, spaces or quotes)."""
    if _SCHEME.match(value) or "\\" in value or re.search(r"[\s<>\"']", value):
        return None
    path = value.split("#", 1)[0].split("?", 1)[0].lstrip("/")
    if not path or ".." in path.split("/"):
        return None
    return path


def image_of(post: Post) -> tuple[PostImage | None, list[Problem]]:
    """The post's ``image:`` (jekyll-seo-tag's forms), or None."""
    raw = post.extra.get("image")
    if raw is None:
        return None, []
    alt_raw = post.extra.get("image_alt")
    if isinstance(raw, dict):
        alt_raw = raw.get("alt", alt_raw)
        raw = next((raw[k] for k in ("path", "facebook", "twitter") if raw.get(k) is not None), None)
    alt = (scalar_text(alt_raw) or "") if alt_raw is not None else ""
    return picture(scalar_text(raw) if raw is not None else None, alt, _line(post, "image"))


def picture(value: str | None, alt: str = "", line: int = 1) -> tuple[PostImage | None, list[Problem]]:
    """An ``image`` (or a site's ``logo``) value as written: an address or a path of the site."""
    if not value:
        return None, [Problem(line, "'image' should be a path or an address (or path: and alt:); ignored")]
    if _HTTP.match(value):
        return PostImage(value, None, alt), []
    path = site_path(value)
    if path is None:
        return None, [Problem(line, f"image {shown(value)} must be an http(s) address or a path inside "
                              "the site; ignored")]
    return PostImage(None, path, alt), []


def updated_moment(post: Post, zone: dt.tzinfo = dt.timezone.utc) -> tuple[dt.datetime | None, list[Problem]]:
    """When the post was last changed (``last_modified_at``), None when not given."""
    for key in UPDATED_KEYS:
        value = post.extra.get(key)
        if value in (None, ""):
            continue
        try:
            day, time = parse_date(value)
        except (ValueError, TypeError, OverflowError):
            return None, [Problem(_line(post, key), f"{key} {shown(value)} is not a date (or not one of the years 1-9999); ignored")]
        return moment(day, time, zone), []
    return None, []


def in_sitemap(post: Post) -> bool:
    """False when the front matter says ``sitemap: false`` (jekyll-sitemap's key)."""
    return not is_false(post.extra.get("sitemap", True))


def is_false(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("false", "no", "off", "0")
    return value is False or (type(value) is int and value == 0)
