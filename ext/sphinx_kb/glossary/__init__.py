"""The glossary: every keyword a post uses is an entry, with its definition (if the
definitions file has one) and backlinks to the posts that use it.

definitions  the definitions file, loaded once per build; its problems at its lines
page         a glossary page's content: letters, terms, definitions, backlinks

The glossary's data is ``core.glossary``; its pages are planned in ``core.pages``.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from ..state import add_config_values

__all__ = ["setup_glossary"]

CONFIG_VALUES = [
    ("kb_glossary_file", "", frozenset({str}), "env"),
    ("kb_glossary_backlinks", 5, frozenset({int}), "env"),
    ("kb_glossary_split", 150, frozenset({int}), "env"),
    ("kb_glossary_autolink", False, frozenset({bool}), "env"),
    ("kb_glossary_warn_undefined", False, frozenset({bool}), "env"),
]


def setup_glossary(app: Sphinx) -> None:
    add_config_values(app, CONFIG_VALUES)
