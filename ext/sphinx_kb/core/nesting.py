"""How deep a post's Markdown nests, known before Sphinx reads it. Pure Python.

MyST turns markdown-it's tokens into a tree, and docutils, pickle and the HTML
writer all walk that tree recursively: emphasis inside emphasis 225 levels deep
(450 ``*`` before a word) ended the whole build with a ``RecursionError`` (issue 29).
markdown-it holds quotes, lists and links at its ``maxNesting``; emphasis and
strikethrough are paired after that limit applies and are not held. The limit here
is on the depth of the tokens, whatever made them, so any other way to nest that
deep is refused by the same check. A post nesting deeper than ``MAX_DEPTH`` is left
out of the build (``postreader.unreadable``) with the line where it happens. A
directive's content (```` ```{note} ````, ``:::{note}``) is parsed again inside it,
so directives nested in directives add up: 150 of them ended the build too.

Cheap for ordinary posts: the tokens are made only when the text holds enough
delimiters to nest that deep at all.
"""

from __future__ import annotations

import re

__all__ = ["MAX_DEPTH", "too_deep"]

#: ordinary Markdown nests a handful of levels; recursion fails past 200 or so
MAX_DEPTH = 100
#: characters whose pairs nest inline past markdown-it's maxNesting
_DELIMITERS = "*_~"
#: a directive's opening fence (its content is parsed again, inside the directive)
_DIRECTIVE = re.compile(r"(?:`{3,}|~{3,}|:{3,})[ \t]*\{")
#: the most one parse can nest without delimiters: markdown-it's maxNesting for blocks,
#: and again for links inside a paragraph, and a little more
_ONE_PARSE = 42


def too_deep(body: str) -> tuple[int, int] | None:
    """``(depth, line)`` where ``body`` (lines numbered as in the file) nests deeper
    than ``MAX_DEPTH``, or None. A directive's content is measured from the depth of
    its fence, as MyST parses it there."""
    delimiters = sum(body.count(char) for char in _DELIMITERS)
    if (len(_DIRECTIVE.findall(body)) + 1) * _ONE_PARSE + delimiters // 2 <= MAX_DEPTH:
        return None  # cannot nest that deep: not worth tokenizing
    parser = _parser()
    pending = [(body, 0, 0)]  # (text, depth it starts at, its first line's offset in the file)
    while pending:
        text, base, offset = pending.pop()
        try:
            tokens = parser.parse(text)
        except RecursionError:
            return MAX_DEPTH + 1, offset + 1
        for token in tokens:
            line = offset + (token.map[0] + 1 if token.map else 1)
            depth = base + token.level + max((child.level for child in token.children or ()), default=0) + 1
            if depth > MAX_DEPTH:
                return depth, line
            if token.type in ("fence", "colon_fence") and token.info.strip().startswith("{"):
                pending.append((token.content, depth, line))
    return None


def _parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.colon_fence import colon_fence_plugin

    return MarkdownIt("commonmark").enable("strikethrough").use(colon_fence_plugin)
