"""Jekyll front matter -> ``Post``: the one normalisation of a post's metadata.

Pure Python, no Sphinx. ``read_post(text, filename)`` returns the post, the body
(front matter removed, line numbers kept) and the problems found, each with the
line of the file it concerns. Nothing here raises on bad input: a broken front
matter gives a post built from the file name, and a problem saying why. Names that
are empty (``tags: [a, "", " "]``) are dropped with a problem, and a post keeps at
most ``MAX_NAMES`` names of each kind (tags, categories, keywords, authors): each
name is a page of the site, so 100,000 tags in one post would be 100,000 pages.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from .names import name_key
from .problem import Problem
from .text import date_from_filename, parse_date, scalar_text, shown, title_from_filename, utc_moment
from .yamldata import key_lines, parse_yaml

_FENCE = re.compile(r"^---\s*$")
_CLOSE = re.compile(r"^(?:---|\.\.\.)\s*$")
_SAFE_URL = re.compile(r"^(?:https?://|mailto:)[^\s<>\"']+$", re.IGNORECASE)

#: The most names of one kind (tags, categories, keywords, authors) a post keeps; the
#: first ones written are kept and a problem says how many there were.
MAX_NAMES = 200
#: The most characters a title or a description keeps (a 5 MB title was 116 MB of pages:
#: it is on every listing, feed and meta tag); the rest is cut, with a problem.
MAX_TEXT = {"title": 300, "description": 1000}
#: The most problems reported for one key; then one saying how many more there were.
MAX_PROBLEMS_PER_KEY = 10

KNOWN_KEYS = frozenset(
    {
        "layout", "title", "date", "categories", "category", "tags", "tag",
        "keywords", "author", "authors", "description", "published", "permalink",
    }
)


@dataclass(frozen=True)
class Author:
    name: str
    url: str | None = None


@dataclass
class Post:
    """A post's metadata, normalised. Every text field is plain text."""

    title: str
    date: dt.date | None = None
    time: dt.time | None = None  # with tzinfo when the front matter gave an offset
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    authors: tuple[Author, ...] = ()
    description: str = ""
    published: bool = True
    permalink: str | None = None
    layout: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    #: 1-based line of each front-matter key in the file, for later warnings.
    key_lines: dict[str, int] = field(default_factory=dict)

    @property
    def sort_key(self) -> str:
        """Chronological order across time zones (UTC when an offset is known).

        A moment within 14 hours of the ends of Python's years 1-9999 may be outside
        them in UTC (``9999-12-31 23:59:59 -12:00``); it sorts as the end of the range
        it is past: the order stays right, and the date shown is the one written
        (``normalise`` reports such a date: it is surely a mistake)."""
        if self.date is None:
            return ""
        moment = utc_moment(self.date, self.time)
        if moment is None:
            moment = dt.datetime.max if self.date.year == dt.MAXYEAR else dt.datetime.min
        return moment.isoformat()


@dataclass
class ParsedFile:
    post: Post
    body: str  # front matter replaced by blank lines: line numbers are kept
    front_matter_lines: int  # how many lines the front matter took (0: none)
    problems: list[Problem]


