"""Jekyll front matter -> ``Post``: the one normalisation of a post's metadata.

Pure Python, no Sphinx. ``read_post(text, filename)`` returns the post, the body
(front matter removed, line numbers kept) and the problems found, each with the
line of the file it concerns. Nothing here raises on bad input: a broken front
matter gives a post built from the file name, and a problem saying why.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from .names import name_key
from .problem import Problem
from .text import clean_text, scalar_text
from .yamldata import key_lines, parse_yaml

_FILENAME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>.+)$")
_DATE = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[ Tt]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.(?P<f>\d+))?)?"
    r"\s*(?P<tz>Z|z|[+-]\d{2}:?\d{2})?)?$"
)
_FENCE = re.compile(r"^---\s*$")
_CLOSE = re.compile(r"^(?:---|\.\.\.)\s*$")
_SAFE_URL = re.compile(r"^(?:https?://|mailto:)[^\s<>\"']+$", re.IGNORECASE)

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
        """Chronological order across time zones (UTC when an offset is known)."""
        if self.date is None:
            return ""
        moment = dt.datetime.combine(self.date, self.time or dt.time())
        if moment.tzinfo is not None:
            moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
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


def title_from_filename(stem: str) -> str:
    """Jekyll's title for a post without one: ``2024-01-02-no-title-here`` -> ``No Title Here``."""
    match = _FILENAME.match(stem)
    words = (match.group("slug") if match else stem).split("-")
    return " ".join(word.capitalize() for word in words if word)


def date_from_filename(stem: str) -> dt.date | None:
    match = _FILENAME.match(stem)
    if not match:
        return None
    try:
        return dt.date.fromisoformat(match.group("date"))
    except ValueError:
        return None


def parse_date(value: Any) -> tuple[dt.date, dt.time | None]:
    """A YAML date/datetime or a Jekyll date string; raises ValueError otherwise."""
    if isinstance(value, dt.datetime):
        return value.date(), value.timetz()
    if isinstance(value, dt.date):
        return value, None
    match = _DATE.match(clean_text(str(value)))
    if not match:
        raise ValueError(f"not a date: {value!r} (expected YYYY-MM-DD [HH:MM:SS +/-TTTT])")
    date = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
    if match["H"] is None:
        return date, None
    tz = None
    if match["tz"]:
        raw = match["tz"].replace(":", "")
        if raw in ("Z", "z"):
            tz = dt.timezone.utc
        else:
            sign = -1 if raw[0] == "-" else 1
            tz = dt.timezone(sign * dt.timedelta(hours=int(raw[1:3]), minutes=int(raw[3:5])))
    micro = int((match["f"] or "0")[:6].ljust(6, "0"))
    return date, dt.time(int(match["H"]), int(match["M"]), int(match["S"] or 0), micro, tz)


class _Normaliser:
    def __init__(self, data: dict[str, Any], lines: dict[str, int], stem: str):
        self.data = data
        self.lines = lines
        self.stem = stem
        self.problems: list[Problem] = []

    def warn(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.lines.get(key, 1), message))

    def names(self, key: str, split: str | None) -> list[str]:
        """A list of names from a YAML list or a string (split on ``split``)."""
        value = self.data.get(key)
        if value is None:
            return []
        items: list[Any]
        if isinstance(value, str):
            items = value.split(split) if split else value.split()
        elif isinstance(value, (list, tuple)):
            items = list(value)
        else:
            text = scalar_text(value)
            if text is None:
                self.warn(key, f"'{key}' should be a list or a string, not a {type(value).__name__}; ignored")
                return []
            items = [text]
        names: list[str] = []
        for item in items:
            text = scalar_text(item)
            if text is None:
                self.warn(key, f"'{key}' holds a nested {type(item).__name__} ({item!r}); that item is ignored")
            elif text:
                names.append(text)
        return names

    def title(self) -> str:
        value = self.data.get("title")
        text = scalar_text(value) if value is not None else None
        if value is not None and text is None:
            self.warn("title", f"'title' should be text, not a {type(value).__name__}; the file name is used")
        return text or title_from_filename(self.stem)

    def date(self) -> tuple[dt.date | None, dt.time | None]:
        fallback = date_from_filename(self.stem)
        if "date" not in self.data or self.data["date"] in (None, ""):
            return fallback, None
        try:
            return parse_date(self.data["date"])
        except (ValueError, TypeError, OverflowError) as error:
            used = f"the file name's date {fallback.isoformat()} is used" if fallback else "the post is undated"
            self.warn("date", f"impossible date {self.data['date']!r} ({error}); {used}")
            return fallback, None

    def authors(self) -> tuple[Author, ...]:
        authors: list[Author] = []
        for key in ("author", "authors"):
            value = self.data.get(key)
            if value is None:
                continue
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict):
                    name = scalar_text(item.get("name"))
                    url = scalar_text(item.get("url"))
                    if url and not _SAFE_URL.match(url):
                        self.warn(key, f"author url {url!r} is not an http(s) address; ignored")
                        url = None
                    if name:
                        authors.append(Author(name, url))
                    else:
                        self.warn(key, f"'{key}' entry has no 'name': {item!r}")
                else:
                    name = scalar_text(item)
                    if name is None:
                        self.warn(key, f"'{key}' holds a nested {type(item).__name__}; ignored")
                    elif name:
                        authors.append(Author(name))
        return tuple(_unique(authors, lambda author: name_key(author.name)))

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


def _unique(items, key=name_key):
    seen: set[str] = set()
    result = []
    for item in items:
        k = key(item)
        if k and k not in seen:
            seen.add(k)
            result.append(item)
    return result


def normalise(data: dict[str, Any], stem: str, lines: dict[str, int] | None = None) -> tuple[Post, list[Problem]]:
    """Turn raw front matter into a ``Post`` with Jekyll's semantics."""
    n = _Normaliser(data, lines or {}, stem)
    date, time = n.date()
    categories = n.names("categories", None) + n.names("category", "\0")
    tags = n.names("tags", None) + n.names("tag", "\0")
    post = Post(
        title=n.title(),
        date=date,
        time=time,
        categories=tuple(_unique(categories)),
        tags=tuple(_unique(tags)),
        keywords=tuple(_unique(n.names("keywords", ","))),
        authors=n.authors(),
        description=n.text("description") or "",
        published=n.published(),
        permalink=n.text("permalink"),
        layout=n.text("layout"),
        extra={k: v for k, v in data.items() if k not in KNOWN_KEYS},
        key_lines=dict(lines or {}),
    )
    return post, n.problems


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
