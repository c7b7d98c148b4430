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

from ..state import add_config_values
from . import accounting, files, reading, transform

__all__ = ["setup_posts"]

CONFIG_VALUES = [
    ("kb_words_per_minute", 200, frozenset({int}), "env"),
]


def setup_posts(app: Sphinx) -> None:
    add_config_values(app, CONFIG_VALUES)
    app.connect("source-read", reading.on_source_read)
    app.add_transform(transform.PostTransform)
    app.add_transform(files.OutsideFiles)
    app.connect("env-check-consistency", accounting.on_env_check_consistency)
    app.connect("build-finished", accounting.on_build_finished)
