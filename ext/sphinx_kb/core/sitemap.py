"""``sitemap.xml`` from the whole site's page list. Pure Python, no Sphinx.

Why kb writes it rather than sphinx-sitemap: sphinx-sitemap (2.9) collects the
pages as they are written (``html-page-context``), so an incremental build, which
writes only the pages that changed, leaves a sitemap of those pages alone (tried
here: a build with nothing to do gave a sitemap of 3 pages instead of 44; its
issue #13, open since 2018). kb knows every page of the site at the end of each
build (the environment's documents and its own extra pages), and which ones are
left out (``sitemap: false``, posts not published, search and index pages).

The format is https://www.sitemaps.org/protocol.html: a ``urlset`` of ``url``
elements with a ``loc`` and an optional ``lastmod`` (W3C date-time).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, urljoin
from xml.etree import ElementTree

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
#: Pages of every Sphinx site that no search engine should list.
NEVER_LISTED = frozenset({"search.html", "genindex.html", "404.html", "py-modindex.html"})
#: The protocol's limit for one file.
MAX_URLS = 50_000


@dataclass(frozen=True)
class SitemapPage:
    path: str  # the page's address relative to the site's base, e.g. "posts/a.html"
    lastmod: dt.date | None = None


def sitemap_xml(base: str, pages: Iterable[SitemapPage], excluded: Iterable[str] = ()) -> bytes:
    """The sitemap of ``pages`` (sorted by address, one entry each) under ``base``
    (an absolute site base ending in ``/``), without ``excluded`` paths and the
    pages in ``NEVER_LISTED``. Paths are percent-encoded (``機械学習.html``)."""
    left_out = set(excluded) | NEVER_LISTED
    unique = {page.path: page for page in pages if page.path not in left_out}
    root = ElementTree.Element("urlset", xmlns=NAMESPACE)
    for path in sorted(unique)[:MAX_URLS]:
        url = ElementTree.SubElement(root, "url")
        ElementTree.SubElement(url, "loc").text = urljoin(base, quote(path, safe="/#%"))
        if unique[path].lastmod is not None:
            ElementTree.SubElement(url, "lastmod").text = unique[path].lastmod.isoformat()
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
