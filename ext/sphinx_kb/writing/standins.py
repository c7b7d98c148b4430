"""Stand-ins: what a doctree holds, when read, for what kb fills in at write time.

Sphinx keeps every doctree it read in memory until it writes it, and pickles it;
twenty cross-references per post doubled the live objects (measured at 1,000
posts: 1.9x the floor's memory). So a post holds one ``kb_post_header`` for its
byline and chips, one ``kb_post_footer`` for what follows its text, a listing one ``kb_listing`` with its ``ListingSpec``, and the
first mention of a keyword a ``reference`` carrying the keyword and no address yet
(``KEYWORD``). ``writing.fill`` fills them in from this build's site.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.environment import BuildEnvironment

from ..core.listing import ListingSpec

__all__ = ["KEYWORD", "is_keyword_link", "kb_listing", "kb_post_footer", "kb_post_header", "keyword_link", "listing_node"]

#: the attribute of a keyword link's reference that names its keyword
KEYWORD = "kb_keyword"


class kb_post_header(nodes.General, nodes.Element):
    """Where a post's byline and chips go."""


class kb_post_footer(nodes.General, nodes.Element):
    """Where what follows a post's text goes: what the ``kb-post-footer`` event's
    listeners give (previous and next posts, related posts, references…)."""


class kb_listing(nodes.General, nodes.Element):
    """Where a listing goes; ``spec`` (a ``ListingSpec``) says what it lists."""


def listing_node(env: BuildEnvironment, spec: ListingSpec) -> kb_listing:
    """A listing's stand-in; the page's listings are recorded for its signature."""
    env.current_document.setdefault("kb_listings", []).append(spec)
    return kb_listing(spec=spec)


def keyword_link(text: str, keyword: str) -> nodes.reference:
    return nodes.reference("", text, internal=True, classes=["kb-autolink"], **{KEYWORD: keyword})


def is_keyword_link(node: nodes.Node) -> bool:
    return isinstance(node, nodes.reference) and KEYWORD in node.attributes
