"""How the readers' pages look, in a real browser (Debian's chromium driven by
Playwright): a status pill is one line on a phone, the placeholder pill is dark in dark
mode, the "Cite this post" box has room at its sides, a tag's name never breaks.

Screenshots (the post and a tag page; desktop, phone 390 px, dark) are kept in the test
run's temporary folder: ``<pytest's basetemp>/polish0/shots/``; their paths are
printed (pytest -s shows them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build, copy_root
from support.browser import playwright_chromium, served

pytestmark = pytest.mark.browser

POST = "posts/2025-04-21-drafted"
#: links to placeholders the author knows of: each has a "known placeholder" pill, many
#: to a line, so that at a phone's width some pill falls at a line's end
WORDS = ["a", "draft source", "its second", "x", "the third of them", "4", "another draft", "six", "a seventh one",
         "8", "nine", "and a tenth"]
TEXT = """---
title: "Drafted sources"
date: 2025-04-21
tags: [Genomics, Hidden Markov Models Of Protein Families]
author: rkoots Bot
---

Sources still to find: {links}.
"""


def url(index: int) -> str:
    return f"https://draft.test/source-{index}"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("polish")
    srcdir = copy_root("readers", folder / "site")
    links = ", ".join(f"[{word}]({url(i)})" for i, word in enumerate(WORDS))
    (srcdir / f"{POST}.md").write_text(TEXT.format(links=links), encoding="utf-8")
    known = [{"post": POST, "url": url(i), "reason": "to be found"} for i in range(len(WORDS))]
    app, _ = build(srcdir, freshenv=True, confoverrides={"kb_known_placeholders": known})
    shots = folder / "shots"
    shots.mkdir()
    with playwright_chromium() as browser, served(Path(app.outdir), prefix="/notes/") as base:
        yield browser, base, shots


def open_page(site, path: str, width: int = 1200, dark: bool = False):
    browser, base, _ = site
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme="dark" if dark else "light")
    page.goto(f"{base}/{path}")
    page.wait_for_load_state("load")
    return page


def shot(site, page, name: str) -> None:
    path = site[2] / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


#: each pill's lines (its client rectangles: an inline box broken across lines has one a
#: line) and its height against its line's height
PILLS = """() => [...document.querySelectorAll('article .kb-source-status')].map(pill => ({
    text: pill.textContent, lines: pill.getClientRects().length,
    height: pill.getBoundingClientRect().height,
    lineHeight: parseFloat(getComputedStyle(pill).fontSize) * 1.6 }))"""


def luminance(page, selector: str) -> float:
    rgb = page.eval_on_selector(selector, "e => getComputedStyle(e).backgroundColor")
    red, green, blue = (int(part) for part in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3])
    return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255


def test_on_a_phone_each_pill_is_one_line(site):
    page = open_page(site, f"{POST}.html", width=390)
    pills = page.evaluate(PILLS)
    assert len(pills) == len(WORDS) and {p["text"] for p in pills} == {"known placeholder"}
    assert [p for p in pills if p["lines"] != 1 or p["height"] > p["lineHeight"]] == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nor does one widen the page
    shot(site, page, "post-phone")
    page.close()


def test_in_dark_mode_the_placeholder_pill_is_dark(site):
    for dark in (False, True):
        page = open_page(site, f"{POST}.html", dark=dark)
        body = luminance(page, "body")
        pill = luminance(page, "article .kb-source-placeholder")
        if dark:
            assert body < 0.3 and pill < 0.4, (body, pill)
            shot(site, page, "post-dark")
        else:
            assert body > 0.9 and pill > 0.8, (body, pill)
            shot(site, page, "post-desktop")
        page.close()
    # furo's own switch (data-theme) wins over the system's preference
    page = open_page(site, f"{POST}.html")
    page.evaluate("document.body.dataset.theme = 'dark'")
    assert luminance(page, "article .kb-source-placeholder") < 0.4
    page.close()


def test_the_cite_box_has_room_at_its_sides(site):
    for width in (1200, 390):
        page = open_page(site, f"{POST}.html", width=width)
        box = page.eval_on_selector(".kb-cite", "e => e.getBoundingClientRect().toJSON()")
        text = page.eval_on_selector(".kb-cite-reference", "e => e.getBoundingClientRect().toJSON()")
        assert text["left"] - box["left"] >= 8 and box["right"] - text["right"] >= 8, (box, text)
        assert "Bot R (2025)" in page.inner_text(".kb-cite-reference")  # names styled alike
        page.close()


def test_a_tags_name_never_breaks_across_lines(site):
    page = open_page(site, "_tags/tagsindex.html", width=390)
    terms = page.evaluate("""() => [...document.querySelectorAll('.kb-cloud-term, article a')]
        .filter(a => a.textContent.includes('Hidden Markov Models Of Protein Families'))
        .map(a => a.getClientRects().length)""")
    assert terms and set(terms) == {1}, terms
    shot(site, page, "tags-phone")
    page.close()
    for dark, width, name in ((False, 1200, "tag-desktop"), (False, 390, "tag-phone"), (True, 1200, "tag-dark")):
        page = open_page(site, "_tags/genomics.html", width=width, dark=dark)
        assert page.inner_text("article").count("Drafted sources") >= 1
        shot(site, page, name)
        page.close()
