"""Listings: what kb's pages show of other documents, filled in at write time.

A listing is a ``kb_listing`` node holding a spec (what to list). It is filled in
at ``doctree-resolved`` (``output``) from the environment's taxonomy, with the
markup ``render`` describes, so a listing page never
has to be re-read because another post changed. What it shows is summed up as a
signature; at ``env-get-updated`` every page whose signature changed is written
again, and no other (Sphinx cannot know by itself that a listing shows other
documents' titles).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging as pylogging
from contextlib import contextmanager

from docutils import nodes
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.domains.std import make_glossary_term
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .core import glossary as definitions, markup, taxonomy
from .config import Paths, definitions_file
from .core.text import human_date
from .generate import year_slug
from .core.names import letter_slug, name_key, slug
from .postpage import link_targets
from .reading import doc_link, term_link

logger = logging.getLogger(__name__)


class kb_listing(nodes.General, nodes.Element):
    """Placeholder for a listing; ``spec`` says what to list."""


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

    The filter goes first on each handler of Sphinx's logger, so that ``-W`` reports
    the same place; in a parallel read's worker the handler is the one that collects
    records for the main process, which shows them as they were located here."""
    relocate = _Relocate(location)
    handlers = list(pylogging.getLogger(logging.NAMESPACE).handlers)
    for handler in handlers:
        handler.filters.insert(0, relocate)
    try:
        yield
    finally:
        for handler in handlers:
            handler.removeFilter(relocate)


def spec_of(node: nodes.Element) -> dict:
    return json.loads(node["spec"])


class KbPage(SphinxDirective):
    """The body of a generated page: one JSON spec per line (see ``generate``)."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        try:
            items = [json.loads(line) for line in self.content if line.strip()]
            spec = items[0]
        except (ValueError, IndexError) as error:
            logger.warning("kb-page: unreadable content (%s)", error, location=self.get_location())
            return []
        self.env.temp_data["kb_title"] = spec.get("title", "")
        if spec.get("kind") == "glossary":
            return self._glossary(spec, [definitions.from_json(item) for item in items[1:]])
        return [listing_node(self.env, spec)]

    def _glossary(self, spec: dict, entries: list[definitions.GlossaryEntry]) -> list[nodes.Node]:
        result: list[nodes.Node] = [self._letter_nav(spec)]
        groups: dict[str, list[definitions.GlossaryEntry]] = {}
        for entry in entries:
            groups.setdefault(entry.letter, []).append(entry)
        for group, members in groups.items():
            if spec.get("letter") is None:
                rubric = nodes.rubric(group, group, ids=[f"kb-letter-{letter_slug(group)}"], classes=["kb-letter"])
                result.append(rubric)
            glossary = addnodes.glossary(sorted=False)
            dlist = nodes.definition_list(classes=["glossary"])
            glossary += dlist
            for entry in members:
                dlist += self._entry(entry)
            result.append(glossary)
        undefined = spec.get("undefined") or []
        if undefined:
            section = nodes.container(classes=["kb-undefined-list"])
            section += nodes.rubric("", f"Keywords without a definition ({len(undefined)})", ids=["kb-undefined"])
            para = nodes.paragraph()
            for i, name in enumerate(undefined):
                if i:
                    para += nodes.Text(", ")
                para += term_link(name, self.env.docname, [])
            section += para
            result.append(section)
        return result

    def _letter_nav(self, spec: dict) -> nodes.paragraph:
        nav = nodes.paragraph(classes=["kb-letter-nav"])
        paths = Paths.of(self.config)
        for i, item in enumerate(spec.get("letters", [])):
            if i:
                nav += nodes.Text(" ")
            if spec.get("split"):
                nav += doc_link(f"{paths.folder('glossary')}/{item['slug']}", item["letter"], self.env.docname, ["kb-letter-link"])
            else:
                ref = nodes.reference("", "", refid=f"kb-letter-{item['slug']}", classes=["kb-letter-link"])
                ref += nodes.Text(item["letter"])
                nav += ref
        return nav

    def _entry(self, entry: definitions.GlossaryEntry) -> nodes.definition_list_item:
        source, line = self.get_source_info()
        item = nodes.definition_list_item(classes=[] if entry.definition else ["kb-undefined"])
        for name in (entry.name, *entry.aliases):
            node_id = entry.anchor if name == entry.name else f"term-{slug(name)}"
            term = make_glossary_term(self.env, [nodes.Text(name)], None, source, line, node_id, self.state.document)
            self.state.document.note_explicit_target(term)
            item += term
        std = self.env.domains.standard_domain
        for spelling in entry.spellings:
            std._note_term(spelling, entry.anchor, location=(self.env.docname, line))
        definition = nodes.definition()
        if entry.definition:
            # the Markdown is parsed here, in the generated page, but its author wrote it
            # in the definitions file: problems are reported at the entry's line there,
            # while parsing (an unknown directive) and when resolving (an unknown {term})
            path = str(definitions_file(self.env.srcdir, self.config))
            text = StringList(entry.definition.split("\n"), source=source)
            with warnings_located_at(f"{path}:{entry.line}"):
                self.state.nested_parse(text, 0, definition)
            for node in definition.findall(nodes.Element):
                node.source, node.line = path, entry.line
        else:
            definition += nodes.paragraph("", "No definition yet.", classes=["kb-undefined-note"])
        definition += listing_node(self.env, {"kind": "backlinks", "slug": entry.slug, "keys": list(entry.keys), "name": entry.name})
        item += definition
        return item


class KbRecent(SphinxDirective):
    """``{kb-recent} [N]``: the newest N posts (``kb_recent_posts`` by default)."""

    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        count = self.config.kb_recent_posts
        if self.arguments:
            try:
                count = int(self.arguments[0])
            except ValueError:
                logger.warning("kb-recent: %r is not a number", self.arguments[0], location=self.get_location())
        return [listing_node(self.env, {"kind": "recent", "count": count})]


class KbListingDirective(SphinxDirective):
    """``{kb-listing} tag|category|author|keyword`` with a name: a listing anywhere."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec = {"name": lambda x: x}

    def run(self) -> list[nodes.Node]:
        kind = self.arguments[0].strip()
        if kind in ("tag", "category", "author", "keyword") and self.options.get("name"):
            return [listing_node(self.env, {"kind": "term", "type": kind, "key": name_key(self.options["name"]), "page": 0})]
        if kind in ("tag", "category", "author"):
            return [listing_node(self.env, {"kind": "overview", "type": kind})]
        if kind == "archive":
            return [listing_node(self.env, {"kind": "archive"})]
        logger.warning("kb-listing: unknown kind %r", kind, location=self.get_location())
        return []


