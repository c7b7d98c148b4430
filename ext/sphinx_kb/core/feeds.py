"""The site's feeds: Atom (made by feedgen) and JSON Feed 1.1. Pure Python, no Sphinx.

The glue describes the feed (``FeedInfo``: the site's, or a tag's) and each post (``FeedEntry``) as plain data;
``atom(info, entries, options)`` returns the Atom document's bytes and
``json_feed(...)`` the JSON Feed's. Both hold the newest ``options.length`` dated
entries, newest first, with the entry's summary and, when ``options.full_content``,
its full HTML. The same functions make the site's feed and each tag's or
category's (jekyll-feed's per-tag feeds): the glue passes that term's posts and
its own feed address.

Escaping is the libraries' job: lxml (under feedgen) escapes every text and
attribute, ``json`` every string; kb only removes the characters XML 1.0 cannot
hold at all (lxml refuses them), so a title with ``<script>`` stays text in both.

Feed readers need absolute addresses. ``site_base_url`` decides the site's base
from ``html_baseurl`` or Read the Docs' ``READTHEDOCS_CANONICAL_URL`` (given by the
glue, never read from the environment here) and returns None when there is
neither: the glue then logs one message and makes no feed. Every address in a
feed is joined to the site's base, so a relative one cannot slip through.

JSON Feed 1.1: https://jsonfeed.org/version/1.1 (``version``, ``title`` and ``items``
are required; each item needs an ``id`` and one of ``content_html``/``content_text``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from .names import name_key

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
DEFAULT_LENGTH = 20
GENERATOR = "sphinx-kb"
#: Atom needs an ``updated`` date; a feed with no entry and none given gets this one,
#: so the same input always gives the same bytes.
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)

# characters XML 1.0 cannot hold (lxml raises on them): C0 controls but tab, LF and
# CR, surrogates, and U+FFFE/U+FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_HTTP = re.compile(r"^https?://[^\s/?#<>\"']+", re.IGNORECASE)


@dataclass(frozen=True)
class Person:
    name: str
    url: str | None = None  # absolute or relative to the site


@dataclass(frozen=True)
class FeedInfo:
    """What a feed says of itself (``core.site.Site`` is the whole site's model, not this)."""

    title: str
    home_page_url: str  # absolute: the site's base (or the tag page of a tag's feed)
    feed_url: str  # absolute address of this feed file
    language: str | None = None  # "en", "pt-BR"…
    updated: dt.datetime | None = None  # None: the newest entry's date
    description: str = ""
    authors: tuple[Person, ...] = ()  # the site's, for entries that name none


@dataclass(frozen=True)
class FeedEntry:
    """One post as a feed shows it. Dates are aware; text is plain."""

    url: str  # absolute, or relative to the site's base (the entry's id too)
    title: str
    published: dt.datetime | None  # None: the entry is left out of feeds (a feed is a timeline)
    updated: dt.datetime | None = None  # None: published
    authors: tuple[Person, ...] = ()
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    summary: str = ""  # plain text
    content_html: str | None = None  # the post's HTML, absolute links, for full-content feeds
    image: str | None = None
    id: str | None = None  # None: the url (a moved Jekyll blog's: jekyll-feed's, ``readers.jekyll_feeds``)

    @property
    def modified(self) -> dt.datetime | None:
        return self.updated or self.published


@dataclass(frozen=True)
class FeedOptions:
    length: int = DEFAULT_LENGTH  # kb_feed_length; 0 or less: every entry
    full_content: bool = False  # kb_feed_content: the full post rather than its summary


def absolute_base(url: str | None) -> str | None:
    """``url`` as a site base (ending in ``/``) when it is an absolute http(s) address."""
    url = (url or "").strip()
    if not _HTTP.match(url):
        return None
    parts = urlsplit(url)
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme}://{parts.netloc}{path}"


def site_base_url(html_baseurl: str | None, readthedocs_canonical_url: str | None = None) -> str | None:
    """The base every feed address is joined to: ``html_baseurl`` when it is an
    absolute http(s) address, else Read the Docs' canonical URL, else None."""
    return absolute_base(html_baseurl) or absolute_base(readthedocs_canonical_url)


def select(entries: Iterable[FeedEntry], length: int = DEFAULT_LENGTH) -> list[FeedEntry]:
    """The dated entries, newest first (ties: by address), at most ``length`` of them."""
    dated = sorted((e for e in entries if e.published is not None), key=lambda e: e.url)
    # aware date-times compare across offsets; no UTC form is made (9999-12-31 -12:00 has none)
    dated.sort(key=lambda e: e.published, reverse=True)  # type: ignore[arg-type, return-value]
    return dated if length <= 0 else dated[:length]


def feed_updated(site: FeedInfo, entries: Sequence[FeedEntry]) -> dt.datetime:
    if site.updated is not None:
        return site.updated
    moments = [e.modified for e in entries if e.modified is not None]
    return max(moments) if moments else EPOCH


