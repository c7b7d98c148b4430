"""Posts: Markdown files with Jekyll front matter, read as kb's pages.

scan        before reading: which posts exist and what their front matter says
reading     source-read: front matter out, Liquid in, the title's stand-in heading
transform   the title as text, sections, meta tags, the post's record
keywords    the first mention of each keyword marked as a link to its glossary entry
files       images and downloads that lead outside the site refused
accounting  every file of the posts folders built, used, or named in a warning
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.util import logging

from .. import _compat
from ..state import add_config_values
from . import accounting, files, reading, transform

__all__ = ["setup_posts"]

logger = logging.getLogger(__name__)

CONFIG_VALUES = [
    ("kb_words_per_minute", 200, frozenset({int}), "env"),
]


def setup_posts(app: Sphinx) -> None:
    add_config_values(app, CONFIG_VALUES)
    app.connect("source-read", reading.on_source_read)
    app.add_transform(transform.PostTransform)
    app.add_transform(files.OutsideFiles)
    app.connect("include-read", files.on_include_read)
    app.add_directive("literalinclude", files.GuardedLiteralInclude, override=True)
    if not _compat.guard_markdown_parser(app, _left_empty):
        logger.warning("kb: this MyST-Parser has no parser class kb knows; a page nesting too deep may stop the build",
                       type="kb", subtype="compat")
    app.connect("env-check-consistency", accounting.on_env_check_consistency)
    app.connect("build-finished", accounting.on_build_finished)


def _left_empty(document, why: str) -> None:
    """A page the prescan let through (its depth comes from an ``{include}``, say) that
    could not be read: left empty, with a warning naming it, instead of a stopped build."""
    logger.warning("kb: %s is left empty: %s", document.settings.env.docname, why,
                   location=(document.settings.env.docname, 1), type="kb", subtype="posts")
