"""What kb derives from the whole site: one frozen ``Site``, computed in one place.

Pure Python. A ``Site`` is built from every document's taxonomy entry and the
glossary's definitions: the taxonomy (tags, categories, authors, keywords, years),
the glossary (definitions merged with the keywords), and the indexes every page
looks things up in (a name's term by slug, a keyword's glossary page and anchor,
each glossary entry's posts, newest first).

It is built twice in a build's life, from two sources of entries: before reading,
from the posts' front matter (to know which pages to generate and what they hold),
and after reading, from what the documents read say (titles as shown, excerpts).
``with_entries`` reuses the first for the second when the names, dates and
documents are the same, which they are unless a page's ``{tags}`` are not what the
prescan found: the names are grouped once, the definitions merged once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from . import taxonomy
from .glossary import Definition, Glossary, GlossaryEntry, merge
from .names import letter_slug, name_key, slug
from .paths import Paths
from .problem import Problem
from .taxonomy import Entry, Taxonomy, Term


def structure(entries: Iterable[Entry]) -> tuple:
    """What the grouping of names depends on (not titles or descriptions)."""
    return tuple(sorted((e.docname, e.sort_key, e.is_post, tuple(sorted(e.names.items()))) for e in entries))


@dataclass(frozen=True)
class Site:
    taxonomy: Taxonomy
    glossary: Glossary
    definitions: tuple[Definition, ...]
    #: problems of merging the definitions with the keywords (at the definitions' lines)
    problems: tuple[Problem, ...]
    split_glossary: bool  # one glossary page per letter
    terms_by_slug: Mapping[str, Mapping[str, Term]]  # kind -> slug -> term
    entries_by_slug: Mapping[str, GlossaryEntry]
    entries_by_key: Mapping[str, GlossaryEntry]  # every name key of an entry
    keyword_posts: Mapping[str, list[str]]  # entry slug -> posts using it, newest first
    term_pages: Mapping[str, tuple[str, str]]  # name key -> (glossary page, anchor)
    shape: tuple  # ``structure`` of the entries it was built from

    @classmethod
    def build(cls, entries: Iterable[Entry], definitions: Iterable[Definition], paths: Paths,
              glossary_split: int) -> Site:
        entries = list(entries)
        definitions = tuple(definitions)
        tax = taxonomy.build(entries)
        merged, problems = merge(tax.terms["keyword"], list(definitions))
        glossary = Glossary(merged)
        split = len(glossary.entries) > glossary_split
        return cls(
            taxonomy=tax,
            glossary=glossary,
            definitions=definitions,
            problems=tuple(problems),
            split_glossary=split,
            terms_by_slug={kind: {t.slug: t for t in terms.values()} for kind, terms in tax.terms.items()},
            entries_by_slug={entry.slug: entry for entry in glossary.entries},
            entries_by_key={key: entry for entry in glossary.entries for key in entry.keys},
            keyword_posts={entry.slug: keyword_docnames(tax, entry) for entry in glossary.entries},
            term_pages=_term_pages(glossary, paths, split),
            shape=structure(entries),
        )

    def with_entries(self, entries: Iterable[Entry], definitions: Iterable[Definition], paths: Paths,
                     glossary_split: int) -> Site:
        """This site with other entries' titles and descriptions, when their names,
        dates and documents are the same and so are the definitions; else a new one."""
        entries = list(entries)
        definitions = tuple(definitions)
        if structure(entries) != self.shape or definitions != self.definitions:
            return Site.build(entries, definitions, paths, glossary_split)
        by_docname = {entry.docname: entry for entry in entries}
        ordered = {docname: by_docname[docname] for docname in self.taxonomy.entries}
        return replace(self, taxonomy=replace(self.taxonomy, entries=ordered))

    # -- lookups -------------------------------------------------------------------

    def term(self, kind: str, name: str) -> Term | None:
        return self.taxonomy.terms[kind].get(name_key(name))

    def glossary_entry(self, name_or_slug: str) -> GlossaryEntry | None:
        """An entry by its slug, or by any of its names."""
        return self.entries_by_slug.get(name_or_slug) or self.entries_by_key.get(name_key(name_or_slug))

    def term_target(self, name: str) -> tuple[str, str] | None:
        """(glossary page, anchor) a keyword, alias or spelling links to; None if no entry."""
        return self.term_pages.get(name_key(name))


def keyword_docnames(tax: Taxonomy, entry: GlossaryEntry) -> list[str]:
    """Posts using any of an entry's names, newest first."""
    keyword_terms = tax.terms["keyword"]
    found = {d for key in entry.keys if key in keyword_terms for d in keyword_terms[key].docnames}
    return [e.docname for e in taxonomy.newest_first([tax.entries[d] for d in found])]


def glossary_page(entry: GlossaryEntry, paths: Paths, split: bool) -> str:
    return paths.letter(letter_slug(entry.letter)) if split else paths.overview("glossary")


def _term_pages(glossary: Glossary, paths: Paths, split: bool) -> dict[str, tuple[str, str]]:
    """name key -> (glossary page, anchor) for every keyword, alias and spelling."""
    pages: dict[str, tuple[str, str]] = {}
    for entry in glossary.entries:
        page = glossary_page(entry, paths, split)
        for key in entry.keys:
            pages[key] = (page, entry.anchor)
        for alias in entry.aliases:
            pages[name_key(alias)] = (page, f"term-{slug(alias)}")
    return pages
