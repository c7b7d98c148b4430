"""Links written the Jekyll way, in a doctree MyST made without Sphinx (``kb check``).

The build's ``jekyll.links.LinksTransform`` changes each link to the old site before
kb collects a post's citations; this does the same to the links of the doctree
``checking.myst`` gives, with the same decision (``core.jekyll.links.fate``), so the
citations are the build's: a link to a post or to a file kb copies becomes internal, a
link to another page of the old site becomes a link to it there (or its text only,
when the site's address is unknown). Warnings about such links are the build's alone.
"""

from __future__ import annotations

from collections.abc import Callable

from docutils import nodes

from ..core.jekyll.links import fate
from ..core.jekyll.urls import OldUrlIndex
from .myst import MYST_TARGET

__all__ = ["resolve_old_links"]


def _candidate(node: nodes.Node) -> bool:
    """What ``jekyll.links._candidate`` takes: a cross-reference, or an address with ``://``."""
    if not isinstance(node, nodes.reference):
        return False
    if node.get(MYST_TARGET) is not None:
        return True
    return "refuri" in node and "://" in node["refuri"] and not node.get("internal")


def _content(node: nodes.Element) -> list[nodes.Node]:
    """The link's text, as written (a cross-reference's is wrapped in an inline)."""
    if node.get(MYST_TARGET) is not None and len(node) == 1 and isinstance(node[0], nodes.inline):
        return list(node[0].children)
    return list(node.children)


def resolve_old_links(doctree: nodes.document, index: OldUrlIndex, docname: str,
                      has_file: Callable[[str], bool]) -> None:
    """Change ``doctree``'s links to the old site as the build does."""
    base = index.old_url(docname)
    for node in [node for node in doctree.findall(nodes.reference) if _candidate(node)]:
        target = node.get(MYST_TARGET) or node["refuri"]
        outcome = fate(index, target, base, has_file)
        if outcome is None:
            continue
        if outcome.kind in ("post", "file"):
            node.replace_self(nodes.reference("", "", *_content(node), internal=True, refuri=""))
        elif outcome.found.url is None:
            node.replace_self(nodes.inline("", "", *_content(node)))
        else:
            reference = nodes.reference("", "", *_content(node), refuri=outcome.found.url)
            reference.source, reference.line = node.source, node.line
            node.replace_self(reference)
