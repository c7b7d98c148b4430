"""Searching as a reader does, with Pagefind: Debian's chromium driven by Playwright
against the built site served on 127.0.0.1 under /en/latest/ (as Read the Docs
serves a site). Screenshots of the results, at desktop and phone widths, are written
into the folder ``search-screenshots`` of the test's temporary folder (pytest -s
prints each path; ``pytest --basetemp=DIR`` keeps them in DIR)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build, copy_root
from sphinx_kb.readers import search_index
from support.browser import served

pytestmark = pytest.mark.browser

POSTS = {
    "2019-08-19-jekyll-4-0-0-released.md": """---
title: "Jekyll 4.0.0 Released"
date: 2019-08-19
tags: [release]
author: Ashwin
---

Jekyll 4.0.0 brings faster builds with a cache of rendered pages.
Upgrading from Jekyll 3 needs a look at the plugins a site uses.
""",
    "2014-11-05-jekyll-2-4-0-released.md": """---
title: "A Wild Jekyll 2.4.0 Appeared!"
date: 2014-11-05
tags: [release]
author: Parker
---

Jekyll 2.4.0 came with relative includes, and Jekyll 4 was far away then.
Its privacy policy was unchanged.
""",
    "2018-05-20-privacy.md": """---
title: "Privacy: no tracker, no third party"
date: 2018-05-20
tags: [privacy]
author: Grace
---

We never send a reader's address to a third party: the pages load no tracker at all.
The nightingale in the garden sings only for the curious.
""",
}


@pytest.fixture(scope="module")
def outdir(tmp_path_factory) -> Path:
    srcdir = copy_root("readers", tmp_path_factory.mktemp("pagefind"))
    for name, text in POSTS.items():
        (srcdir / "posts" / name).write_text(text, encoding="utf-8")
    app, _ = build(srcdir, freshenv=True)
    assert (Path(app.outdir) / "pagefind/pagefind-ui.js").is_file()
    return Path(app.outdir)


@pytest.fixture(scope="module")
def site(outdir):
    with served(outdir, prefix="/en/latest/") as base:
        yield base


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("search-screenshots", numbered=False)


def search(browser, url: str, query: str, width: int = 1200, fetched: list | None = None):
    """The results' titles and snippets for ``query`` typed into the sidebar's search
    box of ``url`` (the form leads to the search page)."""
    phone = width < 600
    page = browser.new_page(viewport={"width": width, "height": 900}, is_mobile=phone, has_touch=phone)
    if fetched is not None:
        page.on("response", lambda response: fetched.append(response.url))
    page.goto(url)
    if phone:
        page.goto(f"{url.rsplit('/', 1)[0]}/search.html?q={query}")
    else:
        page.locator("input.sidebar-search").first.fill(query)
        page.locator("input.sidebar-search").first.press("Enter")
    page.wait_for_url("**/search.html?q=*")
    page.wait_for_selector(".pagefind-ui__result-title", timeout=15000)
    # each result shows a placeholder (". . .", class pagefind-ui__loading) until its
    # fragment has arrived: wait for every one (a loaded machine is slow to fetch them)
    page.wait_for_function("() => !document.querySelector('.pagefind-ui__results .pagefind-ui__loading')",
                           timeout=15000)
    titles = page.locator(".pagefind-ui__result-title").all_inner_texts()
    snippets = page.locator(".pagefind-ui__result-excerpt").all_inner_texts()
    return page, [title.strip() for title in titles], snippets


def keep(page, folder: Path, name: str) -> None:
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_version_number_finds_its_release_post_first(site, browser, screenshots):
    fetched = []
    page, titles, snippets = search(browser, f"{site}/index.html", "4.0.0", fetched=fetched)
    keep(page, screenshots, "search-4.0.0-desktop")
    page.close()
    assert titles[0] == "Jekyll 4.0.0 Released", titles
    assert "faster builds" in snippets[0], snippets  # its body's sentence, not the byline
    assert "Ashwin" not in snippets[0] and "min read" not in snippets[0]
    assert not [url for url in fetched if url.endswith("searchindex.js")]  # Sphinx's index never loaded
    assert [url for url in fetched if "/en/latest/pagefind/" in url]  # the bundle, below the sub-path


def test_jekyll_4_ranks_the_4_0_0_release_above_2_4_0(site, browser):
    page, titles, _ = search(browser, f"{site}/index.html", "jekyll 4")
    page.close()
    assert titles.index("Jekyll 4.0.0 Released") < titles.index("A Wild Jekyll 2.4.0 Appeared!"), titles


def test_a_word_of_a_posts_body_finds_it_with_that_sentence(site, browser, screenshots):
    page, titles, snippets = search(browser, f"{site}/posts/2025-01-10-alpha.html", "nightingale")
    keep(page, screenshots, "search-nightingale-desktop")
    link = page.locator(".pagefind-ui__result-link").first.get_attribute("href")
    page.locator(".pagefind-ui__result-link").first.click()
    page.wait_for_url("**/posts/2018-05-20-privacy.html")
    page.close()
    assert titles == ["Privacy: no tracker, no third party"], titles
    assert "nightingale in the garden sings" in snippets[0], snippets
    assert link.startswith("/en/latest/posts/"), link  # a result leads below the site's sub-path


def test_a_tag_name_alone_does_not_rank_a_listing_first(site, browser, screenshots):
    page, titles, _ = search(browser, f"{site}/index.html", "privacy", width=375)
    keep(page, screenshots, "search-privacy-phone")
    width = page.evaluate("document.documentElement.scrollWidth")
    page.close()
    assert titles[0] == "Privacy: no tracker, no third party", titles
    assert not [title for title in titles if title.startswith("Tag")], titles  # tag pages are not indexed
    assert width <= 375


def test_a_glossary_definition_is_found(site, browser):
    page, titles, snippets = search(browser, f"{site}/index.html", "proteins")
    page.close()
    assert titles[0] == "Glossary" and "study of proteins at scale" in snippets[0], (titles, snippets)


def test_opened_from_disk_the_search_is_sphinxs(outdir, browser):
    page = browser.new_page()
    page.goto((outdir / "search.html").as_uri() + "?q=nightingale")
    page.wait_for_selector("#search-results .search-summary", timeout=15000)
    results = page.eval_on_selector_all("#search-results ul.search li > a", "links => links.map(a => a.textContent)")
    page.close()
    assert results == ["Privacy: no tracker, no third party"], results


def test_without_a_bundle_the_search_page_uses_sphinxs_search(tmp_path, browser, monkeypatch):
    """The indexer failed (a warning: test_search_pagefind.py): served, the page still finds."""
    monkeypatch.setattr(search_index, "find_binary", lambda: "/bin/false")
    srcdir = copy_root("readers", tmp_path)
    for name, text in POSTS.items():
        (srcdir / "posts" / name).write_text(text, encoding="utf-8")
    app, _ = build(srcdir, freshenv=True)
    with served(Path(app.outdir), prefix="/en/latest/") as base:
        page = browser.new_page()
        page.goto(f"{base}/search.html?q=nightingale")
        page.wait_for_selector("#search-results .search-summary", timeout=15000)
        results = page.eval_on_selector_all("#search-results ul.search li > a", "links => links.map(a => a.textContent)")
        page.close()
    assert results == ["Privacy: no tracker, no third party"], results
