"""``kb import``'s decisions, as plain functions (the command does the file work).

Pure Python, no Sphinx, no file access.

* ``refusal(entry, kind, markdown_ext)``: why Jekyll (or kb) would not take a file of a
  ``_posts`` or ``_drafts`` folder as a post, or None. Jekyll takes ``YYYY-MM-DD-title.EXT``
  (``Document::DATE_FILENAME_MATCHER``; a draft needs no date) and skips names starting
  with ``.``, ``_``, ``#`` or ``~`` or ending with ``~`` (``EntryFilter``). kb builds
  Markdown: Jekyll's ``markdown_ext`` (``md markdown mkdown mkdn mkd`` by default) and
  ``mdown``. An ``.html`` post is a post for Jekyll but not for kb: it is reported, not
  brought (renamed ``.md`` it would be read as Markdown, which an HTML body may not survive;
  that is the user's call). Other extensions are not Markdown and are reported too.
* ``kb_path(jekyll_path)`` / ``permalinks.jekyll_path``: where a post goes in kb's posts
  folder. Subfolders of ``_posts`` are kept (``_posts/a/x.md`` -> ``a/x.md``); a post of a
  category folder keeps its ``_posts`` (``news/_posts/x.md`` -> ``news/_posts/x.md``) so
  that Jekyll's rule (the folders above ``_posts`` are categories) still gives ``news``.
* ``references(text)``: the link and image targets a body refers to (Markdown links,
  images and reference definitions, HTML ``src``/``href``/``srcset``/``poster``, CSS
  ``url()``), with their lines; the command keeps those naming files of the site.
* ``pictures(posts, site)``: the pictures posts name as ``image:`` (their front matter or
  the site's ``defaults``, jekyll-seo-tag's string or ``path`` map) and the site's
  ``image`` and ``logo``, each with where it is named (a post's line, ``_config.yml``'s).
* ``conf_settings(text)``: conf.py's literal top-level assignments, read with ``ast``
  (conf.py is never run); ``posts_folder(settings)``: the folder of a simple ``kb_posts``;
  ``conf_block``/``with_block``: the block of conf.py ``kb import`` owns, written at its
  end and replaced by the next import (``without_block``: the rest, the user's).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from typing import Any

from ..frontmatter import load_yaml, split_front_matter
from ..yamldata import key_lines
from .config import MARKDOWN_EXTENSIONS, JekyllSite, picture
from .defaults import defaults_for
from .permalinks import DATE_FILENAME, DATELESS_FILENAME

#: kb's extra Markdown extension beside Jekyll's defaults
EXTRA_MARKDOWN = ("mdown",)
NOT_LITERAL = object()  # a conf.py value that is not a plain literal

_REFERENCES = (
    re.compile(r"\]\(\s*<([^>\n]+)>"),
    re.compile(r"\]\(\s*([^)\s<>]+)"),
    re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*<?([^\s>]+)>?", re.MULTILINE),
    re.compile(r"\b(?:src|href|poster|data-src)\s*=\s*[\"']([^\"'\n]+)[\"']", re.IGNORECASE),
    re.compile(r"\burl\(\s*[\"']?([^\"')\s]+)", re.IGNORECASE),
)
_SRCSET = re.compile(r"\bsrcset\s*=\s*[\"']([^\"'\n]+)[\"']", re.IGNORECASE)
_SIMPLE_PATTERN = re.compile(r"^(?P<dir>[^*?\[\]]+?)/\*\*?(?:/\*(?:\.\w+)?)?$")


def markdown_extensions(configured: Iterable[str] = MARKDOWN_EXTENSIONS) -> frozenset[str]:
    return frozenset(e.lower() for e in configured) | frozenset(EXTRA_MARKDOWN)


def refusal(entry: str, kind: str = "posts", markdown_ext: Iterable[str] = MARKDOWN_EXTENSIONS) -> str | None:
    """Why the file ``entry`` (its path inside a ``_posts``/``_drafts`` folder) is not a
    post kb brings in, or None when it is one."""
    name = entry.rsplit("/", 1)[-1]
    if entry[:1] in "._#~" or name[:1] in "._#~" or entry.endswith("~"):
        return "Jekyll skips names starting with '.', '_', '#' or '~' or ending with '~'"
    matcher = DATE_FILENAME if kind == "posts" else DATELESS_FILENAME
    if not matcher.match(entry):
        return ("not a post name Jekyll takes (YYYY-MM-DD-title.EXT)" if kind == "posts"
                else "not a draft name Jekyll takes (title.EXT)")
    ext = name.rsplit(".", 1)[-1].lower()
    if ext in markdown_extensions(markdown_ext):
        return None
    if ext in ("html", "htm"):
        return "an HTML post: kb builds Markdown posts only (rename it to .md to read its body as Markdown)"
    return f"not a Markdown post (.{ext}): kb builds Markdown posts only"


def kb_path(jekyll_path: str, special: str = "_posts") -> str:
    """Where a post of the Jekyll site goes in kb's posts (or drafts) folder."""
    if jekyll_path.startswith(special + "/"):
        return jekyll_path[len(special) + 1 :]
    return jekyll_path


