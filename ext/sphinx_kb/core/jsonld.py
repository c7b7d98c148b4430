"""schema.org ``BlogPosting`` structured data for a post, and its safe serialisation.

Pure Python, no Sphinx. ``blog_posting(...)`` gives the JSON-LD object as a dict
(what Google's Article documentation recommends: ``headline``, ``image``,
``datePublished``, ``dateModified``, ``author`` as ``Person`` with ``name`` and
``url``; plus ``description``, ``keywords``, ``articleSection``, ``url``,
``mainEntityOfPage`` and an optional ``publisher``), leaving out what is unknown
rather than writing empty values.

``script_json(data)`` is the text to put between ``<script type="application/ld+json">``
and ``</script>``. A script element's content is not HTML-escaped by browsers, so
``</script>`` inside a title would end the element and let the rest be read as
markup. JSON allows any character to be written ``\\uXXXX`` inside a string, and
``<``, ``>`` and ``&`` can only occur inside strings, so writing those three that
way keeps the same data and leaves no tag, comment or entity in the element.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urljoin

CONTEXT = "https://schema.org"
#: Google shows at most 110 characters of a headline; longer ones are cut at a word.
HEADLINE_LENGTH = 110

_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                              "\u2028": "\\u2028", "\u2029": "\\u2029"})


@dataclass(frozen=True)
class Person:
    name: str
    url: str | None = None


@dataclass(frozen=True)
class Publisher:
    """The site as an ``Organization`` (Google wants a name, optionally a logo)."""

    name: str
    url: str | None = None
    logo: str | None = None


def blog_posting(
    *,
    url: str | None,
    headline: str,
    date_published: dt.date | None = None,
    date_modified: dt.date | None = None,
    authors: Sequence[Person] = (),
    description: str = "",
    keywords: Sequence[str] = (),
    sections: Sequence[str] = (),
    images: Sequence[str] = (),
    language: str | None = None,
    publisher: Publisher | None = None,
) -> dict:
    """The ``BlogPosting`` of one post. ``url`` is the post's absolute address;
    relative image, author and publisher addresses are made absolute against it. Without
    one (a site with no address) there is no ``url`` nor ``mainEntityOfPage``, and the
    other addresses stay as given: relative to the page, as JSON-LD resolves them.
    Dates may be dates or (preferably aware) date-times."""
    data: dict = {
        "@context": CONTEXT,
        "@type": "BlogPosting",
        "headline": _headline(headline),
    }
    if url:
        data.update({"url": url, "mainEntityOfPage": {"@type": "WebPage", "@id": url}})
    if headline != data["headline"]:
        data["name"] = headline  # the whole title, when the headline had to be cut
    if date_published is not None:
        data["datePublished"] = date_published.isoformat()
        data["dateModified"] = (date_modified or date_published).isoformat()
    elif date_modified is not None:
        data["dateModified"] = date_modified.isoformat()
    if authors:
        data["author"] = [_person(person, url or "") for person in authors]
    if description:
        data["description"] = description
    if keywords:
        data["keywords"] = list(keywords)
    if sections:
        data["articleSection"] = list(sections) if len(sections) > 1 else sections[0]
    if images:
        data["image"] = [urljoin(url or "", image) for image in images]
    if language:
        data["inLanguage"] = language
    if publisher is not None:
        organisation: dict = {"@type": "Organization", "name": publisher.name}
        if publisher.url:
            organisation["url"] = urljoin(url or "", publisher.url)
        if publisher.logo:
            organisation["logo"] = {"@type": "ImageObject", "url": urljoin(url or "", publisher.logo)}
        data["publisher"] = organisation
    return data


def script_json(data: dict) -> str:
    """``data`` as JSON that is safe inside a ``<script>`` element (see the module)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)


def _person(person: Person, base: str) -> dict:
    data = {"@type": "Person", "name": person.name}
    if person.url:
        data["url"] = urljoin(base, person.url)
    return data


def _headline(title: str) -> str:
    if len(title) <= HEADLINE_LENGTH:
        return title
    cut = title[: HEADLINE_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:.-–— ")
    return (cut or title[: HEADLINE_LENGTH - 1]) + "…"
