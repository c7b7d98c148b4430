"""Before any document is read: which posts exist, what their front matter says.

Listing pages are real documents (searchable, able to hold labels and glossary
terms), so they must exist as source files before Sphinx looks for sources. This
module reads the posts' front matter (never their bodies' Markdown, through
``core.postreader``) and the ``{tags}`` directives of other pages, caching each
file's result by its size, modification time and readability, so a rebuild
re-reads only files that changed.

Jekyll's publishing rules are applied here, at every build (``publish``, from
``readers.publishing``): a post left out (a draft, ``published: false``, dated in the
future) is in ``left_out`` with its reason, and is no document of this build. As the
decision is made again at each build from the cached front matter, a post whose date
has come is published by the next build, without a clean one.

A page of any kind whose name is no web address (not UTF-8) or whose Markdown nests
too deep for Sphinx (``core.nesting``) is left out with a reason too. Every file in a
posts folder is accounted for. A post that Sphinx could not read
(not UTF-8 text, binary, unreadable, a name too long for Sphinx's files) is left
out with a reason; so is a Markdown file that is no post by Jekyll's rules (with
``kb_jekyll_config``). Any other file is kept as a candidate: if no page uses it
(``posts.accounting``), it is named in a warning.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.matching import Matcher, get_matching_files

from .. import _compat
from ..core.frontmatter import Post
from ..core.paths import Paths
from ..core.postreader import PostReader, PostSource, Refusal, deep_refusal, name_refusal, unreadable
from ..core.publishing import Decision, decide
from ..core.records import post_entry, tagged_page_entry
from ..core.taxonomy import Entry
from .unread_tags import directive_tags

__all__ = ["Refusal", "Scan", "markdown_suffixes", "scan", "unreadable"]

CACHE_VERSION = 8


@dataclass
class Scan:
    posts: dict[str, Post] = field(default_factory=dict)  # published posts by docname
    #: docname -> why the post is left out of this build (core.publishing: draft, unpublished, future)
    left_out: dict[str, str] = field(default_factory=dict)
    #: docname -> (why the post is not built, the line concerned): Sphinx could not read it,
    #: or it is no post by Jekyll's rules
    refused: dict[str, Refusal] = field(default_factory=dict)
    #: files in a posts folder that are no document (images, .html posts…): used by a page, or named
    others: list[str] = field(default_factory=list)
    tag_pages: dict[str, tuple[str, ...]] = field(default_factory=dict)  # other pages' {tags}
    files: dict[str, str] = field(default_factory=dict)  # docname -> file path relative to srcdir
    #: docname -> the post as read (front matter text, old URL…): reading reuses it when unchanged
    sources: dict[str, tuple[str | None, PostSource]] = field(default_factory=dict)
    #: file path -> ((mtime, size, readable, kind, reader), what was read): the next build's cache
    cache: dict[str, tuple] = field(default_factory=dict)
    version: int = CACHE_VERSION

    def entries(self) -> list[Entry]:
        """Every post's and tagged page's taxonomy entry, as the front matter says."""
        result = [post_entry(docname, post) for docname, post in self.posts.items()]
        result += [tagged_page_entry(docname, docname, tags) for docname, tags in self.tag_pages.items()]
        return result


def markdown_suffixes(app: Sphinx) -> list[str]:
    suffixes = app.config.source_suffix
    if isinstance(suffixes, dict):
        return [s for s, kind in suffixes.items() if kind == "markdown"] or [".md"]
    return [".md"]


#: whether a post (at its path from the source folder) is published in this build
Publish = Callable[[Post, str], Decision]


def published_only(post: Post, relpath: str) -> Decision:
    """Without publishing rules: only ``published: false`` and drafts stay out."""
    return decide(post, relpath, dt.datetime.max.replace(tzinfo=dt.timezone.utc))


def scan(app: Sphinx, old: Scan | None, reader: PostReader, publish: Publish = published_only) -> Scan:
    """Scan the source folder (cached per file in the last build's scan, ``old``);
    ``publish`` decides which posts this build publishes."""
    cache: dict[str, tuple] = old.cache if isinstance(old, Scan) and old.version == CACHE_VERSION else {}
    result = Scan()
    srcdir = Path(app.srcdir)
    markdown = tuple(markdown_suffixes(app))
    suffixes = tuple(app.config.source_suffix) if isinstance(app.config.source_suffix, dict) else (".rst", ".md")
    is_post = Matcher(list(app.config.kb_posts))
    generated = Matcher([f"{folder}/**" for folder in Paths.of(app.config).folders()])
    exclude = [*_compat.exclude_paths(), *app.config.exclude_patterns, *app.config.templates_path, "_build", ".venv"]
    found = get_matching_files(srcdir, include_patterns=app.config.include_patterns, exclude_patterns=exclude)
    for relpath in [*found, *_line_break_names(srcdir, app.config.kb_posts)]:
        relpath = relpath.replace(os.sep, "/")
        suffix = next((s for s in suffixes if relpath.endswith(s)), None)
        docname = relpath[: -len(suffix)] if suffix else relpath
        if generated(docname):
            continue
        post = relpath.endswith(markdown) and is_post(docname.replace("\n", " "))
        if suffix is None or not (post or suffix.endswith(("md", "rst"))):
            if suffix is None and is_post(relpath):
                result.others.append(relpath)
            continue
        full = os.path.join(srcdir, relpath)  # str, not Path: 1,000 of them each build
        try:
            stat = os.stat(full)
        except OSError:
            continue
        stamp = (stat.st_mtime_ns, stat.st_size, os.access(full, os.R_OK), post, reader.key if post else "")
        cached = cache.get(relpath)
        value = cached[1] if cached and cached[0] == stamp else _read(Path(full), relpath, docname, post, reader)
        result.cache[relpath] = (stamp, value)
        result.files[docname] = relpath
        if isinstance(value, Refusal):
            result.refused[docname] = value
        elif not post:
            if value:
                result.tag_pages[docname] = value
        else:
            front, source = value
            result.sources[docname] = (front, source)
            decision = publish(source.post, relpath)
            if decision.included:
                result.posts[docname] = source.post
            else:
                result.left_out[docname] = decision.reason
    return result


def _line_break_names(srcdir: Path, patterns) -> list[str]:
    """Files of the posts folders whose name holds a line break: Sphinx's patterns never
    match them, so the walk above never sees them (``unreadable`` refuses them, named)."""
    found = []
    for start in sorted({re.split(r"[*?\[]", pattern, maxsplit=1)[0].rpartition("/")[0] for pattern in patterns}):
        for root, dirs, files in os.walk(srcdir / start):
            dirs[:] = [name for name in dirs if not name.startswith((".", "_build"))]
            found += [os.path.relpath(os.path.join(root, name), srcdir) for name in files if "\n" in name]
    return found


def _text(path: Path) -> str | None:
    """The file's text, or None when Sphinx could not read it as UTF-8."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _read(path: Path, relpath: str, docname: str, post: bool, reader: PostReader):
    if post:
        refused = unreadable(path, docname)
        if refused:
            return refused
        not_a_post = reader.refusal(relpath)
        if not_a_post:
            return Refusal(not_a_post)
        mtime = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc)
        read = reader.read_text(_text(path) or "", relpath, mtime)
        return read.front, read.source
    text = _text(path)
    refused = name_refusal(docname) or (deep_refusal(text) if text is not None and path.suffix != ".rst" else None)
    if refused:  # any page: Sphinx would stop on it
        return refused
    if text is None or ("{tags}" not in text and ".. tags::" not in text):
        return ()
    return directive_tags(text, markdown=path.suffix != ".rst")
