"""Tag, category, author and archive pages, and sphinx-tags compatibility."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.errors import ExtensionError

from conftest import build, copy_root, html, warnings


@pytest.fixture(scope="module")
def blog(tmp_path_factory):
    srcdir = copy_root("blog", tmp_path_factory.mktemp("blog"))
    app, _ = build(srcdir, freshenv=True)
    return app


def titles(page) -> list[str]:
    return [a.get_text() for a in page.select(".kb-listing-title a")]


def test_blog_builds_without_warnings(blog):
    assert warnings(blog) == []


def test_one_page_per_tag_newest_first_and_paginated(blog):
    page = html(blog, "_tags/machine-learning")
    # Machine Learning / machine learning / Machine-Learning are one tag, shown as the most used spelling
    assert page.find("h1").get_text().rstrip("¶") == "Tag: Machine Learning"
    assert titles(page) == ["Delta post", "Beta post"]
    assert page.select_one(".kb-listing-count").get_text() == "3 posts and 1 page, newest first."  # a {tags} page is a page
    second = html(blog, "_tags/machine-learning/2")
    assert titles(second) == ["Alpha post", "A page with sphinx-tags tags (Markdown)"]
    assert [a.get_text() for a in second.select(".kb-pager a")] == ["← Newer", "1"]


def test_symbol_names_get_distinct_pages(blog):
    outdir = Path(blog.outdir) / "_tags"
    pages = {p.stem for p in outdir.glob("*.html")}
    assert {"c", "c-plus-plus-9ff7c4a0", "c-sharp-0cf04302", "f-sharp-5fd16caa", "機械学習"} <= pages
    assert titles(html(blog, "_tags/c")) == ["Delta post"]
    assert titles(html(blog, "_tags/c-plus-plus-9ff7c4a0")) == ["Beta post", "A page with sphinx-tags tags (reST)"]


def test_overview_pages_count_every_name(blog):
    cloud = html(blog, "_tags/tagsindex").select_one(".kb-cloud").get_text(" ", strip=True)
    assert "Machine Learning (4)" in cloud and "C++ (2)" in cloud and "Notebook (2)" in cloud
    categories = html(blog, "_kb/categories/index").select_one(".kb-cloud").get_text(" ", strip=True)
    assert categories == "blog (3) notes (3)"
    authors = html(blog, "_kb/authors/index").select_one(".kb-cloud").get_text(" ", strip=True)
    assert authors == "Ada (3) Grace (2) Linus (1)"
    assert titles(html(blog, "_kb/authors/linus")) == ["Epsilon post"]


def test_archive_by_year_and_month(blog):
    archive = html(blog, "_kb/archive/index").select_one(".kb-archive").get_text(" ", strip=True)
    assert archive.startswith("2025 (5 posts)") and "2024 (1 post)" in archive
    year = html(blog, "_kb/archive/2025")
    assert [r.get_text() for r in year.select(".kb-month")] == ["May 2025", "April 2025"]
    assert titles(year) == ["Zeta post", "Delta post"]


def test_post_chips_link_to_the_pages(blog):
    post = html(blog, "posts/2025-02-11-beta")
    links = {a.get_text(): a["href"] for a in post.select(".kb-post-chips a")}
    assert links["machine learning"] == "../_tags/machine-learning.html"
    assert links["C++"] == "../_tags/c-plus-plus-9ff7c4a0.html"
    assert links["blog"] == "../_kb/categories/blog.html"
    assert post.select_one(".kb-byline a")["href"] == "../_kb/authors/ada.html"


def test_tag_pages_keep_sphinx_tags_labels_and_are_searchable(blog):
    env = blog.env
    labels = env.domains.standard_domain.labels
    assert labels["sphx_tag_machine-learning"][0] == "_tags/machine-learning"
    assert labels["tagoverview"][0] == "_tags/tagsindex"
    search = (Path(blog.outdir) / "searchindex.js").read_text()
    assert "_tags/machine-learning" in search and "Tag: Machine Learning" in search


def test_sphinx_tags_directive_and_front_matter_meet_on_one_page(blog):
    page = html(blog, "notes/tagged-md")
    assert [a.get_text() for a in page.select("p.tags a")] == ["Machine Learning", "Notebook"]
    assert page.select_one("p.tags a")["href"] == "../_tags/machine-learning.html"
    notebook = html(blog, "_tags/notebook")
    assert titles(notebook) == ["A page with sphinx-tags tags (Markdown)", "A page with sphinx-tags tags (reST)"]
    # they are pages, not posts; a tag of both counts both
    assert notebook.select_one(".kb-listing-count").get_text() == "2 pages, newest first."
    assert html(blog, "_tags/machine-learning").select_one(".kb-listing-count").get_text().startswith("3 posts and 1 page")
    assert "tags" not in blog.env.metadata["notes/tagged-md"]  # kb never writes over a page's metadata


def test_per_name_pages_are_outside_the_toctree_without_warnings(blog):
    nav = html(blog, "index").select_one(".sidebar-tree").get_text(" ", strip=True)
    assert "Tags" in nav and "Machine Learning" not in nav and "Alpha post" not in nav


def test_listing_both_extensions_says_what_to_do(tmp_path):
    srcdir = copy_root("blog", tmp_path)
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text().replace('extensions = ["sphinx_kb"]', 'extensions = ["sphinx_tags", "sphinx_kb"]'))
    with pytest.raises(ExtensionError, match="Remove 'sphinx_tags' from `extensions`"):
        build(srcdir, freshenv=True)


def test_tags_of_unread_pages_skip_code_blocks():
    from sphinx_kb.posts.scan import directive_tags

    markdown = "```{tags} A, B\n```\n\n````markdown\n```{tags} Not, These\n```\n````\n\n:::{tags}\nC,\nD\n:::\n"
    assert directive_tags(markdown, markdown=True) == ("A", "B", "C", "D")
    rest = "T\n=\n\n.. tags:: E, F\n   G\n\n.. code-block:: rst\n\n   .. tags:: not\n"
    assert directive_tags(rest, markdown=False) == ("E", "F", "G")


def test_listings_placed_by_hand(blog):
    page = html(blog, "notes/listings")
    listings = page.select(".kb-listing")
    assert [a.get_text() for a in listings[0].select(".kb-listing-title a")] == ["Gamma post", "Alpha post"]
    # a keyword by one of its names: the entry AI ethics, with its alias "ethics of AI"
    assert [a.get_text() for a in listings[1].select(".kb-listing-title a")] == ["Zeta post", "Gamma post", "Beta post"]
    assert page.select_one(".kb-cloud").get_text(" ", strip=True) == "blog (3) notes (3)"