def atom(site: FeedInfo, entries: Iterable[FeedEntry], options: FeedOptions = FeedOptions()) -> bytes:
    """The Atom 1.0 document (UTF-8 bytes) of the newest entries.

    feedgen is imported here: with lxml and dateutil it takes 11 ms, which a build
    that makes no feed (nothing changed, or no base address) does without."""
    from feedgen.feed import FeedGenerator

    chosen = select(entries, options.length)
    base = site.home_page_url
    feed = FeedGenerator()
    feed.id(_text(site.feed_url))
    feed.title(_text(site.title) or site.feed_url)
    feed.link(href=_text(base), rel="alternate", type="text/html")
    feed.link(href=_text(site.feed_url), rel="self", type="application/atom+xml")
    feed.updated(feed_updated(site, chosen))
    feed.generator(GENERATOR)
    if site.language:
        feed.language(_text(site.language))
    if site.description:
        feed.subtitle(_text(site.description))
    # RFC 4287 4.1.1: a feed names an author unless every entry does; the site's
    # authors, else its title (as jekyll-feed falls back on the site)
    feed_authors = site.authors
    if not feed_authors and any(not entry.authors for entry in chosen):
        feed_authors = (Person(site.title or base),)
    for person in feed_authors:
        feed.author(_atom_person(person, base))
    for entry in chosen:
        item = feed.add_entry(order="append")
        url = _absolute(base, entry.url)
        item.id(_absolute(base, entry.id) if entry.id else url)
        item.title(_text(entry.title) or url)
        item.link(href=url, rel="alternate", type="text/html")
        item.published(entry.published)
        item.updated(entry.modified)
        for person in entry.authors:
            item.author(_atom_person(person, base))
        for name in _names(entry):
            item.category(term=_text(name), label=_text(name))
        if entry.summary:
            item.summary(_text(entry.summary))
        if options.full_content and entry.content_html:
            item.content(_text(entry.content_html), type="html")
    return feed.atom_str(pretty=True)


def json_feed_data(site: FeedInfo, entries: Iterable[FeedEntry], options: FeedOptions = FeedOptions()) -> dict:
    """The JSON Feed 1.1 document as a dict (``json_feed`` serialises it)."""
    chosen = select(entries, options.length)
    base = site.home_page_url
    data: dict = {
        "version": JSON_FEED_VERSION,
        "title": site.title or site.feed_url,
        "home_page_url": base,
        "feed_url": site.feed_url,
    }
    if site.description:
        data["description"] = site.description
    if site.language:
        data["language"] = site.language
    if site.authors:
        data["authors"] = [_json_person(p, base) for p in site.authors]
    data["items"] = [_json_item(entry, base, options) for entry in chosen]
    return data


def json_feed(site: FeedInfo, entries: Iterable[FeedEntry], options: FeedOptions = FeedOptions()) -> bytes:
    """The JSON Feed 1.1 document (UTF-8 bytes); keys in a fixed order, so the same
    input gives the same bytes."""
    text = json.dumps(json_feed_data(site, entries, options), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def _json_item(entry: FeedEntry, base: str, options: FeedOptions) -> dict:
    url = _absolute(base, entry.url)
    item: dict = {"id": _absolute(base, entry.id) if entry.id else url, "url": url, "title": entry.title}
    if options.full_content and entry.content_html:
        item["content_html"] = entry.content_html
    else:
        item["content_text"] = entry.summary
    if entry.summary:
        item["summary"] = entry.summary
    if entry.image:
        item["image"] = _absolute(base, entry.image)
    item["date_published"] = entry.published.isoformat()  # type: ignore[union-attr]
    item["date_modified"] = entry.modified.isoformat()  # type: ignore[union-attr]
    if entry.authors:
        item["authors"] = [_json_person(p, base) for p in entry.authors]
    names = _names(entry)
    if names:
        item["tags"] = names
    return item


def _names(entry: FeedEntry) -> list[str]:
    """Categories then tags, one of each name (kb's ``name_key`` identity)."""
    seen: set[str] = set()
    result = []
    for name in (*entry.categories, *entry.tags):
        key = name_key(name)
        if key and key not in seen:
            seen.add(key)
            result.append(name)
    return result


def _atom_person(person: Person, base: str) -> dict:
    data = {"name": _text(person.name)}
    if person.url:
        data["uri"] = _absolute(base, person.url)
    return data


def _json_person(person: Person, base: str) -> dict:
    data = {"name": person.name}
    if person.url:
        data["url"] = _absolute(base, person.url)
    return data


def _absolute(base: str, url: str) -> str:
    return _text(urljoin(base, url))


def _text(value: str) -> str:
    return _NOT_XML.sub("", value)


__all__ = [
    "FeedEntry", "FeedInfo", "FeedOptions", "Person", "absolute_base", "atom", "json_feed",
    "json_feed_data", "select", "site_base_url",
]
