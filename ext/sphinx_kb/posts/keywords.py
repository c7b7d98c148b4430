"""Links from the first mention of each of a post's keywords to its glossary entry.

Found when the post is read (in the parallel read's workers): a ``reference`` with
the keyword in ``kb_keyword`` and no address yet. Its address is set when the page
is written (``writing.fill``), from the glossary of the whole site: an entry may move to
another page without the post being read again (its signature changes, so it is
written again).
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes

from ..core.text import clean_text
from ..writing.standins import keyword_link

__all__ = ["mark_keywords"]

_SKIP = (nodes.title, nodes.literal, nodes.literal_block, nodes.reference, nodes.raw, addnodes.pending_xref,
         nodes.target, nodes.comment, nodes.math, nodes.math_block, nodes.FixedTextElement)


def mark_keywords(section: nodes.Element, keywords: tuple[str, ...]) -> None:
    """Mark the first mention of each keyword in the body text.

    One pass over the text nodes outside code, links, titles and kb's own nodes,
    with one pattern for all the post's keywords, longest first (so a keyword
    inside a longer one already linked is not linked there)."""
    wanted = {clean_text(k).casefold(): k for k in keywords if clean_text(k)}
    if not wanted:
        return
    alternatives = "|".join(re.escape(k) for k in sorted(wanted, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)({alternatives})(?!\w)", re.IGNORECASE)
    for text in _linkable_texts(section):
        value = str(text)
        pieces: list[nodes.Node] = []
        position = 0
        for match in pattern.finditer(value):
            keyword = wanted.pop(match.group(0).casefold(), None)
            if keyword is None:
                continue  # linked earlier
            if match.start() > position:
                pieces.append(nodes.Text(value[position : match.start()]))
            pieces.append(keyword_link(match.group(0), keyword))
            position = match.end()
        if not pieces:
            continue
        if position < len(value):
            pieces.append(nodes.Text(value[position:]))
        text.parent.replace(text, pieces)
        if not wanted:
            return


def _linkable_texts(node: nodes.Node) -> list[nodes.Text]:
    """Text nodes in document order, outside the subtrees autolinks never enter."""
    found: list[nodes.Text] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, nodes.Text):
            found.append(current)
            continue
        if isinstance(current, _SKIP) or any(c.startswith("kb-") for c in current.get("classes", [])):
            continue
        stack.extend(reversed(current.children))
    return found
