"""Reading: the sources a post cites, each told apart from a placeholder.

Every external link of a post is a citation: its URL, its text and its line, and
the text after it (up to the next link or the end of the line), which may say
"replace with actual article" or name the work's DOI (``doi:10.…``; a resolver URL
is a DOI itself: ``core.doi.of_source``). A post's sphinxcontrib-bibtex citations
are sources too (``sources.bibtex``). A placeholder (``core.placeholders``) not listed in
``kb_known_placeholders`` is a warning ``[kb.placeholder]`` at the post's file and
line. The citations go to ``KbDomain.sources``.
"""

from __future__ import annotations

import hashlib
import json

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from ..core import doi as dois
from ..core import placeholders
from ..posts.scan import markdown_suffixes
from ..state.domain import KbDomain
from .bibtex import bibtex_sources
from .model import Source

__all__ = ["collect", "digest", "external_uri", "known_placeholders", "on_doctree_read"]

logger = logging.getLogger(__name__)


def external_uri(node: nodes.Node) -> str:
    if isinstance(node, nodes.reference) and not node.get("internal"):
        uri = node.get("refuri", "")
        if uri.startswith(("http://", "https://")):
            return uri
    return ""


def _inside_link(node: nodes.Node, block: nodes.Element) -> bool:
    parent = node.parent
    while parent is not None and parent is not block:
        if external_uri(parent):
            return True
        parent = parent.parent
    return False


def _pieces(block: nodes.Element) -> list[placeholders.Piece]:
    """The block's text in order, each external link one piece (its text never parsed)."""
    found = block.findall(lambda n: isinstance(n, nodes.Text) or bool(external_uri(n)))
    return [placeholders.Piece(node.astext(), external_uri(node)) for node in found if not _inside_link(node, block)]


def _blocks_with_links(doctree: nodes.document) -> list[nodes.Element]:
    """Paragraphs, titles, terms... (text blocks) holding at least one external link, in order."""
    blocks: dict[int, nodes.Element] = {}
    for reference in doctree.findall(nodes.reference):
        if not external_uri(reference):
            continue
        block = reference.parent
        while block is not None and not (isinstance(block, nodes.TextElement) and not isinstance(block, nodes.Inline)):
            block = block.parent
        if block is not None:
            blocks.setdefault(id(block), block)
    return list(blocks.values())


def _first_line(block: nodes.Element) -> int:
    node: nodes.Node | None = block
    while node is not None:
        if node.line:
            return node.line
        node = node.parent
    return 0


def collect(doctree: nodes.document, docname: str, markers: list[str],
            known: list[placeholders.KnownPlaceholder]) -> list[Source]:
    sources = []
    for block in _blocks_with_links(doctree):
        for citation in placeholders.split_citations(_pieces(block), _first_line(block)):
            finding = placeholders.check(citation, markers)
            entry = placeholders.find_known(known, docname, citation.url) if finding else None
            doi = dois.of_source(citation.url, f"{citation.text} {citation.after}")
            sources.append(Source(citation.url, citation.text, citation.line, finding, entry, doi.bare if doi else ""))
    return sources


def known_placeholders(app: Sphinx) -> tuple[list[placeholders.KnownPlaceholder], list[str]]:
    return placeholders.parse_known(app.config.kb_known_placeholders, markdown_suffixes(app))


def digest(data: object) -> str:
    text = json.dumps(data, sort_keys=True, default=str)
    return hashlib.blake2s(text.encode("utf-8")).hexdigest()


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    domain = KbDomain.of(env)
    docname = env.docname
    if env.current_document.get("kb_sources_report"):
        domain.source_reports[docname] = True
    if env.current_document.get("kb_post") is None:
        return
    known, _ = known_placeholders(app)
    markers = list(app.config.kb_placeholder_markers)
    sources = collect(doctree, docname, markers, known) + bibtex_sources(app, doctree, docname, markers, known)
    domain.sources[docname] = sources
    domain.source_digests[docname] = digest([repr(source) for source in sources])
    for source in sources:
        if source.finding is not None and source.known is None:
            logger.warning("kb: %s; replace it with the real source, or list it in kb_known_placeholders",
                           source.finding.message(), location=(docname, source.line), type="kb", subtype="placeholder")
