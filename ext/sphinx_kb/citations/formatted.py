"""Formatted references for this build: one style, each DOI formatted once.

``kb_reference_style`` names a bundled CSL style or a ``.csl`` file (relative to
``conf.py``); an unusable one is a warning ``kb.reference_style`` and kb's default
style is used. Each work is formatted on its own (``core.references``), so its text is
the same on every page that cites it, and kept for the build in ``BuildState.citations``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from ..core.references import Reference, Style, format_references, is_own, load_style, resolve_style
from ..sources.model import Results, Source, metadata_of
from ..state.domain import KbDomain

__all__ = ["Formatter", "formatter", "on_builder_inited", "results_of", "works"]

logger = logging.getLogger(__name__)


@dataclass
class Formatter:
    style: Style
    by_key: dict[str, Reference | None] = field(default_factory=dict)
    said: set[str] = field(default_factory=set)  # the style's own problem is said at builder-inited
    prefetch: Any = None  # citations.prefetch.Prefetch: the posts' own references, made beforehand

    def post_reference(self, docname: str, item: dict[str, Any]) -> Reference | None:
        """A post's own reference: the one made beforehand for this item, else made now."""
        if self.prefetch is not None:
            found, reference = self.prefetch.get(docname, item)
            if found:
                return reference
        return self.reference(f"post:{docname}", item)

    def reference(self, key: str, item: dict[str, Any]) -> Reference | None:
        """The formatted reference of one CSL-JSON item (None if it cannot be formatted)."""
        if key not in self.by_key:
            result = format_references([item], self.style, in_text=False)  # kb shows the entry only
            for problem in result.problems:
                if problem not in self.said:
                    self.said.add(problem)
                    logger.warning("kb: %s", problem, type="kb", subtype="reference_style")
            self.by_key[key] = next(iter(result.entries.values()), None)
        return self.by_key[key]


def _style(app: Sphinx) -> Style:
    return resolve_style(app.config.kb_reference_style, app.confdir)


def on_builder_inited(app: Sphinx) -> None:
    """A style that cannot be used is said once, when the build starts. kb's own
    styles are not loaded to be checked (parsing and validating one takes 16 ms of
    every build, and a test loads each); the first reference formatted loads it."""
    style = _style(app)
    if is_own(style):
        return
    problem = style.problem or load_style(style)[1]
    if problem:
        logger.warning("kb: kb_reference_style: %s", problem, type="kb", subtype="reference_style")


def formatter(app: Sphinx) -> Formatter:
    state = KbDomain.of(app.env).build
    if state.citations is None:
        style = _style(app)
        style = style if not style.problem else resolve_style(None)
        state.citations = Formatter(style, said={load_style(style)[1]})
    return state.citations


def works(domain: KbDomain, docname: str, results: Results, bibtex: bool = False) -> list[tuple[Source, dict[str, Any]]]:
    """The post's cited DOIs whose metadata is known, each once, in citation order, with
    their CSL-JSON. ``bibtex``: with the sphinxcontrib-bibtex citations (which have their
    own bibliography, so no kb reference on the page)."""
    found: dict[str, tuple[Source, dict[str, Any]]] = {}
    for source in domain.sources.get(docname, ()):
        if source.finding is not None or not source.doi or source.doi in found or (source.bib_key and not bibtex):
            continue
        record = metadata_of(source, results)
        if record is not None and record.status == "ok" and record.csl:
            found[source.doi] = (source, record.csl)
    return list(found.values())


def results_of(domain: KbDomain) -> Results:
    return domain.build.link_results or Results({})
