"""Sources: what posts cite, told apart from placeholders, checked by ``make linkcheck``.

model      a citation, a check's result, a status, what happened to the work
collect    reading: a post's citations (and their DOIs); unknown placeholders are warnings
bibtex     sphinxcontrib-bibtex's ``{cite:p}`` citations as sources
results    the results file ``make linkcheck`` writes and ``make html`` reads
research   ``make linkcheck``'s research step: DOI metadata, retractions, archived copies
statuses   statuses through a build: pages to write again, badges, the report
badges     the badges after a cited link; ``kb.retracted`` warnings
report     ``{kb-sources-report}``; ``review``: its updated works and review queue
sitebib    ``sources.bib``: every cited work with metadata
linkcheck  ``make linkcheck``: the kb-linkcheck builder, LinkChecker, the command

This package's ``__init__`` imports nothing from Sphinx, so the ``kb`` command can
load ``sources.linkcheck.command`` quickly; ``setup_sources`` imports the rest.
"""

from __future__ import annotations

__all__ = ["setup_sources"]

CONFIG_VALUES = [
    ("kb_known_placeholders", [], frozenset({list, tuple}), "env"),
    ("kb_placeholder_markers", ["replace with actual", "replace with a real", "add link here", "link to be added",
                                "citation needed"], frozenset({list, tuple}), "env"),
    ("kb_linkcheck_report", "", frozenset({str}), ""),  # results file; "": <builddir>/kb-linkcheck.json
    ("kb_linkcheck_max_age", 7 * 24 * 3600, frozenset({int, float}), ""),  # seconds a result stays fresh
    ("kb_linkcheck_probe", ["https://example.com/", "https://www.wikipedia.org/"], frozenset({list, tuple}), ""),
    # research-grade sources (make linkcheck only): the services' base URLs (tests point them at local
    # servers), who kb's requests come from (Crossref's etiquette), whether to ask for new snapshots
    ("kb_doi_resolver", "https://doi.org", frozenset({str}), ""),
    ("kb_crossref_api", "https://api.crossref.org", frozenset({str}), ""),
    ("kb_wayback_api", "https://archive.org", frozenset({str}), ""),
    ("kb_wayback_save_api", "https://web.archive.org", frozenset({str}), ""),
    ("kb_research_mailto", "", frozenset({str}), ""),
    ("kb_archive_save", False, frozenset({bool}), ""),
    ("kb_archive_timeout", 60, frozenset({int, float}), ""),  # seconds for all the Wayback lookups of a run
    ("kb_sources_bib", "sources.bib", frozenset({str}), "html"),  # in the output folder; "": none
    # the author's view: every status ("not yet checked", placeholders), source lines, the review
    # queue, make commands; off (the readers' view) unless kb serve or -D kb_author_view=1 sets it
    ("kb_author_view", False, frozenset({bool}), "html"),
]


def setup_sources(app) -> None:
    from ..state import add_config_values
    from . import collect, report, sitebib, statuses
    from .linkcheck.builder import KbLinkcheckBuilder

    add_config_values(app, CONFIG_VALUES)
    app.add_node(report.kb_sources_report)
    app.add_directive("kb-sources-report", report.KbSourcesReport)
    app.connect("doctree-read", collect.on_doctree_read)
    app.connect("builder-inited", statuses.on_builder_inited)
    app.connect("env-check-consistency", statuses.on_env_check_consistency)
    app.connect("env-before-read-docs", statuses.on_env_before_read_docs)
    app.connect("env-get-updated", statuses.on_env_get_updated)
    app.connect("doctree-resolved", statuses.on_doctree_resolved)
    app.connect("build-finished", statuses.on_build_finished)
    app.connect("build-finished", sitebib.on_build_finished)
    app.add_builder(KbLinkcheckBuilder)
