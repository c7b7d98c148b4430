"""Listing pages beyond the first, and a keyword's full list of posts, rendered
without a source file (``html-collect-pages``).

The first page of every listing is a document: searchable, able to hold labels.
Its further pages and the keyword lists only repeat other pages' titles, so they
need none of that, and a document costs about as much to build as a post: as
rendered pages they cost a template each. A page is written again only when what
it shows (or the HTML configuration) changed, or its file is missing; the pages of
the last build that are no longer wanted are deleted.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.locale import _
from sphinx.util import logging

from . import markup, taxonomy
from .config import Paths
from .generate import year_slug
from .listings import model, render
from .output import html_of

logger = logging.getLogger(__name__)

STATE_FILE = "kb-extra-pages.json"
KIND_PREFIX = {"category": "Category", "author": "Author"}


def specs(app: Sphinx) -> Iterator[tuple[str, dict]]:
    """(pagename, listing spec) of every page to render."""
    env = app.env
    config = app.config
    tax: taxonomy.Taxonomy = env.kb_taxonomy
    paths = Paths.of(config)
    size = config.kb_page_size
    kinds = ["category", "author"] + (["tag"] if config.tags_create_tags else [])
    for kind in kinds:
        prefix = config.tags_page_title if kind == "tag" else KIND_PREFIX[kind]
        for term in tax.terms[kind].values():
            count = len(taxonomy.paginate(term.docnames, size))
            for page in range(2, count + 1):
                yield paths.listing(kind, term.slug, page), {
                    "kind": "term", "type": kind, "key": term.key, "page": page,
                    "title": f"{prefix}: {term.name} (page {page} of {count})"}
    for year, docnames in tax.years.items():
        count = len(taxonomy.paginate(docnames, size))
        for page in range(2, count + 1):
            yield paths.listing("year", year_slug(year), page), {
                "kind": "year", "key": year, "page": page,
                "title": f"{year or 'Undated'} (page {page} of {count})"}
    for entry in env.kb_glossary.entries:
        docnames = env.kb_keyword_posts[entry.slug]
        if len(docnames) <= config.kb_glossary_backlinks:
            continue
        count = len(taxonomy.paginate(docnames, size))
        for page in range(1, count + 1):
            suffix = f" (page {page} of {count})" if count > 1 else ""
            yield paths.listing("keyword", entry.slug, page), {
                "kind": "term", "type": "keyword", "key": entry.slug, "page": page,
                "title": f"Posts about {entry.name}{suffix}"}


def _fingerprint(app: Sphinx) -> str:
    info = getattr(app.builder, "build_info", None)
    return f"{getattr(info, 'config_hash', '')}/{getattr(info, 'tags_hash', '')}"


def on_html_collect_pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    if not hasattr(app.env, "kb_taxonomy") or not hasattr(app.builder, "render_partial"):
        return
    state_path = Path(app.doctreedir) / STATE_FILE
    try:
        old = json.loads(state_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        old = {}
    fingerprint = _fingerprint(app)
    unchanged = not app.env.kb_listings_changed and old.get("", "") == fingerprint
    if unchanged and all(Path(app.builder.get_outfilename(p)).is_file() for p in old if p):
        return  # nothing was read or removed: every page shows what it showed
    new: dict[str, str] = {"": fingerprint}
    pending: list[tuple[str, dict]] = []
    for pagename, spec in specs(app):
        data = json.dumps([spec, model(app.env, spec), fingerprint], sort_keys=True, default=str)
        signature = hashlib.blake2s(data.encode("utf-8")).hexdigest()
        new[pagename] = signature
        if old.get(pagename) != signature or not Path(app.builder.get_outfilename(pagename)).is_file():
            pending.append((pagename, spec))
    for pagename, spec in pending:
        yield pagename, _context(app, pagename, spec), "page.html"
    written = len(pending)
    gone = sorted(set(old) - set(new))
    for pagename in gone:
        Path(app.builder.get_outfilename(pagename)).unlink(missing_ok=True)
    state_path.parent.mkdir(parents=True, exist_ok=True)
    state_path.write_text(json.dumps(new, sort_keys=True), encoding="utf-8")
    if written or gone:
        logger.info("kb: %d further listing pages written, %d removed", written, len(gone))


def _context(app: Sphinx, pagename: str, spec: dict) -> dict:
    return {"title": spec["title"], "body": _body(app, pagename, spec)}


def _body(app: Sphinx, pagename: str, spec: dict) -> str:
    """The page's HTML: a title and the listing, escaped by kb's markup writer (the
    heading as Sphinx's HTML writer gives it, with its permalink settings)."""
    title = markup.escape(spec["title"])
    if app.config.html_permalinks and app.config.html_permalinks_icon:
        title += (f'<a class="headerlink" href="#kb-title" title="{markup.escape(_("Link to this heading"))}">'
                  f"{app.config.html_permalinks_icon}</a>")
    listing = html_of(app.builder, pagename, render(app.env, spec))
    return f'<section id="kb-title">\n<h1>{title}</h1>\n{listing}</section>\n'
