"""The text MyST reads of a post: its body with Liquid handled and the stand-in heading.

Pure Python. The build (``posts.reading``, at ``source-read``) and ``kb check`` make it
here, so both see the same lines, and report the same Liquid problems: each once per
line (a tag twice on one line is one problem), at its line of the file.
"""

from __future__ import annotations

from . import liquid
from .jekyll.urls import OldUrlIndex
from .pages import TITLE_STAND_IN
from .problem import Problem

__all__ = ["myst_text"]


def myst_text(body: str, front_lines: int, index: OldUrlIndex) -> tuple[str, list[Problem]]:
    """``body`` (the front matter's lines blank, ``core.frontmatter.split_front_matter``)
    as MyST reads it, and the Liquid problems. ``index``: every post's old URL, for
    ``{% post_url %}`` and ``{% link %}``. With a front matter, the opening fence's line
    holds the stand-in heading (``posts.transform`` gives it the title), so no line moves."""
    text, problems = liquid.convert(body, index.post_url_tag, link=index.link_tag, site=index.liquid_site)
    if front_lines:
        lines = text.split("\n")
        lines[0] = f"# {TITLE_STAND_IN}"
        text = "\n".join(lines)
    return text, list(dict.fromkeys(problems))
