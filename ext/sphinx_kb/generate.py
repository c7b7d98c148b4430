"""Write kb's listing pages as small Markdown sources at ``builder-inited``.

Each generated page holds no user text as Markdown: only a fixed placeholder
heading, a label made of a slug, and one ``kb-page`` directive whose content is
JSON (ASCII-escaped, one value per line), so no name can inject markup. A file is
written only when its content changes and is deleted when its page empties; only
files carrying kb's marker are ever deleted.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from sphinx.util import logging

from .core import glossary as definitions, taxonomy
from .config import KIND_TITLES, Paths
from .core.names import letter_slug

logger = logging.getLogger(__name__)

MARKER = "kb_generated: sphinx-kb"
PLACEHOLDER_TITLE = "kb-title"
LABEL_PREFIX = {"tag": "sphx_tag_", "category": "kb_category_", "author": "kb_author_"}
OVERVIEW_LABEL = {"tag": "tagoverview", "category": "kb_categories", "author": "kb_authors"}


def page_source(spec: dict, label: str | None = None, lines: list[dict] | None = None) -> str:
    out = ["---", "orphan: true", MARKER, "---", ""]
    if label:
        out += [f"({label})=", ""]
    out += [f"# {PLACEHOLDER_TITLE}", "", "````{kb-page}", json.dumps(spec, sort_keys=True)]
    out += [json.dumps(item, sort_keys=True) for item in lines or []]
    out += ["````", ""]
    return "\n".join(out)


def year_slug(year: str) -> str:
    return year or "undated"


def sources(tax: taxonomy.Taxonomy, glossary: definitions.Glossary, config, paths: Paths) -> dict[str, str]:
    """Every generated document: docname -> Markdown source. Only the first page of
    a listing is a document (see ``extra_pages`` for the others)."""
    pages: dict[str, str] = {}
    kinds = ["category", "author"] + (["tag"] if config.tags_create_tags else [])
    for kind in kinds:
        title = config.tags_overview_title if kind == "tag" else KIND_TITLES[kind]
        pages[paths.overview(kind)] = page_source({"kind": "overview", "type": kind, "title": title}, OVERVIEW_LABEL[kind])
        prefix = config.tags_page_title if kind == "tag" else {"category": "Category", "author": "Author"}[kind]
        for term in tax.terms[kind].values():
            spec = {"kind": "term", "type": kind, "key": term.key, "page": 1, "title": f"{prefix}: {term.name}"}
            pages[paths.listing(kind, term.slug)] = page_source(spec, f"{LABEL_PREFIX[kind]}{term.slug}")
    pages[paths.overview("year")] = page_source({"kind": "archive", "title": "Archive"}, "kb_archive")
    for year in tax.years:
        spec = {"kind": "year", "key": year, "page": 1, "title": year or "Undated"}
        pages[paths.listing("year", year_slug(year))] = page_source(spec)
    pages.update(glossary_sources(glossary, config, paths))
    return pages


def glossary_sources(glossary: definitions.Glossary, config, paths: Paths) -> dict[str, str]:
    pages: dict[str, str] = {}
    groups = glossary.by_letter()
    split = len(glossary.entries) > config.kb_glossary_split
    letters = [{"letter": group, "slug": letter_slug(group), "count": len(entries)} for group, entries in groups.items()]
    undefined = [e.name for e in glossary.entries if not e.definition]
    index_spec = {"kind": "glossary", "title": "Glossary", "split": split, "letters": letters, "letter": None,
                  "undefined": undefined}
    index_entries = [] if split else [definitions.to_json(e) for e in glossary.entries]
    pages[paths.overview("glossary")] = page_source(index_spec, "kb_glossary", index_entries)
    if split:
        for group, entries in groups.items():
            spec = {"kind": "glossary", "title": f"Glossary: {group}", "split": True, "letters": letters, "letter": group}
            pages[f"{paths.folder('glossary')}/{letter_slug(group)}"] = page_source(
                spec, None, [definitions.to_json(e) for e in entries])
    return pages


def keyword_docnames(tax: taxonomy.Taxonomy, entry: definitions.GlossaryEntry) -> list[str]:
    """Posts using any of an entry's names, newest first."""
    keyword_terms = tax.terms["keyword"]
    found = {d for key in entry.keys if key in keyword_terms for d in keyword_terms[key].docnames}
    return [e.docname for e in taxonomy.newest_first([tax.entries[d] for d in found])]


def write(srcdir: str | os.PathLike, pages: dict[str, str], paths: Paths) -> tuple[int, int]:
    """Write changed pages and delete kb's pages that are no longer wanted."""
    root = Path(srcdir)
    written = removed = 0
    for docname, text in pages.items():
        path = root / f"{docname}.md"
        try:
            if path.read_text(encoding="utf-8") == text:
                continue
        except (OSError, UnicodeDecodeError):
            pass
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written += 1
    wanted = {(root / f"{docname}.md").resolve() for docname in pages}
    for folder in paths.folders():
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*.md"), reverse=True):
            if path.resolve() in wanted or not _is_generated(path):
                continue
            path.unlink()
            removed += 1
        for directory in sorted((p for p in base.rglob("*") if p.is_dir()), reverse=True):
            try:
                directory.rmdir()  # only succeeds when empty
            except OSError:
                pass
    return written, removed


def _is_generated(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8") as handle:
            head = handle.read(200)
    except (OSError, UnicodeDecodeError):
        return False
    return MARKER in head.split("\n---", 1)[0]
