"""One post file's front matter, read with the site's rules. Pure Python.

``PostReader.read`` is the one place a post's front matter is read, by the prescan
and by the build alike, so the two never disagree. Without a Jekyll configuration
it is kb's normalisation (``core.frontmatter``) as it is; with one
(``kb_jekyll_config``), Jekyll reads the post first (``core.jekyll.permalinks``):
front-matter defaults merged, categories from the folders above ``_posts``, the date
in the site's time zone. Either way the post's old URL (Jekyll's ``page.url``) is
worked out, with Jekyll's defaults when there is no configuration, so links written
the Jekyll way find their post (``core.jekyll.urls``). Names retired in favour of
another (``kb_aliases``, ``core.aliases``) are replaced here, before anything sees them.

Which files are posts: Jekyll's Markdown extensions (``JEKYLL_MARKDOWN``, and a
site's own ``markdown_ext``); with a Jekyll configuration, only files named
``YYYY-MM-DD-title.ext`` outside ``_drafts`` (Jekyll's ``DATE_FILENAME_MATCHER``);
without one, kb also builds a Markdown file without a date in its name, as an
undated post.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import aliases
from .frontmatter import Post, load_yaml, normalise, split_front_matter
from .nesting import MAX_DEPTH, too_deep
from .jekyll.config import JekyllSite, read_config
from .jekyll.permalinks import DATE_FILENAME, jekyll_path, jekyll_post
from .problem import Problem
from .yamldata import key_lines

__all__ = ["JEKYLL_MARKDOWN", "PostFileText", "PostReader", "PostSource", "Refusal", "deep_refusal", "name_refusal",
           "posts_root", "unreadable"]

#: Jekyll's Markdown extensions (its default ``markdown_ext``, and ``.mdown``, which
#: kramdown sites use too)
JEKYLL_MARKDOWN = (".md", ".markdown", ".mkdown", ".mkdn", ".mkd", ".mdown")
DEFAULT_SITE, _ = read_config("")
#: the longest names Sphinx gives a document's files: <name>.doctree, _sources/<file>.txt
LONGEST_SUFFIX = max(len(".doctree"), len(".txt"))


@dataclass(frozen=True)
class PostSource:
    """What one post file says, read with the site's rules."""

    post: Post
    problems: tuple[Problem, ...]
    jekyll_path: str  # the path Jekyll would have seen: _posts/2013-05-06-x.markdown
    old_url: str | None  # Jekyll's page.url (baseurl not included); None: Jekyll could not build it
    date: dt.date | None  # in the site's zone (what {% post_url %}'s old rule compares)
    slug: str


@dataclass(frozen=True)
class PostFileText:
    """A post file's text split as the build splits it, and its front matter read."""

    front: str | None  # the front matter's YAML (None: the file has none)
    body: str  # the rest, the front matter's lines left blank (every line keeps its number)
    front_lines: int  # how many lines the front matter takes, fences included (0: none)
    source: PostSource  # its problems begin with the split's own (a front matter never closed)


@dataclass(frozen=True)
class Refusal:
    """Why a post is not built, and the line concerned."""

    why: str
    line: int = 1


def name_refusal(docname: str) -> Refusal | None:
    """Why no document can be built from a file of this name (any page's, not only a
    post's), or None."""
    if "\n" in docname:  # Sphinx's file patterns never match it: the file would be dropped without a word
        return Refusal("its file name holds a line break; rename it to build it")
    try:
        docname.encode("utf-8")
    except UnicodeEncodeError:
        return Refusal("its file name is not UTF-8 (Latin-1, say): it cannot be part of a web address; rename "
                       "it to build it")
    return None


def deep_refusal(text: str) -> Refusal | None:
    """Why a Markdown file (its whole text) nests too deep to be built (``core.nesting``), or None."""
    deep = too_deep(split_front_matter(text)[1])
    if deep is None:
        return None
    depth, line = deep
    return Refusal(f"its Markdown nests {depth} levels deep on line {line} (emphasis inside emphasis, directives "
                   f"inside directives…), more than the {MAX_DEPTH} kb builds; not built", line)


