"""What a link written the Jekyll way becomes in kb. Pure Python.

One decision for the build (``jekyll.links``, which changes the doctree and warns)
and for ``kb check`` (``checking.oldlinks``, which needs the same citations), so the
two cannot disagree. For a link target as written (``/news/2013/05/05/x/``, an
absolute URL on the old site, ``{{ site.baseurl }}/assets/x.pdf``):

* ``post``: the old URL of a post: a link to its page (internal);
* ``file``: a file of the old site that the static folder has: copied, linked (internal);
* ``old site``: a page (or missing file) of the old site: a link to it there, at
  ``NotAPost.url``; with no site address known (``url`` None), the link's text only;
* None: not a link to the old site; the link stays as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from .urls import NotAPost, OldUrlIndex, PostTarget

__all__ = ["Fate", "fate"]


class Fate(NamedTuple):
    kind: str  # "post", "file" or "old site"
    found: PostTarget | NotAPost
    asset: str | None = None  # the file's path in the old site's folder (also for a missing one)


def fate(index: OldUrlIndex, target: str, base: str | None, has_file: Callable[[str], bool]) -> Fate | None:
    """What the link to ``target`` becomes, written in the post whose old URL is
    ``base``; ``has_file(asset)``: the static folder holds that file."""
    found = index.lookup(target, base=base)
    if found is None:
        return None
    if isinstance(found, PostTarget):
        return Fate("post", found)
    asset = index.asset_path(target)
    if asset is not None and has_file(asset):
        return Fate("file", found, asset)
    return Fate("old site", found, asset)
