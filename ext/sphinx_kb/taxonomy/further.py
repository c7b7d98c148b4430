"""Listing pages beyond the first, and a keyword's full list of posts, rendered
without a source file (``html-collect-pages``).

The first page of every listing is a document: searchable, able to hold labels.
Its further pages and the keyword lists only repeat other pages' titles, so they
need none of that, and a document costs about as much to build as a post: as
rendered pages they cost a template each. A page is written again only when what
it shows (or the HTML configuration) changed, or its file is missing; the pages of
the last build that are no longer wanted are deleted. They are planned when the first
document is written, and rendered by a process of their own when there are enough of
them or the build is parallel (``perf.background``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.locale import _
from sphinx.util import logging

from ..core import markup, taxonomy
from ..core.listing import ListingSpec, year_slug
from ..core.options import Options
from ..core.pages import term_title
from ..core.text import stable_repr
from ..perf.background import Background, use_background
from ..state.domain import KbDomain
from ..state.overviews import empty_pages
from ..state.shown import listing_model
from ..writing.fill import listing_markup
from ..writing.html import html_of

__all__ = ["on_build_finished", "on_doctree_resolved", "on_html_collect_pages"]

logger = logging.getLogger(__name__)

STATE_FILE = "kb-extra-pages.json"


@dataclass(frozen=True)
class FurtherPage:
    pagename: str
    title: str
    listing: ListingSpec


def further_pages(domain: KbDomain, options: Options) -> Iterator[FurtherPage]:
    """Every page to render."""
    site = domain.site
    paths = options.paths
    size = options.page_size
    for kind in options.name_kinds():
        for term in site.taxonomy.terms[kind].values():
            count = len(taxonomy.paginate(term.docnames, size))
            for page in range(2, count + 1):
                yield FurtherPage(paths.listing(kind, term.slug, page),
                                  f"{term_title(kind, term.name, options)} (page {page} of {count})",
                                  ListingSpec("term", kind, slug=term.slug, page=page))
    for year, docnames in site.taxonomy.years.items():
        count = len(taxonomy.paginate(docnames, size))
        for page in range(2, count + 1):
            yield FurtherPage(paths.listing("year", year_slug(year), page),
                              f"{year or 'Undated'} (page {page} of {count})",
                              ListingSpec("year", slug=year_slug(year), page=page))
    for entry in site.glossary.entries:
        docnames = site.keyword_posts[entry.slug]
        if len(docnames) <= options.glossary_backlinks:
            continue
        count = len(taxonomy.paginate(docnames, size))
        for page in range(1, count + 1):
            suffix = f" (page {page} of {count})" if count > 1 else ""
            yield FurtherPage(paths.listing("keyword", entry.slug, page), f"Posts about {entry.name}{suffix}",
                              ListingSpec("term", "keyword", slug=entry.slug, page=page))


def _fingerprint(app: Sphinx) -> str:
    """What every further page's HTML depends on besides its listing: the configuration
    values that change the output, the tags (``-t``), and the overview pages left out of
    the navigation (``pipeline.empty``)."""
    values = sorted((value.name, stable_repr(value.value)) for value in app.config if value.rebuild in ("html", "env"))
    data = json.dumps([values, sorted(app.tags), sorted(empty_pages(app))], default=str)
    return hashlib.blake2s(data.encode("utf-8")).hexdigest()


@dataclass
class Work:
    """Which further pages to render and delete, and the state to save afterwards."""

    state_path: Path
    state: dict[str, str]
    pending: list[FurtherPage]
    gone: list[str]
    process: Background | None = None

    def finish(self, app: Sphinx) -> None:
        outdir = Path(app.outdir)
        for pagename in self.gone:
            page = Path(app.builder.get_outfilename(pagename))
            page.unlink(missing_ok=True)
            folder = page.parent
            while folder != outdir and outdir in folder.parents and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()  # a listing's folder of further pages, emptied
                folder = folder.parent
        self.state_path.parent.mkdir(parents=True, exist_ok=True)
        self.state_path.write_text(json.dumps(self.state, sort_keys=True), encoding="utf-8")
        if self.pending or self.gone:
            logger.info("kb: %d further listing pages written, %d removed", len(self.pending), len(self.gone))


def plan_work(app: Sphinx) -> Work | None:
    """None when every page is up to date (or the builder renders no pages)."""
    domain = KbDomain.of(app.env)
    if domain.site is None or not hasattr(app.builder, "render_partial"):
        return None
    state_path = Path(app.doctreedir) / STATE_FILE
    try:
        old = json.loads(state_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        old = {}
    fingerprint = _fingerprint(app)
    unchanged = not domain.build.listings_changed and old.get("", "") == fingerprint
    if unchanged and all(Path(app.builder.get_outfilename(p)).is_file() for p in old if p):
        return None  # nothing was read or removed: every page shows what it showed
    options = Options.of(app.config)
    new: dict[str, str] = {"": fingerprint}
    pending: list[FurtherPage] = []
    for page in further_pages(domain, options):
        data = json.dumps([page.title, listing_model(domain, page.listing, options), fingerprint],
                          sort_keys=True, default=str)
        signature = hashlib.blake2s(data.encode("utf-8")).hexdigest()
        new[page.pagename] = signature
        if old.get(page.pagename) != signature or not Path(app.builder.get_outfilename(page.pagename)).is_file():
            pending.append(page)
    return Work(state_path, new, pending, sorted(set(old) - set(new)))


def on_doctree_resolved(app: Sphinx, doctree, docname: str) -> None:
    """With the first document written, the pages to render are planned, and rendered
    by a process of their own when there are enough of them (``perf.background``);
    else at ``html-collect-pages``."""
    state = KbDomain.of(app.env).build
    if state.further_pages is not None:
        return
    work = plan_work(app)
    state.further_pages = work or False
    if not work or not use_background(app, "kb_further_pages_process", len(work.pending)):
        return
    builder = app.builder

    def render() -> None:
        for page in work.pending:
            builder.handle_page(page.pagename, _context(app, page), "page.html")

    work.process = Background(render)


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    """A build that stopped before ``html-collect-pages`` stops that process too."""
    state = KbDomain.of(app.env).build
    work, state.further_pages = state.further_pages, None
    if work and work.process is not None:
        work.process.terminate()


def on_html_collect_pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    state = KbDomain.of(app.env).build
    work, state.further_pages = state.further_pages, None
    if work is None:  # no document written in this build: planned now
        work = plan_work(app)
    if not work:
        return
    if work.process is not None and work.process.join():
        logger.verbose("kb: %d further listing pages rendered by a process of their own", len(work.pending))
    else:  # rendered here (or the process never ran)
        for page in work.pending:
            yield page.pagename, _context(app, page), "page.html"
    work.finish(app)


def _context(app: Sphinx, page: FurtherPage) -> dict:
    return {"title": page.title, "body": _body(app, page)}


def _body(app: Sphinx, page: FurtherPage) -> str:
    """The page's HTML: a title and the listing, escaped by kb's markup writer (the
    heading as Sphinx's HTML writer gives it, with its permalink settings)."""
    title = markup.escape(page.title)
    if app.config.html_permalinks and app.config.html_permalinks_icon:
        title += (f'<a class="headerlink" href="#kb-title" title="{markup.escape(_("Link to this heading"))}">'
                  f"{app.config.html_permalinks_icon}</a>")
    domain = KbDomain.of(app.env)
    listing = html_of(app.builder, page.pagename, listing_markup(domain, page.listing, Options.of(app.config)))
    return f'<section id="kb-title">\n<h1>{title}</h1>\n{listing}</section>\n'

