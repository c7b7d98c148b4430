"""Citations through sphinxcontrib-bibtex: a post's ``{cite:p}`` entries are sources too.

A site that keeps its references in a ``.bib`` file cites them with MyST's
``{cite:p}`key``` (``bibtex_bibfiles`` in ``conf.py``). kb reads, for each citation
of a post, the entry it names: its ``doi`` field (any spelling ``core.doi.parse``
reads), else its ``url``. That is one more source of the post, with the citation's
line, checked, badged and reported like a link (a DOI's metadata, retractions and
archived copies included). An entry with neither field has nothing to check.

What is used of sphinxcontrib-bibtex is its documented API (2.6, 2.7): the ``cite``
domain's ``citation_refs`` (``CitationRef``: id, docname, targets) and ``bibdata``
(the parsed entries, pybtex's ``Entry.fields``). The line is the citation node's
(``CitationRef.line`` is empty under MyST). A post citing entries notes the ``.bib``
files as dependencies, so editing an entry re-reads the posts that cite it.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from ..core import doi as dois
from ..core import placeholders
from .model import Source

__all__ = ["bibtex_sources", "entry_text"]


def entry_text(value: str) -> str:
    """An entry's title as plain text: LaTeX markup read by pybtex (braces, accents)."""
    try:
        from pybtex.richtext import Text

        return " ".join(Text.from_latex(value).render_as("text").split())
    except Exception:  # noqa: BLE001 - pybtex raises on odd LaTeX in many ways
        return " ".join(value.replace("{", "").replace("}", "").split())


def _line(doctree: nodes.document, ref_id: str) -> int:
    node = doctree.ids.get(ref_id)
    while node is not None and not node.line:
        node = node.parent
    return node.line if node is not None else 0


def bibtex_sources(app: Sphinx, doctree: nodes.document, docname: str, markers: list[str],
                   known: list[placeholders.KnownPlaceholder]) -> list[Source]:
    """The sources of a post's sphinxcontrib-bibtex citations, in citation order."""
    if "sphinxcontrib.bibtex" not in app.extensions:
        return []
    try:
        domain = app.env.get_domain("cite")
        refs = [ref for ref in domain.citation_refs if ref.docname == docname]
        entries = domain.bibdata.data.entries
        bibfiles = list(domain.bibdata.bibfiles)
    except Exception:  # noqa: BLE001 - another version's layout: no sources from it
        return []
    if refs:
        for bibfile in bibfiles:
            app.env.note_dependency(str(bibfile))
    sources = []
    for ref in refs:
        line = _line(doctree, ref.citation_ref_id)
        for target in ref.targets:
            entry = entries.get(target.key)
            if entry is None:
                continue  # sphinxcontrib-bibtex warns about an unknown key
            fields = entry.fields
            doi = dois.parse(str(fields.get("doi", "")))
            url = doi.url if doi else str(fields.get("url", "")).strip()
            if not url.startswith(("http://", "https://")):
                continue
            text = entry_text(str(fields.get("title", ""))) or target.key
            finding = placeholders.check(placeholders.Citation(url, text, "", line), markers)
            entry_known = placeholders.find_known(known, docname, url) if finding else None
            sources.append(Source(url, text, line, finding, entry_known, doi.bare if doi else "", target.key,
                                  ref.citation_ref_id))
    return sources
