"""Feeds as a feed reader reads them: Atom and JSON Feed 1.1, of the site and of each
tag and category, linked from the pages they belong to."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest

from conftest import build, copy_root, html

BASE = "https://kb.example.org/notes/"
NEWEST_FIRST = ["Delta post", "Gamma post", "Beta post", "Alpha & <Omega>"]


@pytest.fixture(scope="module")
def site(readers_site):
    return readers_site, Path(readers_site.outdir)


def test_the_site_feed_holds_the_published_posts_newest_first_with_absolute_links(site):
    app, outdir = site
    feed = feedparser.parse((outdir / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Readers' notes" and feed.feed.link == BASE
    assert [entry.title for entry in feed.entries] == NEWEST_FIRST
    assert all(entry.link.startswith(BASE + "posts/") and entry.id == entry.link for entry in feed.entries)
    alpha = feed.entries[-1]
    assert alpha.summary == "The first post: genomes & models."
    assert alpha.author == "Ada King, Countess of Lovelace"  # the descriptions file's display name
    assert [tag.term for tag in alpha.tags] == ["research", "Genomics", "Machine Learning"]
    beta = feed.entries[2]
    assert beta.published == "2025-02-11T09:30:00+01:00" and beta.updated == "2025-03-01T00:00:00+00:00"


def test_the_json_feed_has_its_required_fields(site):
    _, outdir = site
    data = json.loads((outdir / "feed.json").read_text(encoding="utf-8"))
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["title"] == "Readers' notes" and data["feed_url"] == BASE + "feed.json"
    assert [item["title"] for item in data["items"]] == NEWEST_FIRST
    for item in data["items"]:
        assert item["id"] and item["url"].startswith(BASE) and ("content_html" in item or "content_text" in item)
    assert data["items"][-1]["image"] == BASE + "images/alpha.png"


def test_each_tag_and_category_has_its_feed(site):
    _, outdir = site
    genomics = feedparser.parse((outdir / "_kb/feeds/tags/genomics.xml").read_bytes())
    assert [entry.title for entry in genomics.entries] == ["Beta post", "Alpha & <Omega>"]
    assert genomics.feed.link == BASE + "_tags/genomics.html"
    research = json.loads((outdir / "_kb/feeds/categories/research.json").read_text(encoding="utf-8"))
    assert [item["title"] for item in research["items"]] == ["Beta post", "Alpha & <Omega>"]


def _alternates(app, docname: str) -> list[str]:
    return [link["href"] for link in html(app, docname).find_all("link", rel="alternate")]


def test_feeds_are_linked_from_the_pages_they_belong_to(site):
    app, _ = site
    everywhere = [BASE + "feed.xml", BASE + "feed.json"]
    assert _alternates(app, "index") == everywhere
    assert _alternates(app, "posts/2025-02-11-beta") == everywhere
    own = [BASE + "_kb/feeds/tags/genomics.xml", BASE + "_kb/feeds/tags/genomics.json"]
    assert _alternates(app, "_tags/genomics") == everywhere + own
    types = [link["type"] for link in html(app, "_tags/genomics").find_all("link", rel="alternate")]
    assert types == ["application/atom+xml", "application/feed+json"] * 2
    # a listing's further pages too (two posts a page here)
    further = html(app, "_kb/archive/2025/2")
    assert [link["href"] for link in further.find_all("link", rel="alternate")] == everywhere


def test_a_feed_is_written_only_when_it_changed_and_follows_an_edit(tmp_path):
    srcdir = copy_root("readers", tmp_path)
    app, _ = build(srcdir, freshenv=True)
    outdir = Path(app.outdir)
    feeds_and_sitemap = [outdir / "feed.xml", outdir / "feed.json", outdir / "sitemap.xml",
                         *(outdir / "_kb" / "feeds").rglob("*.*")]
    stamps = {path: path.stat().st_mtime_ns for path in feeds_and_sitemap}
    assert len(stamps) == 3 + 2 * 5  # three tags and two categories, each in two formats
    build(srcdir)
    assert {path: path.stat().st_mtime_ns for path in stamps} == stamps
    post = srcdir / "posts/2025-03-12-gamma.md"
    post.write_text(post.read_text(encoding="utf-8").replace('"Gamma post"', '"Gamma, renamed"'), encoding="utf-8")
    build(srcdir)
    titles = [entry.title for entry in feedparser.parse((outdir / "feed.xml").read_bytes()).entries]
    assert titles[1] == "Gamma, renamed"
    changed = {path.relative_to(outdir).as_posix() for path in stamps if path.stat().st_mtime_ns != stamps[path]}
    # gamma: the site's feeds, its tag's and its category's; nothing else
    assert changed == {"feed.xml", "feed.json", "_kb/feeds/tags/machine-learning.xml",
                       "_kb/feeds/tags/machine-learning.json", "_kb/feeds/categories/notes.xml",
                       "_kb/feeds/categories/notes.json"}


def test_a_rebuild_that_changes_nothing_makes_again_the_feeds_and_sitemap_deleted_from_the_output(tmp_path):
    srcdir = copy_root("readers", tmp_path)
    app, _ = build(srcdir, freshenv=True)
    outdir = Path(app.outdir)
    before = {name: (outdir / name).read_bytes() for name in ("feed.json", "sitemap.xml", "_kb/feeds/tags/genomics.xml")}
    for name in before:
        (outdir / name).unlink()
    _, log = build(srcdir)
    assert not log.read and not log.written
    assert {name: (outdir / name).read_bytes() for name in before} == before


def test_a_rebuild_under_other_settings_makes_the_feeds_again(tmp_path):
    srcdir = copy_root("readers", tmp_path)
    app, _ = build(srcdir, freshenv=True)
    assert len(json.loads((Path(app.outdir) / "feed.json").read_text(encoding="utf-8"))["items"]) == 4
    app, _ = build(srcdir, confoverrides={"kb_feed_length": 2})
    data = json.loads((Path(app.outdir) / "feed.json").read_text(encoding="utf-8"))
    assert [item["title"] for item in data["items"]] == NEWEST_FIRST[:2]
    app, _ = build(srcdir)  # back to the default, and nothing else changed
    assert [item["title"] for item in json.loads((Path(app.outdir) / "feed.json").read_text(encoding="utf-8"))["items"]] \
        == NEWEST_FIRST


@pytest.mark.parametrize("full_content", [False, True])
def test_a_body_edit_reaches_every_feed_that_shows_the_post(tmp_path, full_content):
    """The summary (the first paragraph) and, with full content, the post's HTML
    follow an edit of the body in the site's feed, its tag's and its category's."""
    srcdir = copy_root("readers", tmp_path)
    overrides = {"kb_feed_full_content": full_content}
    app, _ = build(srcdir, freshenv=True, confoverrides=overrides)
    post = srcdir / "posts/2025-03-12-gamma.md"
    post.write_text(post.read_text(encoding="utf-8").replace("Gamma is about models.", "Gamma is about proteins."),
                    encoding="utf-8")
    app, _ = build(srcdir, confoverrides=overrides)
    outdir = Path(app.outdir)
    for feed in ("feed.json", "_kb/feeds/tags/machine-learning.json", "_kb/feeds/categories/notes.json"):
        items = {item["title"]: item for item in json.loads((outdir / feed).read_text(encoding="utf-8"))["items"]}
        gamma = items["Gamma post"]
        assert gamma["summary"] == "Gamma is about proteins.", feed
        if full_content:
            assert "Gamma is about proteins." in gamma["content_html"] and "models" not in gamma["content_html"]


