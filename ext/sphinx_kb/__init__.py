"""sphinx-kb: Jekyll-style Markdown posts become a cross-linked knowledge base.

Add ``"sphinx_kb"`` to ``extensions`` (it loads ``myst_parser`` itself). The data
flow is described in ``docs/design.md``; in short::

    post file -> front matter -> Post -> environment -> taxonomy / glossary -> pages

Importing the package imports nothing from Sphinx: its pure core
(``sphinx_kb.core``) and the ``kb`` command (``sphinx_kb.cli``) load without it.
"""

from __future__ import annotations

__version__ = "0.1.0"


def setup(app) -> dict:
    from .extension import setup as setup_extension

    return setup_extension(app)
