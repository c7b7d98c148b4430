"""``sources.bib``: every cited work whose metadata ``make linkcheck`` found, as BibTeX.

Written at the end of an HTML build into the output folder (``kb_sources_bib``, a path
relative to it; ``""`` for none), from the results file alone: one entry per DOI, in the
order of the posts and of their citations, with stable keys (``core.citing.sources_bib``).
It is written again only when its text changes, and removed (if kb wrote it) when no
work has metadata. The sources report links to it.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from ..core.citing import sources_bib
from ..state.domain import KbDomain
from ..writing.output import write_output
from .model import Results, metadata_of

__all__ = ["MARKER", "bib_href", "cited_items", "on_build_finished"]

MARKER = "% sources.bib: every cited work with metadata, written by sphinx-kb at each build; do not edit\n"


def _writes(app: Sphinx) -> bool:
    return bool(app.config.kb_sources_bib) and app.builder.name in ("html", "dirhtml")


def cited_items(app: Sphinx, results: Results) -> list[dict]:
    """The CSL-JSON of every cited DOI with metadata, in post and citation order."""
    sources = KbDomain.of(app.env).sources
    items = []
    for docname in sorted(sources):
        for source in sources[docname]:
            record = metadata_of(source, results)
            if source.finding is None and record is not None and record.status == "ok" and record.csl:
                items.append(record.csl)
    return items


def bib_href(app: Sphinx, docname: str, results: Results) -> str:
    """The file's address from a page ("" when there is none to link to)."""
    if not _writes(app) or not cited_items(app, results):
        return ""
    return relative_uri(app.builder.get_target_uri(docname), str(app.config.kb_sources_bib).lstrip("/"))


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not _writes(app):
        return
    results = KbDomain.of(app.env).build.link_results or Results({})
    path = Path(app.outdir) / str(app.config.kb_sources_bib).lstrip("/")
    text = sources_bib(cited_items(app, results))
    if not text:
        if path.is_file() and path.read_text(encoding="utf-8", errors="replace").startswith(MARKER):
            path.unlink()
        return
    text = MARKER + text
    write_output(app, path, text, "bibliography", "sources")
