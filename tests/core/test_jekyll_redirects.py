"""Redirect pages at old URLs: validated paths, their HTML, the plan."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sphinx_kb.core.frontmatter import load_yaml, split_front_matter
from sphinx_kb.core.jekyll.config import read_config
from sphinx_kb.core.jekyll.permalinks import jekyll_post
from sphinx_kb.core.jekyll.redirects import RedirectRequest, destination, href_from, plan, redirect_html
from support.shared import shared


def _corpus() -> Path:
    """Jekyll's news blog (102 posts, MIT) in the shared folder."""
    return shared("corpora", "jekyll-news")


@pytest.fixture(scope="module")
def jekyll_news(tmp_path_factory) -> Path:
    """A private copy of the corpus (it is read-only where it lives)."""
    target = tmp_path_factory.mktemp("corpus") / "jekyll-news"
    shutil.copytree(_corpus(), target)
    return target


@pytest.mark.parametrize(
    ("old_url", "expected"),
    [
        ("/news/2013/05/06/x/", "news/2013/05/06/x/index.html"),
        ("/x.html", "x.html"),
        ("/news/jekyll-1.0.0-released", "news/jekyll-1.0.0-released.html"),
        ("/caf%C3%A9/", "café/index.html"),
        ("/a%20b.html?x=1#y", "a b.html"),
    ],
)
def test_destination_follows_jekyll(old_url, expected):
    assert destination(old_url) == (expected, None)


@pytest.mark.parametrize(
    "old_url",
    [
        "/../../etc/passwd/", "/a/../../b/", "/%2e%2e/%2e%2e/x/", "/a/./b.html", "//evil.example/x/",
        "https://evil.example/x/", "relative/x.html", "/C:/Windows/x.html", "/a\\b.html", "/a%5C..%5Cb.html",
        "/x%00.html", "/con/", "/NUL.html", "/lpt1.txt/", "/com¹/", "/x./", "/x /", "/.htaccess/", "/.git/config/",
        "/_static/basic.css/", "/search.html", "/genindex/", "/" + "a" * 256 + "/", "/a/" * 300,
        "/feed.xml", "/%FF%FE/", "/a:b/", "/a|b/", "/a?b",
    ],
)
def test_hostile_old_urls_are_refused_with_a_reason(old_url):
    path, why = destination(old_url, ".xml" if old_url == "/feed.xml" else ".html")
    if old_url == "/genindex/":
        assert path == "genindex/index.html"  # a folder, not Sphinx's genindex.html: allowed
        return
    if old_url == "/a?b":
        assert path == "a.html"  # the query is no part of the file
        return
    assert path is None and why


def test_the_page_redirects_three_ways_and_escapes_everything():
    page = redirect_html('../x/"><script>alert(1)</script>.html#a&b')
    soup = BeautifulSoup(page, "html.parser")
    assert soup.find("script") is None
    target = '../x/"><script>alert(1)</script>.html#a&b'
    assert soup.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={target}"
    assert soup.find("link", rel="canonical")["href"] == target
    assert soup.find("a")["href"] == target
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_hrefs_are_relative_to_the_redirect_page():
    assert href_from("news/2013/05/05/x/index.html", "posts/x.html#top") == "../../../../../posts/x.html#top"
    assert href_from("x.html", "posts/é t.html") == "posts/%C3%A9%20t.html"
    assert href_from("a/b.html", "https://example.org/p?q=1") == "https://example.org/p?q=1"


def test_plan_never_overwrites_a_page_and_reports_claims():
    requests = [
        RedirectRequest("/news/x/", "posts/x.html", "posts/x"),
        RedirectRequest("/news/x/", "posts/y.html", "posts/y"),
        RedirectRequest("/index.html", "posts/z.html", "posts/z"),
        RedirectRequest("/Posts/X.html", "posts/z.html", "posts/z2"),  # the same file on macOS and Windows
        RedirectRequest("/posts/x.html/deeper/", "posts/z.html", "posts/z3"),  # under a page's file
        RedirectRequest("/../escape/", "posts/z.html", "posts/z4"),
    ]
    result = plan(requests, ["index.html", "posts/x.html", "posts/y.html", "posts/z.html"])
    assert [(p.path, p.target) for p in result.pages] == [("news/x/index.html", "posts/x.html")]
    problems = {p.origin: p.message for p in result.problems}
    assert set(problems) == {"posts/y", "posts/z", "posts/z2", "posts/z3", "posts/z4"}
    assert "claimed by posts/x" in problems["posts/y"]
    assert "is a page of this site" in problems["posts/z"] and "is a page of this site" in problems["posts/z2"]