def test_full_content_has_absolute_links_and_leaves_kbs_additions_out(tmp_path):
    srcdir = copy_root("readers", tmp_path)
    app, _ = build(srcdir, freshenv=True, confoverrides={"kb_feed_full_content": True, "kb_feed_length": 2})
    data = json.loads((Path(app.outdir) / "feed.json").read_text(encoding="utf-8"))
    assert [item["title"] for item in data["items"]] == NEWEST_FIRST[:2]
    gamma = data["items"][1]["content_html"]
    assert f'href="{BASE}posts/2025-01-10-alpha.html"' in gamma and 'href="../' not in gamma
    assert "Gamma is about models." in gamma
    assert "kb-byline" not in gamma and "Related posts" not in gamma and "<h1" not in gamma
    atom = feedparser.parse((Path(app.outdir) / "feed.xml").read_bytes())
    assert "Gamma is about models." in atom.entries[1].content[0].value


def test_without_the_sites_address_there_is_no_feed_and_one_message(tmp_path):
    srcdir = copy_root("readers", tmp_path)
    app, _ = build(srcdir, freshenv=True, confoverrides={"html_baseurl": ""})
    outdir = Path(app.outdir)
    assert not (outdir / "feed.xml").exists() and not list(outdir.rglob("*.xml"))
    assert app.status.getvalue().count("no feeds and no sitemap.xml") == 1
    assert not html(app, "index").find_all("link", rel="alternate")


def test_the_read_the_docs_address_stands_in_for_html_baseurl(tmp_path, monkeypatch):
    monkeypatch.setenv("READTHEDOCS_CANONICAL_URL", "https://kb.readthedocs.io/en/latest/")
    srcdir = copy_root("readers", tmp_path)
    app, _ = build(srcdir, freshenv=True, confoverrides={"html_baseurl": ""})
    feed = feedparser.parse((Path(app.outdir) / "feed.xml").read_bytes())
    assert feed.entries[0].link == "https://kb.readthedocs.io/en/latest/posts/2025-04-13-delta.html"
    canonical = html(app, "posts/2025-04-13-delta").find("link", rel="canonical")["href"]
    assert canonical == "https://kb.readthedocs.io/en/latest/posts/2025-04-13-delta.html"


def test_kb_feeds_false_turns_them_off_and_removes_those_written(tmp_path):
    srcdir = copy_root("readers", tmp_path)
    app, _ = build(srcdir, freshenv=True)
    assert (Path(app.outdir) / "_kb/feeds/tags/genomics.xml").is_file()
    app, _ = build(srcdir, confoverrides={"kb_feeds": False})
    assert not (Path(app.outdir) / "feed.xml").exists() and not (Path(app.outdir) / "_kb/feeds").exists()
    assert not html(app, "index").find_all("link", rel="alternate")
