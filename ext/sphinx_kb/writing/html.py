"""kb's markup as HTML text, with the addresses of kb's pages from the page being written."""

from __future__ import annotations

from sphinx.builders import Builder

from ..core import markup
from .links import href

__all__ = ["html_of"]


def html_of(builder: Builder, docname: str, blocks: list[markup.Block]) -> str:
    return markup.to_html(blocks, lambda target, anchor: href(builder, docname, target, anchor))
