"""Old URLs: link targets -> a post, another page of the old site, or nothing."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from sphinx_kb.core.frontmatter import load_yaml, split_front_matter
from sphinx_kb.core.jekyll.config import JekyllSite, read_config
from sphinx_kb.core.jekyll.importer import references
from sphinx_kb.core.jekyll.permalinks import jekyll_post
from sphinx_kb.core.jekyll.urls import IndexedPost, NotAPost, OldUrlIndex, PostTarget
from sphinx_kb.core.liquid import convert

SITE = JekyllSite(baseurl="/blog", url="https://example.org")
POSTS = [
    IndexedPost("posts/a", "_posts/2020-01-01-a.md", "/2020/01/01/a.html", dt.date(2020, 1, 1), "a"),
    IndexedPost("posts/b", "_posts/travel/2020-02-02-b.md", "/travel/b/", dt.date(2020, 2, 2), "b"),
    IndexedPost("posts/c", "news/_posts/2020-03-03-c.md", "/news/c%20d/", dt.date(2020, 3, 4), "c"),
]


def _corpus() -> Path:
    """Jekyll's news blog (102 posts, MIT) in shared/corpora, beside the checkout."""
    for parent in Path(__file__).resolve().parents:
        if (parent / "shared" / "corpora" / "jekyll-news").is_dir():
            return parent / "shared" / "corpora" / "jekyll-news"
    return Path("/work/shared/corpora/jekyll-news")


@pytest.fixture(scope="module")
def jekyll_news(tmp_path_factory) -> Path:
    """A private copy of the corpus (it is read-only where it lives)."""
    target = tmp_path_factory.mktemp("corpus") / "jekyll-news"
    shutil.copytree(_corpus(), target)
    return target


@pytest.fixture
def index() -> OldUrlIndex:
    built, duplicates = OldUrlIndex.build(SITE, POSTS)
    assert duplicates == []
    return built


@pytest.mark.parametrize(
    "target",
    [
        "/2020/01/01/a.html", "/blog/2020/01/01/a.html", "/2020/01/01/a", "/2020/01/01/a/",
        "/2020/01/01/a/index.html", "https://example.org/blog/2020/01/01/a.html",
        "http://www.example.org/2020/01/01/a.html", "HTTPS://Example.ORG:443/2020/01/01/a.html",
        "//example.org/blog/2020/01/01/a.html", "/blog/blog/2020/01/01/a.html", "/2020//01/01/a.html?utm=x",
        "{{ site.baseurl }}/2020/01/01/a.html", "{{ '/2020/01/01/a.html' | relative_url }}",
        '{{ "/2020/01/01/a.html" | absolute_url }}', "{{ site.url }}{{ site.baseurl }}/2020/01/01/a.html",
        "<https://example.org/2020/01/01/a.html>", "%2F2020/01/01/a.html".replace("%2F", "/"),
    ],
)
def test_spellings_of_a_post_old_url(index, target):
    assert index.lookup(target) == PostTarget("posts/a", "")


def test_the_fragment_is_kept_and_percent_encoding_is_undone(index):
    assert index.lookup("/travel/b#Section%201") == PostTarget("posts/b", "Section 1")
    assert index.lookup("/news/c d/") == PostTarget("posts/c", "")
    assert index.lookup("/blog/news/c%20d/index.html#x") == PostTarget("posts/c", "x")


def test_relative_targets_need_the_linking_post_old_url(index):
    assert index.lookup("../../../travel/b/") is None
    assert index.lookup("../../../travel/b/", base="/blog/2020/01/01/a.html") == PostTarget("posts/b", "")


@pytest.mark.parametrize("target", ["https://other.org/2020/01/01/a.html", "mailto:me@example.org", "#top", "", "a.md", "ftp://example.org/x"])
def test_unrelated_targets(index, target):
    assert index.lookup(target) is None


