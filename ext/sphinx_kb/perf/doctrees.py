"""A serial build that does not keep every doctree read until it is written
(``kb_release_doctrees``).

Sphinx keeps each doctree it read in memory until it writes it
(``env._write_doc_doctree_cache``, private to Sphinx; see ``_compat``): for a
knowledge base that is most of the build's memory, and the garbage collector walks
it over and over. Without it, a doctree is unpickled from the file Sphinx wrote
anyway (measured at 1,000 posts: peak memory 219 -> 160 MB, 2 s faster).
"""

from __future__ import annotations

from sphinx.application import Sphinx

from .. import _compat

__all__ = ["on_builder_inited"]


def on_builder_inited(app: Sphinx) -> None:
    if app.config.kb_release_doctrees:
        _compat.stop_keeping_read_doctrees(app.env)