def references(text: str) -> list[tuple[int, str]]:
    """``(line, target)`` of every link or file reference in ``text``, in order."""
    found: list[tuple[int, int, str]] = []
    for pattern in _REFERENCES:
        for match in pattern.finditer(text):
            found.append((match.start(1), text.count("\n", 0, match.start(1)) + 1, match.group(1)))
    for match in _SRCSET.finditer(text):
        line = text.count("\n", 0, match.start(1)) + 1
        for candidate in match.group(1).split(","):
            if candidate.split():
                found.append((match.start(1), line, candidate.split()[0]))
    seen: set[tuple[int, str]] = set()
    result = []
    for _start, line, target in sorted(found):
        if (line, target) not in seen:
            seen.add((line, target))
            result.append((line, target))
    return result


def pictures(posts: Iterable[tuple[Any, str]], site: JekyllSite) -> list[tuple[str, str]]:
    """``(value, where)`` of each picture named: the posts' ``image:`` (``posts`` are
    ``(item, text)`` with ``item.label`` the post's path in the Jekyll site), then the
    site's ``image`` and ``logo``."""
    found: list[tuple[str, str]] = []
    for item, text in posts:
        front = split_front_matter(text)[0]
        data, _problems = load_yaml(front) if front is not None else ({}, [])
        own = picture(data.get("image")) if isinstance(data, dict) else None
        if own:
            found.append((own, f"{item.label}, line {key_lines(front or '', first_line=2).get('image', 1)}"))
        elif value := picture(defaults_for(site, item.label).get("image")):
            found.append((value, f"_config.yml, line {site.image_lines.get(value, 1)}"))
    for key in ("image", "logo"):
        value = getattr(site, key)
        if value:
            found.append((value, f"_config.yml, line {site.image_lines.get(value, 1)}"))
    return found


def conf_settings(text: str) -> dict[str, Any]:
    """conf.py's top-level ``NAME = literal`` assignments (``NOT_LITERAL`` for any other
    value); {} when conf.py does not parse. Nothing is executed."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return {}
    settings: dict[str, Any] = {}
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, (ast.AnnAssign, ast.AugAssign)) else []
        value = getattr(node, "value", None)
        for target in targets:
            if isinstance(target, ast.Name):
                try:
                    settings[target.id] = NOT_LITERAL if isinstance(node, ast.AugAssign) or value is None else ast.literal_eval(value)
                except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                    settings[target.id] = NOT_LITERAL
    return settings


def posts_folder(settings: dict[str, Any]) -> str | None:
    """The folder of ``kb_posts`` when it is one simple pattern (``"docs/posts/**"``,
    ``["posts/*.md"]``); None when absent, not literal, or several patterns."""
    value = settings.get("kb_posts")
    if isinstance(value, (list, tuple)) and len(value) == 1:
        value = value[0]
    if not isinstance(value, str):
        return None
    match = _SIMPLE_PATTERN.match(value.strip())
    return match.group("dir").rstrip("/") if match else None


#: the lines around the block of conf.py that ``kb import`` owns (and replaces)
BLOCK_BEGIN = "# >>> kb import: this block is kb's; the next kb import replaces it >>>"
BLOCK_END = "# <<< kb import <<<"


def without_block(text: str) -> str:
    """conf.py's text without ``kb import``'s block (the settings the user wrote)."""
    lines = text.splitlines(keepends=True)
    if BLOCK_BEGIN + "\n" not in lines:
        return text
    start = lines.index(BLOCK_BEGIN + "\n")
    end = next((i for i in range(start, len(lines)) if lines[i].rstrip("\n") == BLOCK_END), len(lines) - 1)
    while start > 0 and not lines[start - 1].strip():
        start -= 1  # the blank line kb put before it
    return "".join(lines[:start] + lines[end + 1:])


def conf_block(settings: dict[str, Any], posts: str, static: str, config: bool, address: str = "") -> list[str]:
    """The settings that point kb at what was imported (folders relative to conf.py),
    leaving out what the user's conf.py (``settings``, read without the block) says
    already: the posts folder, the folder of the files posts use, the Jekyll site's
    configuration, and its address (``url`` and ``baseurl``) as ``html_baseurl``."""
    lines = []
    pattern = f"{posts}/**"
    current = settings.get("kb_posts")
    if current is None:
        lines.append(f"kb_posts = [{pattern!r}]")
    elif posts_folder(settings) != posts:
        lines.append(f"kb_posts = [*kb_posts, {pattern!r}]")
    wanted = {"kb_static_root": static, "kb_jekyll_config": f"{static}/_config.yml" if config else None}
    lines += [f"{name} = {value!r}" for name, value in wanted.items() if value and settings.get(name) != value]
    if address and "html_baseurl" not in settings:
        lines.append(f"html_baseurl = {address!r}  # the Jekyll site's url and baseurl")
    return lines


def with_block(text: str, lines: list[str]) -> str:
    """conf.py's text with ``kb import``'s block (a former one replaced) at its end."""
    kept = without_block(text).rstrip("\n")
    return (kept + "\n\n" if kept else "") + "\n".join([BLOCK_BEGIN, *lines, BLOCK_END]) + "\n"
