"""The picture a post's link preview (``og:image``), structured data and JSON Feed
entry show, and the warnings for a picture whose file is missing.

Which picture: the post's own ``image:`` (its front matter, or a Jekyll site's
front-matter ``defaults``) when it is an http(s) address or a file the build has
(``files.find_file``: the source folder, then ``kb_static_root``; copied into the
output at the same path); else the Jekyll site's ``image`` (``_config.yml``), else its
``logo``. jekyll-seo-tag itself shows only the page's ``image`` and names ``logo`` as
the publisher's logo in its JSON-LD (kb does that too); the site's pictures stand in
so that a post without one still gets a preview at an address that exists.

Only a post's own picture or the site's ``image`` announces a large card
(``twitter:card`` ``summary_large_image``); a logo is a small card. A picture whose
file is missing is never announced: the next one stands in, and a warning names the
line that gave it: the post's ``image:`` line when the post is read (``ImageCheck``),
``_config.yml``'s line for a default's, the site's ``image`` or ``logo`` (once per
build, when reading is done; a default's warning is not one per post).
"""

from __future__ import annotations

from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..core.frontmatter import Post
from ..core.jekyll.config import JekyllSite, picture as written_picture
from ..core.postmeta import PostImage, image_of, picture
from ..state.domain import KbDomain
from .files import find_file

__all__ = ["card", "has_file", "logo", "on_env_updated", "own_image_missing"]

logger = logging.getLogger(__name__)


def has_file(env: BuildEnvironment, path: str) -> bool:
    """Whether the build has the image ``path`` (from the site's root); asked once per build."""
    known = KbDomain.of(env).build.readers.setdefault("cards", {})
    if path not in known:
        known[path] = find_file(env, path) is not None
    return known[path]


def _usable(env: BuildEnvironment, image: PostImage | None) -> bool:
    return image is not None and (image.url is not None or (image.path is not None and has_file(env, image.path)))


def _jekyll(env: BuildEnvironment) -> JekyllSite | None:
    plan = KbDomain.of(env).plan
    return plan.reader.site if plan is not None else None


def _site_picture(env: BuildEnvironment, key: str) -> PostImage | None:
    site = _jekyll(env)
    value = getattr(site, key) if site is not None else None
    image, _ = picture(value) if value else (None, [])
    return image


def logo(env: BuildEnvironment) -> PostImage | None:
    """The Jekyll site's ``logo`` when the build has it (the publisher's logo)."""
    image = _site_picture(env, "logo")
    return image if _usable(env, image) else None


def card(env: BuildEnvironment, post: Post) -> tuple[PostImage | None, bool]:
    """The picture to show for ``post`` and whether it is a large card's."""
    own, _ = image_of(post)
    if _usable(env, own):
        return own, True
    site = _site_picture(env, "image")
    if _usable(env, site):
        return site, True
    return logo(env), False


def own_image_missing(env: BuildEnvironment, post: Post) -> str | None:
    """The path of the post's front-matter ``image:`` when its file is missing."""
    if "image" not in post.key_lines:
        return None  # from the site's defaults: said once, at _config.yml's line
    image, _ = image_of(post)
    if image is None or image.path is None or has_file(env, image.path):
        return None
    return image.path


def on_env_updated(app, env: BuildEnvironment) -> None:
    """A warning at ``_config.yml``'s line for each missing picture it names and kb
    would show: a default's ``image`` (used by some post), the site's ``image``, ``logo``."""
    site = _jekyll(env)
    if site is None:
        return
    from ..jekyll.config import config_file

    named: dict[str, str] = {}  # written value -> what uses it
    for record in KbDomain.of(env).records.values():
        value = written_picture(record.post.extra.get("image"))
        if value and "image" not in record.post.key_lines:
            named.setdefault(value, "the front-matter defaults' image of posts")
    for key in ("image", "logo"):
        value = getattr(site, key)
        if value:
            named.setdefault(value, f"the site's {key} (link previews fall back to it)")
    path = config_file(app)
    for value, what in named.items():
        image, _ = picture(value)
        if image is not None and image.path is not None and not has_file(env, image.path):
            logger.warning("kb: %s, %s, is not a file of the source folder nor of kb_static_root; link previews "
                           "do not show it", what, value, location=f"{path}:{site.image_lines.get(value, 1)}",
                           type="kb", subtype="image")
