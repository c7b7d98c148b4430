"""Listing pages beyond the first, and a keyword's full list of posts, rendered
without a source file (``html-collect-pages``).

The first page of every listing is a document: searchable, able to hold labels.
Its further pages and the keyword lists only repeat other pages' titles, so they
need none of that, and a document costs about as much to build as a post: as
rendered pages they cost a template each. A page is written again only when what
it shows (or the HTML configuration) changed, or its file is missing; the pages of
the last build that are no longer wanted are deleted. A parallel build renders them
in a low-priority process of their own (see ``on_doctree_resolved``).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.parallel import ParallelTasks

from .core import markup, taxonomy
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


class Plan:
    """Which further pages to render and delete, and the state to save afterwards."""

    def __init__(self, state_path: Path, state: dict[str, str], pending: list[tuple[str, dict]], gone: list[str]):
        self.state_path = state_path
        self.state = state
        self.pending = pending
        self.gone = gone

    def finish(self, app: Sphinx) -> None:
        for pagename in self.gone:
            Path(app.builder.get_outfilename(pagename)).unlink(missing_ok=True)
        self.state_path.parent.mkdir(parents=True, exist_ok=True)
        self.state_path.write_text(json.dumps(self.state, sort_keys=True), encoding="utf-8")
        if self.pending or self.gone:
            logger.info("kb: %d further listing pages written, %d removed", len(self.pending), len(self.gone))


def plan(app: Sphinx) -> Plan | None:
    """None when every page is up to date (or the builder renders no pages)."""
    if not hasattr(app.env, "kb_taxonomy") or not hasattr(app.builder, "render_partial"):
        return None
    state_path = Path(app.doctreedir) / STATE_FILE
    try:
        old = json.loads(state_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        old = {}
    fingerprint = _fingerprint(app)
    unchanged = not app.env.kb_listings_changed and old.get("", "") == fingerprint
    if unchanged and all(Path(app.builder.get_outfilename(p)).is_file() for p in old if p):
        return None  # nothing was read or removed: every page shows what it showed
    new: dict[str, str] = {"": fingerprint}
    pending: list[tuple[str, dict]] = []
    for pagename, spec in specs(app):
        data = json.dumps([spec, model(app.env, spec), fingerprint], sort_keys=True, default=str)
        signature = hashlib.blake2s(data.encode("utf-8")).hexdigest()
        new[pagename] = signature
        if old.get(pagename) != signature or not Path(app.builder.get_outfilename(pagename)).is_file():
            pending.append((pagename, spec))
    return Plan(state_path, new, pending, sorted(set(old) - set(new)))


def on_doctree_resolved(app: Sphinx, doctree, docname: str) -> None:
    """A parallel build: start rendering the further pages in a forked process at the
    first document written, at the lowest CPU priority.

    With ``-j 2`` Sphinx resolves documents in the main process and writes them in one
    writer process; once the main process has resolved the last one, it waits for the
    writer, and a core is idle. Rendered after that (at ``html-collect-pages``), the
    further pages would add their whole time to the build; at the lowest priority they
    take mostly that idle time. The main process waits for them at
    ``html-collect-pages``. A serial build renders them there, as before."""
    builder = app.builder
    if getattr(app, "_kb_extra_pages", None) is not None or not getattr(builder, "parallel_ok", False):
        return
    work = plan(app)
    app._kb_extra_pages = (work, None)  # type: ignore[attr-defined]
    if work is None or not work.pending:
        return

    def render() -> None:
        try:
            os.nice(19)
        except OSError:  # not allowed here: render at the usual priority
            pass
        for pagename, spec in work.pending:
            builder.handle_page(pagename, _context(app, pagename, spec), "page.html")

    tasks = ParallelTasks(1)
    tasks.add_task(render)
    app._kb_extra_pages = (work, tasks)  # type: ignore[attr-defined]


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    """A build that stopped before ``html-collect-pages`` stops that process too."""
    started = getattr(app, "_kb_extra_pages", None)
    app._kb_extra_pages = None  # type: ignore[attr-defined]
    if started is not None and started[1] is not None:
        started[1].terminate()


def on_html_collect_pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    started = getattr(app, "_kb_extra_pages", None)
    if started is not None:  # a parallel build: rendered by the process started above
        app._kb_extra_pages = None  # type: ignore[attr-defined]
        work, tasks = started
        if tasks is not None:
            tasks.join()
        if work is not None:
            work.finish(app)
        return
    work = plan(app)
    if work is None:
        return
    for pagename, spec in work.pending:
        yield pagename, _context(app, pagename, spec), "page.html"
    work.finish(app)


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
