"""What follows a post: previous and next by date, related posts, "Linked from" with
each link's sentence; kept exact by incremental builds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import build, copy_root, html
from support.outputs import assert_same_outputs


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    srcdir = copy_root("readers", tmp_path_factory.mktemp("footer"))
    app, _ = build(srcdir, freshenv=True)
    return app


def links(page, selector: str) -> list[tuple[str, str]]:
    return [(a.get_text(), a["href"]) for a in page.select(selector)]


def test_previous_and_next_are_the_older_and_newer_post(site):
    beta = html(site, "posts/2025-02-11-beta")
    footer = beta.select_one(".related-pages")  # furo's own place for them
    assert links(footer, "a.prev-page") and "Alpha & <Omega>" in footer.select_one("a.prev-page").get_text()
    assert footer.select_one("a.prev-page")["href"] == "2025-01-10-alpha.html"
    assert footer.select_one("a.next-page")["href"] == "2025-03-12-gamma.html"
    assert beta.find("link", rel="prev")["href"] == "2025-01-10-alpha.html"
    assert beta.find("link", rel="prev")["title"] == "Alpha & <Omega>"  # text, escaped in the HTML
    newest = html(site, "posts/2025-04-13-delta").select_one(".related-pages")
    assert newest.select_one("a.next-page") is None and newest.select_one("a.prev-page")["href"].endswith("gamma.html")


def test_other_pages_keep_the_themes_own(site):
    about = html(site, "about").select_one(".related-pages")
    assert about.select_one("a.prev-page")["href"] == "index.html"  # the toctree's order
    assert about.select_one("a.next-page")["href"] == "_kb/archive/index.html"


def test_related_posts_best_first(site):
    alpha = html(site, "posts/2025-01-10-alpha")
    assert links(alpha, ".kb-related a") == [("Gamma post", "2025-03-12-gamma.html"), ("Beta post", "2025-02-11-beta.html")]
    # delta shares no tag or keyword, only its category "notes" with gamma: the fallback (issue 31)
    assert links(html(site, "posts/2025-04-13-delta"), ".kb-related a") == [("Gamma post", "2025-03-12-gamma.html")]


def test_linked_from_with_the_sentence_around_each_link(site):
    items = html(site, "posts/2025-01-10-alpha").select(".kb-linked-from li")
    shown = [(li.a.get_text(), li.select_one(".kb-backlink-context").get_text()) for li in items]
    assert shown == [
        ("Gamma post", "Read Alpha & <Omega> first, it sets the scene."),  # {doc} shows the title
        ("Beta post", "It builds on the alpha post with new data."),
    ]
    beta = html(site, "posts/2025-02-11-beta").select(".kb-linked-from li")
    assert [li.a.get_text() for li in beta] == ["Gamma post", "Alpha & <Omega>"]
    assert "Then beta." in beta[0].get_text()


def test_the_text_builder_shows_the_neighbours_too(tmp_path):
    srcdir = copy_root("readers", tmp_path)
    app, _ = build(srcdir, "text", freshenv=True)
    text = (Path(app.outdir) / "posts/2025-02-11-beta.txt").read_text(encoding="utf-8")
    assert "Older post: Alpha & <Omega> · Newer post: Gamma post" in text
    assert "Related posts" in text and "Linked from" in text


def test_switches_turn_related_posts_and_backlinks_off(tmp_path):
    srcdir = copy_root("readers", tmp_path)
    app, _ = build(srcdir, freshenv=True, confoverrides={"kb_related_posts": 0, "kb_backlinks": False})
    alpha = html(app, "posts/2025-01-10-alpha")
    assert alpha.select_one(".kb-related") is None and alpha.select_one(".kb-linked-from") is None
    from sphinx_kb.state.domain import KbDomain

    assert dict(KbDomain.of(app.env).links) == {}  # not even collected


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


#: (what, file, old, new, a page whose footer must change)
EDITS = [
    ("give delta alpha's tags: it becomes related to alpha and gamma", "posts/2025-04-13-delta.md",
     "tags: [Rare]", "tags: [Rare, Machine Learning, Genomics]", "posts/2025-01-10-alpha"),
    ("reword the sentence around beta's link", "posts/2025-02-11-beta.md",
     "It builds on [the alpha post](2025-01-10-alpha.md) with new data.",
     "It extends [the alpha post](2025-01-10-alpha.md) with more data.", "posts/2025-01-10-alpha"),
    ("a new link, from delta to beta", "posts/2025-04-13-delta.md",
     "Delta is not for", "Delta cites [beta](2025-02-11-beta.md). Delta is not for", "posts/2025-02-11-beta"),
    ("rename a post that links to others", "posts/2025-03-12-gamma.md",
     'title: "Gamma post"', 'title: "Gamma, renamed"', "posts/2025-01-10-alpha"),
    ("remove gamma's link to beta", "posts/2025-03-12-gamma.md",
     "- Then [beta](2025-02-11-beta.md).", "- Then nothing.", "posts/2025-02-11-beta"),
    ("change a date: gamma becomes the oldest", "posts/2025-03-12-gamma.md",
     "date: 2025-03-12", "date: 2024-06-30", "posts/2025-01-10-alpha"),
    ("take delta's tags away again", "posts/2025-04-13-delta.md",
     "tags: [Rare, Machine Learning, Genomics]", "tags: [Rare]", "posts/2025-01-10-alpha"),
]


def footers(app, docname: str) -> str:
    page = html(app, docname)
    parts = [page.select_one(s) for s in (".kb-related", ".kb-linked-from", ".related-pages")]
    return "\n".join(str(part) for part in parts)


def test_edits_then_incremental_builds_equal_a_clean_build(tmp_path):
    """A tag, link or title edit changes other posts' related posts, backlinks and
    neighbours exactly as a clean build shows them (pages, feeds and sitemap byte for byte)."""
    work = copy_root("readers", tmp_path / "work")
    app, _ = build(work, freshenv=True)
    for what, name, old, new, shows in EDITS:
        before = footers(app, shows)
        edit(work / name, old, new)
        app, log = build(work)
        assert name.removesuffix(".md") in log.read, what
        assert footers(app, shows) != before, what  # the edit shows elsewhere: the test can fail
        assert shows in log.written, what
    (work / "posts/2025-02-11-beta.md").unlink()  # delete a post that others link to and relate to
    app, log = build(work)
    assert "Beta post" not in html(app, "posts/2025-01-10-alpha").get_text()
    # the posts linking to it are read again: their link is broken, as a clean build says
    assert sorted(log.read) == ["posts/2025-01-10-alpha", "posts/2025-04-13-delta"]
    clean = tmp_path / "clean"
    shutil.copytree(work, clean, ignore=shutil.ignore_patterns("_build", "_tags", "_kb"))
    capp, _ = build(clean, freshenv=True)
    assert_same_outputs(Path(app.outdir), Path(capp.outdir))


def test_a_parallel_build_equals_a_serial_one(tmp_path):
    serial = copy_root("readers", tmp_path / "serial")
    parallel = copy_root("readers", tmp_path / "parallel")
    app, _ = build(serial, freshenv=True)
    papp, _ = build(parallel, freshenv=True, parallel=2)
    assert_same_outputs(Path(papp.outdir), Path(app.outdir))
    for srcdir in (serial, parallel):
        edit(srcdir / "posts/2025-02-11-beta.md", "It builds on", "It extends")
    app, _ = build(serial)
    papp, _ = build(parallel, parallel=2)
    assert "It extends the alpha post" in html(papp, "posts/2025-01-10-alpha").select_one(".kb-linked-from").get_text()
    assert_same_outputs(Path(papp.outdir), Path(app.outdir))
