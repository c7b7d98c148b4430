"""jemoji's emoji: ``:tada:`` in a post of a site that used the plugin shows as 🎉.

Jekyll's jemoji (listed in ``_config.yml``'s ``plugins`` or ``gems``) turns every
``:name:`` of GitHub's emoji set in a page's rendered HTML into the emoji, in text only:
never in ``pre``, ``code`` or ``tt``, never in an attribute (so never in a link's
address). kb does the same with the ``emoji`` package's GitHub aliases
(``language="alias"``) when the site's ``kb_jekyll_config`` lists jemoji: names it
does not know stay as written, as jemoji leaves them.

Where: a transform on a post's doctree when it is read (``EmojiTransform``), on its
``Text`` nodes. There the text is already told apart from code spans, code blocks,
math, addresses and raw HTML by its nodes (a Markdown-level replacement would have to
parse Markdown again, and an HTML one would run at every write and miss the search
index, the feeds' summaries and the description); it runs before ``posts.transform``
(500) so the description taken from the first paragraph has the emoji, as the old
site's had, and it never touches the title from front matter (text, not markup). A
raw HTML block or span (a ``<div>`` a post wrote) gets the same treatment in the text
between its tags, outside ``pre``/``code``/``tt``/``script``/``style``. An address
written as text (``https://x/:tada:/``) is left whole.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.transforms import SphinxTransform

from ..state.domain import KbDomain

__all__ = ["EmojiTransform", "emojize_html", "emojize_text", "uses_jemoji"]

#: nodes whose text is code, an address or markup, not prose
_SKIPPED = (nodes.FixedTextElement, nodes.literal, nodes.math, nodes.raw, nodes.comment, nodes.target,
            nodes.problematic, nodes.system_message, nodes.substitution_definition)
_SHORTCODE = re.compile(r":[\w+-]+:")
_ADDRESS = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+|\bwww\.\S+", re.IGNORECASE)
_TAG = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
_CODE_TAGS = ("pre", "code", "tt", "script", "style", "textarea")


def uses_jemoji(plugins) -> bool:
    return any(str(name).strip() == "jemoji" for name in plugins)


def emojize_text(text: str) -> str:
    """``text`` with GitHub's emoji names replaced, addresses in it left whole."""
    if not _SHORTCODE.search(text):
        return text
    import emoji  # ~20 ms: only for a site that uses jemoji and a text that may need it

    pieces, last = [], 0
    for match in _ADDRESS.finditer(text):
        pieces += [emoji.emojize(text[last:match.start()], language="alias"), match.group()]
        last = match.end()
    pieces.append(emoji.emojize(text[last:], language="alias"))
    return "".join(pieces)


def emojize_html(html: str) -> str:
    """Raw HTML with emoji names replaced in its text, never in a tag or in code."""
    if not _SHORTCODE.search(html):
        return html
    out, inside = [], 0
    for piece in _TAG.split(html):
        if piece.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", piece)
            if name and name.group(1).lower() in _CODE_TAGS and not piece.endswith("/>"):
                inside = max(0, inside - 1) if piece.startswith("</") else inside + 1
            out.append(piece)
        else:
            out.append(piece if inside else emojize_text(piece))
    return "".join(out)


class EmojiTransform(SphinxTransform):
    default_priority = 450  # before posts.transform (500): the description has the emoji

    def apply(self, **kwargs) -> None:
        if self.env.current_document.get("kb_post") is None:
            return
        plan = KbDomain.of(self.env).plan
        site = plan.reader.site if plan is not None else None
        if site is None or not uses_jemoji(site.plugins):
            return
        for node in list(self.document.findall(nodes.Text)):
            parent = node.parent
            if parent is None or _SHORTCODE.search(node) is None or _skipped(parent):
                continue
            text = emojize_text(str(node))
            if text != node:
                parent.replace(node, nodes.Text(text))
        for raw in self.document.findall(nodes.raw):
            if "html" in raw.get("format", "").split() and _SHORTCODE.search(raw.astext()):
                html = emojize_html(raw.astext())
                if html != raw.astext():
                    raw.children = []
                    raw += nodes.Text(html)


def _skipped(node: nodes.Node) -> bool:
    while node is not None:
        if isinstance(node, _SKIPPED):
            return True
        if isinstance(node, nodes.reference) and node.get("refuri") and node.astext() == node["refuri"]:
            return True  # an address shown as itself
        node = node.parent
    return False
