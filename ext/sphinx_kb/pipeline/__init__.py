"""The pipeline: what kb does at each step of a build, for the site as a whole.

plan     before reading: prescan, site, generated pages (builder-inited, env-get-outdated)
derive   after reading: the site of this build, pages to write again (env-get-updated)
finish   after writing: removed documents' output deleted, summary (build-finished)
discovery  before anything: links out of the source folder or in loops, unreadable files
continuity  after an interrupted build, everything again; the search index's entries kept
lock     one build at a time on a tree: a second one stops, "another build is running"
empty    overview pages with nothing to show, out of toctrees (and the sitemap)
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config

from ..core.paths import Paths
from ..state import add_config_values
from . import continuity, derive, directive, discovery, empty, finish, lock, plan

__all__ = ["setup_pipeline"]

#: (name, default, types, rebuild)
CONFIG_VALUES = [
    ("kb_posts", ["posts/**"], frozenset({list, tuple}), "env"),
    ("kb_output_dir", "_kb", frozenset({str}), "env"),
]


def include_generated_folders(app: Sphinx, config: Config) -> None:
    """A site that reads only some folders (``include_patterns``) reads kb's too."""
    include = list(config.include_patterns)
    if set(include) == {"**"}:
        return
    for folder in Paths.of(config).folders():
        if f"{folder}/**" not in include:
            include.append(f"{folder}/**")
    config.include_patterns = include


def setup_pipeline(app: Sphinx) -> None:
    add_config_values(app, CONFIG_VALUES)
    app.connect("config-inited", lock.on_config_inited, priority=1)  # first: before the environment is read
    app.connect("config-inited", include_generated_folders)
    app.connect("config-inited", discovery.exclude_what_sphinx_must_not_read, priority=900)  # the patterns are final
    app.add_directive("kb-page", directive.KbPage)
    app.connect("builder-inited", continuity.on_builder_inited, priority=100)
    app.connect("builder-inited", plan.on_builder_inited)
    app.connect("env-get-outdated", continuity.on_env_get_outdated)
    app.connect("html-collect-pages", continuity.on_html_collect_pages)
    app.connect("env-get-outdated", plan.on_env_get_outdated)
    app.connect("env-get-outdated", empty.on_env_get_outdated, priority=600)  # after the plan's
    app.connect("doctree-read", empty.on_doctree_read, priority=400)  # before Sphinx notes the toctrees
    app.connect("env-get-updated", empty.on_env_get_updated)
    app.connect("env-before-read-docs", derive.on_env_before_read_docs)
    app.connect("env-get-updated", derive.on_env_get_updated)
    app.connect("build-finished", finish.on_build_finished)
    app.connect("build-finished", continuity.on_build_finished, priority=900)  # last: the build is whole
    app.connect("build-finished", lock.on_build_finished, priority=1000)  # after every other handler
