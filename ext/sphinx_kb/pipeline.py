"""The build-level steps: before reading, after reading, after writing.

builder-inited    scan the posts' front matter -> write the listing pages' sources
env-get-outdated  leave unpublished posts out; note removed documents
env-before-read-docs  note whether anything will change
env-get-updated   taxonomy from the environment -> pages whose listing changed (kept as it
                  was when the documents read show in listings what they showed)
build-finished    delete the output of removed documents; summary in the log
"""

from __future__ import annotations

import os
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from .core import glossary as definitions, taxonomy
from . import generate, postpage, prescan
from .collector import ensure_stores
from .config import Paths, definitions_file
from .listings import signature

logger = logging.getLogger(__name__)


def load_definitions(app: Sphinx) -> list[definitions.Definition]:
    path = definitions_file(app.srcdir, app.config)
    if path is None:
        return []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        logger.warning("kb: cannot read the glossary definitions %s: %s", app.config.kb_glossary_file, error,
                       type="kb", subtype="glossary")
        return []
    found, problems = definitions.load_definitions(text)
    for problem in problems:
        logger.warning(problem.message, location=f"{path}:{problem.line}", type="kb", subtype="glossary")
    return found


def glossary_of(tax: taxonomy.Taxonomy, defs: list[definitions.Definition]) -> tuple[definitions.Glossary, list]:
    entries, problems = definitions.merge(tax.terms["keyword"], defs)
    return definitions.Glossary(entries), problems


class _KeepNothing(dict):
    """Stands in for Sphinx's cache of the doctrees read in this build."""

    def __setitem__(self, key, value) -> None:
        pass


def release_doctrees(env: BuildEnvironment) -> None:
    """A serial build keeps every doctree it read in memory until it writes it
    (``env._write_doc_doctree_cache``, private to Sphinx): for a knowledge base that
    is most of the build's memory, and the garbage collector walks it over and over.
    Without it, a doctree is unpickled from the file Sphinx wrote anyway (measured at
    1,000 posts: peak memory 219 -> 160 MB, 2 s faster). ``kb_release_doctrees = False``
    keeps Sphinx's behaviour; with a Sphinx that has no such cache this does nothing."""
    if type(getattr(env, "_write_doc_doctree_cache", None)) is dict:
        env._write_doc_doctree_cache = _KeepNothing()


def _generation_settings(app: Sphinx, defs: list[definitions.Definition]) -> str:
    """What the generated pages depend on besides the posts: kb's and sphinx-tags'
    configuration, and the glossary definitions."""
    config = sorted((value.name, repr(value.value)) for value in app.config if value.name.startswith(("kb_", "tags_")))
    return repr((config, defs))


def _sources_unchanged(app: Sphinx, old: prescan.Scan | None, scan: prescan.Scan) -> bool:
    """The last build generated the pages from the same front matter and settings,
    and they are all still there: nothing to generate (a post's body edited, say)."""
    if not isinstance(old, prescan.Scan) or not old.generated or old.settings != scan.settings:
        return False
    if old.posts != scan.posts or old.tag_pages != scan.tag_pages or old.unpublished != scan.unpublished:
        return False
    srcdir = Path(app.srcdir)
    return all((srcdir / f"{docname}.md").is_file() for docname in old.generated)


def on_builder_inited(app: Sphinx) -> None:
    env = app.env
    ensure_stores(env)
    if app.config.kb_release_doctrees:
        release_doctrees(env)
    paths = Paths.of(app.config)
    old_scan = getattr(env, "kb_scan", None)
    scan = prescan.scan(app)
    env.kb_scan = scan
    env.kb_definitions = load_definitions(app)
    scan.settings = _generation_settings(app, env.kb_definitions)
    if _sources_unchanged(app, old_scan, scan):
        scan.generated = old_scan.generated
        logger.info("kb: %d posts, %d pages of listings and glossary (unchanged)", len(scan.posts), len(scan.generated))
        return
    tax = taxonomy.build(scan.entries())
    glossary, problems = glossary_of(tax, env.kb_definitions)
    for problem in problems:
        logger.warning(problem.message, location=f"{definitions_file(app.srcdir, app.config)}:{problem.line}",
                       type="kb", subtype="glossary")
    if app.config.kb_glossary_warn_undefined:
        warn_undefined(app, scan, tax, glossary)
    pages = generate.sources(tax, glossary, app.config, paths)
    written, removed = generate.write(app.srcdir, pages, paths)
    scan.generated = tuple(pages)
    logger.info("kb: %d posts, %d pages of listings and glossary (%d written, %d removed)",
                len(scan.posts), len(pages), written, removed)


