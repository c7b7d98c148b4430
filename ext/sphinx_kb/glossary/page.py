"""A glossary page's content: letters, terms with their definitions and backlinks.

Every entry, defined or not, is a real term of Sphinx's standard domain (so
``{term}`` roles, the general index and the search find it); every other spelling
a post used is registered as a term too, so a chip written ``Machine-Learning``
resolves. A definition's Markdown is parsed in the glossary page, but its author
wrote it in the definitions file: its problems are reported at the entry's line
there, while parsing (an unknown directive) and when resolving (an unknown
``{term}``).
"""

from __future__ import annotations

import logging as pylogging
from contextlib import contextmanager

from docutils import nodes
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .. import _compat
from ..core.glossary import GlossaryEntry
from ..core.listing import ListingSpec
from ..core.names import letter_slug, slug
from ..core.pages import GlossaryView
from ..core.paths import Paths
from ..writing.links import doc_link, term_link
from ..writing.standins import listing_node
from .definitions import definitions_file

__all__ = ["glossary_nodes"]


class _Relocate(pylogging.Filter):
    def __init__(self, location: str) -> None:
        super().__init__()
        self.location = location

    def filter(self, record: pylogging.LogRecord) -> bool:
        if record.levelno >= pylogging.WARNING:
            record.location = self.location  # "path:line": Sphinx shows it as it is
        return True


@contextmanager
def warnings_located_at(location: str):
    """Warnings logged inside the block are reported at ``location`` ("path:line").

    MyST reports a nested parse's problems at the document being read; this filter
    goes first on each handler of Sphinx's logger, so that ``-W`` reports the same
    place; in a parallel read's worker the handler is the one that collects records
    for the main process, which shows them as they were located here."""
    relocate = _Relocate(location)
    handlers = list(pylogging.getLogger(logging.NAMESPACE).handlers)
    for handler in handlers:
        handler.filters.insert(0, relocate)
    try:
        yield
    finally:
        for handler in handlers:
            handler.removeFilter(relocate)


def glossary_nodes(directive: SphinxDirective, view: GlossaryView) -> list[nodes.Node]:
    env = directive.env
    result: list[nodes.Node] = [_letter_nav(directive, view)]
    groups: dict[str, list[GlossaryEntry]] = {}
    for entry in view.entries:
        groups.setdefault(entry.letter, []).append(entry)
    for group, members in groups.items():
        if view.letter is None:
            result.append(nodes.rubric(group, group, ids=[f"kb-letter-{letter_slug(group)}"], classes=["kb-letter"]))
        glossary = addnodes.glossary(sorted=False)
        dlist = nodes.definition_list(classes=["glossary"])
        glossary += dlist
        for entry in members:
            dlist += _entry(directive, entry)
        result.append(glossary)
    if view.undefined:
        section = nodes.container(classes=["kb-undefined-list"])
        section += nodes.rubric("", f"Keywords without a definition ({len(view.undefined)})", ids=["kb-undefined"])
        para = nodes.paragraph()
        for i, name in enumerate(view.undefined):
            if i:
                para += nodes.Text(", ")
            para += term_link(name, env.docname, [])
        section += para
        result.append(section)
    return result


def _letter_nav(directive: SphinxDirective, view: GlossaryView) -> nodes.paragraph:
    nav = nodes.paragraph(classes=["kb-letter-nav"])
    paths = Paths.of(directive.config)
    for i, item in enumerate(view.letters):
        if i:
            nav += nodes.Text(" ")
        if view.split:
            nav += doc_link(paths.letter(item.slug), item.letter, directive.env.docname, ["kb-letter-link"])
        else:
            ref = nodes.reference("", "", refid=f"kb-letter-{item.slug}", classes=["kb-letter-link"])
            ref += nodes.Text(item.letter)
            nav += ref
    return nav


def _entry(directive: SphinxDirective, entry: GlossaryEntry) -> nodes.definition_list_item:
    env = directive.env
    document = directive.state.document
    source, line = directive.get_source_info()
    item = nodes.definition_list_item(classes=[] if entry.definition else ["kb-undefined"])
    for name in (entry.name, *entry.aliases):
        node_id = entry.anchor if name == entry.name else f"term-{slug(name)}"
        term = _compat.make_glossary_term(env, name, source, line, node_id, document)
        document.note_explicit_target(term)
        item += term
    for spelling in entry.spellings:
        _compat.note_glossary_term(env, spelling, entry.anchor, (env.docname, line))
    definition = nodes.definition()
    if entry.definition:
        path = str(definitions_file(env.srcdir, directive.config))
        text = StringList(entry.definition.split("\n"), source=source)
        with warnings_located_at(f"{path}:{entry.line}"):
            directive.state.nested_parse(text, 0, definition)
        for node in definition.findall(nodes.Element):
            node.source, node.line = path, entry.line
    else:
        definition += nodes.paragraph("", "No definition yet.", classes=["kb-undefined-note"])
    definition += listing_node(env, ListingSpec("backlinks", "keyword", slug=entry.slug))
    item += definition
    return item
