"""The sources a post cites: collected, told apart from placeholders, shown with their status.

reading            SourcesCollector: each external link of a post -> ``env.kb_sources[docname]``
                   (url, text, line, placeholder finding); an unknown placeholder is a warning
                   ``[kb.placeholder]`` at the post's file and line
env-get-updated    statuses from the linkcheck results file -> the pages whose statuses changed
doctree-resolved   a status badge after each cited link; ``{kb-sources-report}`` filled in
build-finished     one summary line: sources, known and unknown placeholders

The results file is written by ``make linkcheck`` (see ``linkcheck.py``); this module
reads it, so a new linkcheck run re-writes pages without re-reading any post.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .core import placeholders
from .collector import ensure_store
from .prescan import markdown_suffixes

logger = logging.getLogger(__name__)

RESULTS_FILE = "kb-linkcheck.json"
RESULTS_VERSION = 1
CHECK_STATUSES = ("ok", "redirected", "broken")  # what a check can say of a URL

#: status -> (label shown to readers, CSS classes of its badge)
STATUSES = {
    "ok": ("ok", ["kb-source-ok"]),
    "redirected": ("redirected", ["kb-source-redirected"]),
    "broken": ("broken", ["kb-source-broken"]),
    "placeholder": ("placeholder", ["kb-source-placeholder"]),
    "known-placeholder": ("known placeholder", ["kb-source-placeholder", "kb-source-known"]),
    "unchecked": ("not yet checked", ["kb-source-unchecked"]),
}


@dataclass(frozen=True)
class Source:
    """One citation of a post, as kept in ``env.kb_sources[docname]``."""

    url: str
    text: str
    line: int
    finding: placeholders.Finding | None = None
    known: placeholders.KnownPlaceholder | None = None  # set for a known placeholder


@dataclass(frozen=True)
class Result:
    """The last linkcheck result of one URL."""

    status: str  # ok | redirected | broken
    checked: str  # ISO 8601 time, UTC
    code: int = 0
    info: str = ""


@dataclass
class Results:
    by_url: dict[str, Result]
    updated: str = ""  # when make linkcheck last wrote the file


@dataclass(frozen=True)
class Row:
    """One citation with its status: a line of the sources report."""

    post: str
    title: str
    line: int
    url: str
    text: str
    status: str
    info: str = ""
    checked: str = ""


# -- the results file -------------------------------------------------------------------


def results_path(config: Config, confdir: str | Path, outdir: str | Path) -> Path:
    """``kb_linkcheck_report`` (relative to conf.py), else ``<build folder>/kb-linkcheck.json``."""
    if config.kb_linkcheck_report:
        return Path(confdir) / config.kb_linkcheck_report
    return Path(outdir).parent / RESULTS_FILE


def load_results(path: Path) -> Results:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        by_url = {url: Result(**entry) for url, entry in data["results"].items()}
        return Results({url: r for url, r in by_url.items() if r.status in CHECK_STATUSES}, data.get("updated", ""))
    except FileNotFoundError:
        return Results({})
    except (OSError, ValueError, KeyError, TypeError) as error:
        logger.warning("kb: cannot read the linkcheck results %s (%s); it is safe to delete it", path, error,
                       type="kb", subtype="linkcheck")
        return Results({})


def save_results(path: Path, results: Results) -> None:
    data = {"kb_linkcheck": RESULTS_VERSION, "updated": results.updated,
            "results": {url: asdict(result) for url, result in sorted(results.by_url.items())}}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


# -- statuses ----------------------------------------------------------------------------


def status_of(source: Source, results: Results) -> str:
    if source.finding is not None:
        return "known-placeholder" if source.known else "placeholder"
    result = results.by_url.get(source.url)
    return result.status if result else "unchecked"


def row_of(post: str, title: str, source: Source, results: Results) -> Row:
    status = status_of(source, results)
    result = results.by_url.get(source.url)
    if source.finding is not None:
        info = source.known.reason if source.known and source.known.reason else source.finding.message()
        return Row(post, title, source.line, source.url, source.text, status, info)
    if result is None:
        return Row(post, title, source.line, source.url, source.text, status)
    return Row(post, title, source.line, source.url, source.text, status, result.info, result.checked)


def report_rows(env: BuildEnvironment, results: Results) -> list[Row]:
    """Every citation of every post, in post and line order."""
    rows = []
    for docname in sorted(env.kb_sources):
        title = env.titles[docname].astext() if docname in env.titles else docname
        rows += [row_of(docname, title, source, results) for source in env.kb_sources[docname]]
    return rows


def domain_of(url: str) -> str:
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


# -- reading: collect a post's sources ---------------------------------------------------


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
            sources.append(Source(citation.url, citation.text, citation.line, finding, entry))
    return sources


def known_placeholders(app: Sphinx) -> tuple[list[placeholders.KnownPlaceholder], list[str]]:
    return placeholders.parse_known(app.config.kb_known_placeholders, markdown_suffixes(app))


def ensure_stores(env: BuildEnvironment) -> None:
    ensure_store(env, "kb_sources")  # docname -> [Source]
    if not hasattr(env, "kb_source_reports"):
        env.kb_source_reports = set()  # docnames that show the sources report
    ensure_store(env, "kb_source_digests")  # docname -> digest of its sources (for the report's signature)


class kb_sources_report(nodes.General, nodes.Element):
    """Where the sources report goes; filled in at write time."""


class KbSourcesReport(SphinxDirective):
    """``{kb-sources-report}``: every cited source with its status, by post and by domain."""

    def run(self) -> list[nodes.Node]:
        return [kb_sources_report()]


class SourcesCollector(EnvironmentCollector):
    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        ensure_stores(env)
        env.kb_sources.pop(docname, None)
        env.kb_source_digests.pop(docname, None)
        env.kb_source_reports.discard(docname)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
        ensure_stores(env)
        for docname in docnames:
            if docname in getattr(other, "kb_sources", {}):
                env.kb_sources[docname] = other.kb_sources[docname]
                env.kb_source_digests[docname] = other.kb_source_digests[docname]
            if docname in getattr(other, "kb_source_reports", set()):
                env.kb_source_reports.add(docname)

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        env = app.env
        ensure_stores(env)
        docname = env.docname
        if next(iter(doctree.findall(kb_sources_report)), None) is not None:
            env.kb_source_reports.add(docname)
        if env.temp_data.get("kb_post") is None:
            return
        known, _ = known_placeholders(app)
        sources = collect(doctree, docname, list(app.config.kb_placeholder_markers), known)
        env.kb_sources[docname] = sources
        env.kb_source_digests[docname] = _signature([repr(source) for source in sources])
        for source in sources:
            if source.finding is not None and source.known is None:
                logger.warning("kb: %s; replace it with the real source, or list it in kb_known_placeholders",
                               source.finding.message(), location=(docname, source.line), type="kb", subtype="placeholder")


# -- build-level steps ---------------------------------------------------------------


def on_builder_inited(app: Sphinx) -> None:
    ensure_stores(app.env)
    for problem in known_placeholders(app)[1]:
        logger.warning("kb: %s", problem, type="kb", subtype="placeholder")


def on_env_check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    """A known placeholder that no post cites any more is a stale entry."""
    known, _ = known_placeholders(app)
    for entry in known:
        cited = env.kb_sources.get(entry.post, [])
        if not any(source.known == entry for source in cited):
            logger.warning("kb: kb_known_placeholders lists %s for %s, but that post cites no such placeholder; "
                           "remove the entry", entry.url, entry.post, type="kb", subtype="placeholder")


def _signature(data: object) -> str:
    text = json.dumps(data, sort_keys=True, default=str)
    return hashlib.blake2s(text.encode("utf-8")).hexdigest()


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Posts and report pages whose statuses changed since this builder last wrote them."""
    ensure_stores(env)
    results = load_results(results_path(app.config, app.confdir, app.outdir))
    env.kb_link_results = results
    stamps: dict[str, object] = getattr(env, "kb_source_stamps", {})
    if not getattr(env, "kb_dirty", True) and stamps.get(app.builder.name, ()) == results.updated:
        return []  # nothing read, removed or checked since this builder last wrote
    env.kb_source_stamps = {**stamps, app.builder.name: results.updated}
    # the report shows every post's title and sources with their results: a digest of each
    # post's sources (taken when it was read) and the results file's stamp stand for them
    report = _signature([results.updated, len(results.by_url)] + [
        (docname, env.titles[docname].astext() if docname in env.titles else docname, env.kb_source_digests.get(docname))
        for docname in sorted(env.kb_sources)])
    now = {docname: _signature([status_of(s, results) for s in sources]) for docname, sources in env.kb_sources.items()}
    now.update({docname: report for docname in env.kb_source_reports})
    seen_by_builder: dict[str, dict[str, str]] = getattr(env, "kb_source_signatures", {})
    before = seen_by_builder.get(app.builder.name, {})
    seen_by_builder[app.builder.name] = now
    env.kb_source_signatures = seen_by_builder
    return sorted(d for d, signature in now.items() if before.get(d) != signature and d in env.all_docs)


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    env = app.env
    results = getattr(env, "kb_link_results", None) or Results({})
    if docname in env.kb_source_reports:  # one page: no walk over every other doctree
        for node in list(doctree.findall(kb_sources_report)):
            node.replace_self(render_report(app, docname, results))
    if app.builder.format == "html" and env.kb_sources.get(docname):
        add_badges(doctree, env.kb_sources[docname], results)


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not hasattr(app.env, "kb_sources"):
        return
    cited = [source for sources in app.env.kb_sources.values() for source in sources]
    known = sum(1 for source in cited if source.finding and source.known)
    unknown = sum(1 for source in cited if source.finding and not source.known)
    posts = sum(1 for sources in app.env.kb_sources.values() if sources)
    logger.info("kb: %d sources cited in %d posts; %d known placeholders (kb_known_placeholders), "
                "%d unknown placeholders", len(cited), posts, known, unknown)


