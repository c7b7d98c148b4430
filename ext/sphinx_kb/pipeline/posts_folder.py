"""How the posts are read, and what the old site's addresses lead to, for one build.

``reader`` gives the prescan and the build the one ``PostReader`` (kb's rules, and
Jekyll's with ``kb_jekyll_config``); ``old_urls`` indexes every post's old URL
(``core.jekyll.urls``) for the links written the Jekyll way (``jekyll.links``) and the
redirects (``jekyll.redirects``).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from ..core import aliases
from ..core.jekyll.urls import IndexedPost, OldUrlIndex
from ..core.postreader import PostReader, posts_root
from ..jekyll.config import load_site, static_root
from ..posts.scan import Scan

__all__ = ["old_urls", "reader", "static_folders"]

logger = logging.getLogger(__name__)


def reader(app: Sphinx) -> PostReader:
    names, problems = aliases.parse(app.config.kb_aliases)
    for problem in problems:
        logger.warning("kb: %s", problem, type="kb", subtype="aliases")
    return PostReader(load_site(app), posts_root(app.config.kb_posts), names=names)


def old_urls(app: Sphinx, post_reader: PostReader, scanned: Scan) -> OldUrlIndex:
    """Every post's old URL; two posts claiming one is a warning at the second."""
    site = post_reader.jekyll
    if app.config.kb_jekyll_site_url and site.url != app.config.kb_jekyll_site_url.rstrip("/"):
        site = replace(site, url=app.config.kb_jekyll_site_url.rstrip("/"))
    posts = [IndexedPost(docname, source.jekyll_path, source.old_url, source.date, source.slug)
             for docname, (_, source) in scanned.sources.items()
             if source.old_url and docname in scanned.posts]
    index, duplicates = OldUrlIndex.build(site, posts)
    for duplicate in duplicates:
        for docname in duplicate.docnames[1:]:
            logger.warning("kb: %s has the old URL %s, as %s does; the old URL leads to %s", docname, duplicate.url,
                           duplicate.docnames[0], duplicate.docnames[0], location=docname, type="kb", subtype="jekyll")
    return index


def static_folders(app: Sphinx) -> tuple[Path | None, str | None]:
    """The folder of the old site's files, and its path from the source folder when it is
    inside it (Sphinx copies images only from there)."""
    root = static_root(app)
    if root is None:
        return None, None
    srcdir = Path(app.srcdir).resolve()
    try:
        inside = root.resolve().relative_to(srcdir).as_posix()
    except ValueError:
        logger.warning("kb: kb_static_root %s is outside the source folder: images there cannot be shown",
                       root, type="kb", subtype="jekyll")
        inside = None
    if not root.is_dir():
        logger.warning("kb: the old site's files folder %s does not exist (kb_static_root)", root,
                       type="kb", subtype="jekyll")
        return None, None
    return root, (inside if inside not in (".", "") else "") if inside is not None else None
