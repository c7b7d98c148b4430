"""A Jekyll site's ``_config.yml``, the parts that decide posts' URLs and metadata.

Pure Python, no Sphinx. ``read_config(text)`` never raises: it returns a frozen
``JekyllSite`` (Jekyll's defaults where the file says nothing or something unusable) and
the problems found, each with its 1-based line in the file. Keys kb has no use for are
ignored without a word, as Jekyll ignores keys no plugin reads.

What is read, and Jekyll's rule for each (lib/jekyll/configuration.rb):

* the posts' URL template: ``collections: posts: permalink`` when given, used as written
  (no style names there); else the global ``permalink``, a style name (``date``, the
  default, ``pretty``, ``ordinal``, ``weekdate``, ``none``) or a pattern
  (``Configuration#add_default_collections`` and ``style_to_permalink``);
* ``baseurl``, ``url``: text, ``""`` when absent;
* ``timezone``: an IANA name (``America/Los_Angeles``). Without one Jekyll uses the build
  machine's zone; kb then uses UTC, the zone GitHub Pages and most CI machines build in;
* ``defaults``: the front-matter defaults (``defaults.py`` applies them);
* ``future``, ``show_drafts``, ``unpublished`` (booleans), ``markdown_ext``;
* ``exclude``: paths Jekyll does not read (``kb import`` skips them too), ``include``:
  paths it reads though their names would be skipped (``entries``); ``collections_dir``:
  the folder posts are read from (their categories do not include it);
* ``collections``: other collections' URL templates and ``output``, for ``{% link %}``
  to a page of the old site that is not a post;
* ``image`` (a path or address, or jekyll-seo-tag's map with ``path``) and ``logo``: the
  site's pictures, and the line of every ``image``/``logo`` value (defaults' too), for
  warnings about a missing file;
* every other top-level scalar, as text, for ``{{ site.KEY }}`` in posts;
* ``plugins`` (or the older ``gems``: jemoji's emoji, say), jekyll-feed's ``feed`` and
  jekyll-redirect-from's ``redirect_from`` (``plugins.py``).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import yaml
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..problem import Problem
from ..text import scalar_text
from ..yamldata import key_lines, parse_yaml
from .dates import in_zone
from .plugins import JekyllFeeds, plugins, read_feeds, redirects_json

#: ``style_to_permalink``: the built-in styles and the templates they stand for
PERMALINK_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
#: Jekyll's default ``markdown_ext``
MARKDOWN_EXTENSIONS = ("markdown", "mkdown", "mkdn", "mkd", "md")


@dataclass(frozen=True)
class Collection:
    label: str
    output: bool
    permalink: str | None  # the collection's own template, if it set one


@dataclass(frozen=True)
class JekyllSite:
    """What kb needs of a Jekyll site's configuration (Jekyll's defaults otherwise)."""

    permalink_style: str = "date"  # the global ``permalink`` as written (a style or a pattern)
    posts_permalink: str = PERMALINK_STYLES["date"]  # the posts' URL template
    baseurl: str = ""
    url: str = ""
    timezone_name: str | None = None  # None: not set (kb assumes UTC)
    zone: dt.tzinfo = dt.timezone.utc
    defaults: tuple[Mapping[str, Any], ...] = ()  # valid sets only, types renamed (post -> posts)
    future: bool = False
    show_drafts: bool = False
    unpublished: bool = False
    markdown_ext: tuple[str, ...] = MARKDOWN_EXTENSIONS
    collections: Mapping[str, Collection] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()  # paths Jekyll does not read
    include: tuple[str, ...] = (".htaccess",)  # paths Jekyll reads though special (``_x``)
    collections_dir: str = ""  # the folder posts are read from ("": the site folder)
    variables: Mapping[str, str] = field(default_factory=dict)  # other top-level scalars, as text
    plugins: tuple[str, ...] = ()  # gem names (``plugins``, or the older ``gems``)
    image: str | None = None  # the site's picture (``image``, its ``path`` when a map), as written
    logo: str | None = None  # ``logo``, as written
    image_lines: Mapping[str, int] = field(default_factory=dict)  # an image or logo value -> its line
    feeds: JekyllFeeds | None = None  # jekyll-feed's feeds (``plugins``); None: it is not used
    redirects_json: bool = False  # jekyll-redirect-from writes redirects.json

    def localtime(self, moment: dt.datetime) -> dt.datetime:
        """``moment`` in the site's zone, aware; a naive time is a wall time there."""
        return in_zone(moment, self.zone)

    def address(self, url: str) -> str:
        """``baseurl`` + a page's URL: the path the old site served it at."""
        return self.baseurl.rstrip("/") + url if self.baseurl.strip("/") else url


def _text(data: dict, key: str, lines: dict[str, int], problems: list[Problem]) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    text = scalar_text(value) if not isinstance(value, bool) else None
    if text is None:
        problems.append(Problem(lines.get(key, 1), f"_config.yml: '{key}' should be text, not a {type(value).__name__}; ignored"))
    return text


def _flag(data: dict, key: str, lines: dict[str, int], problems: list[Problem]) -> bool:
    value = data.get(key)
    if value is None or isinstance(value, bool):
        return bool(value)
    problems.append(Problem(lines.get(key, 1), f"_config.yml: '{key}' should be true or false, not {value!r}; false is used"))
    return False


def _timezone(name: str | None, line: int, problems: list[Problem]) -> dt.tzinfo:
    if name is None:
        return dt.timezone.utc
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        problems.append(Problem(line, f"_config.yml: unknown time zone {name!r} (an IANA name such as 'Europe/Paris'); UTC is used"))
        return dt.timezone.utc