def split_front_matter(text: str) -> tuple[str | None, str, int, Problem | None]:
    """Split Jekyll front matter from the body.

    Returns ``(yaml_text, body, n_lines, problem)``; ``n_lines`` counts the front
    matter's lines including both fences, and ``body`` keeps that many blank lines
    in its place so every body line keeps its number.
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        return None, text, 0, None
    for index in range(1, len(lines)):
        if _CLOSE.match(lines[index]):
            n_lines = index + 1
            body = "\n" * n_lines + "\n".join(lines[n_lines:])
            return "\n".join(lines[1:index]), body, n_lines, None
    problem = Problem(1, "front matter starts with '---' but is never closed; read as body text")
    return None, text, 0, problem


def load_yaml(yaml_text: str) -> tuple[dict[str, Any], list[Problem]]:
    """Parse front-matter YAML; line numbers in problems are 1-based file lines."""
    data, found = parse_yaml(yaml_text)
    problems = [Problem(line + 2, f"front matter: {message}") for line, message in found]
    if data is None:
        return {}, problems
    if not isinstance(data, dict):
        return {}, [Problem(2, f"front matter is a {type(data).__name__}, not a mapping of keys")]
    return {str(key): value for key, value in data.items()}, problems


class _Normaliser:
    def __init__(self, data: dict[str, Any], lines: dict[str, int], stem: str):
        self.data = data
        self.lines = lines
        self.stem = stem
        self.problems: list[Problem] = []
        self.counts: dict[str, int] = {}

    def warn(self, key: str, message: str) -> None:
        """A problem at the key's line; after ``MAX_PROBLEMS_PER_KEY`` of one key, only
        how many more there were (``finish``): a list of 100,000 bad items is one key."""
        self.counts[key] = self.counts.get(key, 0) + 1
        if self.counts[key] <= MAX_PROBLEMS_PER_KEY:
            self.problems.append(Problem(self.lines.get(key, 1), message))

    def finish(self) -> list[Problem]:
        for key, count in self.counts.items():
            if count > MAX_PROBLEMS_PER_KEY:
                self.problems.append(Problem(self.lines.get(key, 1), f"'{key}': {count - MAX_PROBLEMS_PER_KEY:,} "
                                             "more problems like the ones above"))
        return self.problems

    def items(self, key: str, split: str | None) -> list[Any]:
        """A key's items: a YAML list, or a string split on ``split`` (None: on spaces)."""
        value = self.data.get(key)
        if value is None:
            return []
        if isinstance(value, str):  # a blank string is no names (``tags: ""``)
            return value.split(split) if split and value.strip() else value.split()
        if isinstance(value, (list, tuple)):
            return list(value)
        text = scalar_text(value)
        if text is None:
            self.warn(key, f"'{key}' should be a list or a string, not a {type(value).__name__}; ignored")
            return []
        return [text]

    def names(self, *sources: tuple[str, str | None]) -> tuple[str, ...]:
        """The names of one kind from each ``(key, separator)`` in turn, one per name key
        (its first spelling), at most ``MAX_NAMES``: the items after the limit are not
        even looked at, so 100,000 tags cost no more than 200."""
        found: dict[str, str] = {}
        for key, split in sources:
            items = self.items(key, split)
            for item in items:
                text = "" if item is None else scalar_text(item)
                if text is None:
                    what = type(item).__name__
                    self.warn(key, f"'{key}' holds a nested {what} ({shown(item)}); that item is ignored")
                elif not name_key(text):
                    self.warn(key, f"'{key}' holds an empty name ({shown(item)}); that item is ignored")
                elif not self.keep(found, key, text, text, len(items)):
                    return tuple(found.values())
        return tuple(found.values())

    def keep(self, found: dict[str, Any], key: str, name: str, value: Any, n_items: int) -> bool:
        """Keep ``value`` as ``name``'s unless its name key is kept already; False (and
        a problem) when ``MAX_NAMES`` are kept already: the caller reads no further."""
        if name_key(name) in found:
            return True
        if len(found) == MAX_NAMES:
            self.warn(key, f"'{key}': more than kb's limit of {MAX_NAMES} names per post "
                      f"({n_items:,} items); the first {MAX_NAMES} are kept")
            return False
        found[name_key(name)] = value
        return True

    def title(self) -> str:
        value = self.data.get("title")
        text = scalar_text(value) if value is not None else None
        if value is not None and text is None:
            self.warn("title", f"'title' should be text, not a {type(value).__name__}; the file name is used")
        return self.capped("title", text) or title_from_filename(self.stem)

    def capped(self, key: str, text: str | None) -> str | None:
        """At most ``MAX_TEXT[key]`` characters of ``text``, with a problem when cut."""
        if text is not None and len(text) > MAX_TEXT[key]:
            self.warn(key, f"'{key}': {len(text):,} characters, more than kb's limit of {MAX_TEXT[key]:,}; the first "
                      f"{MAX_TEXT[key]:,} are kept")
            return text[: MAX_TEXT[key]].rstrip()
        return text

    def date(self) -> tuple[dt.date | None, dt.time | None]:
        fallback = date_from_filename(self.stem)
        if "date" not in self.data or self.data["date"] in (None, ""):
            return fallback, None
        try:
            date, time = parse_date(self.data["date"])
        except (ValueError, TypeError, OverflowError) as error:
            used = f"the file name's date {fallback.isoformat()} is used" if fallback else "the post is undated"
            self.warn("date", f"impossible date {shown(self.data['date'])} ({error}); {used}")
            return fallback, None
        if utc_moment(date, time) is None:
            end = "latest" if date.year == dt.MAXYEAR else "earliest"
            self.warn("date", f"date {shown(self.data['date'])} is outside the years 1-9999 in UTC; "
                      f"it is shown as written and sorted as the {end} possible moment")
        return date, time

    def authors(self) -> tuple[Author, ...]:
        """Strings, lists or maps with ``name`` (and ``url``), one per name key, at most
        ``MAX_NAMES``, as ``names``."""
        found: dict[str, Author] = {}
        for key in ("author", "authors"):
            value = self.data.get(key)
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            items = value if isinstance(value, list) else [value]
            for item in items:
                url = None
                if isinstance(item, dict):
                    name = scalar_text(item.get("name"))
                    url = scalar_text(item.get("url"))
                    if url and not _SAFE_URL.match(url):
                        self.warn(key, f"author url {shown(url)} is not an http(s) address; ignored")
                        url = None
                    if not (name and name_key(name)):
                        self.warn(key, f"'{key}' entry has no 'name': {shown(item)}")
                        continue
                else:
                    name = "" if item is None else scalar_text(item)
                    if name is None:
                        self.warn(key, f"'{key}' holds a nested {type(item).__name__} ({shown(item)}); ignored")
                        continue
                    if not name_key(name):
                        self.warn(key, f"'{key}' holds an empty name ({shown(item)}); ignored")
                        continue
                if not self.keep(found, key, name, Author(name, url), len(items)):
                    return tuple(found.values())
        return tuple(found.values())

    def text(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is None:
            return None
        text = scalar_text(value)
        if text is None:
            self.warn(key, f"'{key}' should be text, not a {type(value).__name__}; ignored")
        return text

    def published(self) -> bool:
        value = self.data.get("published", True)
        if isinstance(value, str):
            return value.strip().lower() not in ("false", "no", "off", "0")
        return bool(value)


def normalise(data: dict[str, Any], stem: str, lines: dict[str, int] | None = None) -> tuple[Post, list[Problem]]:
    """Turn raw front matter into a ``Post`` with Jekyll's semantics."""
    n = _Normaliser(data, lines or {}, stem)
    date, time = n.date()
    post = Post(
        title=n.title(),
        date=date,
        time=time,
        categories=n.names(("categories", None), ("category", "\0")),
        tags=n.names(("tags", None), ("tag", "\0")),
        keywords=n.names(("keywords", ",")),
        authors=n.authors(),
        description=n.capped("description", n.text("description")) or "",
        published=n.published(),
        permalink=n.text("permalink"),
        layout=n.text("layout"),
        extra={k: v for k, v in data.items() if k not in KNOWN_KEYS},
        key_lines=dict(lines or {}),
    )
    return post, n.finish()


def read_post(text: str, stem: str) -> ParsedFile:
    """Split, parse and normalise one post file's text. ``stem``: its file name
    without suffix (for Jekyll's title and date fallbacks)."""
    yaml_text, body, n_lines, problem = split_front_matter(text)
    post, problems = parse_front_matter(yaml_text, stem)
    return ParsedFile(post, body, n_lines, ([problem] if problem else []) + problems)


def parse_front_matter(yaml_text: str | None, stem: str) -> tuple[Post, list[Problem]]:
    """The post and the problems of one front matter (None: the file has none)."""
    problems: list[Problem] = []
    data: dict[str, Any] = {}
    lines: dict[str, int] = {}
    if yaml_text is not None:
        data, problems = load_yaml(yaml_text)
        lines = key_lines(yaml_text, first_line=2)
    post, found = normalise(data, stem, lines)
    return post, problems + found
