"""Sources' statuses through a build: from the results file to badges and the report.

builder-inited        unreadable ``kb_known_placeholders`` entries are warnings
env-check-consistency a known placeholder no post cites any more is a stale entry
env-get-updated       statuses from the results file -> the pages whose statuses changed
doctree-resolved      badges after each cited link (``sources.badges``); ``{kb-sources-report}``
                      filled in
build-finished        one summary line: sources, known and unknown placeholders

The results file is written by ``make linkcheck`` (``sources.linkcheck``); a new
linkcheck run re-writes pages without re-reading any post.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..core.text import plural
from ..state.domain import KbDomain
from ..writing.nodes import nodes_of
from .badges import add_badges
from .collect import digest, known_placeholders
from .model import Results, Source, metadata_of, snapshot_of, status_of, update_of
from .report import kb_sources_report, report
from .results import load_results, results_path
from .sitebib import bib_href

__all__ = ["on_build_finished", "on_builder_inited", "on_doctree_resolved", "on_env_before_read_docs",
           "on_env_check_consistency", "on_env_get_updated"]

logger = logging.getLogger(__name__)

#: by builder: what each page's badges or report showed, and the results file's stamp
SET_ASIDE = ("source_signatures", "source_stamps")


def on_builder_inited(app: Sphinx) -> None:
    for problem in known_placeholders(app)[1]:
        logger.warning("kb: %s", problem, type="kb", subtype="placeholder")


def on_env_check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    sources = KbDomain.of(env).sources
    for entry in known_placeholders(app)[0]:
        if not any(source.known == entry for source in sources.get(entry.post, [])):
            logger.warning("kb: kb_known_placeholders lists %s for %s, but that post cites no such placeholder; "
                           "remove the entry", entry.url, entry.post, type="kb", subtype="placeholder")


def on_env_before_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Set the signatures aside while reading (workers would send them back with every chunk)."""
    domain = KbDomain.of(env)
    domain.build.sources_set_aside = domain.set_aside(SET_ASIDE)


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Posts and report pages whose statuses changed since this builder last wrote them.

    Reads ``BuildState.dirty``, set by ``pipeline.derive`` at env-before-read-docs."""
    domain = KbDomain.of(env)
    state = domain.build
    domain.put_back(state.sources_set_aside or {})
    state.sources_set_aside = None
    results = load_results(results_path(app.config, app.confdir, app.outdir))
    state.link_results = results
    stamps: dict[str, str] = domain.data.setdefault("source_stamps", {})
    builder = app.builder.name
    same_results = stamps.get(builder, ()) == results.updated
    if not state.dirty and same_results:
        return []  # nothing read, removed or checked since this builder last wrote
    stamps[builder] = results.updated
    # the report shows every post's title and sources with their results: a digest of each
    # post's sources (taken when it was read) and the results file's stamp stand for them
    sources = domain.sources
    # (and each post's date, for the review queue; whether sources.bib is linked, for its summary)
    report_signature = digest([results.updated, len(results.by_url), bool(app.config.kb_sources_bib),
                               bool(app.config.kb_author_view)] + [
        (docname, env.titles[docname].astext() if docname in env.titles else docname, domain.source_digests.get(docname),
         _date(domain, docname)) for docname in sorted(sources)])
    by_builder: dict[str, dict[str, str]] = domain.data.setdefault("source_signatures", {})
    before = by_builder.get(builder, {})
    # a post's signature: the digest of its sources (taken when it was read), then of
    # what it shows of them. Under the same results, a post whose sources are the same
    # shows what it showed: its signature is kept, not worked out again (at 1,000 posts,
    # 12 ms of a rebuild that reads one post)
    signed = {docname: f"{domain.source_digests.get(docname)}:" for docname in sources}
    kept = {docname: before[docname] for docname in sources
            if same_results and before.get(docname, "").startswith(signed[docname])}
    metadata = _metadata_digests(results) if len(kept) < len(sources) else {}
    now = {docname: kept.get(docname) or signed[docname] + digest([shown(s, results, metadata) for s in cited])
           for docname, cited in sources.items()}
    now.update({docname: report_signature for docname in domain.source_reports})
    by_builder[builder] = now
    return sorted(d for d, signature in now.items() if before.get(d) != signature and d in env.all_docs)


def _date(domain: KbDomain, docname: str) -> str:
    record = domain.records.get(docname)
    return record.post.date.isoformat() if record is not None and record.post.date else ""


def _metadata_digests(results: Results) -> dict[str, str]:
    return {bare: digest(record.csl) for bare, record in results.research.metadata.items() if record.csl}


def shown(source: Source, results: Results, metadata: dict[str, str]) -> tuple:
    """What a post shows of one source's results: its badges, archived copy and, from the
    DOI's metadata, its formatted reference and its place in the post's citations."""
    record = metadata_of(source, results)
    return (status_of(source, results), update_of(source, results), snapshot_of(source, results),
            metadata.get(source.doi, "") if record is not None and record.status == "ok" else "")


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    domain = KbDomain.of(app.env)
    results = domain.build.link_results or Results({})
    if docname in domain.source_reports:  # one page: no walk over every other doctree
        bib = bib_href(app, docname, results)
        for node in list(doctree.findall(kb_sources_report)):
            node.replace_self(nodes_of(app.builder, docname, report(app.env, results, bib, app.config.kb_author_view)))
    cited = domain.sources.get(docname)
    if app.builder.format == "html" and cited:
        add_badges(doctree, cited, results, app.config.kb_author_view)


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None:
        return
    sources = KbDomain.of(app.env).sources
    cited = [source for found in sources.values() for source in found]
    known = sum(1 for source in cited if source.finding and source.known)
    unknown = sum(1 for source in cited if source.finding and not source.known)
    posts = sum(1 for found in sources.values() if found)
    logger.info("kb: %s cited in %s; %s (kb_known_placeholders), %s", plural(len(cited), "source"),
                plural(posts, "post"), plural(known, "known placeholder"), plural(unknown, "unknown placeholder"))
