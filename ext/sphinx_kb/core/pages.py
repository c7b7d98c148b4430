"""Which pages kb generates, and what each holds when it is read. Pure Python.

Tag, category, author, archive and glossary pages are real documents (searchable,
able to hold labels and glossary terms), so each has a small source file, which
holds nothing but a label and a ``{kb-page}`` directive: what the page shows is
looked up by its docname in this plan (``plan(site, options)``). Only the first
page of a listing is a document; further pages are rendered without a source.

A page's ``read_signature`` sums up what it holds when read (its title, and a
glossary page's entries); when it changes, the page is read again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from .glossary import GlossaryEntry
from .listing import ListingSpec, year_slug
from .names import letter_slug
from .options import Options
from .site import Site

#: the heading a generated page or a post is read with; its text is replaced by the title
TITLE_STAND_IN = "kb-title"

KIND_TITLES = {"tag": "Tags", "category": "Categories", "author": "Authors"}
TERM_PREFIX = {"category": "Category", "author": "Author"}
LABEL_PREFIX = {"tag": "sphx_tag_", "category": "kb_category_", "author": "kb_author_"}
OVERVIEW_LABEL = {"tag": "tagoverview", "category": "kb_categories", "author": "kb_authors"}


@dataclass(frozen=True)
class Letter:
    letter: str  # "A", "É"…, "#" for digits and symbols
    slug: str
    count: int


@dataclass(frozen=True)
class GlossaryView:
    """What a glossary page holds: the letters (as links to their pages when the
    glossary is split, else to their headings), the entries shown here (those of
    one letter, or all), and the keywords without a definition (on the index)."""

    split: bool
    letters: tuple[Letter, ...]
    letter: str | None  # this page's letter; None: the index
    entries: tuple[GlossaryEntry, ...]
    undefined: tuple[str, ...] = ()


@dataclass(frozen=True)
class Page:
    docname: str
    title: str
    label: str = ""  # the label the page carries (sphinx-tags' sphx_tag_<slug>, tagoverview…)
    listing: ListingSpec | None = None
    glossary: GlossaryView | None = None

    @property
    def read_signature(self) -> str:
        return hashlib.blake2s(repr(self).encode("utf-8")).hexdigest()


def term_title(kind: str, name: str, options: Options) -> str:
    prefix = options.tags_page_title if kind == "tag" else TERM_PREFIX[kind]
    return f"{prefix}: {name}"


def plan(site: Site, options: Options) -> dict[str, Page]:
    """Every generated document, by docname."""
    paths = options.paths
    pages: list[Page] = []
    for kind in options.name_kinds():
        title = options.tags_overview_title if kind == "tag" else KIND_TITLES[kind]
        pages.append(Page(paths.overview(kind), title, OVERVIEW_LABEL[kind], ListingSpec("overview", kind)))
        for term in site.taxonomy.terms[kind].values():
            pages.append(Page(paths.listing(kind, term.slug), term_title(kind, term.name, options),
                              f"{LABEL_PREFIX[kind]}{term.slug}", ListingSpec("term", kind, slug=term.slug)))
    pages.append(Page(paths.overview("year"), "Archive", "kb_archive", ListingSpec("archive")))
    for year in site.taxonomy.years:
        pages.append(Page(paths.listing("year", year_slug(year)), year or "Undated", "",
                          ListingSpec("year", slug=year_slug(year))))
    pages += _glossary_pages(site, options)
    return {page.docname: page for page in pages}


def _glossary_pages(site: Site, options: Options) -> list[Page]:
    paths = options.paths
    groups = site.glossary.by_letter()
    split = site.split_glossary
    letters = tuple(Letter(group, letter_slug(group), len(entries)) for group, entries in groups.items())
    undefined = tuple(e.name for e in site.glossary.entries if not e.definition)
    shown = () if split else tuple(site.glossary.entries)
    pages = [Page(paths.overview("glossary"), "Glossary", "kb_glossary",
                  glossary=GlossaryView(split, letters, None, shown, undefined))]
    if split:
        for group, entries in groups.items():
            pages.append(Page(paths.letter(letter_slug(group)), f"Glossary: {group}",
                              glossary=GlossaryView(True, letters, group, tuple(entries))))
    return pages



def empty_overviews(site: Site, options: Options) -> frozenset[str]:
    """The overview pages with nothing to show (no tag, no category, no author, no
    dated or undated post, no glossary entry): left out of toctrees and the sitemap."""
    paths = options.paths
    empty = {paths.overview(kind) for kind in options.name_kinds() if not site.taxonomy.terms[kind]}
    if not site.taxonomy.years:
        empty.add(paths.overview("year"))
    if not site.glossary.entries:
        empty.add(paths.overview("glossary"))
    return frozenset(empty)
