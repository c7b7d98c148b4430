"""A small migrated blog (``tests/roots/test-jekyll``): Jekyll's rules for its posts, its
links, its files and its old URLs, and permalinks that try to escape or overwrite."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import build, copy_root, html, warnings


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    srcdir = copy_root("jekyll", tmp_path_factory.mktemp("jekyll"))
    app, _ = build(srcdir, freshenv=True)
    return srcdir, app


def kb_warnings(app) -> list[str]:
    return [w for w in warnings(app) if "WARNING" in w]


def test_posts_are_read_with_jekylls_rules(site):
    _, app = site
    first = html(app, "posts/2024-01-05-first")
    # 23:30 UTC is the next day in the site's zone (Europe/Paris), as Jekyll dates it;
    # the author comes from the defaults of _config.yml
    assert "6 January 2024" in first.select_one(".kb-byline").get_text()
    assert first.select_one(".kb-author").get_text() == "Ada"
    assert (app.outdir / "posts" / "2024-02-10-second.html").is_file()  # a .markdown post


def test_files_jekyll_would_not_take_as_posts_are_named(site):
    srcdir, app = site
    found = kb_warnings(app)
    assert any(w.startswith(f"{srcdir / 'posts' / 'notes.md'}:1: WARNING: kb: posts/notes.md is not built: Jekyll takes")
               for w in found)
    assert any("2024-03-06-old.html is in a posts folder but not built" in w for w in found)
    assert not (app.outdir / "posts" / "notes.html").exists()


def test_links_between_posts_and_to_files_resolve(site):
    _, app = site
    first = html(app, "posts/2024-01-05-first").find("article")
    hrefs = {a.get_text(): a["href"] for a in first.find_all("a", href=True)}
    assert hrefs["the second"] == "2024-02-10-second.html#a-section"
    assert hrefs["the second again"] == "2024-02-10-second.html"
    assert hrefs["paper"] == "../assets/docs/paper.pdf" and (app.outdir / "assets" / "docs" / "paper.pdf").is_file()
    assert hrefs["about page"] == "https://ada-lindqvist.net/about/"
    image = first.find("img")["src"]
    assert (Path(app.outdir) / "posts" / image).resolve().is_file()
    assert (app.outdir / "assets" / "img" / "chart.png").read_bytes().startswith(b"\x89PNG")
    second = html(app, "posts/2024-02-10-second").find("article")
    links = {a.get_text(): a["href"] for a in second.find_all("a", href=True)}
    assert links["the first"] == links["the first by its full address"] == "2024-01-05-first.html"


def test_what_cannot_be_resolved_is_a_warning_at_its_line(site):
    srcdir, app = site
    second = srcdir / "posts" / "2024-02-10-second.markdown"
    found = kb_warnings(app)
    assert any(w.startswith(f"{second}:12: WARNING: kb: /blog/notes/2023/01/01/gone/ looks like the old URL of a post")
               for w in found)
    lost = html(app, "posts/2024-02-10-second").find("article").find("img")["src"]
    assert lost == "https://ada-lindqvist.net/assets/img/lost.png"  # not here: shown from the old site


def test_liquid_code_is_highlighted_as_jekyll_shows_it(site):
    """A ``liquid`` block (Rouge's name for it) is highlighted with quoted filter
    arguments, which Pygments' own Liquid lexer fails on: no highlighting warning."""
    _, app = site
    block = html(app, "posts/2024-02-10-second").select_one("div.highlight-liquid pre")
    assert block is not None and block.get_text().strip() == '{{ "example :page" | uri_escape }}'
    assert block.select_one("span.s2").get_text() == '"example :page"'  # a string token, the filter a function
    assert block.select_one("span.nf").get_text() == "uri_escape"
    assert not [w for w in warnings(app) if "highlight" in w.lower() or "lexing" in w.lower()]


def redirect_of(outdir: Path, path: str) -> str:
    soup = BeautifulSoup((outdir / path).read_text(encoding="utf-8"), "html.parser")
    return soup.find("meta", attrs={"http-equiv": "refresh"})["content"].split("url=", 1)[1]


def test_old_urls_redirect_and_permalinks_never_escape_or_overwrite(site):
    srcdir, app = site
    outdir = Path(app.outdir)
    # html_baseurl serves the site under /blog, the old baseurl: old URLs are from that root
    assert redirect_of(outdir, "notes/2024/01/06/first/index.html") == "../../../../../posts/2024-01-05-first.html"
    assert redirect_of(outdir, "outside/index.html") == "../posts/2024-03-01-escape.html"  # Jekyll's sanitising
    assert not (outdir.parent / "outside").exists() and not (srcdir.parent / "outside").exists()
    home = (outdir / "index.html").read_text(encoding="utf-8")
    assert "This page has moved" not in home and "kb-listing" in home
    assert not [p for p in (outdir / "_static").rglob("*") if p.is_file() and b"This page has moved" in p.read_bytes()]
    assert redirect_of(outdir, "twins/index.html") == "../posts/2024-03-04-twin.html"
    found = kb_warnings(app)
    assert any("2024-03-02-overwrite.md: WARNING: kb: no redirect at /index.html: index.html is a page" in w for w in found)
    assert any("2024-03-03-static.md: WARNING: kb: no redirect: old URL '/_static/furo.css'" in w for w in found)
    assert sum("/twins/" in w for w in found) == 1


def test_a_rebuild_removes_redirects_no_longer_wanted(tmp_path):
    srcdir = copy_root("jekyll", tmp_path)
    app, _ = build(srcdir, freshenv=True)
    assert (app.outdir / "twins" / "index.html").is_file()
    for twin in ("2024-03-04-twin.md", "2024-03-05-twin.md"):
        (srcdir / "posts" / twin).unlink()
    app, _ = build(srcdir)
    assert not (app.outdir / "twins" / "index.html").exists()
    assert (app.outdir / "notes" / "2024" / "01" / "06" / "first" / "index.html").is_file()


def test_a_page_where_a_redirect_was_is_never_overwritten_nor_deleted(tmp_path):
    """A redirect of the last build whose path becomes a page of the site (here a
    kb_redirects entry, then a document at that path): the page is written and kept, and
    the redirect is a warning."""
    srcdir = copy_root("jekyll", tmp_path)
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + '\nkb_redirects = {"/moved.html": "index"}\n', encoding="utf-8")
    app, _ = build(srcdir, freshenv=True)
    assert "This page has moved" in (app.outdir / "moved.html").read_text(encoding="utf-8")
    (srcdir / "moved.md").write_text("# Moved here\n\nA page of its own now.\n", encoding="utf-8")
    app, _ = build(srcdir)
    text = (app.outdir / "moved.html").read_text(encoding="utf-8")
    assert "Moved here" in text and "This page has moved" not in text
    assert any("no redirect at /moved.html: moved.html is a page of this site" in w for w in kb_warnings(app))
