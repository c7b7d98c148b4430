"""Tags, categories, authors and the archive: their pages and listings.

directives  ``{kb-recent}`` and ``{kb-listing}``: listings placed by hand
tags        sphinx-tags' ``{tags}`` directive, pointed at kb's tag pages
further     listing pages beyond the first, rendered without a source

The pages themselves are planned in ``core.pages`` and written by ``pipeline``;
what a listing shows is ``core.listing`` and ``core.render``.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from ..state import add_config_values
from . import directives, further, tags

__all__ = ["setup_taxonomy"]

#: (name, default, types, rebuild). The ``tags_*`` names are sphinx-tags' own, so a
#: site already configured for sphinx-tags keeps its settings.
CONFIG_VALUES = [
    ("kb_page_size", 50, frozenset({int}), "env"),
    ("kb_recent_posts", 10, frozenset({int}), "env"),
    # names retired in favour of another ({"LLMs": "LLM"}, or by kind: {"tags": {...}}), core.aliases
    ("kb_aliases", {}, frozenset({dict}), "env"),
    # pairs of names kb check must not report as near-duplicates ([["Génomique", "Genomique"]])
    ("kb_distinct_names", [], frozenset({list, tuple}), ""),
    ("tags_create_tags", True, frozenset({bool}), "env"),
    ("tags_output_dir", "_tags", frozenset({str}), "env"),
    ("tags_overview_title", "Tags", frozenset({str}), "env"),
    ("tags_extension", ["md"], frozenset({list, tuple}), "env"),
    ("tags_intro_text", "Tags:", frozenset({str}), "env"),
    ("tags_page_title", "Tag", frozenset({str}), "env"),
    ("tags_page_header", "With this tag", frozenset({str}), "env"),
    ("tags_index_head", "Tags", frozenset({str}), "env"),
    ("tags_create_badges", False, frozenset({bool}), "env"),
    ("tags_badge_colors", {}, frozenset({dict}), "env"),
]


def setup_taxonomy(app: Sphinx) -> None:
    if "sphinx_tags" in app.config.extensions:
        raise ExtensionError(
            "sphinx_kb takes the place of sphinx_tags: it uses sphinx-tags' directive and "
            "configuration names (tags_output_dir, tags_create_badges, ...) itself. "
            "Remove 'sphinx_tags' from `extensions` in conf.py; your tags_* settings, "
            "{tags} directives and tag page URLs keep working."
        )
    add_config_values(app, CONFIG_VALUES)
    app.add_directive("kb-recent", directives.KbRecent)
    app.add_directive("kb-listing", directives.KbListingDirective)
    app.add_directive("tags", tags.KbTagLinks)
    app.connect("doctree-resolved", further.on_doctree_resolved, priority=300)  # forks before a thread starts
    app.connect("html-collect-pages", further.on_html_collect_pages)
    app.connect("build-finished", further.on_build_finished)
