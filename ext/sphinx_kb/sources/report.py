"""``{kb-sources-report}``: every cited source with its status, by post and by domain.

Described as kb's markup (``core.markup``) and placed as nodes at write time (so its
words stay in the search index, as a page's own text).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from docutils import nodes
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from ..core import markup
from ..state.domain import KbDomain
from .model import STATUSES, Results, Row, domain_of, row_of

__all__ = ["KbSourcesReport", "kb_sources_report", "report", "report_rows"]


class kb_sources_report(nodes.General, nodes.Element):
    """Where the sources report goes; filled in at write time."""


class KbSourcesReport(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        self.env.current_document["kb_sources_report"] = True
        return [kb_sources_report()]


def report_rows(env: BuildEnvironment, results: Results) -> list[Row]:
    """Every citation of every post, in post and line order."""
    sources = KbDomain.of(env).sources
    rows = []
    for docname in sorted(sources):
        title = env.titles[docname].astext() if docname in env.titles else docname
        rows += [row_of(docname, title, source, results) for source in sources[docname]]
    return rows


def badge(status: str) -> markup.Span:
    label, classes = STATUSES[status]
    return markup.Span(label, ("kb-source-status", *classes))


def _when(iso: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{moment.day} {moment:%B %Y, %H:%M} UTC"


def _summary(rows: list[Row], results: Results) -> markup.Para:
    counts = Counter(row.status for row in rows)
    posts = len({row.post for row in rows})
    urls = len({row.url for row in rows})
    parts = [f"{counts[status]} {STATUSES[status][0]}" for status in STATUSES if counts[status]]
    when = (f"Statuses from the make linkcheck run of {_when(results.updated)}." if results.updated
            else "make linkcheck has checked no source yet.")
    return markup.Para((f"{len(rows)} citations in {posts} posts ({urls} URLs): ", ", ".join(parts) + ". ", when),
                       ("kb-sources-summary",))


def _by_post(rows: list[Row]) -> list[markup.Block]:
    result: list[markup.Block] = [markup.Rubric("By post", id="kb-sources-by-post")]
    posts: dict[str, list[Row]] = {}
    for row in rows:
        posts.setdefault(row.post, []).append(row)
    for post, post_rows in posts.items():
        result.append(markup.Para((markup.Link(post, post_rows[0].title),), ("kb-sources-post",)))
        items = []
        for row in post_rows:
            parts: list[markup.Inline] = [badge(row.status), " ",
                                          markup.ExternalLink(row.url, row.text or row.url, ("kb-source-link",)),
                                          f" (line {row.line})"]
            if row.info:
                parts.append(markup.Span(f" {row.info}", ("kb-source-info",)))
            items.append(markup.Para(tuple(parts)))
        result.append(markup.Items(tuple(items), ("kb-sources-list",)))
    return result


def _by_domain(rows: list[Row]) -> list[markup.Block]:
    result: list[markup.Block] = [markup.Rubric("By domain", id="kb-sources-by-domain")]
    domains: dict[str, dict[str, list[Row]]] = {}
    for row in rows:
        domains.setdefault(domain_of(row.url), {}).setdefault(row.url, []).append(row)
    for name in sorted(domains):
        result.append(markup.Para((markup.Strong(name),), ("kb-sources-domain",)))
        items = []
        for url, url_rows in sorted(domains[name].items()):
            parts: list[markup.Inline] = []
            for status in dict.fromkeys(row.status for row in url_rows):
                parts += [badge(status), " "]
            parts += [markup.ExternalLink(url, url, ("kb-source-link",)), " cited in "]
            for i, row in enumerate(url_rows):
                if i:
                    parts.append(", ")
                parts += [markup.Link(row.post, row.title), f" (line {row.line})"]
            items.append(markup.Para(tuple(parts)))
        result.append(markup.Items(tuple(items), ("kb-sources-list",)))
    return result


def report(env: BuildEnvironment, results: Results) -> list[markup.Block]:
    rows = report_rows(env, results)
    if not rows:
        return [markup.Para(("No post cites a source yet.",), ("kb-sources-summary",))]
    return [markup.Box((_summary(rows, results), *_by_post(rows), *_by_domain(rows)), ("kb-sources-report",))]