def listing_node(env: BuildEnvironment, spec: dict) -> kb_listing:
    env.temp_data.setdefault("kb_listings", []).append(spec)
    return kb_listing(spec=json.dumps(spec, sort_keys=True))


# -- what a listing shows -------------------------------------------------------------


def _row(tax: taxonomy.Taxonomy, docname: str) -> tuple:
    entry = tax.entries.get(docname)
    if entry is None:
        return (docname, docname, "", "")
    return (docname, entry.title, entry.date_text, entry.description)


def model(env: BuildEnvironment, spec: dict) -> dict:
    """Everything a listing shows, as plain data (rendered, and hashed for rebuilds)."""
    tax: taxonomy.Taxonomy = env.kb_taxonomy
    config = env.config
    kind = spec.get("kind")
    paths = Paths.of(config)
    size = config.kb_page_size
    if kind in ("term", "year"):
        if kind == "year":
            docnames = tax.years.get(spec["key"], [])
            link = lambda page: paths.listing("year", year_slug(spec["key"]), page)  # noqa: E731
        elif spec["type"] == "keyword":  # generated pages name the entry by slug; {kb-listing} by name
            entry = env.kb_glossary_index.get(spec["key"]) or env.kb_glossary_by_key.get(spec["key"])
            docnames = env.kb_keyword_posts[entry.slug] if entry else []
            link = lambda page: paths.listing("keyword", spec["key"], page)  # noqa: E731
        else:
            term = tax.terms[spec["type"]].get(spec["key"])
            docnames = term.docnames if term else []
            link = lambda page: paths.listing(spec["type"], term.slug, page)  # noqa: E731
        if spec.get("page", 1) == 0:  # a listing placed by hand: every post, unpaginated
            return {"rows": [_row(tax, d) for d in docnames], "pages": [], "group": kind == "year"}
        pages = taxonomy.paginate(docnames, size)
        page = spec.get("page", 1)
        shown = pages[page - 1] if page <= len(pages) else []
        nav = [(n, link(n)) for n in range(1, len(pages) + 1)] if len(pages) > 1 else []
        return {"rows": [_row(tax, d) for d in shown], "pages": nav, "current": page, "group": kind == "year",
                "count": len(docnames)}
    if kind == "recent":
        return {"rows": [_row(tax, d) for d in tax.recent[: spec.get("count", 10)]], "total": len(tax.recent),
                "archive": paths.overview("year")}
    if kind == "overview":
        terms = sorted(tax.terms[spec["type"]].values(), key=lambda t: (t.name.casefold(), t.name))
        return {"terms": [(t.name, len(t.docnames), paths.listing(spec["type"], t.slug)) for t in terms]}
    if kind == "archive":
        return {"years": [(year or "Undated", len(docs), paths.listing("year", year_slug(year)))
                          for year, docs in sorted(tax.years.items(), key=lambda i: i[0] or "0", reverse=True)]}
    if kind == "backlinks":
        docnames = env.kb_keyword_posts.get(spec["slug"], [])
        limit = config.kb_glossary_backlinks
        more = paths.listing("keyword", spec["slug"]) if len(docnames) > limit else None
        return {"rows": [_row(tax, d) for d in docnames[:limit]], "count": len(docnames), "more": more}
    return {}


