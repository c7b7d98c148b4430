"""What a reader sees, in a real browser (Debian's chromium, headless)."""

from __future__ import annotations

import pytest

from conftest import build, copy_root
from support.browser import chromium, rendered, require_chromium, served


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    require_chromium()
    srcdir = copy_root("blog", tmp_path_factory.mktemp("browser"))
    # Sphinx's search, whose index holds tag pages (Pagefind's: tests/readers/test_pagefind_browser.py)
    app, _ = build(srcdir, freshenv=True, confoverrides={"kb_search": "sphinx"})
    with served(app.outdir) as url:
        yield url


def test_a_reader_sees_the_post_title_byline_and_chips(site):
    page = rendered(f"{site}/posts/2025-01-10-alpha.html")
    article = page.find("article")
    assert article.find("h1").get_text().rstrip("¶") == "Alpha post"
    assert "10 January 2025" in article.select_one(".kb-byline").get_text()
    assert [a.get_text() for a in article.select(".kb-chips-tag a")] == ["Machine Learning", "Genomics"]


def test_search_finds_a_glossary_entry_and_a_tag_page(site):
    page = rendered(f"{site}/search.html?q=genomics")
    results = [a.get("href", "") for a in page.select("#search-results a")]
    assert any("_kb/glossary/index.html" in href for href in results), results
    assert any("_tags/genomics.html" in href for href in results), results


def test_a_screenshot_of_the_glossary_is_not_blank(site, tmp_path):
    shot = tmp_path / "glossary.png"
    chromium("--window-size=1200,900", f"--screenshot={shot}", f"{site}/_kb/glossary/index.html")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000  # a rendered page, not an empty canvas