def unreadable(path: Path, docname: str) -> Refusal | None:
    """Why Sphinx could not build this post file, and the line concerned; or None."""
    name = os.fsencode(path.name)
    refused = name_refusal(docname)
    if refused is not None:
        return refused
    if len(name) + LONGEST_SUFFIX > 255 or len(os.fsencode(docname.rsplit("/", 1)[-1] + ".doctree")) > 255:
        return Refusal(f"its file name is {len(name)} bytes long: Sphinx's own files for it would "
                       "pass the 255 bytes a file name may have; rename it to build it")
    try:
        data = path.read_bytes()
    except OSError as error:
        return Refusal(f"it cannot be read ({error.strerror or error}); not built")
    if b"\0" in data[:8192]:
        return Refusal("it holds binary data, not text; not built")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return Refusal(f"it is not UTF-8 text (byte {data[error.start]:#04x} on line {line}); save it as UTF-8 to "
                       "build it", line)
    return deep_refusal(text)


def posts_root(patterns) -> str:
    """The folder of ``kb_posts``' first pattern, up to its first wildcard (``docs/posts``)."""
    for pattern in patterns:
        head = re.split(r"[*?\[]", pattern, maxsplit=1)[0]
        return head.rsplit("/", 1)[0] if "/" in head else ""
    return ""


@dataclass(frozen=True)
class PostReader:
    """Reads posts' front matter with kb's rules, and Jekyll's when ``site`` is given."""

    site: JekyllSite | None = None  # from kb_jekyll_config
    root: str = ""  # the posts folder, relative to the source folder
    extra_markdown: tuple[str, ...] = field(default=())  # a site's own markdown_ext
    #: names retired in favour of another (kb_aliases): applied to every post read
    names: aliases.AliasMap = field(default_factory=aliases.AliasMap)

    @property
    def jekyll(self) -> JekyllSite:
        return self.site or DEFAULT_SITE

    @property
    def key(self) -> str:
        """Everything a read depends on besides the file (the scan's cache is per key)."""
        return repr((self.site, self.root, self.names))

    def markdown_suffixes(self) -> tuple[str, ...]:
        own = tuple(f".{ext}" for ext in (self.site.markdown_ext if self.site else ()))
        return tuple(dict.fromkeys((*JEKYLL_MARKDOWN, *own, *self.extra_markdown)))

    def relative(self, relpath: str) -> str:
        """A file's path in the posts folder (its path in the source folder without it)."""
        if self.root and relpath.startswith(self.root + "/"):
            return relpath[len(self.root) + 1:]
        return relpath

    def refusal(self, relpath: str) -> str | None:
        """Why a Markdown file of the posts folder is not a post, or None when it is one."""
        if self.site is None:
            return None
        path = jekyll_path(self.relative(relpath))
        if "/_drafts/" in f"/{path}":
            return None
        if not DATE_FILENAME.match(path):
            return ("Jekyll takes as posts only files named YYYY-MM-DD-title (with kb_jekyll_config, kb "
                    "follows it); not built")
        return None

    def read(self, yaml_text: str | None, relpath: str, mtime: dt.datetime | None = None) -> PostSource:
        """Read one post's front matter (``None``: the file has none). ``relpath`` is the
        file's path in the source folder; ``mtime`` its modification time (a Jekyll
        draft's date when it gives none)."""
        stem = posixpath.splitext(posixpath.basename(relpath))[0]
        data, problems = load_yaml(yaml_text) if yaml_text is not None else ({}, [])
        lines = key_lines(yaml_text, first_line=2) if yaml_text is not None else {}
        rel = self.relative(relpath)
        special = "_drafts" if "/_drafts/" in f"/{rel}" else "_posts"
        jekyll, jekyll_problems = jekyll_post(jekyll_path(rel, special), data, self.jekyll, lines=lines, mtime=mtime)
        if self.site is not None:
            post, found = normalise(dict(jekyll.data), stem, lines)
            problems = problems + jekyll_problems + found
        else:
            post, found = normalise(data, stem, lines)
            problems = problems + found
        if self.names:
            post = aliases.apply(self.names, post)
        date = jekyll.time.date() if jekyll.time is not None else None
        return PostSource(post, tuple(problems), jekyll.relative_path, jekyll.url, date, jekyll.slug)

    def read_text(self, text: str, relpath: str, mtime: dt.datetime | None = None) -> PostFileText:
        """Read one post file's whole text (as Sphinx reads it: UTF-8, a BOM dropped)."""
        front, body, front_lines, split_problem = split_front_matter(text)
        source = self.read(front, relpath, mtime)
        if split_problem:
            source = PostSource(source.post, (split_problem, *source.problems), source.jekyll_path, source.old_url,
                                source.date, source.slug)
        return PostFileText(front, body, front_lines, source)
