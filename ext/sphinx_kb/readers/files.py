"""Files of the site that kb's own features point to: a post's ``image:`` (its link
preview and structured data) and an author's photo (the descriptions file).

Sphinx copies only the images a page's text shows. These are named in front matter
or a data file, by their path from the site's root (as Jekyll reads them), so kb
copies them into the output at the same path at the end of a web build (html, dirhtml), when
missing or different. They are looked for in the source folder, then in the old
site's folder (``kb_static_root``). Only image files are copied. An author's photo
that is not there is a warning at the descriptions file's line; a post's picture that
is not there is a warning too (``cards``), and is not copied nor shown.
"""

from __future__ import annotations

import filecmp
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..state.domain import KbDomain
from ..writing.output import write_output
from .addresses import for_the_web

__all__ = ["IMAGE_SUFFIXES", "find_file", "on_build_finished"]

logger = logging.getLogger(__name__)

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif"})


def find_file(env: BuildEnvironment, path: str) -> Path | None:
    """The file at ``path`` (from the site's root) in the source folder or the old
    site's folder; None when it is in neither, is no image, or leads outside them."""
    if Path(path).suffix.lower() not in IMAGE_SUFFIXES:
        return None
    plan = KbDomain.of(env).plan
    roots = [Path(env.srcdir)] + ([Path(plan.static_root)] if plan is not None and plan.static_root else [])
    for root in roots:
        candidate = root / path
        try:
            inside = candidate.resolve().is_relative_to(root.resolve())
        except OSError:
            continue
        if inside and candidate.is_file():
            return candidate
    return None


def wanted(app: Sphinx) -> dict[str, int]:
    """Files to copy: path -> how many posts show it (0: an author's photo, the site's logo)."""
    from .cards import card, logo

    domain = KbDomain.of(app.env)
    described = domain.build.descriptions
    photos = described.authors.values() if described is not None else ()
    paths = {p.photo: 0 for p in photos if p.photo and "://" not in p.photo}
    site_logo = logo(app.env)
    if site_logo is not None and site_logo.path:
        paths[site_logo.path] = 0
    for record in domain.records.values():
        image, _ = card(app.env, record.post)  # only pictures whose file is there
        if image is not None and image.path:
            paths[image.path] = paths.get(image.path, 0) + 1
    return paths


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not for_the_web(app):
        return
    outdir = Path(app.outdir)
    for path in sorted(wanted(app)):
        source = find_file(app.env, path)
        if source is None:
            continue  # an author's photo or a post's image: warned about when read
        target = outdir / path
        if not (target.is_file() and not target.is_symlink() and filecmp.cmp(source, target, shallow=False)):
            write_output(app, target, source.read_bytes(), "picture", "image")
