"""Before any document is read: which posts exist, what their front matter says.

Listing pages are real documents (searchable, able to hold labels and glossary
terms), so they must exist as source files before Sphinx looks for sources. This
module reads the posts' front matter (never their bodies' Markdown) and the
``{tags}`` directives of other pages, caching each file's result by its size and
modification time, so a rebuild re-reads only files that changed.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.project import EXCLUDE_PATHS
from sphinx.util.matching import Matcher, get_matching_files
from .. import _compat

from ..core.frontmatter import Post, parse_front_matter, split_front_matter
from ..core.paths import Paths
from ..core.records import post_entry, tagged_page_entry
from ..core.taxonomy import Entry

__all__ = ["Scan", "directive_tags", "markdown_suffixes", "scan"]

CACHE_VERSION = 3


@dataclass
class Scan:
    posts: dict[str, Post] = field(default_factory=dict)  # published posts by docname
    unpublished: set[str] = field(default_factory=set)
    tag_pages: dict[str, tuple[str, ...]] = field(default_factory=dict)  # other pages' {tags}
    files: dict[str, str] = field(default_factory=dict)  # docname -> file path relative to srcdir
    #: docname -> (front matter text, problems): lets reading reuse the parse when unchanged
    fronts: dict[str, tuple[str | None, list]] = field(default_factory=dict)
    #: file path -> ((mtime, size, is post), what was read): the next build's cache
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


def is_post_matcher(app: Sphinx) -> Matcher:
    return Matcher(list(app.config.kb_posts))


def scan(app: Sphinx, old: Scan | None) -> Scan:
    """Scan the source folder (cached per file in the last build's scan, ``old``)."""
    cache: dict[str, tuple] = old.cache if isinstance(old, Scan) and old.version == CACHE_VERSION else {}
    result = Scan()
    new_cache = result.cache
    srcdir = Path(app.srcdir)
    md = tuple(markdown_suffixes(app))
    suffixes = tuple(app.config.source_suffix) if isinstance(app.config.source_suffix, dict) else (".rst", ".md")
    is_post = is_post_matcher(app)
    paths = Paths.of(app.config)
    generated = Matcher([f"{folder}/**" for folder in paths.folders()])
    exclude = [*EXCLUDE_PATHS, *app.config.exclude_patterns, *app.config.templates_path, "_build", ".venv"]
    for relpath in get_matching_files(srcdir, include_patterns=app.config.include_patterns, exclude_patterns=exclude):
        relpath = relpath.replace(os.sep, "/")
        suffix = next((s for s in suffixes if relpath.endswith(s)), None)
        if suffix is None:
            continue
        docname = relpath[: -len(suffix)]
        if generated(docname):
            continue
        post = is_post(docname) and relpath.endswith(md)
        if not post and not suffix.endswith(("md", "rst")):
            continue
        full = srcdir / relpath
        try:
            stat = full.stat()
        except OSError:
            continue
        stamp = (stat.st_mtime_ns, stat.st_size, post)
        cached = cache.get(relpath)
        if cached and cached[0] == stamp:
            value = cached[1]
        else:
            value = _read(full, docname, post)
        new_cache[relpath] = (stamp, value)
        result.files[docname] = relpath
        if post:
            front, value, problems = value
            result.fronts[docname] = (front, problems)
            if value.published:
                result.posts[docname] = value
            else:
                result.unpublished.add(docname)
        elif value:
            result.tag_pages[docname] = value
    return result


def _read(path: Path, docname: str, post: bool):
    try:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        text = ""
    if post:
        front, _, _, split_problem = split_front_matter(text)
        parsed, problems = parse_front_matter(front, docname.rsplit("/", 1)[-1])
        return front, parsed, ([split_problem] if split_problem else []) + problems
    if "{tags}" not in text and ".. tags::" not in text:
        return ()
    return directive_tags(text, markdown=path.suffix != ".rst")


_MD_FENCE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})\s*(\{tags\})?\s*(.*)$")
_RST_TAGS = re.compile(r"^()\.\. tags::\s*(.*)$")  # top level only: indented text may be a code block


def directive_tags(text: str, markdown: bool) -> tuple[str, ...]:
    """The tags of every ``{tags}`` directive in a page that is not read yet.

    sphinx-tags' own reader finds the directive's text anywhere, code blocks
    included; this one skips fenced code, knows colon fences and reST
    indentation, and cleans names as sphinx-tags does (``_compat.normalize_tag``)."""
    found: list[str] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if markdown:
            match = _MD_FENCE.match(line)
            if not match:
                continue
            fence = match.group(1)
            block: list[str] = [match.group(3)] if match.group(2) else []
            while index < len(lines) and not (lines[index].strip().startswith(fence) and not lines[index].strip().strip(fence[0])):
                if match.group(2) and not lines[index].lstrip().startswith(":"):
                    block.append(lines[index])
                index += 1
            index += 1  # the closing fence
            if match.group(2):
                found += ",".join(block).split(",")
        else:
            match = _RST_TAGS.match(line)
            if not match:
                continue
            block = [match.group(2)]
            indent = len(match.group(1))
            while index < len(lines) and (not lines[index].strip() or len(lines[index]) - len(lines[index].lstrip()) > indent):
                if lines[index].strip() and not lines[index].lstrip().startswith(":"):
                    block.append(lines[index])
                elif not lines[index].strip() and len(block) > 1:
                    break
                index += 1
            found += ",".join(block).split(",")
    return tuple(t for t in (_compat.normalize_tag(tag) for tag in found) if t)