# -- writing: badges and the report ------------------------------------------------------


def badge(status: str) -> nodes.inline:
    label, classes = STATUSES[status]
    return nodes.inline(label, label, classes=["kb-source-status", *classes])


def add_badges(doctree: nodes.document, sources: list[Source], results: Results) -> None:
    """A status badge right after each cited link (the n-th link to a URL is its n-th citation)."""
    waiting: dict[str, list[Source]] = {}
    for source in sources:
        waiting.setdefault(source.url, []).append(source)
    for reference in list(doctree.findall(nodes.reference)):
        queue = waiting.get(external_uri(reference))
        if queue:
            parent = reference.parent
            parent.insert(parent.index(reference) + 1, badge(status_of(queue.pop(0), results)))


def _external_link(url: str, text: str) -> nodes.reference:
    return nodes.reference("", "", nodes.Text(text or url), refuri=url, classes=["kb-source-link"])


def _post_link(app: Sphinx, fromdoc: str, post: str, title: str) -> nodes.Node:
    try:
        uri = app.builder.get_relative_uri(fromdoc, post)
    except Exception:  # noqa: BLE001 - builders without URIs get the title alone
        return nodes.Text(title)
    return nodes.reference("", "", nodes.Text(title), internal=True, refuri=uri)


def _summary(rows: list[Row], results: Results) -> nodes.paragraph:
    counts = Counter(row.status for row in rows)
    posts = len({row.post for row in rows})
    urls = len({row.url for row in rows})
    para = nodes.paragraph(classes=["kb-sources-summary"])
    para += nodes.Text(f"{len(rows)} citations in {posts} posts ({urls} URLs): ")
    parts = [f"{counts[status]} {STATUSES[status][0]}" for status in STATUSES if counts[status]]
    para += nodes.Text(", ".join(parts) + ". ")
    if results.updated:
        para += nodes.Text(f"Statuses from the make linkcheck run of {_when(results.updated)}.")
    else:
        para += nodes.Text("make linkcheck has checked no source yet.")
    return para


