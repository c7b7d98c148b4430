"""Backlinks with context: "Linked from", the posts that link to a post, each with
the sentence around its link.

When a post is read, ``LinkCollector`` (a transform after MyST's and kb's own link
handling, before Sphinx's domains take the document in) records each of its links to
another document: Markdown links to a file (MyST's ``[text](other.md)``), ``{doc}``
roles and links by a Jekyll post's old URL (``jekyll.links`` makes those MyST's), with
the sentence around the link as plain text (``core.backlinks.sentence_around``). They
go to the ``links`` store of ``KbDomain`` (``temp_data["kb_links"]``), so a parallel
read's workers send them back and an incremental build keeps the others' links.

At write time each post's footer lists, newest first, the posts that link to it
(``kb-post-footer``), declared through ``kb-page-shows``: a post that gains, loses
or rewords a link, or changes its title, rewrites the posts it links to. Labels
(``{ref}``) are not followed: which document holds a label is only known once every
document is read, and a label moving would change a backlink that no read document
declared. ``kb_backlinks = False`` turns the collection and the list off.

The same links tell which posts to read again when a document they link to is
removed (deleted, or left out of this build): read, such a post shows the link as
broken and warns, as a clean build does; Sphinx alone would keep it unread.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.util import docname_join

from ..core import markup, postfooter
from ..core.backlinks import sentence_around
from ..core.options import Options
from ..state.domain import KbDomain
from .around import around, row

__all__ = ["TITLE", "LinkCollector", "footer", "on_env_get_outdated", "shows"]

#: where a link shows the linked post's title, in a recorded sentence (filled in at write time)
TITLE = "\ufffc"


def _target(node: addnodes.pending_xref) -> str | None:
    """The docname a link points to, or None (a label, a missing file…)."""
    if node.get("refdomain") == "doc" and node.get("reftype") == "myst":
        return node.get("reftarget") or None
    if node.get("refdomain") == "std" and node.get("reftype") == "doc":
        return docname_join(node.get("refdoc", ""), node.get("reftarget", "")) or None
    return None


def _context(link: addnodes.pending_xref) -> str:
    """The sentence around ``link``, from the text block (paragraph, list item's
    paragraph, title…) that holds it. A link without text of its own (``{doc}`post```,
    ``<project:post.md>``) shows the post's title: it stands there as ``TITLE``."""
    block = link.parent
    while block is not None and not isinstance(block, nodes.TextElement):
        block = block.parent
    own = link.astext() if link.get("refexplicit") else TITLE
    if block is None:
        return own
    inside = {id(text) for text in link.findall(nodes.Text)}
    parts: list[str] = []
    start = None
    for text in block.findall(nodes.Text):
        if id(text) not in inside:
            parts.append(text.astext())
        elif start is None:
            start = sum(len(part) for part in parts)
            parts.append(own)
    if start is None:  # a link with no text at all
        start = sum(len(part) for part in parts)
        parts.append(own)
    return sentence_around("".join(parts), start, start + len(own))


class LinkCollector(SphinxTransform):
    """A post's links to other documents, each with its sentence."""

    default_priority = 700  # after jekyll.links (600), before Sphinx's domains (850)

    def apply(self, **kwargs) -> None:
        if not self.config.kb_backlinks or self.env.temp_data.get("kb_record") is None:
            return
        docname = self.env.docname
        found: dict[tuple[str, str], None] = {}
        for node in self.document.findall(addnodes.pending_xref):
            target = _target(node)
            if target and target != docname:
                found.setdefault((target, _context(node)), None)
        if found:
            self.env.temp_data["kb_links"] = tuple(found)


def _rows(app: Sphinx, domain: KbDomain, docname: str) -> list[tuple[str, str, str, str]] | None:
    if docname not in domain.records or not app.config.kb_backlinks:
        return None
    found = around(app, domain)
    if found is None:
        return None
    title = row(found.site, docname)[1]
    return [(*row(found.site, link.source), link.sentence.replace(TITLE, title))
            for link in found.backlinks.get(docname, ())]


def shows(app: Sphinx, domain: KbDomain, docname: str, options: Options):
    """``kb-page-shows``: the posts linking to this one, their titles and sentences."""
    return _rows(app, domain, docname)


def footer(app: Sphinx, domain: KbDomain, docname: str, options: Options) -> list[markup.Block]:
    """``kb-post-footer``: "Linked from"."""
    return postfooter.backlinks_block(_rows(app, domain, docname) or [])


def on_env_get_outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                        removed: set[str]) -> list[str]:
    """The posts that link to a document removed in this build, to be read again."""
    gone = set(removed)
    if not gone:
        return []
    return sorted(docname for docname, found in KbDomain.of(env).links.items()
                  if docname not in gone and any(target in gone for target, _ in found))
