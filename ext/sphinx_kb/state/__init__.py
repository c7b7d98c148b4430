"""kb's state: one owner (``KbDomain``), and the stores that keep parallel reads lean.

domain   the domain: per-document data, the whole site's, and one build's
stores   ``DocStore`` and ``MainProcessOnly``: what a parallel read's workers send back
shown    what a page shows of others (listing models, signatures), once per build
overviews  the overview pages with nothing to show (left out of navigation and sitemap)
"""

from __future__ import annotations

from sphinx.application import Sphinx

from .domain import KbDomain

__all__ = ["KbDomain", "add_config_values", "setup_state"]


def add_config_values(app: Sphinx, values) -> None:
    """A feature's configuration values: (name, default, types, what a change rebuilds)."""
    for name, default, types, rebuild in values:
        app.add_config_value(name, default, rebuild, types=types)


def setup_state(app: Sphinx) -> None:
    app.add_domain(KbDomain)
