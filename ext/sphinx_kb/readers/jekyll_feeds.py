"""A moved Jekyll blog's subscribers keep their feeds: when its ``_config.yml``
(``kb_jekyll_config``) has jekyll-feed among its plugins (or ``feed:`` settings), kb
writes an Atom feed at each address jekyll-feed wrote (``core.jekyll.plugins``:
``/feed.xml`` or ``feed: path``, ``/feed/<category>.xml``, ``feed: tags``' feeds), and
every entry of every kb feed takes jekyll-feed's id (``post.id | absolute_url``, on the
old site's ``url``), so a feed reader sees the posts it knows, not all of them again.

The feed at jekyll-feed's main address is kb's own site feed (``feed.xml``) when that
is where it was, not a second copy: one file, the same entries, ids and length. kb's
feeds hold ``feed: posts_limit`` entries (jekyll-feed's 10 by default) unless conf.py
sets ``kb_feed_length``. A feed's own id and ``self`` link are its address on kb's
site (jekyll-feed's ``page.url | absolute_url``): the same as before when kb serves
the site at its old address. Feeds of collections other than posts are not written
(kb moves posts only; ``_config.yml`` gets a warning, ``core.jekyll.plugins``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sphinx.application import Sphinx

from .. import _compat
from ..core.jekyll.config import JekyllSite
from ..core.jekyll.plugins import JekyllFeed, JekyllFeeds, entry_id, tag_feeds
from ..state.domain import KbDomain
from .addresses import base_url

__all__ = ["JekyllPlanned", "entry_ids", "feed_length", "planned", "settings"]


@dataclass(frozen=True)
class JekyllPlanned:
    """A feed at one of jekyll-feed's addresses: Atom only, at ``atom_file``."""

    atom_file: str
    title: str
    docnames: tuple[str, ...]


def _site(domain: KbDomain) -> JekyllSite | None:
    plan = domain.plan
    return plan.old_urls.site if plan is not None and plan.reader.site is not None else None


def settings(domain: KbDomain) -> JekyllFeeds | None:
    """jekyll-feed's settings when this is a moved Jekyll site that used it, else None."""
    site = _site(domain)
    return site.feeds if site is not None else None


def feed_length(app: Sphinx, domain: KbDomain) -> int:
    """``kb_feed_length`` when conf.py sets it, else jekyll-feed's ``posts_limit``
    for a site that used it."""
    found = settings(domain)
    if found is None or _compat.is_set_by_user(app.config, "kb_feed_length"):
        return app.config.kb_feed_length
    return found.posts_limit


def entry_ids(app: Sphinx, domain: KbDomain) -> dict[str, str]:
    """Each post's jekyll-feed entry id, by docname (none without jekyll-feed)."""
    site = _site(domain)
    if site is None or site.feeds is None:
        return {}
    url = site.url or (base_url(app.config) or "").rstrip("/")
    return {docname: entry_id(post.url, post.slug, url, site.baseurl)
            for docname, post in domain.plan.old_urls.by_docname.items() if post.url}


def _title(project: str, feed: JekyllFeed) -> str:
    """jekyll-feed's: the site's title, `` | Collection``, `` | Category`` (Ruby's ``capitalize``)."""
    parts = [project]
    if feed.collection != "posts":
        parts.append(feed.collection.capitalize())
    if feed.category or feed.tag:
        parts.append((feed.category or feed.tag or "").capitalize())
    return " | ".join(parts)


def planned(app: Sphinx, domain: KbDomain, own_files: set[str]) -> list[JekyllPlanned]:
    """The feeds at jekyll-feed's addresses but those that are kb's own files
    (``own_files``: the site's ``feed.xml``)."""
    found = settings(domain)
    if found is None:
        return []
    site = domain.site
    recent = [d for d in site.taxonomy.recent if d in domain.records]
    tags = list(dict.fromkeys(tag for d in recent for tag in domain.records[d].post.tags))
    result = []
    for feed in (*found.feeds, *tag_feeds(found.tags, tags)):
        if feed.collection != "posts" or feed.path in own_files and feed.category is None and feed.tag is None:
            continue
        if feed.path in own_files:
            continue  # one of kb's own feeds is there (a category called "tags"…): kb's stays
        docnames = tuple(d for d in recent if (feed.category is None or feed.category in domain.records[d].post.categories)
                         and (feed.tag is None or feed.tag in domain.records[d].post.tags))
        result.append(JekyllPlanned(feed.path, _title(app.config.project, feed), docnames))
    return result
