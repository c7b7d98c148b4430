"""One post checked as the build reads it: what the build would warn, line by line.

For a post the build reads (published, not refused), the build warns, in this order:
its front matter's problems (``[kb.frontmatter]``, from ``core.postreader``, and its
``image`` and ``last_modified_at``, ``core.postmeta``), Liquid it
cannot run (``[kb.liquid]``, ``core.postbody.myst_text``: once per line), and
placeholder citations (``[kb.placeholder]``, ``core.sources``). Here the same
functions give the same problems at the same lines; the citations come from the
doctree MyST makes without Sphinx (``checking.myst``), with links to the old site
changed as the build changes them (``checking.oldlinks``).

Parsing is the slow part (some 6 ms a post), so a post is parsed only when its text
could give a placeholder (``core.sources.might_hold_placeholder``), or when every
citation is wanted (``kb stats``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..core import sources as found
from ..core.sources import Source
from ..core.jekyll.urls import OldUrlIndex
from ..core.placeholders import KnownPlaceholder, reserved_name
from ..core.postbody import myst_text
from ..core.postmeta import image_of, updated_moment
from ..core.postreader import PostFileText, Refusal

if TYPE_CHECKING:
    from .myst import MystReader

__all__ = ["Checked", "Rules", "PostWarning", "check_post", "refused"]


@dataclass(frozen=True)
class PostWarning:
    """A warning the build gives: where, what, and its ``[kb.<subtype>]``."""

    line: int
    message: str
    subtype: str


@dataclass
class Rules:
    """What a post is checked against: the site's settings and every post's old URL."""

    index: OldUrlIndex
    markers: Sequence[str]
    known: Sequence[KnownPlaceholder]
    make_reader: Callable[[], MystReader]  # MyST without Sphinx, made on first use
    static_root: Path | None = None  # the old site's files (kb_static_root)
    substitutions: bool = False  # MyST's substitutions extension is on
    parsed: int = 0  # how many posts were parsed (for the benchmark)
    _reader: MystReader | None = field(default=None, repr=False)

    @property
    def reader(self) -> MystReader:
        if self._reader is None:
            self._reader = self.make_reader()
        return self._reader

    @property
    def every_link(self) -> bool:
        """The old site's address is reserved: any link sent there is a placeholder."""
        return bool(self.index.site.url) and reserved_name(self.index.site.url) is not None

    def has_file(self, asset: str) -> bool:
        """The static folder holds the file (``jekyll.links._asset_file``)."""
        if self.static_root is None:
            return False
        path = self.static_root / asset
        return path.is_file() and not path.is_symlink()


@dataclass(frozen=True)
class Checked:
    warnings: tuple[PostWarning, ...]
    sources: tuple[Source, ...] | None  # None: not parsed (no placeholder could be found)


def refused(relpath: str, refusal: Refusal) -> PostWarning:
    """The build's warning for a post it does not build (``pipeline.plan``, ``[kb.posts]``)."""
    return PostWarning(refusal.line, f"kb: {relpath} is not built: {refusal.why}", "posts")


def check_post(read: PostFileText, path: Path, docname: str, rules: Rules, every_citation: bool = False) -> Checked:
    """The build's warnings for one post it reads; ``every_citation``: parse it even
    when no placeholder can be found, for its citations."""
    warnings = [PostWarning(p.line, p.message, "frontmatter") for p in read.source.problems]
    post = read.source.post  # image: and last_modified_at, checked when the build reads the post (readers.sharing)
    warnings += [PostWarning(p.line, f"kb: {p.message}", "frontmatter")
                 for p in (*image_of(post)[1], *updated_moment(post)[1])]
    text, liquid = myst_text(read.body, read.front_lines, rules.index)
    warnings += [PostWarning(p.line, p.message, "liquid") for p in liquid]
    if not (every_citation or found.might_hold_placeholder(
            text, rules.markers, every_link=rules.every_link, substitutions=rules.substitutions)):
        return Checked(tuple(warnings), None)
    reader = rules.reader  # made first: a reader that cannot be made is the caller's error, not the post's
    try:
        sources = tuple(citations_of(text, path, docname, rules, reader))
    except Exception as error:  # MyST failed on this text: say so, never a traceback
        warnings.append(PostWarning(1, f"kb check: MyST could not read this post ({type(error).__name__}: {error}); "
                                       "the build may fail on it too", "check"))
        return Checked(tuple(warnings), None)
    for source in sources:
        message = found.warning(source)
        if message is not None:
            warnings.append(PostWarning(source.line, message, "placeholder"))
    return Checked(tuple(warnings), sources)


def citations_of(text: str, path: Path, docname: str, rules: Rules, reader: MystReader | None = None) -> list[Source]:
    """The post's citations, from the doctree of its text as MyST reads it."""
    from .blocks import blocks
    from .oldlinks import resolve_old_links

    rules.parsed += 1
    doctree = (reader or rules.reader).doctree(text, path, docname)
    resolve_old_links(doctree, rules.index, docname, rules.has_file)
    return found.sources_of(blocks(doctree), docname, rules.markers, rules.known)