def test_pages_of_the_old_site_that_are_not_posts(index):
    assert index.lookup("/docs/history/#v1") == NotAPost("/docs/history/", "v1", "https://example.org/docs/history/#v1")
    assert index.lookup("https://www.example.org/about/") == NotAPost("/about/", "", "https://www.example.org/about/")
    assert index.lookup("{{ site.baseurl }}/tags/") == NotAPost("/blog/tags/", "", "https://example.org/blog/tags/")
    without_url, _ = OldUrlIndex.build(JekyllSite(), POSTS)
    assert without_url.lookup("/docs/history/") == NotAPost("/docs/history/", "", None)


def test_case_matters(index):
    assert isinstance(index.lookup("/2020/01/01/A.html"), NotAPost)


def test_two_posts_claiming_one_url_are_reported_and_the_first_keeps_it():
    posts = [IndexedPost("posts/z", "_posts/2020-01-01-z.md", "/x/"), IndexedPost("posts/y", "_posts/2020-01-01-y.md", "/x/")]
    built, duplicates = OldUrlIndex.build(SITE, posts)
    assert [(d.url, d.docnames) for d in duplicates] == [("/x/", ("posts/y", "posts/z"))]
    assert built.lookup("/x/") == PostTarget("posts/y", "")


def test_post_url_and_link_render_what_jekyll_4_renders(index):
    assert index.post_url_tag("2020-01-01-a") == "/blog/2020/01/01/a.html"
    assert index.post_url_tag("travel/2020-02-02-b") == "/blog/travel/b/"
    assert index.post_url_tag("news/2020-03-03-c") == "/blog/news/c%20d/"
    assert index.post_url_tag("2020-03-04-c") == "/blog/news/c%20d/"  # Jekyll's old rule: slug and date
    assert index.post_url_tag("2020-01-01-missing") is None
    assert index.post_url_tag("not-a-name") is None
    assert index.link_tag("_posts/travel/2020-02-02-b.md") == "/blog/travel/b/"
    assert index.link_tag("/_posts/2020-01-01-a.md") == "/blog/2020/01/01/a.html"
    assert index.link_tag("about.md") == "/blog/about.html"
    assert index.link_tag("_drafts/x.md") is None  # not a collection Jekyll writes


def test_link_checks_existence_when_the_site_files_are_known():
    built, _ = OldUrlIndex.build(SITE, POSTS, site_files=["about.md"])
    assert built.link_tag("about.md") == "/blog/about.html"
    assert built.link_tag("contact.md") is None


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/assets/img/x.png", "assets/img/x.png"),
        ("{{ site.baseurl }}/assets/img/x%20y.png?v=2", "assets/img/x y.png"),
        ("https://example.org/blog/files/paper.pdf#page=2", "files/paper.pdf"),
        ("/2020/01/01/a.html", None),  # a post
        ("/about.html", None), ("/docs/", None), ("/notes/x.md", None),  # pages and folders
        ("/../etc/passwd.png", None), ("/_config.yml", None), ("/.git/config.png", None),
        ("img/x.png", None), ("https://cdn.example.com/x.png", None),
    ],
)
def test_asset_paths(index, target, expected):
    assert index.asset_path(target) == expected


# -- Jekyll's news blog -----------------------------------------------------------


def corpus_index(root: Path) -> tuple[OldUrlIndex, dict[str, str]]:
    site, _ = read_config((root / "_config.yml").read_text())
    entries, bodies = [], {}
    for path in sorted((root / "_posts").iterdir()):
        front, body, _n, _p = split_front_matter(path.read_text(encoding="utf-8"))
        post, _ = jekyll_post(f"_posts/{path.name}", load_yaml(front)[0], site)
        docname = f"posts/{path.stem}"
        entries.append(IndexedPost(docname, post.relative_path, post.url, post.time.date(), post.slug))
        bodies[docname] = body
    index, duplicates = OldUrlIndex.build(site, entries)
    assert duplicates == []
    return index, bodies


