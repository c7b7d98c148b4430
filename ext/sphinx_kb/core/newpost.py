"""A new post: the file name and the text Jekyll (and jekyll-compose) would give it.

Pure Python, no Sphinx. ``kb new`` builds a ``NewPost`` from its arguments, and this
module turns it into ``YYYY-MM-DD-slug.md`` and a front matter written by a real
YAML emitter (PyYAML's ``safe_dump``), so any title (``: # " '``, markup, brackets,
``true``, ``---``...) reads back through ``frontmatter.read_post``, the build's one
normalisation, as exactly the values given. ``round_trip_problems`` says where it
would not; ``kb new`` refuses to write a file that fails it.

The slug is Jekyll's ``Utils.slugify`` in its default mode (jekyll/jekyll,
``lib/jekyll/utils.rb``; jekyll-compose names its files with it): every run of
characters that are not letters, marks or decimal digits (Ruby's ``[[:alnum:]]``)
becomes one hyphen, a leading and a trailing hyphen are dropped, and the result is
lower-cased. So ``../../x`` is ``x``: a slug is only letters, digits and hyphens, and
can never name another folder.

Drafts: Jekyll keeps a post out of the site with ``published: false`` or by keeping it
in a ``_drafts/`` folder, and kb's build honours both (``kb_drafts`` builds the folder's
posts). ``kb new --draft`` writes the first: a dated post in the posts folder with
``published: false``, so publishing it is removing that line and its file name already
has the date a ``_drafts/`` file would need to be given.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

import yaml

from .frontmatter import read_post
from .jekyll.urlparts import slugify
from .names import name_key
from .text import clean_text

#: A file name must fit the 255 bytes most file systems allow, with room for the
#: date, the suffix and an editor's backup name: a longer slug is cut at a hyphen.
MAX_SLUG_BYTES = 200
SUFFIX = ".md"


def jekyll_slug(title: str) -> str:
    """Jekyll's default ``slugify``: ``"Hello, World: 2 C++ & you!"`` -> ``hello-world-2-c-you``,
    cut to fit a file name."""
    slug = slugify(unicodedata.normalize("NFC", title)).strip("-")
    if len(slug.encode("utf-8")) > MAX_SLUG_BYTES:
        cut = slug.encode("utf-8")[:MAX_SLUG_BYTES].decode("utf-8", errors="ignore")
        slug = (cut.rsplit("-", 1)[0] if "-" in cut else cut).strip("-")
    return slug


def split_names(values: list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """Names from the command line: each value may hold several, separated by commas;
    cleaned like the build cleans them, empty ones dropped, one per ``name_key``."""
    names: list[str] = []
    seen: set[str] = set()
    for value in values or ():
        for part in value.split(","):
            name = clean_text(part)
            key = name_key(name)
            if key and key not in seen:
                seen.add(key)
                names.append(name)
    return tuple(names)


@dataclass(frozen=True)
class NewPost:
    """What ``kb new`` writes. Text fields are taken as plain text (cleaned)."""

    title: str
    when: dt.datetime  # with its time zone
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    description: str = ""
    draft: bool = False
    layout: str = "post"
    slug: str = ""  # "" means Jekyll's slug of the title

    @property
    def file_slug(self) -> str:
        return jekyll_slug(clean_text(self.slug or self.title))

    @property
    def file_name(self) -> str:
        """``YYYY-MM-DD-slug.md``; raises ValueError when the slug would be empty."""
        slug = self.file_slug
        if not slug:
            what = "--slug" if self.slug else "the title"
            raise ValueError(f"{what} has no letter or digit to make a file name of; give --slug")
        return f"{self.when.date().isoformat()}-{slug}{SUFFIX}"

    def front_matter(self) -> dict[str, object]:
        """The front matter's keys in the order they are written."""
        data: dict[str, object] = {
            "layout": self.layout,
            "title": clean_text(self.title),
            # Jekyll's own format (YYYY-MM-DD HH:MM:SS +/-TTTT); kb reads it as text
            "date": self.when.strftime("%Y-%m-%d %H:%M:%S %z"),
            "categories": list(self.categories),
            "tags": list(self.tags),
            "keywords": list(self.keywords),
        }
        if self.authors:
            data["author"] = self.authors[0] if len(self.authors) == 1 else list(self.authors)
        if clean_text(self.description):
            data["description"] = clean_text(self.description)
        if self.draft:
            data["published"] = False
        return data

    def text(self) -> str:
        """The whole file: front matter, and an empty body for the writer to fill."""
        dumped = yaml.safe_dump(
            self.front_matter(), sort_keys=False, allow_unicode=True,
            default_flow_style=None, width=float("inf"),
        )
        hints = []
        if not self.authors:
            hints.append("# author: who wrote it (a name, or a list of names)")
        if not clean_text(self.description):
            hints.append("# description: one or two sentences shown in listings, search results and link previews")
        return "---\n" + dumped + "".join(f"{hint}\n" for hint in hints) + "---\n\n"


def round_trip_problems(post: NewPost) -> list[str]:
    """What the build would read differently from what ``post`` says ([] when nothing)."""
    stem = post.file_name[: -len(SUFFIX)]
    parsed = read_post(post.text(), stem)
    read = parsed.post
    when = dt.datetime.combine(read.date, read.time) if read.date and read.time else None
    written = post.when.replace(microsecond=0)
    expected = {
        "title": clean_text(post.title),
        "date": (written, written.utcoffset()),
        "categories": post.categories,
        "tags": post.tags,
        "keywords": post.keywords,
        "authors": post.authors,
        "description": clean_text(post.description),
        "published": not post.draft,
    }
    found = {
        "title": read.title, "date": (when, when.utcoffset() if when else None), "categories": read.categories, "tags": read.tags,
        "keywords": read.keywords, "authors": tuple(a.name for a in read.authors),
        "description": read.description, "published": read.published,
    }
    problems = [f"{problem.line}: {problem.message}" for problem in parsed.problems]
    problems += [f"{key}: wrote {expected[key]!r}, the build reads {found[key]!r}"
                 for key in expected if expected[key] != found[key]]
    return problems
