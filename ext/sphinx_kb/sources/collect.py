"""Reading: the sources a post cites, each told apart from a placeholder.

Every external link of a post is a citation: its URL, its text and its line, and
the text after it (up to the next link or the end of the line), which may say
"replace with actual article" or name the work's DOI (``doi:10.…``; a resolver URL
is a DOI itself: ``core.doi.of_source``). A post's sphinxcontrib-bibtex citations
are sources too (``sources.bibtex``). A placeholder (``core.placeholders``) not listed in
``kb_known_placeholders`` is a warning ``[kb.placeholder]`` at the post's file and
line. The citations go to ``KbDomain.sources``. The blocks come from
``checking.blocks`` and the rest from ``core.sources``, which ``kb check`` uses on
the doctree MyST gives it, so the command and the build find the same citations
(sphinxcontrib-bibtex's are the build's alone).
"""

from __future__ import annotations

import hashlib
import json

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from ..checking.blocks import blocks, external_uri
from ..core import placeholders
from ..core.sources import sources_of, warning
from ..posts.scan import markdown_suffixes
from ..state.domain import KbDomain
from .bibtex import bibtex_sources
from .model import Source

__all__ = ["collect", "digest", "external_uri", "known_placeholders", "on_doctree_read"]

logger = logging.getLogger(__name__)


def collect(doctree: nodes.document, docname: str, markers: list[str],
            known: list[placeholders.KnownPlaceholder]) -> list[Source]:
    """A post's citations: its blocks (``checking.blocks``, as ``kb check`` finds them)
    through ``core.sources``."""
    return sources_of(blocks(doctree), docname, markers, known)


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
        message = warning(source)
        if message is not None:
            logger.warning(message, location=(docname, source.line), type="kb", subtype="placeholder")
