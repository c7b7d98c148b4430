"""Issue 31 in a real browser (Debian's chromium driven by Playwright, the site served
on 127.0.0.1 under /notes/): the copy button copies a code block, "Older →" on a
paginated tag page leads to its second page and "← Newer" back, and a tag page shows
its subscribe link on a desktop and on a phone. Screenshots are written under pytest's
temporary folder (``tag-genomics-desktop.png``, ``tag-genomics-phone.png``…); their
paths are printed (pytest -s shows them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build, copy_root
from support.browser import served

pytestmark = pytest.mark.browser

#: a third Genomics post (kb_page_size = 2: the tag gets a second page) with a code block
COUNTING = """---
title: "Counting reads"
date: 2024-11-05
tags: [Genomics]
categories: research
---

Count them with:

```python
print("copy me")
```
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory, browser):
    srcdir = copy_root("readers", tmp_path_factory.mktemp("browser-extras"))
    (srcdir / "posts/2024-11-05-counting.md").write_text(COUNTING, encoding="utf-8")
    app, _ = build(srcdir, freshenv=True)
    with served(Path(app.outdir), prefix="/notes/", not_found="404.html") as base:
        yield base


def go(page, url: str):
    response = page.goto(url)
    page.wait_for_load_state("load")
    return response


def shot(page, tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return path


def test_the_copy_button_copies_the_code_block(site, browser, tmp_path):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.rsplit("/notes", 1)[0])
    page = context.new_page()
    go(page, f"{site}/posts/2024-11-05-counting.html")
    block = page.locator("div.highlight").first
    block.hover()
    button = block.locator("button.copybtn")
    button.click()
    page.wait_for_function("document.querySelector('button.copybtn').classList.contains('success')")
    assert button.get_attribute("data-tooltip") == "Copied!"
    assert page.evaluate("navigator.clipboard.readText()").strip() == 'print("copy me")'
    shot(page, tmp_path, "copied")
    context.close()


def test_older_leads_to_the_second_page_of_a_tag_and_newer_back(site, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    go(page, f"{site}/_tags/genomics.html")
    assert page.locator('link[rel="next"]').get_attribute("href") == "genomics/2.html"
    page.get_by_role("link", name="Older →").click()
    page.wait_for_url("**/notes/_tags/genomics/2.html")
    assert page.locator(".kb-listing a").all_inner_texts() == ["Counting reads"]
    assert page.locator('link[rel="prev"]').get_attribute("href") == "../genomics.html"
    shot(page, tmp_path, "tag-genomics-page-2")
    page.get_by_role("link", name="← Newer").click()
    page.wait_for_url("**/notes/_tags/genomics.html")
    assert "Alpha & <Omega>" in page.locator(".kb-listing a").all_inner_texts()
    page.close()


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_tag_page_shows_its_subscribe_link(site, browser, tmp_path, device):
    if device == "phone":
        page = browser.new_page(viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True,
                                has_touch=True)
    else:
        page = browser.new_page(viewport={"width": 1200, "height": 900})
    go(page, f"{site}/_tags/genomics.html")
    link = page.locator("p.kb-subscribe a")
    assert link.is_visible() and link.inner_text() == "Subscribe to the feed of this page's posts"
    box = link.bounding_box()
    width = page.viewport_size["width"]
    assert 0 <= box["x"] and box["x"] + box["width"] <= width and box["y"] < 600  # near the top, in view
    shot(page, tmp_path, f"tag-genomics-{device}")
    feed = page.request.get(link.evaluate("a => a.href"))
    assert feed.status == 200 and b"<feed" in feed.body() and b"Alpha &amp; &lt;Omega&gt;" in feed.body()
    page.close()