def _collections(value: Any, line: int, problems: list[Problem]) -> dict[str, Collection]:
    if value is None:
        return {}
    if isinstance(value, list):  # Jekyll accepts a list of labels
        value = {str(label): {} for label in value if scalar_text(label)}
    if not isinstance(value, dict):
        problems.append(Problem(line, "_config.yml: 'collections' should be a map of collections; ignored"))
        return {}
    found = {}
    for label, meta in value.items():
        meta = meta if isinstance(meta, dict) else {}
        permalink = meta.get("permalink")
        found[str(label)] = Collection(str(label), meta.get("output") is True, permalink if isinstance(permalink, str) else None)
    return found


def _defaults(value: Any, line: int, problems: list[Problem]) -> tuple[dict, ...]:
    """``FrontmatterDefaults#valid_sets``: maps with a map of ``values``; the deprecated
    scope types ``post``, ``page``, ``draft`` renamed as Jekyll renames them."""
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.append(Problem(line, "_config.yml: 'defaults' should be a list of {scope, values}; ignored"))
        return ()
    sets = []
    for index, item in enumerate(value, start=1):
        if not (isinstance(item, dict) and isinstance(item.get("values"), dict)):
            problems.append(Problem(line, f"_config.yml: defaults entry {index} has no map of 'values'; ignored (Jekyll ignores it too)"))
            continue
        scope = item.get("scope") if isinstance(item.get("scope"), dict) else {}
        if "type" in scope:
            kind = str(scope["type"])
            scope = {**scope, "type": {"post": "posts", "page": "pages", "draft": "drafts"}.get(kind, kind)}
        sets.append({"scope": scope, "values": item["values"]})
    return tuple(sets)


def picture(value: Any) -> str | None:
    """jekyll-seo-tag's ``image``: text, or a map's ``path`` (else ``facebook``, ``twitter``)."""
    if isinstance(value, Mapping):
        value = next((value[k] for k in ("path", "facebook", "twitter") if value.get(k) is not None), None)
    return scalar_text(value) if value is not None and not isinstance(value, (bool, Mapping, list)) else None


def image_lines(text: str) -> dict[str, int]:
    """The line of every ``image`` or ``logo`` value in the YAML ``text`` (a map's
    ``path``, ``facebook`` or ``twitter``), at any depth, first one kept; {} when it
    does not compose."""
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return {}
    found: dict[str, int] = {}
    stack, seen = [root] if root is not None else [], set()
    while stack:
        node = stack.pop(0)
        if id(node) in seen:
            continue
        seen.add(id(node))
        pairs = node.value if isinstance(node, yaml.MappingNode) else []
        for key, value in pairs:
            if isinstance(key, yaml.ScalarNode) and key.value in ("image", "logo"):
                if isinstance(value, yaml.MappingNode):  # picture()'s choice: path, else facebook, else twitter
                    keyed = {getattr(k, "value", None): v for k, v in reversed(value.value)}
                    value = next((keyed[k] for k in ("path", "facebook", "twitter") if k in keyed), value)
                if isinstance(value, yaml.ScalarNode):
                    found.setdefault(value.value, value.start_mark.line + 1)
        stack += [child for pair in pairs for child in pair] if pairs else (
            node.value if isinstance(node, yaml.SequenceNode) else [])
    return found


def read_config(text: str) -> tuple[JekyllSite, list[Problem]]:
    """The site described by ``_config.yml``'s text, and the problems found in it."""
    data, found = parse_yaml(text)
    problems = [Problem(line + 1, f"_config.yml: {message}") for line, message in found]
    if data is None:
        return JekyllSite(), problems
    if not isinstance(data, dict):
        return JekyllSite(), problems + [Problem(1, "_config.yml is not a map of settings; Jekyll's defaults are used")]
    data = {str(key): value for key, value in data.items()}
    lines = key_lines(text)
    pictures_at = image_lines(text) if ("image" in text or "logo" in text) else {}
    style = _text(data, "permalink", lines, problems) or "date"
    collections = _collections(data.get("collections"), lines.get("collections", 1), problems)
    posts = collections.get("posts")
    posts_permalink = posts.permalink if posts and posts.permalink else PERMALINK_STYLES.get(style, style)
    zone_name = _text(data, "timezone", lines, problems)
    markdown_ext = _text(data, "markdown_ext", lines, problems)
    variables = {key: text for key, value in data.items()
                 if not isinstance(value, (dict, list)) and (text := scalar_text(value)) is not None}
    site = JekyllSite(
        permalink_style=style,
        posts_permalink=posts_permalink,
        baseurl=_text(data, "baseurl", lines, problems) or "",
        url=(_text(data, "url", lines, problems) or "").rstrip("/"),
        timezone_name=zone_name,
        zone=_timezone(zone_name, lines.get("timezone", 1), problems),
        defaults=_defaults(data.get("defaults"), lines.get("defaults", 1), problems),
        future=_flag(data, "future", lines, problems),
        show_drafts=_flag(data, "show_drafts", lines, problems),
        unpublished=_flag(data, "unpublished", lines, problems),
        markdown_ext=tuple(e.strip().lstrip(".").lower() for e in markdown_ext.split(",") if e.strip()) if markdown_ext else MARKDOWN_EXTENSIONS,
        collections=collections,
        exclude=tuple(str(e) for e in data["exclude"]) if isinstance(data.get("exclude"), list) else (),
        include=tuple(str(e) for e in data["include"]) if isinstance(data.get("include"), list) else (".htaccess",),
        collections_dir=(_text(data, "collections_dir", lines, problems) or "").strip("/"),
        variables=variables,
        plugins=plugins(data),
        image=picture(data.get("image")),
        logo=picture(data.get("logo")),
        image_lines=pictures_at,
        feeds=read_feeds(data, lines, problems),
        redirects_json=redirects_json(data),
    )
    return site, problems
