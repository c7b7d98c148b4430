"""Citations: what a post page says of the works it cites, and of itself as a work to cite.

formatted  formatted references (citeproc-py, ``kb_reference_style``), once per DOI per build
inline     a short formatted reference after the first citation of each DOI in a post
footer     the post's footer: its "References" list and its "Cite this post" block
prefetch   the posts' own references formatted in a process of their own before they are needed
names      the authors' names as an earlier build parsed them (nameparser not imported again)
post       the post as a work: BibTeX, RIS and CSL-JSON files beside its page, Highwire
           ``citation_*`` meta tags, ``citation`` in its JSON-LD

Everything here reads the results file (``sources.results``), never the network: without
a ``make linkcheck`` run (offline, or never run) a post shows its links as before, and
its own citation. Like the rest of kb, nothing here imports Sphinx at package level.
"""

from __future__ import annotations

from ..state import add_config_values

__all__ = ["setup_citations"]

CONFIG_VALUES = [
    # a bundled CSL style's name (kb-author-year, harvard-cite-them-right…) or a .csl file's path
    # relative to conf.py; never downloaded
    ("kb_reference_style", "kb-author-year", frozenset({str}), "html"),
    ("kb_cite_this_post", True, frozenset({bool}), "html"),  # the block and its files
    ("kb_citation_process", True, frozenset({bool}), ""),  # the posts' references formatted beforehand
    ("kb_citation_files_process", True, frozenset({bool}), ""),  # their files made while pages are written
]


def setup_citations(app) -> None:
    from . import footer, formatted, inline, names, post, prefetch

    add_config_values(app, CONFIG_VALUES)
    app.connect("builder-inited", formatted.on_builder_inited)
    app.connect("builder-inited", names.on_builder_inited)  # before the prefetch parses them
    app.connect("builder-inited", prefetch.on_builder_inited, priority=900)  # after the plan
    app.connect("doctree-resolved", inline.on_doctree_resolved, priority=600)  # after the badges
    app.connect("doctree-resolved", post.on_doctree_resolved)
    app.connect("kb-post-footer", footer.references_block, priority=600)
    app.connect("kb-post-footer", footer.cite_block, priority=700)
    app.connect("kb-post-jsonld", post.jsonld)
    app.connect("build-finished", prefetch.on_build_finished)
    app.connect("build-finished", names.on_build_finished)
    app.connect("build-finished", post.on_build_finished, priority=400)  # before pipeline.finish prunes folders
