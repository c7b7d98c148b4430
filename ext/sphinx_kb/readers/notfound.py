"""A 404 page that works at any address (sphinx-notfound-page).

sphinx-notfound-page writes ``404.html`` (or builds a site's own ``404`` document)
with every link absolute: ``notfound_urls_prefix`` + the page, so a server that
answers ``/notes/a/b/c/missing.html`` with it shows it styled, its links working.
``readers.addresses`` sets that prefix from the site's address; ``perf.navigation``
leaves the page's navigation tree to the extension.

The extension's environment collector marks its page orphan for every document
read, which gives each parallel read's worker an entry for ``404`` to send back;
kb switches that collector off (``_compat.disable_env_collector``) and marks a
site's own ``404`` document itself, when it is read.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from .. import _compat

__all__ = ["on_doctree_read", "setup_notfound"]

logger = logging.getLogger(__name__)


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    if docname == app.config.notfound_pagename:
        app.env.metadata[docname].update({"orphan": True, "nosearch": True})


def setup_notfound(app: Sphinx) -> None:
    app.setup_extension("notfound.extension")
    from notfound.extension import OrphanMetadataCollector

    if _compat.disable_env_collector(app, OrphanMetadataCollector):
        app.connect("doctree-read", on_doctree_read)
    else:
        logger.info("kb: sphinx-notfound-page's collector could not be switched off: every document read adds "
                    "an entry for the 404 page to the environment")
