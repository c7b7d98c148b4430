"""kb's measured speed-ups, each switchable and each with its measurement in its module.

parallel_read  a -j N read's workers send back only the documents they read
parallel_write a -j N build's main process writes pages too, once it has resolved them all
doctrees       a serial build does not keep every read doctree until it is written
navigation     the theme's navigation tree, once per folder for pages outside every toctree
background     further listing pages and citation files made by a low-priority process
               while pages are written
html_strings   kb's part of a page written as HTML text in the main process
collector      the cycle collector paused while the environment loads, and kept off it
"""

from __future__ import annotations

from sphinx.application import Sphinx

from ..state import add_config_values
from . import collector, doctrees, navigation, parallel_read, parallel_write

__all__ = ["setup_perf"]

#: (name, default, types, rebuild): none of them changes what is built, only how
CONFIG_VALUES = [
    ("kb_release_doctrees", True, frozenset({bool}), ""),
    ("kb_shared_navigation", True, frozenset({bool}), ""),
    ("kb_lean_parallel_read", True, frozenset({bool}), ""),
    ("kb_main_process_writes", True, frozenset({bool}), ""),
    ("kb_further_pages_process", True, frozenset({bool}), ""),
    ("kb_html_strings", True, frozenset({bool}), ""),
    ("kb_pause_gc_on_load", True, frozenset({bool}), ""),
]


def setup_perf(app: Sphinx) -> None:
    add_config_values(app, CONFIG_VALUES)
    app.connect("config-inited", collector.on_config_inited, priority=1000)  # last: Sphinx loads the environment next
    app.connect("builder-inited", collector.on_builder_inited, priority=0)  # first
    app.connect("build-finished", collector.on_build_finished, priority=1000)
    app.connect("builder-inited", doctrees.on_builder_inited)
    app.connect("builder-inited", parallel_write.on_builder_inited)
    app.connect("env-before-read-docs", parallel_read.on_env_before_read_docs)
    app.connect("env-updated", parallel_read.on_env_updated, priority=100)
    app.connect("html-page-context", navigation.on_html_page_context, priority=400)  # before the theme's
