"""How deep a post's Markdown nests, known before Sphinx reads it. Pure Python.

MyST turns markdown-it's tokens into a tree, and docutils, pickle and the HTML
writer all walk that tree recursively: emphasis inside emphasis 225 levels deep
(450 ``*`` before a word) ended the whole build with a ``RecursionError`` (issue 29).
markdown-it holds quotes, lists and links at its ``maxNesting``; emphasis and
strikethrough are paired after that limit applies and are not held. The limit here
is on the depth of the tokens, whatever made them, so any other way to nest that
deep is refused by the same check. A post nesting deeper than ``MAX_DEPTH`` is left
out of the build (``postreader.unreadable``) with the line where it happens.

Cheap for ordinary posts: the tokens are made only when the text holds enough
delimiters to nest that deep at all.
"""

from __future__ import annotations

__all__ = ["MAX_DEPTH", "too_deep"]

#: ordinary Markdown nests a handful of levels; recursion fails past 200 or so
MAX_DEPTH = 100
#: characters whose pairs nest inline past markdown-it's maxNesting
_DELIMITERS = "*_~"


def too_deep(body: str) -> tuple[int, int] | None:
    """``(depth, line)`` where ``body`` (lines numbered as in the file) nests deeper
    than ``MAX_DEPTH``, or None."""
    if sum(body.count(char) for char in _DELIMITERS) < 2 * MAX_DEPTH:
        return None
    from markdown_it import MarkdownIt

    try:
        tokens = MarkdownIt("commonmark").enable("strikethrough").parse(body)
    except RecursionError:
        return MAX_DEPTH + 1, 1
    for token in tokens:
        inner = max((child.level for child in token.children or ()), default=0)
        depth = token.level + inner + 1
        if depth > MAX_DEPTH:
            return depth, (token.map[0] + 1) if token.map else 1
    return None
