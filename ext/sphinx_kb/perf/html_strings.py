"""kb's part of a page written as HTML text in the main process (``kb_html_strings``).

With ``-j 2`` Sphinx resolves every doctree in the main process and translates them
in one writer process at a time; measured at 1,000 posts, that writer was the
bottleneck, and building kb's part (byline, chips, listings) as docutils nodes and
translating them cost more than writing its HTML at ``doctree-resolved``. So for
HTML builders the markup is written as HTML text and kept on its stand-in node
(``html``), which the translator only copies. The search index is fed after
``doctree-resolved`` and reads text nodes only, so listings stay out of it.
With the value off, the stand-ins become nodes, as for every other builder.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.builders import Builder

__all__ = ["depart_html", "use_html_strings", "visit_html"]


def use_html_strings(builder: Builder) -> bool:
    return builder.format == "html" and builder.config.kb_html_strings


def visit_html(translator, node: nodes.Element) -> None:
    translator.body.append(node.get("html", ""))
    raise nodes.SkipNode


def depart_html(translator, node: nodes.Element) -> None:
    pass
