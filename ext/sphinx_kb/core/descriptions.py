"""The descriptions file: what a tag or category is about, and who an author is.

Pure Python, no Sphinx. One optional YAML file, in the spirit of Docusaurus'
``tags.yml`` (key: ``label``, ``description``) and ``authors.yml`` (key: ``name``,
``title``, ``url``, ``image_url``) and MkDocs-Material's ``.authors.yml``
(``authors:`` key: ``name``, ``description``, ``avatar``, ``url``)::

    tags:
      machine learning: Models that learn from data.     # the description itself
      genomics:
        description: Reading and comparing genomes.
    categories:
      research:
        description: Longer pieces with sources.
    authors:
      Ada Lovelace:
        name: Ada King, Countess of Lovelace   # display name
        photo: images/ada.png                  # an http(s) address or a path in the site
        link: https://example.org/ada          # http(s) only
        bio: Wrote the first published program.

Docusaurus' and Material's spellings are read too: ``image_url``/``avatar`` for
``photo``, ``url`` for ``link``, ``description``/``title`` for ``bio``. Every value is
plain text (``clean_text``): kb shows it as text, never as markup.

A name in the file matches a name in posts by ``name_key`` (case, spacing, hyphens);
an author also matches by their display name. Names not in the file work as
before. ``unknown_names`` turns a post's tag that the file does not list into a
problem at the line of the post's ``tags:`` key (kb_tags_allowed), with the closest
listed names as suggestions, to catch typos.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from .frontmatter import Post
from .names import name_key
from .problem import Problem
from .text import scalar_text
from .yamldata import parse_yaml

SECTIONS = {"tags": "tag", "categories": "category", "authors": "author"}
TERM_KEYS = frozenset({"description", "label", "permalink"})  # Docusaurus' keys; only description is used
AUTHOR_KEYS = {  # kb's key and the other tools' spellings of it
    "name": ("name",),
    "photo": ("photo", "image_url", "avatar"),
    "link": ("link", "url"),
    "bio": ("bio", "description", "title"),
}
IGNORED_AUTHOR_KEYS = frozenset({"socials", "page", "email", "permalink", "slug"})

_HTTP = re.compile(r"^https?://[^\s<>\"'\\]+$", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


@dataclass(frozen=True)
class TermDescription:
    name: str  # as written in the file
    description: str
    line: int


@dataclass(frozen=True)
class AuthorProfile:
    name: str  # the key, as written in the file
    display_name: str
    photo: str | None = None  # an http(s) address, or a path relative to the site's source folder
    link: str | None = None  # http(s)
    bio: str = ""
    line: int = 0


@dataclass
class Descriptions:
    """The file's content by kind ("tag", "category", "author") and name key."""

    terms: dict[str, dict[str, TermDescription]] = field(
        default_factory=lambda: {"tag": {}, "category": {}})
    authors: dict[str, AuthorProfile] = field(default_factory=dict)

    def describe(self, kind: str, name: str) -> TermDescription | None:
        return self.terms.get(kind, {}).get(name_key(name))

    def author(self, name: str) -> AuthorProfile | None:
        return self.authors.get(name_key(name))

    def listed(self, kind: str) -> list[str]:
        """The names the file lists for ``kind``, as written."""
        if kind == "author":
            return [profile.name for profile in dict.fromkeys(self.authors.values())]
        return [term.name for term in self.terms.get(kind, {}).values()]


def load_descriptions(text: str) -> tuple[Descriptions, list[Problem]]:
    """Read the file; every problem carries its 1-based line. Never raises."""
    data, found = parse_yaml(text)
    problems = [Problem(line + 1, message) for line, message in found]
    result = Descriptions()
    if data is None:
        return result, problems
    if not isinstance(data, dict):
        return result, problems + [Problem(1, "the descriptions file must map tags:, categories: and authors: to names")]
    lines = _Lines(text)
    for section, value in data.items():
        line = lines.section(str(section))
        kind = SECTIONS.get(str(section))
        if kind is None:
            problems.append(Problem(line, f"unknown section {section!r} (expected tags, categories or authors); ignored"))
            continue
        if value is None:
            continue
        if not isinstance(value, dict):
            problems.append(Problem(line, f"'{section}' must map names to descriptions"))
            continue
        for raw_name, entry in value.items():
            entry_line = lines.entry(str(section), str(raw_name))
            name = scalar_text(raw_name)
            if not name or not name_key(name):
                problems.append(Problem(entry_line, f"{section}: {raw_name!r} is not a name"))
                continue
            if kind == "author":
                _add_author(result, name, entry, entry_line, problems)
            else:
                _add_term(result, kind, name, entry, entry_line, problems)
    return result, problems


