"""Before reading: which posts exist, what the site will be, which pages to generate.

builder-inited    scan the posts' front matter (``posts.scan``), load the glossary's
                  definitions, derive the ``Site`` they make and the plan of
                  generated pages (``core.pages``); write the pages' sources
                  (``pipeline.page_files``). Skipped when the front matter, the
                  settings and the definitions are those of the last build.
env-get-outdated  leave out the posts this build does not publish (drafts, published:
                  false, dated in the future: ``readers.publishing``) and those
                  Sphinx could not read; note removed documents; read again
                  the generated pages whose content (title, glossary entries) changed
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from .. import _compat
from ..core.glossary import Definition
from ..core.options import Options
from ..core.pages import Page, plan
from ..core.site import Site
from ..core.text import plural, shown_name, stable_repr
from ..glossary.definitions import load_definitions, report_problems, warn_undefined
from ..core.jekyll.urls import OldUrlIndex
from ..core.postreader import PostReader
from ..posts.scan import Scan, scan
from ..readers import publishing
from ..state.domain import KbDomain
from . import page_files, posts_folder

__all__ = ["Plan", "on_builder_inited", "on_env_get_outdated"]

logger = logging.getLogger(__name__)


@dataclass
class Plan:
    """What kb knows before reading: the prescan, the site it makes, the pages it generates."""

    scan: Scan
    settings: str  # kb's settings and the definitions the pages were generated with
    site: Site
    pages: dict[str, Page]  # the pages kb generates (files it could write)
    all_pages: dict[str, Page]  # every page planned, with those a user's file stands in for
    reader: PostReader  # how posts are read (kb's rules; Jekyll's with kb_jekyll_config)
    old_urls: OldUrlIndex  # every post's old URL
    static_root: Path | None = None  # the old site's files (kb_static_root)
    static_in_source: str | None = None  # that folder from the source folder, when inside it


def _generation_settings(app: Sphinx, definitions: tuple[Definition, ...]) -> str:
    """What the generated pages depend on besides the posts: kb's and sphinx-tags'
    configuration, and the glossary definitions."""
    config = sorted((value.name, stable_repr(value.value)) for value in app.config if value.name.startswith(("kb_", "tags_")))
    return repr((config, definitions))


def _unchanged(old: Plan | None, scanned: Scan, settings: str) -> bool:
    """The last build planned the pages from the same front matter and settings:
    nothing to plan again (a post's body edited, say)."""
    if not isinstance(old, Plan) or old.settings != settings:
        return False
    return (old.scan.posts, old.scan.tag_pages, old.scan.left_out, old.scan.refused) == (
        scanned.posts, scanned.tag_pages, scanned.left_out, scanned.refused)


def on_builder_inited(app: Sphinx) -> None:
    domain = KbDomain.of(app.env)
    options = Options.of(app.config)
    old: Plan | None = domain.plan
    reader = posts_folder.reader(app)
    scanned = scan(app, old.scan if isinstance(old, Plan) else None, reader, publishing.publisher(app, reader))
    publishing.log_left_out(scanned)
    for docname, refusal in sorted(scanned.refused.items()):
        shown = shown_name(scanned.files[docname])
        logger.warning("kb: %s is not built: %s", shown, refusal.why,
                       location=f"{shown_name(str(app.srcdir))}/{shown}:{refusal.line}", type="kb", subtype="posts")
    definitions = load_definitions(app)
    domain.build.definitions = definitions
    settings = _generation_settings(app, definitions)
    if _unchanged(old, scanned, settings):
        site, pages, state = old.site, old.all_pages, "unchanged"
    else:
        site = Site.build(scanned.entries(), definitions, options.paths, options.glossary_split)
        report_problems(app, site.problems)
        if app.config.kb_glossary_warn_undefined:
            warn_undefined(app, scanned, site)
        pages, state = plan(site, options), "planned"
    # every build: a file of the user's or a link may have appeared where kb writes
    outcome = page_files.write(app.srcdir, pages, options.paths)
    for path, problem in outcome.problems:
        logger.warning("kb: %s %s", path, problem, location=f"{Path(app.srcdir) / path}:1", type="kb", subtype="pages")
    kept = {docname: page for docname, page in pages.items() if docname not in outcome.not_written}
    root, inside = posts_folder.static_folders(app)
    domain.plan = Plan(scanned, settings, site, kept, pages, reader, posts_folder.old_urls(app, reader, scanned),
                       root, inside)
    logger.info("kb: %s, %s of listings and glossary (%s; %d written, %d removed)",
                plural(len(scanned.posts), "post"), plural(len(kept), "page"), state, outcome.written, outcome.removed)


def on_env_get_outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                        removed: set[str]) -> list[str]:
    domain = KbDomain.of(env)
    current: Plan = domain.plan
    left_out = sorted({*current.scan.left_out, *current.scan.refused})
    if left_out and not _compat.leave_out_documents(env, left_out):
        logger.warning("kb: this Sphinx gives no way to leave posts out; %d unpublished or unreadable posts are read",
                       len(left_out), type="kb", subtype="compat")
        left_out = []
    for docname in left_out:
        added.discard(docname)
        changed.discard(docname)
        if docname in env.all_docs:
            removed.add(docname)
    domain.build.removed = set(removed)
    # a generated page's source never changes: what it holds is read from the plan
    return sorted(docname for docname, page in current.pages.items()
                  if docname in env.all_docs and docname not in changed
                  and domain.page_reads.get(docname) != page.read_signature)
