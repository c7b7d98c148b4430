"""Badges after each cited link: its status, what happened to the work, an archived copy.

After a citation's link a post shows its status badge (``ok``, ``broken``…), then, for
a DOI Crossref knows updates of, a badge saying so (``retracted`` in red, ``expression
of concern``, ``corrected``), then, for a broken source the Wayback Machine has a copy
of, an "archived copy" link to it. The n-th link to a URL is its n-th citation; a DOI
link is matched by its DOI (any spelling). A sphinxcontrib-bibtex citation's badges go
after its entry's link in the post's bibliography, or after the citation itself when
the bibliography is elsewhere.

A retracted source is also a warning ``kb.retracted`` at the citation's file and line,
given by ``make linkcheck`` (the kb-linkcheck builder), not by ``make html``: whether a
build passes depends on its sources, never on the results file.
"""

from __future__ import annotations

from collections.abc import Iterable

from docutils import nodes
from sphinx.util import logging

from ..core import doi as dois
from ..core import markup
from .collect import external_uri
from .model import STATUSES, UPDATES, Results, Row, Source, shows, snapshot_of, status_of, update_of

__all__ = ["ARCHIVED", "add_badges", "after_badges", "badge_node", "citation_links", "row_spans", "status_span", "update_span",
           "warn_retracted"]

logger = logging.getLogger(__name__)

ARCHIVED = "kb-source-archived"  # the class of an "archived copy" link (never a citation itself)


def badge_node(status: str) -> nodes.inline:
    label, classes = STATUSES[status]
    return nodes.inline(label, label, classes=["kb-source-status", *classes])


def update_node(update: str) -> nodes.inline:
    label, classes = UPDATES[update]
    return nodes.inline(label, label, classes=["kb-source-status", "kb-source-update", *classes])


def archived_node(snapshot: str) -> nodes.reference:
    return nodes.reference("", "archived copy", refuri=snapshot, classes=[ARCHIVED])


# -- the same as kb's markup, for the sources report -------------------------------------------


def status_span(status: str) -> markup.Span:
    label, classes = STATUSES[status]
    return markup.Span(label, ("kb-source-status", *classes))


def update_span(update: str) -> markup.Span:
    label, classes = UPDATES[update]
    return markup.Span(label, ("kb-source-status", "kb-source-update", *classes))


def row_spans(row: Row, author: bool = True) -> list[markup.Inline]:
    """A report row's status badge (in the author's view, or when readers see it), its
    update badge, its archived copy."""
    parts: list[markup.Inline] = [status_span(row.status)] if shows(row.status, author) else []
    if row.update:
        parts += [" ", update_span(row.update)]
    if row.archive:
        parts += [" ", markup.ExternalLink(row.archive, "archived copy", (ARCHIVED,))]
    return parts


# -- badges in a post -------------------------------------------------------------------------


def _key(url: str) -> tuple[str, str]:
    doi = dois.from_url(url)
    return ("doi", doi.bare) if doi else ("url", url)


def citation_links(doctree: nodes.document, sources: Iterable[Source]) -> list[tuple[Source, nodes.Element]]:
    """Each source with the node its badges follow, in the post's order.

    A link's n-th occurrence is its n-th citation; a sphinxcontrib-bibtex citation whose
    entry has no link on the page is paired with the citation's own node."""
    waiting: dict[tuple[str, str], list[Source]] = {}
    for source in sources:
        waiting.setdefault(_key(source.url), []).append(source)
    pairs: list[tuple[Source, nodes.Element]] = []
    for reference in doctree.findall(nodes.reference):
        uri = external_uri(reference)
        if not uri or ARCHIVED in reference["classes"]:
            continue
        queue = waiting.get(_key(uri))
        if queue:
            pairs.append((queue.pop(0), reference))
    for source in [s for queue in waiting.values() for s in queue if s.bib_ref]:
        node = next((n for n in doctree.findall(nodes.Element) if source.bib_ref in n.get("ids", ())), None)
        if node is not None and node.parent is not None:
            pairs.append((source, node))
    return pairs


def after_badges(node: nodes.Element) -> int:
    """Where to insert what follows a citation's badges, in its parent."""
    parent = node.parent
    index = parent.index(node) + 1
    while index < len(parent) and isinstance(parent[index], nodes.Element) and (
            "kb-source-status" in parent[index]["classes"] or ARCHIVED in parent[index]["classes"]):
        index += 1
    return index


def add_badges(doctree: nodes.document, sources: list[Source], results: Results, author: bool = True) -> None:
    """Each citation's badges; readers' view (``author`` false): no author's to-do (``shows``)."""
    for source, node in citation_links(doctree, sources):
        status = status_of(source, results)
        added: list[nodes.Node] = [badge_node(status)] if shows(status, author) else []
        update = update_of(source, results)
        if update:
            added.append(update_node(update))
        snapshot = snapshot_of(source, results)
        if snapshot:
            added.append(archived_node(snapshot))
        parent = node.parent
        index = parent.index(node) + 1
        for offset, badge in enumerate(added):
            parent.insert(index + offset, badge)


def warn_retracted(rows: Iterable[Row]) -> None:
    for row in rows:
        if row.update == "retracted":
            logger.warning("kb: the cited work %s is retracted (%s); cite it as retracted, or replace it",
                           row.url, row.update_info or "Crossref", location=(row.post, row.line),
                           type="kb", subtype="retracted")