def test_every_link_between_corpus_posts_resolves(jekyll_news):
    index, bodies = corpus_index(jekyll_news)
    tags: list[tuple[str, str]] = []

    def post_url(name):
        tags.append(("post_url", name))
        return index.post_url_tag(name)

    def link(path):
        tags.append(("link", path))
        return index.link_tag(path)

    news_links = docs_links = 0
    for docname, body in bodies.items():
        text, problems = convert(body, post_url, link=link, site=index.liquid_site)
        assert not [p for p in problems if p.message.startswith(("post_url", "link"))], docname
        for line, target in references(text):
            found = index.lookup(target)
            if target.startswith("/news/") or "jekyllrb.com/news/" in target:
                news_links += 1
                assert isinstance(found, PostTarget) and found.docname in bodies, (docname, line, target)
            elif target.startswith("/docs/") or "jekyllrb.com/docs/" in target:
                docs_links += 1
                assert isinstance(found, NotAPost) and found.url.startswith("https://jekyllrb.com/docs/"), (docname, line, target)
    # tags outside {% raw %}: 1 post_url, 4 links to posts, 3 to the docs' history page
    assert sorted(tags) == sorted([("post_url", "2013-05-06-jekyll-1-0-0-released")] + [
        ("link", "_posts/2017-03-02-jekyll-3-4-1-released.markdown"),
        ("link", "_posts/2017-01-18-jekyll-3-4-0-released.markdown"),
        ("link", "_posts/2017-10-19-diversity-open-source.markdown"),
        ("link", "_posts/2018-01-02-jekyll-3-7-0-released.md"),
    ] + [("link", "_docs/history.md")] * 3)
    assert news_links == 9 and docs_links > 60  # 4 written as URLs, 5 made by the tags


def test_corpus_link_tags_to_the_docs_become_old_site_addresses(jekyll_news):
    index, bodies = corpus_index(jekyll_news)
    text, _ = convert(bodies["posts/2023-01-29-jekyll-3-9-3-released"], index.post_url_tag, link=index.link_tag, site=index.liquid_site)
    assert "(/docs/history/#v3-9-3)" in text
    assert index.lookup("/docs/history/#v3-9-3") == NotAPost("/docs/history/", "v3-9-3", "https://jekyllrb.com/docs/history/#v3-9-3")


def test_a_link_without_the_category_folders_finds_the_one_post_of_its_date_and_title():
    posts = [IndexedPost("blog/x", "blog/_posts/2019-03-02-my-post.md", "/blog/2019/03/02/my-post.html", dt.date(2019, 3, 2), "my-post"),
             IndexedPost("guide/y", "guide/_posts/2019-04-01-Steps.md", "/guide/2019/04/01/Steps/", dt.date(2019, 4, 1), "Steps")]
    built, _ = OldUrlIndex.build(SITE, posts)
    assert built.lookup("/2019/03/02/my-post.html#a") == PostTarget("blog/x", "a", True)
    assert built.lookup("/blog/2019/3/2/my-post/") == PostTarget("blog/x", "", True)
    assert built.lookup("/2019/04/01/Steps/") == PostTarget("guide/y", "", True)
    assert built.lookup("/blog/2019/03/02/my-post.html") == PostTarget("blog/x", "")  # its own URL: not a guess
    for other in ("/2019/03/03/my-post.html", "/2019/03/02/other.html", "/2019/13/02/my-post.html", "/my-post.html"):
        found = built.lookup(other)
        assert isinstance(found, NotAPost) and found.candidates == (), other


def test_several_posts_of_one_date_and_title_are_candidates_not_a_guess():
    posts = [IndexedPost("blog/x", "blog/_posts/2019-03-02-p.md", "/blog/2019/03/02/p.html", dt.date(2019, 3, 2), "p"),
             IndexedPost("news/x", "news/_posts/2019-03-02-p.md", "/news/2019/03/02/p.html", dt.date(2019, 3, 2), "p")]
    built, _ = OldUrlIndex.build(SITE, posts)
    found = built.lookup("/2019/03/02/p.html")
    assert isinstance(found, NotAPost) and found.candidates == ("blog/x", "news/x")


def test_a_post_keeps_its_url_compared_decoded(index):
    assert index.keeps_url(POSTS[2])  # /news/c%20d/: a category with a space
    copy, _ = OldUrlIndex.build(SITE, [*POSTS, IndexedPost("posts/z", "news/_posts/2020-03-03-z.md", "/news/c d/")])
    assert copy.keeps_url(POSTS[2]) and not copy.keeps_url(copy.by_docname["posts/z"])
