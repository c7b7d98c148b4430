"""What a reader does, in a real browser: Debian's chromium, headless, driven by
Playwright's Python API, against the built site served on 127.0.0.1 under /notes/
(the path of the site's html_baseurl). Screenshots are written under pytest's
temporary folder; their paths are printed (pytest -s shows them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build, copy_root
from support.browser import served

pytestmark = pytest.mark.browser

#: a post whose title word is also a glossary term: Sphinx alone ranks the glossary
#: entry (an index entry) above it
PROTEOMICS = """---
title: "Proteomics at scale"
date: 2025-04-20
tags: [Genomics]
keywords: [proteomics]
author: Grace
---

Measuring every protein of a sample, with a [link to alpha](2025-01-10-alpha.md) and a long address:
<https://example.org/a/very/long/path/that/a/phone/must/wrap/or/scroll/inside/its/own/box/and/never/the/page>.
"""

#: Sphinx's own Scorer (searchtools.js), for the comparison: kb's adds only ``score``
SPHINX_SCORER = """var Scorer = {objNameMatch: 11, objPartialMatch: 6, objPrio: {0: 15, 1: 5, 2: -5},
  objPrioDefault: 0, title: 15, partialTitle: 7, term: 5, partialTerm: 2};
"""


def built(folder: Path, **overrides) -> Path:
    srcdir = copy_root("readers", folder)
    (srcdir / "posts/2025-04-20-proteomics.md").write_text(PROTEOMICS, encoding="utf-8")
    if "html_search_scorer" in overrides:
        (srcdir / "sphinx-scorer.js").write_text(SPHINX_SCORER, encoding="utf-8")
        overrides["html_search_scorer"] = str(srcdir / "sphinx-scorer.js")
    app, _ = build(srcdir, freshenv=True, confoverrides=overrides)
    return Path(app.outdir)


@pytest.fixture(scope="module")
def site(tmp_path_factory, browser):
    outdir = built(tmp_path_factory.mktemp("browser"))
    with served(outdir, prefix="/notes/", not_found="404.html") as base:
        yield base


@pytest.fixture
def page(browser):
    found = browser.new_page(viewport={"width": 1200, "height": 900})
    yield found
    found.close()


def shot(page, tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return path


def go(page, url: str):
    response = page.goto(url)
    page.wait_for_load_state("load")
    return response


def test_the_home_page_lists_the_posts(site, page, tmp_path):
    go(page, f"{site}/index.html")
    titles = page.locator(".kb-listing a").all_inner_texts()
    assert titles[:3] == ["Proteomics at scale", "Delta post", "Gamma post"]
    shot(page, tmp_path, "home")


def test_a_tag_chip_leads_to_the_tag_page_which_links_back(site, page, tmp_path):
    go(page, f"{site}/posts/2025-01-10-alpha.html")
    page.locator(".kb-chips-tag a", has_text="Machine Learning").click()
    page.wait_for_url("**/_tags/machine-learning.html")
    assert page.locator("article h1").inner_text().startswith("Tag: Machine Learning")
    assert page.locator(".kb-term-description").inner_text() == "Models that learn from data."
    shot(page, tmp_path, "tag-machine-learning")
    page.get_by_role("link", name="Alpha & <Omega>").click()
    page.wait_for_url("**/posts/2025-01-10-alpha.html")
    assert page.locator("article h1").inner_text().startswith("Alpha & <Omega>")


def test_a_keyword_chip_lands_on_its_glossary_entry(site, page):
    go(page, f"{site}/posts/2025-02-11-beta.html")
    page.locator(".kb-chips-keyword a", has_text="proteomics").click()
    page.wait_for_url("**/_kb/glossary/index.html#term-proteomics")
    entry = page.locator("#term-proteomics")
    assert entry.is_visible() and "proteomics" in entry.inner_text().lower()
    in_view = "(() => { const r = document.getElementById('term-proteomics').getBoundingClientRect();" \
              " return r.top >= 0 && r.bottom <= window.innerHeight; })()"
    assert page.evaluate(in_view)  # scrolled to


def test_previous_next_and_related_links_work(site, page, tmp_path):
    go(page, f"{site}/posts/2025-02-11-beta.html")
    shot(page, tmp_path, "beta")
    page.locator(".related-pages a.next-page").click()
    page.wait_for_url("**/posts/2025-03-12-gamma.html")
    page.locator(".related-pages a.prev-page").click()
    page.wait_for_url("**/posts/2025-02-11-beta.html")
    page.locator(".related-pages a.prev-page").click()
    page.wait_for_url("**/posts/2025-01-10-alpha.html")
    assert "Gamma post" in page.locator(".kb-related a").all_inner_texts()
    page.locator(".kb-related a", has_text="Gamma post").click()
    page.wait_for_url("**/posts/2025-03-12-gamma.html")
    page.go_back()
    page.wait_for_url("**/posts/2025-01-10-alpha.html")
    assert "It builds on the alpha post with new data." in page.locator(".kb-linked-from").inner_text()
    page.locator(".kb-linked-from a", has_text="Beta post").click()
    page.wait_for_url("**/posts/2025-02-11-beta.html")


def _results(page) -> list[str]:
    page.wait_for_selector("#search-results .search-summary")
    return page.eval_on_selector_all("#search-results ul.search li > a", "links => links.map(a => a.textContent)")


@pytest.fixture(scope="module")
def sphinx_site(tmp_path_factory, browser):
    """The site with Sphinx's search (kb_search = "sphinx"; Pagefind's: test_pagefind_browser.py)."""
    outdir = built(tmp_path_factory.mktemp("browser-sphinx"), kb_search="sphinx")
    with served(outdir, prefix="/notes/") as base:
        yield base


def test_searching_a_keyword_finds_the_post_ranked_first_for_its_title(sphinx_site, page, tmp_path):
    go(page, f"{sphinx_site}/search.html?q=proteomics")
    results = _results(page)
    assert results[0] == "Proteomics at scale", results
    assert "Beta post" in results  # its keyword
    shot(page, tmp_path, "search-proteomics")
    go(page, f"{sphinx_site}/search.html?q=machine+learning")
    assert "Gamma post" in _results(page)  # its tag


def test_without_kbs_scorer_the_glossary_entry_came_first(tmp_path, browser):
    """What the scorer is for: Sphinx's own ranks the glossary's index entry first."""
    outdir = built(tmp_path / "plain", html_search_scorer="", kb_search="sphinx")
    with served(outdir, prefix="/notes/") as base:
        page = browser.new_page()
        go(page, f"{base}/search.html?q=proteomics")
        results = _results(page)
        page.close()
    assert results[0] != "Proteomics at scale" and "Proteomics at scale" in results, results


def test_dark_mode(site, browser, tmp_path):
    light = browser.new_page(color_scheme="light")
    dark = browser.new_page(color_scheme="dark")
    colours = []
    for page in (light, dark):
        go(page, f"{site}/posts/2025-01-10-alpha.html")
        colours.append(page.evaluate("[getComputedStyle(document.body).backgroundColor,"
                                     " getComputedStyle(document.querySelector('article')).color]"))
    shot(dark, tmp_path, "alpha-dark")
    light.close()
    dark.close()

    def lightness(rgb: str) -> float:
        return sum(int(part) for part in rgb[rgb.index("(") + 1: rgb.index(")")].split(",")[:3]) / 3

    (light_background, light_text), (dark_background, dark_text) = colours
    assert lightness(light_background) > 200 and lightness(light_text) < 100
    assert lightness(dark_background) < 60 and lightness(dark_text) > 150


@pytest.mark.parametrize("docname", ["index", "posts/2025-04-20-proteomics", "posts/2025-01-10-alpha",
                                     "_tags/genomics", "_kb/authors/ada", "_kb/glossary/index"])
def test_a_phone_width_shows_no_horizontal_scrolling(site, browser, tmp_path, docname):
    phone = browser.new_page(viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True,
                             has_touch=True)
    go(phone, f"{site}/{docname}.html")
    width, visible = phone.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    shot(phone, tmp_path, "phone-" + docname.replace("/", "-"))
    phone.close()
    assert width <= visible == 375, (docname, width)


def test_the_404_page_works_at_any_depth(site, page, tmp_path):
    response = go(page, f"{site}/deep/a/b/c/missing.html")
    assert response.status == 404
    assert page.locator("h1").first.inner_text().startswith("Page not found")
    assert page.evaluate("document.styleSheets.length") >= 2  # furo's styles, from /notes/_static/
    assert page.evaluate("getComputedStyle(document.body).fontFamily") != "\"Times New Roman\""
    shot(page, tmp_path, "404-deep")
    page.locator(".sidebar-tree a", has_text="Archive").first.click()
    page.wait_for_url("**/notes/_kb/archive/index.html")
    assert page.locator("article h1").inner_text().startswith("Archive")
