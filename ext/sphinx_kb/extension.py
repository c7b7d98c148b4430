"""kb's Sphinx extension: every feature's events, nodes and directives."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from . import __version__
from . import (
    collector, config, extra_pages, listings, navigation, output, parallel_read, pipeline, reading, sources,
    tagsdirective,
)

STATIC = Path(__file__).parent / "static"


def _add_static(app: Sphinx, cfg) -> None:
    cfg.html_static_path = [*cfg.html_static_path, str(STATIC)]
    include = list(cfg.include_patterns)
    if set(include) != {"**"}:
        paths = config.Paths.of(cfg)
        for folder in paths.folders():
            if f"{folder}/**" not in include:
                include.append(f"{folder}/**")
        cfg.include_patterns = include


def setup(app: Sphinx) -> dict:
    app.setup_extension("myst_parser")
    config.register(app)
    app.connect("config-inited", _add_static)
    app.add_css_file("kb.css")

    app.add_env_collector(collector.KbCollector)
    app.connect("builder-inited", pipeline.on_builder_inited)
    app.connect("env-get-outdated", pipeline.on_env_get_outdated)
    app.connect("env-before-read-docs", pipeline.on_env_before_read_docs)
    app.connect("env-get-updated", pipeline.on_env_get_updated)
    app.connect("build-finished", pipeline.on_build_finished)
    app.connect("env-before-read-docs", parallel_read.on_env_before_read_docs)
    app.connect("env-updated", parallel_read.on_env_updated, priority=100)

    app.connect("source-read", reading.on_source_read)
    app.add_transform(reading.PostTransform)
    app.add_node(reading.kb_post_header, html=(output.visit_html, output.depart_html))
    app.add_node(listings.kb_listing, html=(output.visit_html, output.depart_html))
    app.connect("doctree-resolved", output.on_doctree_resolved)
    app.add_directive("kb-page", listings.KbPage)
    app.add_directive("kb-recent", listings.KbRecent)
    app.add_directive("kb-listing", listings.KbListingDirective)
    app.add_directive("tags", tagsdirective.KbTagLinks)
    app.connect("doctree-resolved", extra_pages.on_doctree_resolved)
    app.connect("html-collect-pages", extra_pages.on_html_collect_pages)
    app.connect("build-finished", extra_pages.on_build_finished)
    app.connect("html-page-context", navigation.on_html_page_context, priority=400)  # before the theme's

    sources.setup(app)

    return {
        "version": __version__,
        "env_version": 5,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
