"""The build-level steps: before reading, after reading, after writing.

builder-inited    scan the posts' front matter -> write the listing pages' sources
env-get-outdated  leave unpublished posts out; note removed documents
env-before-read-docs  note whether anything will change
env-get-updated   taxonomy from the environment -> pages whose listing changed
build-finished    delete the output of removed documents; summary in the log
"""

from __future__ import annotations

import os
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from . import definitions, generate, postpage, prescan, taxonomy
from .collector import ensure_stores
from .config import Paths
from .listings import signature

logger = logging.getLogger(__name__)


def load_definitions(app: Sphinx) -> list[definitions.Definition]:
    name = app.config.kb_glossary_file
    if not name:
        return []
    path = Path(app.srcdir) / name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        logger.warning("kb: cannot read the glossary definitions %s: %s", name, error, type="kb", subtype="glossary")
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


def on_builder_inited(app: Sphinx) -> None:
    env = app.env
    ensure_stores(env)
    if app.config.kb_release_doctrees:
        release_doctrees(env)
    paths = Paths.of(app.config)
    scan = prescan.scan(app)
    env.kb_scan = scan
    env.kb_definitions = load_definitions(app)
    tax = taxonomy.build(scan.entries())
    glossary, problems = glossary_of(tax, env.kb_definitions)
    for problem in problems:
        logger.warning(problem.message, location=f"{Path(app.srcdir) / app.config.kb_glossary_file}:{problem.line}",
                       type="kb", subtype="glossary")
    if app.config.kb_glossary_warn_undefined:
        warn_undefined(app, scan, tax, glossary)
    pages = generate.sources(tax, glossary, app.config, paths)
    written, removed = generate.write(app.srcdir, pages, paths)
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


def on_env_before_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    # nothing read and nothing removed: every listing shows what it showed
    env.kb_dirty = bool(docnames) or bool(env.kb_removed) or not hasattr(env, "kb_taxonomy")
    if docnames:  # recomputed after reading; not carried through every parallel chunk
        for derived in ("kb_taxonomy", "kb_glossary", "kb_glossary_index", "kb_glossary_by_key",
                        "kb_keyword_posts", "kb_term_pages"):
            env.__dict__.pop(derived, None)


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    ensure_stores(env)
    if not env.kb_dirty:
        return []
    env.kb_taxonomy = taxonomy.build(env.kb_entries.values())
    glossary, _ = glossary_of(env.kb_taxonomy, env.kb_definitions)
    env.kb_glossary = glossary
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
