"""``{kb-sources-report}``: every cited source with its status, by post and by domain.

Then the works Crossref says were retracted, corrected or given an expression of
concern (``sources.review``), and the review queue: posts whose sources broke or were
retracted after the post's date. The summary links to ``sources.bib`` when there is one.

Readers' view (``kb_author_view`` off, the default): no author's to-do. No "not yet
checked" or unknown placeholder (neither a badge nor a count; an unknown placeholder's
row is left out), no file line, no make command, no review queue.

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
from ..core.text import plural
from ..state.domain import KbDomain
from .badges import row_spans, status_span, update_span
from .model import LABEL_PLURALS, STATUSES, UPDATES, Results, Row, domain_of, row_of, shows
from .review import review_queue, updated_works

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


def _when(iso: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{moment.day} {moment:%B %Y, %H:%M} UTC"


def _summary(rows: list[Row], results: Results, bib: str, author: bool) -> markup.Para:
    counts = Counter(row.status for row in rows) + Counter(row.update for row in rows if row.update)
    posts = len({row.post for row in rows})
    urls = len({row.url for row in rows})
    parts = [plural(counts[key], label, LABEL_PLURALS.get(label, label))
             for key, (label, _) in (*STATUSES.items(), *UPDATES.items()) if counts[key] and shows(key, author)]
    if author:
        when = (f"Statuses from the make linkcheck run of {_when(results.updated)}." if results.updated
                else "make linkcheck has checked no source yet.")
    else:
        when = f"Links last checked {_when(results.updated)}." if results.updated else "No link has been checked yet."
    children: list[markup.Inline] = [f"{plural(len(rows), 'citation')} in {plural(posts, 'post')} ({plural(urls, 'URL')})"
                                      + (": " + ", ".join(parts) + ". " if parts else ". "), when]
    if bib:
        children += [" Every cited work with metadata, as BibTeX: ", markup.ExternalLink(bib, "sources.bib"), "."]
    return markup.Para(tuple(children), ("kb-sources-summary",))


def _line(row: Row, author: bool) -> list[markup.Inline]:
    """`` (line 12)``: where the author finds a citation; nothing in readers' view."""
    return [f" (line {row.line})"] if author else []


def _by_post(rows: list[Row], author: bool) -> list[markup.Block]:
    result: list[markup.Block] = [markup.Rubric("By post", id="kb-sources-by-post")]
    posts: dict[str, list[Row]] = {}
    for row in rows:
        posts.setdefault(row.post, []).append(row)
    for post, post_rows in posts.items():
        result.append(markup.Para((markup.Link(post, post_rows[0].title),), ("kb-sources-post",)))
        items = []
        for row in post_rows:
            spans = row_spans(row, author)
            parts: list[markup.Inline] = [*spans, *([" "] if spans else []),
                                          markup.ExternalLink(row.url, row.text or row.url, ("kb-source-link",)),
                                          *_line(row, author)]
            if row.info:
                parts.append(markup.Span(f" {row.info}", ("kb-source-info",)))
            if row.update_info:
                parts.append(markup.Span(f" {row.update_info}", ("kb-source-info",)))
            items.append(markup.Para(tuple(parts)))
        result.append(markup.Items(tuple(items), ("kb-sources-list",)))
    return result


def _by_domain(rows: list[Row], author: bool) -> list[markup.Block]:
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
                if shows(status, author):
                    parts += [status_span(status), " "]
            if url_rows[0].update:
                parts += [update_span(url_rows[0].update), " "]
            parts += [markup.ExternalLink(url, url, ("kb-source-link",)), " cited in "]
            for i, row in enumerate(url_rows):
                if i:
                    parts.append(", ")
                parts += [markup.Link(row.post, row.title), *_line(row, author)]
            items.append(markup.Para(tuple(parts)))
        result.append(markup.Items(tuple(items), ("kb-sources-list",)))
    return result


def report(env: BuildEnvironment, results: Results, bib: str = "", author: bool = True) -> list[markup.Block]:
    """The report; readers' view (``author`` false): no to-do, line, make command or review queue."""
    rows = report_rows(env, results)
    if not author:  # an unknown placeholder is the author's to-do, not a source
        rows = [row for row in rows if row.status != "placeholder"]
    if not rows:
        return [markup.Para(("No post cites a source yet.",), ("kb-sources-summary",))]
    queue = review_queue(env, results) if author else []
    return [markup.Box((_summary(rows, results, bib, author), *updated_works(rows, author), *queue,
                        *_by_post(rows, author), *_by_domain(rows, author)), ("kb-sources-report",))]
