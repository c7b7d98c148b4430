"""Jekyll's own news blog (102 real posts, ``../shared/corpora/jekyll-news``), moved in
as a user would: ``kb import``, the conf.py lines it prints, ``sphinx-build``.

Every post gets a page; every link between posts (by old URL, ``{% post_url %}``,
``{% link %}``) is an internal link that resolves; links to the old site's other pages
lead there; the only warnings are for Liquid kb cannot run, each once with its line;
every old URL redirects to its post's new page."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from support.imported import import_and_build, kb_categories, kb_post_page, redirect_target, run
from support.jekyll import jekyll_posts, written_file
from support.shared import shared

CORPUS = shared("corpora", "jekyll-news")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if not CORPUS.is_dir():  # a skip would count as a pass: the issue asks for this very corpus
        pytest.fail(f"the shared corpus {CORPUS} is not beside this checkout")
    corpus = tmp_path_factory.mktemp("corpus") / "jekyll-news"
    shutil.copytree(CORPUS, corpus)  # read-only where it is
    kb = import_and_build(corpus, tmp_path_factory.mktemp("site"))
    assert kb.built.returncode == 0, kb.built.stderr
    return kb.root, corpus, kb.built


@pytest.fixture(scope="module")
def jekyll(site, tmp_path_factory):
    """The corpus built by real Jekyll: its output folder, and its posts as Liquid sees them."""
    _, corpus, _ = site
    return jekyll_posts(corpus, tmp_path_factory.mktemp("jekyll"))


def posts_of(corpus: Path) -> list[Path]:
    return sorted(corpus.joinpath("_posts").iterdir())


def page(site: Path, relative: str) -> BeautifulSoup:
    return BeautifulSoup((site / "_build" / "html" / relative).read_text(encoding="utf-8"), "html.parser")


def test_every_post_has_a_page(site):
    root, corpus, _ = site
    assert len(posts_of(corpus)) == 102
    for post in posts_of(corpus):
        html = root / "_build" / "html" / "posts" / f"{post.stem}.html"
        assert html.is_file(), post.name
    title = page(root, "posts/2013-05-06-jekyll-1-0-0-released.html").find("h1").get_text().rstrip("¶")
    assert title == "Jekyll 1.0.0 Released"


def test_the_only_warnings_are_for_liquid_kb_cannot_run_each_once(site):
    _, _, built = site
    warnings = [line for line in built.stderr.splitlines() if "WARNING" in line and not line.endswith("[kb.image]")]
    assert warnings and all(line.endswith("[kb.liquid]") for line in warnings), warnings
    assert all(re.search(r"\.(markdown|md):\d+: WARNING: Liquid is not run: ", line) for line in warnings)
    assert len(warnings) == len(set(warnings))
    assert any("{% for %}" in line for line in warnings)


def test_the_pictures_the_corpus_names_but_lacks_are_two_warnings_and_no_large_card(site):
    """_config.yml names /img/jekyll-og.png (defaults' image of every page) and
    /img/logo-2x.png (logo); the corpus has neither: each is one warning at its line,
    and no page announces a picture it cannot show."""
    root, _, built = site
    warnings = [line for line in built.stderr.splitlines() if line.endswith("[kb.image]")]
    config = str(root / "_jekyll" / "_config.yml")
    assert len(warnings) == 2 and all(line.startswith(config + ":") for line in warnings), warnings
    assert any("/img/jekyll-og.png" in line for line in warnings) and any("/img/logo-2x.png" in line for line in warnings)
    soup = page(root, "posts/2013-05-06-jekyll-1-0-0-released.html")
    assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"
    assert soup.find("meta", attrs={"property": "og:image"}) is None


def test_jemoji_shortcodes_are_emoji(site):
    """The site lists jemoji: its :tada: are emoji, as on jekyllrb.com."""
    root, _, _ = site
    text = page(root, "posts/2017-06-14-jekyll-3-5-0-released.html").find("article").get_text()
    assert "Happy Jekylling! 🎉" in text and ":tada:" not in text
    assert "💐" in page(root, "posts/2021-09-27-jekyll-4-2-1-released.html").find("article").get_text()


def test_suppressing_that_type_gives_a_clean_strict_build(site):
    root, _, _ = site
    strict = run(sys.executable, "-m", "sphinx", "-W", "--keep-going", "-E", "-b", "html", "-D",
                 "suppress_warnings=kb.liquid,kb.image", ".", str(root / "_strict"), cwd=root)
    assert strict.returncode == 0, strict.stderr


def internal_links(soup: BeautifulSoup) -> list[str]:
    article = soup.find("article")
    return [a["href"] for a in article.find_all("a", href=True) if "reference internal" in " ".join(a.get("class", []))]


def test_links_between_posts_are_internal_links_that_resolve(site):
    root, corpus, _ = site
    raw = re.compile(r"{%-? *raw *-?%}.*?{%-? *endraw *-?%}", re.S)  # Liquid shown as written
    sources = {post.stem: raw.sub("", post.read_text(encoding="utf-8")) for post in posts_of(corpus)}
    expected = {stem for stem, text in sources.items()
                if re.search(r"\]\(/news/|\]: /news/|{% post_url|{% link _posts", text)}
    assert len(expected) >= 5
    html = root / "_build" / "html"
    for stem in expected:
        soup = page(root, f"posts/{stem}.html")
        hrefs = [a["href"] for a in soup.find("article").find_all("a", href=True)]
        assert not [h for h in hrefs if "jekyllrb.com/news/" in h or h.startswith("/news/")], stem
        links = [h for h in internal_links(soup) if ".html" in h and "_kb" not in h and "_tags" not in h]
        assert links, stem
        for href in links:
            target = (html / "posts" / urlsplit(href).path).resolve()
            assert target.is_file(), (stem, href)


def test_links_to_other_pages_of_the_old_site_lead_there(site):
    root, _, _ = site
    soup = page(root, "posts/2013-05-06-jekyll-1-0-0-released.html")
    hrefs = [a["href"] for a in soup.find("article").find_all("a", href=True)]
    assert "https://jekyllrb.com/docs/history/#v1-0-0" in hrefs and "https://jekyllrb.com/docs/upgrading/" in hrefs


#: old URLs as jekyllrb.com serves them (the day is taken in the site's zone, America/Los_Angeles)
KNOWN_OLD_URLS = {
    "2013-05-06-jekyll-1-0-0-released": "/news/2013/05/05/jekyll-1-0-0-released/",
    "2016-05-18-jekyll-3-1-4-released": "/news/2016/05/18/jekyll-3-1-4-released/",
}


def test_every_old_url_redirects_to_its_new_page(site):
    from sphinx_kb.core.frontmatter import split_front_matter
    from sphinx_kb.core.jekyll.config import read_config
    from sphinx_kb.core.postreader import PostReader

    root, corpus, _ = site
    jekyll, _ = read_config((corpus / "_config.yml").read_text(encoding="utf-8"))
    reader = PostReader(jekyll, "posts")
    for post in posts_of(corpus):
        front = split_front_matter(post.read_text(encoding="utf-8"))[0]
        old = reader.read(front, f"posts/{post.name}").old_url
        if post.stem in KNOWN_OLD_URLS:
            assert old == KNOWN_OLD_URLS[post.stem]
        target = redirect_target(root / "_build" / "html", old)
        assert target == (root / "_build" / "html" / "posts" / f"{post.stem}.html").resolve(), post.name


def test_old_urls_lead_a_browser_to_the_new_pages(site):
    from support.browser import rendered, served

    root, _, _ = site
    with served(root / "_build" / "html") as base:
        for stem, old in KNOWN_OLD_URLS.items():
            shown = rendered(base + old)
            title = page(root, f"posts/{stem}.html").find("h1").get_text().rstrip("¶")
            assert shown.find("article").find("h1").get_text().rstrip("¶") == title, old


def test_every_url_jekyll_writes_for_a_post_redirects_to_its_page(site, jekyll):
    """Against real Jekyll: each post's URL (its permalink template, the day in the site's
    zone, the post with a permalink of its own in its body only) is a kb redirect to it."""
    root, corpus, _ = site
    built, posts = jekyll
    assert sorted(p.path for p in posts) == [f"_posts/{p.name}" for p in posts_of(corpus)]
    for post in posts:
        assert written_file(built, post.url).is_file(), post.url
        html = root / "_build" / "html"
        assert redirect_target(html, post.url) == kb_post_page(html, post.path), post.path


def test_categories_are_jekylls(site, jekyll):
    root, _, _ = site
    _, posts = jekyll
    html = root / "_build" / "html"
    expected: dict[str, set[Path]] = {}
    for post in posts:
        for category in post.categories:
            expected.setdefault(category, set()).add(kb_post_page(html, post.path))
    assert kb_categories(html) == expected
    assert set(expected) == {"release", "community", "team", "meetup", "partners"} and len(expected["release"]) == 89
