"""Link previews and structured data: OpenGraph, Twitter cards, schema.org JSON-LD.

sphinxext-opengraph writes the ``og:`` tags of every page with a doctree at
``html-page-context`` (priority 500). Its description is the page's first text and
its title the page's, unescaped once; on a post kb gives it the post's own through
the page's metadata before it runs (``og:title``, ``og:description`` from kb's
description, ``og:type`` article, ``og:image`` from ``image:`` made absolute,
``og:image:alt``; the picture is ``cards.card``'s), escaped here: it puts them in attributes as given. The metadata
is a copy: ``context["meta"]`` is the environment's own, and the extension pops from it.

kb adds what the extension does not: ``twitter:card`` (X reads ``og:`` for the rest),
``article:published_time``, ``article:modified_time`` and ``article:tag`` on posts,
and a post's ``BlogPosting`` (``core.jsonld``) with the properties the
``kb-post-jsonld`` event's listeners return merged in (a post's citations, say).

``ImageCheck`` checks a post's ``image:`` and ``last_modified_at`` when it is read:
what is wrong is a warning at the key's line, a missing image's file too.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from urllib.parse import urlsplit

from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from ..core import jsonld
from ..core.frontmatter import Post
from ..core.names import name_key
from ..core.options import Options
from ..core.postmeta import PostImage, image_of, updated_moment
from . import cards
from ..core.publishing import post_moment
from ..state.domain import KbDomain
from .addresses import absolute, base_url, for_the_web, page_url
from .descriptions import author_person

__all__ = ["ImageCheck", "on_html_page_context", "on_html_page_context_late"]

logger = logging.getLogger(__name__)

PRIORITY = 450  # before sphinxext-opengraph (500)
LATE = 550  # after it


def zone(domain: KbDomain) -> dt.tzinfo:
    """The site's zone for dates without an offset (a Jekyll site's ``timezone``, else UTC)."""
    plan = domain.plan
    return plan.reader.jekyll.zone if plan is not None else dt.timezone.utc


class ImageCheck(SphinxTransform):
    """A post's ``image:`` and ``last_modified_at``, checked when it is read; a
    front-matter image whose file is missing too (one given by a Jekyll site's
    front-matter defaults is said once, at its line of ``_config.yml``: ``cards``)."""

    default_priority = 710

    def apply(self, **kwargs) -> None:
        post: Post | None = self.env.temp_data.get("kb_post")
        if post is None:
            return
        image, problems = image_of(post)
        _, more = updated_moment(post)
        docname = self.env.docname
        for problem in [*problems, *more]:
            logger.warning("kb: %s", problem.message, location=(docname, problem.line), type="kb", subtype="frontmatter")
        missing = cards.own_image_missing(self.env, post) if image is not None else None
        if missing:
            logger.warning("kb: image %s is not a file of the source folder nor of kb_static_root; link previews do "
                           "not show it", missing, location=(docname, post.key_lines["image"]), type="kb",
                           subtype="image")


def image_url(app: Sphinx, base: str | None, pagename: str, image: PostImage | None) -> str | None:
    if image is None:
        return None
    if image.url:
        return image.url
    if base is not None:
        return absolute(base, image.path)
    return relative_uri(app.builder.get_target_uri(pagename), image.path)


def _tag(attribute: str, name: str, content: str) -> str:
    return f'<meta {attribute}="{html.escape(name)}" content="{html.escape(content)}" />\n'


def _unique(names) -> list[str]:
    """One of each name (kb's ``name_key`` identity), in order."""
    seen: set[str] = set()
    return [name for name in names if not (name_key(name) in seen or seen.add(name_key(name)))]


def _address(app: Sphinx, base: str | None, pagename: str, target: str) -> str:
    """``target``'s address: absolute with the site's address, else relative to ``pagename``."""
    if base:
        return page_url(app, base, target)
    return relative_uri(app.builder.get_target_uri(pagename), app.builder.get_target_uri(target))


def blog_posting(app: Sphinx, domain: KbDomain, pagename: str, title: str, base: str | None) -> dict:
    """A post's JSON-LD; without the site's address no ``url`` (it must be the page's
    absolute address), and the authors' pages relative to the post's."""
    record = domain.records[pagename]
    post = record.post
    url = page_url(app, base, pagename) if base else None
    people = []
    for author in post.authors:
        name, link = author_person(domain, author)
        if link is None and domain.site is not None:
            term = domain.site.term("author", name=author.name)
            if term is not None:
                target = Options.of(app.config).paths.listing("author", term.slug)
                link = _address(app, base, pagename, target)
        people.append(jsonld.Person(name, link))
    image, _ = cards.card(app.env, post)
    picture = image_url(app, base, pagename, image)
    logo = image_url(app, base, pagename, cards.logo(app.env))
    data = jsonld.blog_posting(
        url=url, headline=title, date_published=post_moment(post, zone(domain)),
        date_modified=updated_moment(post, zone(domain))[0], authors=people, description=record.description,
        keywords=_unique([*post.keywords, *post.tags]), sections=post.categories,
        images=[picture] if picture else [], language=app.config.language or None,
        publisher=jsonld.Publisher(app.config.project, base, logo) if base and app.config.project else None,
    )
    for extra in app.emit("kb-post-jsonld", domain, pagename, Options.of(app.config)):
        if isinstance(extra, dict):
            data.update(extra)
    return data


#: sphinxext-opengraph's og:url tag, as it writes it (``make_tag``)
_OG_URL = re.compile(r'<meta property="og:url" content="(?![a-zA-Z][a-zA-Z0-9+.-]*:)[^"<>]*" />\n?')


def on_html_page_context_late(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """After sphinxext-opengraph: a relative ``og:url`` (the page's path, written without
    the site's address; OpenGraph wants an absolute one) is left out."""
    if doctree is None or not for_the_web(app):
        return
    context["metatags"] = _OG_URL.sub("", context.get("metatags", ""))


def on_html_page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if doctree is None or not for_the_web(app):
        return
    domain = KbDomain.of(app.env)
    record = domain.records.get(pagename)
    if record is None:
        context["metatags"] = context.get("metatags", "") + _tag("name", "twitter:card", "summary")
        return
    base = base_url(app.config)
    post = record.post
    entry = domain.site.taxonomy.entries.get(pagename) if domain.site is not None else None
    title = entry.title if entry is not None else post.title
    image, large = cards.card(app.env, post)
    picture = image_url(app, base, pagename, image)
    shown = picture if picture and urlsplit(picture).scheme else None  # og:image is an absolute address
    meta = dict(context.get("meta") or {})
    meta.update({"og:title": html.escape(title), "og:type": "article"})
    if record.description:
        meta["og:description"] = html.escape(record.description)
        # the extension's own description, from the page's text, would be replaced by
        # kb's: with no length, it stops walking the doctree at the first text
        # (0.3 s of a 1,000-post build)
        meta["ogp_description_length"] = 0
    if shown:
        meta["og:image"] = html.escape(shown)
        meta["og:image:alt"] = html.escape(image.alt or title)
    context["meta"] = meta
    tags = [_tag("name", "twitter:card", "summary_large_image" if shown and large else "summary")]
    published = post_moment(post, zone(domain))
    if published is not None:
        tags.append(_tag("property", "article:published_time", published.isoformat()))
    updated, _ = updated_moment(post, zone(domain))
    if updated is not None:
        tags.append(_tag("property", "article:modified_time", updated.isoformat()))
    tags += [_tag("property", "article:tag", name) for name in _unique([*post.tags, *post.keywords])]
    data = blog_posting(app, domain, pagename, title, base)
    tags.append(f'<script type="application/ld+json">{jsonld.script_json(data)}</script>\n')
    context["metatags"] = context.get("metatags", "") + "".join(tags)
