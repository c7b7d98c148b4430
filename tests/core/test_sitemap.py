"""sitemap.xml from the site's page list."""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree

from sphinx_kb.core.sitemap import NAMESPACE, SitemapPage, sitemap_xml

BASE = "https://kb.example.org/notes/"
NS = {"s": NAMESPACE}


def locs(data: bytes) -> list[str]:
    return [e.text for e in ElementTree.fromstring(data).findall("s:url/s:loc", NS)]


def test_every_page_once_sorted_absolute_and_encoded():
    pages = [SitemapPage("posts/b.html"), SitemapPage("index.html"), SitemapPage("posts/b.html"),
             SitemapPage("_tags/機械学習.html"), SitemapPage("search.html"), SitemapPage("genindex.html")]
    assert locs(sitemap_xml(BASE, pages)) == [
        "https://kb.example.org/notes/_tags/%E6%A9%9F%E6%A2%B0%E5%AD%A6%E7%BF%92.html",
        "https://kb.example.org/notes/index.html",
        "https://kb.example.org/notes/posts/b.html",
    ]


def test_excluded_pages_and_lastmod():
    data = sitemap_xml(BASE, [SitemapPage("a.html", dt.date(2025, 1, 2)), SitemapPage("hidden.html")],
                       excluded={"hidden.html"})
    root = ElementTree.fromstring(data)
    assert [e.text for e in root.findall("s:url/s:lastmod", NS)] == ["2025-01-02"]
    assert locs(data) == ["https://kb.example.org/notes/a.html"]
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
