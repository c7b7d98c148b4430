"""The site's navigation tree, computed once per folder for pages outside every toctree.

A theme's sidebar (furo's, for one) calls the page context's ``toctree()`` on every
page: Sphinx resolves and renders the whole global toctree each time, about 1 ms a
page. For a page that no toctree includes (posts, listing pages, a listing's
further pages) nothing in that tree is marked as current, so the result depends
only on where the page's file is: pages of one folder get the same HTML. kb keeps
it per folder and arguments, for the build (per process in a parallel build).
Pages in a toctree keep Sphinx's own function, and so does the 404 page
(sphinx-notfound-page gives it a ``toctree()`` of absolute links, for any depth);
``kb_shared_navigation = False`` turns this off (a test builds a site both ways and
compares every page).
"""

from __future__ import annotations

import posixpath

from sphinx.application import Sphinx

from ..state.domain import KbDomain

__all__ = ["on_html_page_context"]


def on_html_page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    toctree = context.get("toctree")
    if toctree is None or not app.config.kb_shared_navigation:
        return
    state = KbDomain.of(app.env).build
    if state.in_toctree is None:
        state.in_toctree = {child for children in app.env.toctree_includes.values() for child in children}
    if pagename in state.in_toctree or pagename == getattr(app.config, "notfound_pagename", "404"):
        return
    folder = posixpath.dirname(app.builder.get_target_uri(pagename))
    cache = state.toctrees

    def shared_toctree(**kwargs) -> str:
        key = (folder, tuple(sorted(kwargs.items())))
        if key not in cache:
            cache[key] = toctree(**kwargs)
        return cache[key]

    context["toctree"] = shared_toctree
