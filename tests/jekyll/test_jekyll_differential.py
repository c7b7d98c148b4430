"""kb against real Jekyll on a site of posts in category folders
(``tests/data/jekyll-categories``): every URL Jekyll writes for a post has kb's redirect
to that post's page, and kb's category pages list the posts Jekyll puts in each category.

The site is built twice, once with its own permalink template
(``/:categories/:year/:month/:day/:title:output_ext``) and once with ``permalink: pretty``;
Jekyll's posts, URLs and categories are read from a page printing ``site.posts``
(``support.jekyll.jekyll_posts``)."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from support.imported import import_and_build, kb_categories, kb_post_page, redirect_target, run
from support.jekyll import jekyll_posts, written_file

SITE = Path(__file__).resolve().parent.parent / "data" / "jekyll-categories"


@pytest.fixture(scope="module", params=["own-template", "pretty"])
def both(request, tmp_path_factory):
    work = tmp_path_factory.mktemp(request.param)
    source = work / "jekyll"
    shutil.copytree(SITE, source)
    if request.param == "pretty":
        config = source / "_config.yml"
        config.write_text(re.sub(r"(?m)^permalink: .*$", "permalink: pretty", config.read_text(encoding="utf-8")),
                          encoding="utf-8")
    built, posts = jekyll_posts(source, work)
    kb = import_and_build(source, work / "kb")
    assert kb.built.returncode == 0, kb.built.stderr
    return request.param, built, posts, kb


def test_kb_imports_the_posts_jekyll_reads_and_no_other(both):
    """Category folders at any depth, vendor/ and an included _inc/; not excluded/ (by the
    prefix excl), vendor/bundle/ or node_modules/ (Jekyll's default excludes), nor a post
    excluded by name."""
    _, _, posts, kb = both
    brought = sorted(p.relative_to(kb.root / "posts").as_posix() for p in (kb.root / "posts").rglob("*.md"))
    assert brought == sorted(p.path for p in posts)
    assert "blog/_posts/2019-01-02-skipped.md: excluded in _config.yml" in kb.imported.stdout
    assert sorted(p.path for p in posts) == [
        "_inc/_posts/2019-12-13-included.md", "a/b/_posts/2019-07-08-nested.md", "a/b/_posts/2019-08-09-own-permalink.md",
        "blog/_posts/2019-03-02-my-post.md", "blog/_posts/2019-05-06-web-post.md",
        "blog/_posts/2019-06-07-two-words.md", "blog/_posts/2019-10-11-same.md", "blog/_posts/2019-12-01-escaped.md",
        "guide/_posts/2019-04-01-first-steps.md", "news/_posts/2019-10-11-same.md",
        "pretty/_posts/2019-09-10-pretty-one.md", "vendor/_posts/2019-11-12-vendored.md"]
    found = {p.path: p.categories for p in posts}
    assert found["a/b/_posts/2019-07-08-nested.md"] == ("a", "b", "extra")
    assert found["blog/_posts/2019-05-06-web-post.md"] == ("blog", "web dev")


def test_every_url_jekyll_writes_for_a_post_redirects_to_its_kb_page(both):
    style, built, posts, kb = both
    for post in posts:
        assert written_file(built, post.url).is_file(), post.url
        assert redirect_target(kb.html, post.url) == kb_post_page(kb.html, post.path), (style, post.path, post.url)
    urls = {p.path: p.url for p in posts}
    if style == "own-template":  # a space in a category: Jekyll percent-encodes it, and writes the space
        assert urls["blog/_posts/2019-05-06-web-post.md"] == "/blog/web%20dev/2019/05/06/web-post.html"
        assert (kb.html / "blog" / "web dev" / "2019" / "05" / "06" / "web-post.html").is_file()
        assert urls["blog/_posts/2019-12-01-escaped.md"] == "/blog/caf%C3%A9/c%23%20&%20f%23/2019/12/01/escaped.html"
    else:
        assert urls["blog/_posts/2019-05-06-web-post.md"] == "/blog/web%20dev/2019/05/06/web-post/"
    assert urls["pretty/_posts/2019-09-10-pretty-one.md"] == "/pretty"  # a post's own permalink is literal
    assert urls["a/b/_posts/2019-08-09-own-permalink.md"] == "/custom/a/b/own/"


def test_kb_categories_are_jekylls(both):
    _, _, posts, kb = both
    expected: dict[str, set[Path]] = {}
    for post in posts:
        for category in post.categories:
            expected.setdefault(category, set()).add(kb_post_page(kb.html, post.path))
    assert kb_categories(kb.html) == expected
    assert {"a", "b", "extra", "web dev", "news", "release", "Howto"} <= set(expected)


def test_links_without_the_category_folders_find_their_post_or_name_the_candidates(both):
    _, _, _, kb = both
    assert "/2019/04/01/first-steps.html -> guide/_posts/2019-04-01-first-steps.md" in kb.imported.stdout
    assert "/2019/03/02/my-post.html -> blog/_posts/2019-03-02-my-post.md" in kb.imported.stdout
    warnings = [line for line in kb.built.stderr.splitlines() if "WARNING" in line]
    assert not [w for w in warnings if "[kb.redirect]" in w or "looks like the old URL" in w], warnings
    ambiguous = [w for w in warnings if "[kb.jekyll]" in w]
    assert len(ambiguous) == 1 and "guide/_posts/2019-04-01-first-steps.md:7: WARNING" in ambiguous[0]
    assert ("2 posts have its date and title: posts/blog/_posts/2019-10-11-same.md, "
            "posts/news/_posts/2019-10-11-same.md") in ambiguous[0]
    mine = kb.html / "posts" / "guide" / "_posts" / "2019-04-01-first-steps.html"
    assert 'href="../../blog/_posts/2019-03-02-my-post.html"' in mine.read_text(encoding="utf-8")


def test_a_second_build_into_the_same_output_with_other_doctrees_keeps_the_redirects(both):
    """``make html`` (``sphinx-build -M``: doctrees in ``_build/doctrees``) after
    ``sphinx-build -b html . _build/html`` (doctrees in the output): the first build's
    redirect pages are not taken for pages of the site."""
    _, _, posts, kb = both
    again = run(sys.executable, "-m", "sphinx", "-M", "html", ".", "_build", cwd=kb.root)
    assert again.returncode == 0, again.stderr
    assert "[kb.redirect]" not in again.stderr, again.stderr
    for post in posts:
        assert redirect_target(kb.html, post.url) == kb_post_page(kb.html, post.path), post.url