def unknown_names(post: Post, descriptions: Descriptions, kind: str = "tag") -> list[Problem]:
    """A problem for each of the post's ``kind`` names the file does not list, at the
    line of the post's key (``tags:``/``tag:``, ``categories:``/``category:``)."""
    keys = {"tag": ("tags", "tag"), "category": ("categories", "category")}.get(kind, ())
    names = post.tags if kind == "tag" else post.categories if kind == "category" else ()
    line = next((post.key_lines[k] for k in keys if k in post.key_lines), 1)
    listed = descriptions.listed(kind)
    by_key = {name_key(n): n for n in listed}
    problems = []
    for name in names:
        if descriptions.describe(kind, name) is not None:
            continue
        close = difflib.get_close_matches(name_key(name), list(by_key), n=3, cutoff=0.75)
        hint = f"; did you mean {' or '.join(repr(by_key[k]) for k in close)}?" if close else ""
        problems.append(Problem(line, f"{kind} {name!r} is not in the descriptions file{hint}"))
    return problems


def _add_term(result: Descriptions, kind: str, name: str, entry: Any, line: int, problems: list[Problem]) -> None:
    if isinstance(entry, dict):
        for key in entry:
            if key not in TERM_KEYS:
                problems.append(Problem(line, f"{name}: unknown key {key!r} (expected description); ignored"))
        raw = entry.get("description")
    else:
        raw = entry
    description = "" if raw is None else scalar_text(raw)
    if description is None:
        problems.append(Problem(line, f"{name}: the description must be text"))
        description = ""
    key = name_key(name)
    if key in result.terms[kind]:
        problems.append(Problem(line, f"{kind} {name!r} is described twice (as {result.terms[kind][key].name!r} "
                                f"on line {result.terms[kind][key].line}); this one is used"))
    result.terms[kind][key] = TermDescription(name, description, line)


def _add_author(result: Descriptions, name: str, entry: Any, line: int, problems: list[Problem]) -> None:
    if entry is None:
        entry = {}
    if not isinstance(entry, dict):
        problems.append(Problem(line, f"author {name!r}: expected keys name, photo, link, bio"))
        return
    known = {spelling for spellings in AUTHOR_KEYS.values() for spelling in spellings} | IGNORED_AUTHOR_KEYS
    for key in entry:
        if key not in known:
            problems.append(Problem(line, f"author {name!r}: unknown key {key!r} (expected name, photo, link, bio); ignored"))
    values: dict[str, str] = {}
    for ours, spellings in AUTHOR_KEYS.items():
        for spelling in spellings:
            if entry.get(spelling) is None:
                continue
            text = scalar_text(entry[spelling])
            if text is None:
                problems.append(Problem(line, f"author {name!r}: {spelling!r} must be text"))
            elif text:
                values.setdefault(ours, text)
    link = values.get("link")
    if link and not _HTTP.match(link):
        problems.append(Problem(line, f"author {name!r}: link {link!r} is not an http(s) address; ignored"))
        link = None
    photo = values.get("photo")
    if photo and not _safe_photo(photo):
        problems.append(Problem(line, f"author {name!r}: photo {photo!r} must be an http(s) address or a path "
                                "inside the site; ignored"))
        photo = None
    profile = AuthorProfile(name, values.get("name", name), photo, link, values.get("bio", ""), line)
    for key in dict.fromkeys((name_key(name), name_key(profile.display_name))):
        other = result.authors.get(key)
        if other is not None and other.line != line:
            problems.append(Problem(line, f"author {name!r}: {key!r} already names {other.name!r} "
                                    f"(line {other.line}); this one is used"))
        result.authors[key] = profile


def _safe_photo(value: str) -> bool:
    """An http(s) address, or a relative path that stays inside the site."""
    if _HTTP.match(value):
        return True
    if _SCHEME.match(value) or value.startswith(("/", "\\")) or "\\" in value or re.search(r"[\s<>\"']", value):
        return False
    return ".." not in value.split("/")


class _Lines:
    """1-based lines of the sections and of the names under them (by indentation)."""

    _KEY = re.compile(r"^(?P<indent>\s*)(?P<key>[^\s:#][^:]*?)\s*:(?:\s|$)")

    def __init__(self, text: str):
        self.sections: dict[str, int] = {}
        self.entries: dict[tuple[str, str], int] = {}
        section = None
        entry_indent = None
        for number, line in enumerate(text.split("\n"), start=1):
            match = self._KEY.match(line)
            if not match:
                continue
            indent, key = len(match["indent"]), match["key"].strip("'\"")
            if indent == 0:
                section, entry_indent = key, None
                self.sections.setdefault(key, number)
            elif section is not None and (entry_indent is None or indent == entry_indent):
                entry_indent = indent
                self.entries.setdefault((section, key), number)

    def section(self, name: str) -> int:
        return self.sections.get(name, 1)

    def entry(self, section: str, name: str) -> int:
        return self.entries.get((section, name), self.section(section))