def signature(env: BuildEnvironment, docname: str) -> str:
    """What a page shows of other documents: its listings, and a post's keyword links."""
    specs = env.kb_listings.get(docname, [])
    shown = [model(env, spec) for spec in specs] + [link_targets(env, docname)]
    data = json.dumps(shown, sort_keys=True, default=str)
    return hashlib.blake2s(data.encode("utf-8")).hexdigest()


# -- rendering -----------------------------------------------------------------------


def _month(date_text: str) -> str:
    try:
        return f"{dt.date.fromisoformat(date_text):%B %Y}"
    except ValueError:
        return "Undated"


def _day(date_text: str) -> str:
    try:
        return human_date(dt.date.fromisoformat(date_text))
    except ValueError:
        return date_text


def render(env: BuildEnvironment, spec: dict) -> list[markup.Block]:
    """What a listing shows, as kb's markup (written as HTML or as nodes by ``output``)."""
    data = model(env, spec)
    kind = spec.get("kind")
    if kind in ("term", "year", "recent"):
        result: list[markup.Block] = []
        if data.get("count") is not None and kind == "term":
            noun = "post" if data["count"] == 1 else "posts"
            result.append(markup.Para((f"{data['count']} {noun}, newest first.",), ("kb-listing-count",)))
        rows: list[markup.Block] = []
        month = None
        for row in data["rows"]:
            if data.get("group"):
                this = _month(row[2])
                if this != month:
                    month = this
                    rows.append(markup.Rubric(this, ("kb-month",)))
            rows.append(_item(row))
        result.append(markup.Box(tuple(rows), ("kb-listing",)))
        if data.get("pages"):
            result.append(_pager(data))
        if kind == "recent" and data["total"] > len(data["rows"]):
            result.append(markup.Para((markup.Link(data["archive"], f"All {data['total']} posts, by year →"),),
                                      ("kb-more",)))
        return result
    if kind == "overview":
        cloud: list[markup.Inline] = []
        top = max((count for _, count, _ in data["terms"]), default=1)
        for i, (name, count, target) in enumerate(data["terms"]):
            if i:
                cloud.append(" ")
            weight = 1 + round(4 * (count - 1) / max(1, top - 1)) if top > 1 else 1
            cloud.append(markup.Link(target, name, ("kb-cloud-term", f"kb-weight-{weight}")))
            cloud.append(markup.Span(f" ({count})", ("kb-count",)))
        if not data["terms"]:
            cloud.append("Nothing here yet.")
        return [markup.Para(tuple(cloud), ("kb-cloud",))]
    if kind == "archive":
        years = tuple(markup.Para((markup.Link(target, year), f" ({count} {'post' if count == 1 else 'posts'})"))
                      for year, count, target in data["years"])
        return [markup.Items(years, ("kb-archive",))]
    if kind == "backlinks":
        if not data["rows"]:
            return [markup.Para(("No post uses this keyword yet.",), ("kb-backlinks",))]
        parts: list[markup.Inline] = ["Used in: "]
        for i, row in enumerate(data["rows"]):
            if i:
                parts.append(", ")
            parts.append(markup.Link(row[0], row[1]))
        if data["more"]:
            parts.append(" · ")
            parts.append(markup.Link(data["more"], f"all {data['count']} posts"))
        return [markup.Para(tuple(parts), ("kb-backlinks",))]
    return []


def _item(row: tuple) -> markup.Para:
    """One post in a listing: its title as a link, its date, its description."""
    target, title, date_text, description = row
    parts: list[markup.Inline] = [markup.Link(target, title)]
    if date_text:
        parts.append(markup.Span(_day(date_text), ("kb-listing-date",)))
    if description:
        parts.append(markup.Span(description, ("kb-listing-description",)))
    return markup.Para(tuple(parts), ("kb-listing-item", "kb-listing-title"))


def _pager(data: dict) -> markup.Para:
    parts: list[markup.Inline] = ["Pages: "]
    for number, target in data["pages"]:
        parts.append(markup.Strong(str(number)) if number == data["current"] else markup.Link(target, str(number)))
        parts.append(" ")
    return markup.Para(tuple(parts), ("kb-pager",))