def test_hand_written_redirects_merge_in_and_win():
    result = plan(
        [RedirectRequest("/old/", "posts/a.html", "posts/a")], ["posts/a.html", "posts/b.html"],
        manual={"/old/": "posts/b", "/gone.html": "https://example.org/new", "/lost/": "posts/nothing", "x/": "javascript:alert(1)"},
        resolve_docname=lambda docname: f"{docname}.html" if docname in ("posts/a", "posts/b") else None,
    )
    assert [(p.path, p.target) for p in result.pages] == [("gone.html", "https://example.org/new"), ("old/index.html", "posts/b.html")]
    assert sorted(p.message.split(":")[0] for p in result.problems) == ["redirect '/lost/'", "redirect 'x/'"]


def test_a_redirect_page_with_the_new_site_address_has_an_absolute_canonical():
    page = plan([RedirectRequest("/news/x/", "posts/x.html#a", "posts/x")], []).pages[0]
    soup = BeautifulSoup(page.html("https://kb.example.org/"), "html.parser")
    assert soup.find("link", rel="canonical")["href"] == "https://kb.example.org/posts/x.html#a"
    assert soup.find("a")["href"] == "../../posts/x.html#a"


def test_every_corpus_post_gets_a_redirect_to_its_page(jekyll_news):
    site, _ = read_config((jekyll_news / "_config.yml").read_text())
    requests = []
    for path in sorted((jekyll_news / "_posts").iterdir()):
        front, _body, _n, _p = split_front_matter(path.read_text(encoding="utf-8"))
        post, _ = jekyll_post(f"_posts/{path.name}", load_yaml(front)[0], site)
        requests.append(RedirectRequest(site.address(post.url), f"posts/{path.stem}.html", f"posts/{path.stem}", post.output_ext))
    real = [r.target for r in requests] + ["index.html", "search.html", "genindex.html"]
    result = plan(requests, real)
    assert result.problems == [] and len(result.pages) == 102
    for page in result.pages:
        assert page.path == page.old_url.lstrip("/") + "index.html"
        soup = BeautifulSoup(page.html(), "html.parser")
        href = soup.find("meta", attrs={"http-equiv": "refresh"})["content"].split("url=", 1)[1]
        assert href == "../../../../../" + page.target  # news/Y/M/D/title/index.html -> posts/….html


def test_hostile_permalinks_in_front_matter_are_refused(jekyll_news):
    site, _ = read_config((jekyll_news / "_config.yml").read_text())
    hostile = {
        "/../../../etc/cron.d/x/": "escapes (Jekyll's own sanitising turns '..' into '/', kb refuses the rest)",
        "/index.html": "the home page",
        "/posts/2024-01-01-a.html": "another post's page",
        "/_static/pygments.css": "Sphinx's files",
        "/CON/": "a Windows device name",
        "/%2e%2e%2f%2e%2e%2fx/": "an encoded escape",
        "/a%00b/": "a NUL",
    }
    requests = []
    for number, permalink in enumerate(hostile, start=1):
        post, problems = jekyll_post(f"_posts/2024-01-0{number}-h.md", {"permalink": permalink}, site)
        assert problems == []
        requests.append(RedirectRequest(site.address(post.url), "posts/h.html", permalink, post.output_ext))
    result = plan(requests, ["index.html", "posts/2024-01-01-a.html", "posts/h.html"])
    written = {page.origin: page.path for page in result.pages}
    assert written == {"/../../../etc/cron.d/x/": "etc/cron.d/x/index.html"}  # inside the output folder
    assert {p.origin for p in result.problems} == set(hostile) - set(written)


def test_a_redirect_page_is_told_from_a_page_by_its_first_bytes():
    from sphinx_kb.core.jekyll.redirects import is_redirect_page

    assert is_redirect_page(redirect_html("posts/x.html").encode("utf-8")[:200])
    assert not is_redirect_page(b"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>x</title>")
    assert not is_redirect_page(b"")


def test_a_redirect_page_says_its_language():
    from sphinx_kb.core.jekyll.redirects import REDIRECT_START, is_redirect_page

    soup = BeautifulSoup(redirect_html("posts/x.html", lang="de_AT"), "html.parser")
    assert soup.html["lang"] == "de-AT"
    assert BeautifulSoup(redirect_html("x.html", lang='en"><script>'), "html.parser").html["lang"] == "en"
    assert is_redirect_page(redirect_html("x.html", lang="fr").encode("utf-8"))
    assert is_redirect_page((REDIRECT_START + "<link>").encode("utf-8"))  # one an older kb wrote
    assert not is_redirect_page(b"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<title>A post</title>")
