"""The one owner of kb's state: ``KbDomain`` (as ``sphinx.ext.todo`` keeps its data).

``KbDomain.data`` is saved with the environment:

* per document (``DocStore``s: forgotten by ``clear_doc``, merged from a parallel
  read's workers by ``merge_domaindata``): ``entries`` (``core.taxonomy.Entry``
  of posts and tagged pages), ``records`` (``core.records.PostRecord``),
  ``listings`` (the ``ListingSpec``s a page shows), ``page_reads`` (a generated
  page's read signature when it was read), ``sources`` (a post's citations),
  ``source_digests``, ``source_reports`` (pages showing the sources report),
  ``jekyll`` (links written the Jekyll way that became kb's, old-site files used),
  ``links`` (a post's links to other documents, each with its sentence: backlinks);
* of the whole site: ``plan`` (the prescan of the posts' front matter and the plan
  of generated pages; never sent back by the workers), ``site`` (the ``core.site.Site``
  derived after reading), ``signatures`` (what each page shows of others, when it
  was last written) and, by builder, ``source_signatures`` and ``source_stamps``.

``KbDomain.build`` holds what lives for one build only (``BuildState``). Whoever
needs kb's data asks the domain: ``KbDomain.of(env)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from docutils import nodes
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

from ..core.glossary import Definition
from ..core.records import post_entry, tagged_page_entry
from ..core.site import Site
from .stores import DocStore, MainProcessOnly

__all__ = ["BuildState", "KbDomain", "SHOWN_ELSEWHERE"]

PER_DOCUMENT = ("entries", "records", "listings", "page_reads", "sources", "source_digests", "source_reports", "jekyll",
                "links")
#: the per-document stores other pages show something of (listings, backlinks): when a
#: document read gives what it gave before in all of them, no other page changes
SHOWN_ELSEWHERE = ("entries", "links")


@dataclass
class BuildState:
    """What kb knows for the length of one build (never saved)."""

    definitions: tuple[Definition, ...] = ()  # loaded from the definitions file
    after_interruption: bool = False  # the last build did not finish (pipeline.continuity)
    removed: set[str] = field(default_factory=set)  # documents removed in this build
    read: frozenset[str] = frozenset()  # documents read in this build (pipeline.derive)
    #: something was read or removed, so what listings show may have changed
    dirty: bool = True
    listings_changed: bool = True
    documents_written: int = 0  # doctree-resolved so far (readers.unchanged)
    #: set aside while reading (a parallel read's workers would carry them back)
    before_reading: dict[str, Any] | None = None
    #: docname -> the models of its listings, computed once per build
    models: dict[str, list[dict]] = field(default_factory=dict)
    link_results: Any = None  # sources.model.Results of this build
    citations: Any = None  # citations.formatted.Formatter: references formatted in this build
    citation_files: Any = None  # citations.post: how the posts' citation files are being written
    cited_posts: dict[str, Any] = field(default_factory=dict)  # citations.post: docname -> CitedPost
    names_kept: dict[str, Any] = field(default_factory=dict)  # citations.names: as an earlier build parsed them
    sources_set_aside: dict[str, Any] | None = None  # sources.statuses, while reading
    further_pages: Any = None  # taxonomy.further: the pages being rendered
    feeds_process: Any = None  # readers.feeds_ahead: the process making the feeds (False: none)
    feeds_made_ahead: bool = False  # readers.feeds_ahead: that process made them
    in_toctree: set[str] | None = None  # perf.navigation
    toctrees: dict = field(default_factory=dict)  # perf.navigation: folder -> HTML
    descriptions: Any = None  # readers.descriptions: the descriptions file (core.descriptions)
    display_names: dict[str, str] = field(default_factory=dict)  # author name key -> name shown
    readers: dict[str, Any] = field(default_factory=dict)  # readers.*: what they compute once per build


class KbDomain(Domain):
    name = "kb"
    label = "kb knowledge base"
    data_version = 4  # 3: a source's DOI and sphinxcontrib-bibtex key; 4: a post's links (readers)
    initial_data: dict[str, Any] = {}

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        for store in PER_DOCUMENT:
            if type(self.data.get(store)) is not DocStore:
                self.data[store] = DocStore(self.data.get(store) or {})
        if type(self.data.get("plan")) is not MainProcessOnly:
            self.data["plan"] = MainProcessOnly()
        self.build = BuildState()

    @classmethod
    def of(cls, env: BuildEnvironment) -> KbDomain:
        return env.get_domain(cls.name)  # type: ignore[return-value]

    # -- per-document data --------------------------------------------------------

    @property
    def entries(self) -> DocStore:
        return self.data["entries"]

    @property
    def records(self) -> DocStore:
        return self.data["records"]

    @property
    def listings(self) -> DocStore:
        return self.data["listings"]

    @property
    def page_reads(self) -> DocStore:
        return self.data["page_reads"]

    @property
    def jekyll(self) -> DocStore:
        """docname -> (counts of links made kb's, old-site files the page uses)."""
        return self.data["jekyll"]

    @property
    def links(self) -> DocStore:
        """docname -> a post's links to other documents: ((target docname, sentence), ...)."""
        return self.data["links"]

    @property
    def sources(self) -> DocStore:
        return self.data["sources"]

    @property
    def source_digests(self) -> DocStore:
        return self.data["source_digests"]

    @property
    def source_reports(self) -> DocStore:
        return self.data["source_reports"]

    def clear_doc(self, docname: str) -> None:
        for store in PER_DOCUMENT:
            self.data[store].pop(docname, None)

    def merge_domaindata(self, docnames: set[str], otherdata: dict[str, Any]) -> None:
        for store in PER_DOCUMENT:
            mine, theirs = self.data[store], otherdata.get(store, {})
            for docname in docnames:
                if docname in theirs:
                    mine[docname] = theirs[docname]

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        """What one document gives kb, from what its reading left in ``env.current_document``:
        a post's record (``posts.transform``), a page's ``{tags}`` (``taxonomy.tags``),
        its listings (``taxonomy.directives``), a generated page's read signature."""
        temp = env.current_document
        record = temp.get("kb_record")
        title_node = next(iter(document.findall(nodes.title)), None)
        title = title_node.astext() if title_node else docname  # as shown (smart quotes)
        if record is not None:
            self.records[docname] = record
            self.entries[docname] = post_entry(docname, record.post, title, record.description)
            env.metadata[docname]["orphan"] = True  # posts are reached through listings
        elif temp.get("kb_directive_tags"):
            self.entries[docname] = tagged_page_entry(docname, title, tuple(temp["kb_directive_tags"]))
        if temp.get("kb_listings"):
            self.listings[docname] = list(temp["kb_listings"])
        if temp.get("kb_page_read"):
            self.page_reads[docname] = temp["kb_page_read"]
        if temp.get("kb_jekyll"):
            self.jekyll[docname] = temp["kb_jekyll"]
        if temp.get("kb_links"):
            self.links[docname] = temp["kb_links"]

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode) -> list:
        return []  # kb's pages are linked by kb itself, never through a role

    # -- the whole site -----------------------------------------------------------

    @property
    def plan(self):
        """What kb knew before reading (``pipeline.plan.Plan``): this build's, or the last one's."""
        return self.data["plan"].value

    @plan.setter
    def plan(self, value) -> None:
        self.data["plan"] = MainProcessOnly(value)

    @property
    def site(self) -> Site | None:
        return self.data.get("site")

    @site.setter
    def site(self, value: Site | None) -> None:
        self.data["site"] = value

    @property
    def signatures(self) -> dict[str, str]:
        return self.data.setdefault("signatures", {})

    @signatures.setter
    def signatures(self, value: dict[str, str]) -> None:
        self.data["signatures"] = value

    def set_aside(self, names: tuple[str, ...]) -> dict[str, Any]:
        """Take whole-site values out of the data (while reading: a parallel read's
        workers would send them back with every chunk)."""
        return {name: self.data.pop(name) for name in names if name in self.data}

    def put_back(self, values: dict[str, Any]) -> None:
        self.data.update(values)