def _when(iso: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{moment.day} {moment:%B %Y, %H:%M} UTC"


def _by_post(app: Sphinx, docname: str, rows: list[Row]) -> list[nodes.Node]:
    result: list[nodes.Node] = [nodes.rubric("By post", "By post", ids=["kb-sources-by-post"])]
    posts: dict[str, list[Row]] = {}
    for row in rows:
        posts.setdefault(row.post, []).append(row)
    for post, post_rows in posts.items():
        head = nodes.paragraph(classes=["kb-sources-post"])
        head += _post_link(app, docname, post, post_rows[0].title)
        items = nodes.bullet_list(classes=["kb-sources-list"])
        for row in post_rows:
            para = nodes.paragraph()
            para += badge(row.status)
            para += nodes.Text(" ")
            para += _external_link(row.url, row.text)
            para += nodes.Text(f" (line {row.line})")
            if row.info:
                para += nodes.inline("", f" {row.info}", classes=["kb-source-info"])
            items += nodes.list_item("", para)
        result += [head, items]
    return result


def _by_domain(app: Sphinx, docname: str, rows: list[Row]) -> list[nodes.Node]:
    result: list[nodes.Node] = [nodes.rubric("By domain", "By domain", ids=["kb-sources-by-domain"])]
    domains: dict[str, dict[str, list[Row]]] = {}
    for row in rows:
        domains.setdefault(domain_of(row.url), {}).setdefault(row.url, []).append(row)
    for domain in sorted(domains):
        head = nodes.paragraph(classes=["kb-sources-domain"])
        head += nodes.strong(domain, domain)
        items = nodes.bullet_list(classes=["kb-sources-list"])
        for url, url_rows in sorted(domains[domain].items()):
            para = nodes.paragraph()
            for status in dict.fromkeys(row.status for row in url_rows):
                para += badge(status)
                para += nodes.Text(" ")
            para += _external_link(url, url)
            para += nodes.Text(" cited in ")
            for i, row in enumerate(url_rows):
                if i:
                    para += nodes.Text(", ")
                para += _post_link(app, docname, row.post, row.title)
                para += nodes.Text(f" (line {row.line})")
            items += nodes.list_item("", para)
        result += [head, items]
    return result


def render_report(app: Sphinx, docname: str, results: Results) -> list[nodes.Node]:
    rows = report_rows(app.env, results)
    if not rows:
        return [nodes.paragraph("", "No post cites a source yet.", classes=["kb-sources-summary"])]
    container = nodes.container(classes=["kb-sources-report"])
    container += _summary(rows, results)
    container.extend(_by_post(app, docname, rows))
    container.extend(_by_domain(app, docname, rows))
    return [container]


def setup(app: Sphinx) -> None:
    # imported here, not at the top: `python -m sphinx_kb.linkcheck` must find the package
    # without that module already loaded
    from .linkcheck import KbLinkcheckBuilder

    app.add_env_collector(SourcesCollector)
    app.add_node(kb_sources_report)
    app.add_directive("kb-sources-report", KbSourcesReport)
    app.connect("builder-inited", on_builder_inited)
    app.connect("env-check-consistency", on_env_check_consistency)
    app.connect("env-get-updated", on_env_get_updated)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("build-finished", on_build_finished)
    app.add_builder(KbLinkcheckBuilder)
