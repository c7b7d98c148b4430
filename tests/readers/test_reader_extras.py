"""What readers of every other blog have (issue 31, item 5), in the built HTML: a
subscribe link, "Older / Newer" on paginated listings with rel=prev/next, year pages
linking to the years around them, a copy button, $ math, robots.txt, a 404 page with
a search box, no empty copyright line, lang on redirect pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build, copy_root, html, warnings

#: a third Genomics post (the tag's listing gets a second page: kb_page_size = 2), of
#: another year, with math written for MyST and for Jekyll's MathJax, and prices
MATH_POST = """---
title: "Counting reads"
date: 2024-11-05
tags: [Genomics]
categories: research
redirect_from: /2024/counting-reads/
---

Coverage is $c = N L / G$ and, as kramdown writes it, $$e^{i\\pi} + 1 = 0$$ inline.

$$
\\sum_{i=1}^{n} x_i
$$

A sequencer cost $5 and a run $10, once.

```python
print("copy me")
```
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    srcdir = copy_root("readers", tmp_path_factory.mktemp("extras"))
    (srcdir / "posts/2024-11-05-counting.md").write_text(MATH_POST, encoding="utf-8")
    app, _ = build(srcdir, freshenv=True)
    assert warnings(app) == []
    return app


def test_the_home_page_and_a_tag_page_link_to_their_feeds(site):
    outdir = Path(site.outdir)
    home = html(site, "index").select_one("article p.kb-subscribe a")
    assert home.get_text() == "Subscribe to this site's feed" and home["href"] == "feed.xml"
    tag = html(site, "_tags/genomics").select_one("article p.kb-subscribe a")
    assert tag.get_text() == "Subscribe to the feed of this page's posts"
    assert (outdir / "_tags" / tag["href"]).resolve() == (outdir / "_kb/feeds/tags/genomics.xml").resolve()
    assert (outdir / "_kb/feeds/tags/genomics.xml").is_file()
    category = html(site, "_kb/categories/research").select_one("article p.kb-subscribe a")
    assert (outdir / "_kb/categories" / category["href"]).resolve().is_file()
    assert html(site, "posts/2025-01-10-alpha").select_one("p.kb-subscribe") is None  # a post has none


def test_a_paginated_listing_has_older_and_newer_links_with_rel(site):
    first = html(site, "_tags/genomics")
    older = first.select_one("p.kb-pager a.kb-older-page")
    assert older.get_text() == "Older →" and older["href"] == "genomics/2.html"
    assert first.select_one("p.kb-pager a.kb-newer-page") is None
    assert first.select_one('link[rel="next"]')["href"] == "genomics/2.html"
    assert first.select_one('link[rel="prev"]') is None
    second = html(site, "_tags/genomics/2")
    newer = second.select_one("p.kb-pager a.kb-newer-page")
    assert newer.get_text() == "← Newer" and newer["href"] == "../genomics.html"
    assert second.select_one('link[rel="prev"]')["href"] == "../genomics.html"
    assert second.select_one('link[rel="next"]') is None and second.select_one("a.kb-older-page") is None
    assert [a.get_text() for a in second.select(".kb-listing a")] == ["Counting reads"]


def test_a_year_page_links_to_the_years_around_it(site):
    year_2025 = html(site, "_kb/archive/2025").select_one("p.kb-years-around")
    assert [a.get_text() for a in year_2025.select("a")] == ["2024 →"]
    assert year_2025.select_one("a.kb-older-year")["href"] == "2024.html"
    year_2024 = html(site, "_kb/archive/2024").select_one("p.kb-years-around")
    assert [(a["class"][0], a.get_text(), a["href"]) for a in year_2024.select("a")] == [
        ("kb-newer-year", "← 2025", "2025.html")]


def test_code_blocks_get_a_copy_button(site):
    page = html(site, "posts/2024-11-05-counting")
    scripts = [script.get("src", "") for script in page.select("script")]
    assert any(src.startswith("_static/copybutton.js") or "/copybutton.js" in src for src in scripts), scripts
    assert (Path(site.outdir) / "_static/copybutton.js").is_file()
    assert page.select_one("div.highlight-python pre")


def test_dollar_math_and_jekylls_double_dollars(site):
    body = html(site, "posts/2024-11-05-counting").select_one("article")
    inline = [span.get_text() for span in body.select("span.math")]
    assert r"\(c = N L / G\)" in inline and r"\(e^{i\pi} + 1 = 0\)" in inline, inline
    assert any(r"\sum_{i=1}^{n} x_i" in div.get_text() for div in body.select("div.math"))
    assert "A sequencer cost $5 and a run $10, once." in body.get_text()
    assert len(inline) == 2


def test_robots_txt_points_to_the_sitemap(site):
    text = (Path(site.outdir) / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in text
    assert "Sitemap: https://kb.example.org/notes/sitemap.xml" in text.splitlines()


def test_the_404_page_has_a_search_box(site):
    form = html(site, "404").select_one("article form.kb-404-search")
    assert form["action"] == "/notes/search.html" and form.select_one('input[name="q"]')


def test_no_copyright_line_without_a_copyright(site):
    footer = html(site, "index").select_one("footer").get_text()
    assert "Copyright" not in footer and "©" not in footer


def test_a_redirect_page_has_the_sites_language(site):
    page = html(site, "2024/counting-reads/index")
    assert page.html["lang"] == "en"
    assert page.select_one("a")["href"].endswith("posts/2024-11-05-counting.html")
