"""Dead ends (issue 31, item 4): a site without tags, authors or keywords shows no
empty Tags, Authors or Glossary page in its navigation or sitemap, and its posts,
which share only categories, still get related posts."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build, html, warnings
from support.dead_ends import categories_only_site

EMPTY = ("_tags/tagsindex", "_kb/authors/index", "_kb/glossary/index")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    srcdir = categories_only_site(tmp_path_factory.mktemp("dead-ends"))
    (srcdir / "extra").mkdir()
    (srcdir / "extra/robots.txt").write_text("User-agent: *\nDisallow: /private/\n", encoding="utf-8")
    app, _ = build(srcdir, freshenv=True, confoverrides={"html_extra_path": ["extra"]}, warningiserror=True)
    assert warnings(app) == []  # no "document isn't included in any toctree", no toctree warning
    return app


def sidebar(page) -> list[str]:
    return [a.get_text(strip=True) for a in page.select(".sidebar-tree a")]


@pytest.mark.parametrize("docname", ["index", "posts/2025-02-10-post-1", "_kb/categories/news"])
def test_the_sidebar_leaves_out_the_empty_overview_pages(site, docname):
    assert sidebar(html(site, docname)) == ["Categories", "Archive"]


def test_the_sitemap_leaves_them_out_and_they_still_exist(site):
    outdir = Path(site.outdir)
    sitemap = (outdir / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://example.org/notes/_kb/categories/index.html" in sitemap
    for docname in EMPTY:
        assert f"/{docname}.html" not in sitemap
        assert (outdir / f"{docname}.html").is_file()  # a link to it still works
    assert "Nothing here yet." in html(site, "_tags/tagsindex").get_text()


def test_posts_sharing_only_a_category_are_related_nearest_first(site):
    related = html(site, "posts/2025-02-10-post-1").select(".kb-related a")
    assert [a.get_text() for a in related] == ["Post 2", "Post 0"]  # 28 and 31 days away; Post 3 is "other"
    assert html(site, "posts/2025-03-20-post-3").select_one(".kb-related") is None  # alone in its category


def test_a_robots_txt_of_the_users_is_kept(site):
    assert (Path(site.outdir) / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /private/\n"


def test_no_robots_txt_without_the_sites_address(tmp_path):
    srcdir = categories_only_site(tmp_path)
    app, _ = build(srcdir, freshenv=True)
    assert "Sitemap: https://example.org/notes/sitemap.xml" in (Path(app.outdir) / "robots.txt").read_text()
    app, _ = build(srcdir, confoverrides={"html_baseurl": ""})
    assert not (Path(app.outdir) / "robots.txt").exists()  # kb's own, removed with the address
    assert (Path(app.outdir) / "index.html").is_file()