def warn_undefined(app: Sphinx, scan: prescan.Scan, tax: taxonomy.Taxonomy, glossary: definitions.Glossary) -> None:
    """One warning per keyword without a definition, at a post that uses it."""
    for entry in glossary.entries:
        if entry.definition:
            continue
        docnames = generate.keyword_docnames(tax, entry)
        if not docnames:
            continue
        docname = docnames[-1]  # the oldest post that uses it
        line = scan.posts[docname].key_lines.get("keywords", 1)
        logger.warning("kb: keyword %r has no definition in %s", entry.name, app.config.kb_glossary_file or "the glossary",
                       location=(docname, line), type="kb", subtype="undefined")


def on_env_get_outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    for docname in sorted(env.kb_scan.unpublished):
        if docname in env.found_docs:
            logger.info("kb: %s is not published (published: false); not built", docname)
        env.project.docnames.discard(docname)
        added.discard(docname)
        changed.discard(docname)
        if docname in env.all_docs:
            removed.add(docname)
    env.kb_removed = set(removed)
    return []


#: what kb derives from the whole site after reading (kept for rebuilds that change none of it)
DERIVED = ("kb_taxonomy", "kb_glossary", "kb_glossary_index", "kb_glossary_by_key", "kb_keyword_posts",
           "kb_term_pages", "kb_glossary_definitions")


def on_env_before_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    # nothing read and nothing removed: every listing shows what it showed
    env.kb_dirty = bool(docnames) or bool(env.kb_removed) or not hasattr(env, "kb_taxonomy")
    env.kb_listings_changed = env.kb_dirty
    if docnames:
        # set aside (not carried through every parallel chunk): recomputed after reading, or
        # put back if what the re-read documents show in listings did not change
        app._kb_before_reading = {  # type: ignore[attr-defined]
            "entries": {docname: env.kb_entries.get(docname) for docname in docnames},
            "derived": {name: env.__dict__.pop(name) for name in DERIVED if name in env.__dict__},
        }


def _nothing_listed_changed(app: Sphinx, env: BuildEnvironment) -> bool:
    """True when the documents read in this build show in listings, backlinks and
    chips exactly what they showed (a post's body edited, say), nothing was removed
    and the glossary definitions are the same: every derived page stays as it is."""
    before = app.__dict__.pop("_kb_before_reading", None)
    if before is None or env.kb_removed or set(before["derived"]) != set(DERIVED):
        return False
    if before["derived"]["kb_glossary_definitions"] != env.kb_definitions:
        return False
    if any(env.kb_entries.get(docname) != entry for docname, entry in before["entries"].items()):
        return False
    env.__dict__.update(before["derived"])
    signatures = env.kb_signatures
    for docname in before["entries"]:  # their own signatures, for the next build's comparison
        if docname in env.kb_listings or docname in env.kb_records:
            signatures[docname] = signature(env, docname)
        else:
            signatures.pop(docname, None)
    return True


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    ensure_stores(env)
    if not env.kb_dirty:
        return []
    if _nothing_listed_changed(app, env):
        env.kb_listings_changed = False
        logger.info("kb: the documents read change no listing, backlink or chip")
        return []
    env.kb_taxonomy = taxonomy.build(env.kb_entries.values())
    glossary, _ = glossary_of(env.kb_taxonomy, env.kb_definitions)
    env.kb_glossary = glossary
    env.kb_glossary_definitions = env.kb_definitions
    env.kb_glossary_index = {entry.slug: entry for entry in glossary.entries}
    env.kb_glossary_by_key = {key: entry for entry in glossary.entries for key in entry.keys}
    # each entry's posts, newest first: shown by backlinks, keyword lists and their signatures
    env.kb_keyword_posts = {entry.slug: generate.keyword_docnames(env.kb_taxonomy, entry) for entry in glossary.entries}
    env.kb_term_pages = postpage.term_pages(env)
    old: dict[str, str] = getattr(env, "kb_signatures", {})
    new = {docname: signature(env, docname) for docname in {*env.kb_listings, *env.kb_records}}
    env.kb_signatures = new
    return sorted(d for d, sig in new.items() if old.get(d) != sig and d in env.all_docs)


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not hasattr(app.builder, "get_outfilename"):
        return
    env = app.env
    outdir = Path(app.outdir)
    for docname in sorted(getattr(env, "kb_removed", ())):
        if docname in env.all_docs:
            continue
        targets = [Path(app.builder.get_outfilename(docname))]
        source_suffix = Path(env.kb_scan.files.get(docname, docname + ".md")).suffix or ".md"
        targets.append(outdir / "_sources" / f"{docname}{source_suffix}{app.config.html_sourcelink_suffix}")
        for target in targets:
            if target.is_file():
                target.unlink()
                _prune(target.parent, outdir)
    glossary = getattr(env, "kb_glossary", None)
    if glossary is not None:
        undefined = sum(1 for e in glossary.entries if not e.definition)
        logger.info("kb: glossary of %d entries, %d without a definition", len(glossary.entries), undefined)


def _prune(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_dir():
        try:
            os.rmdir(folder)
        except OSError:
            return
        folder = folder.parent
