"""jekyll-redirect-from's ``redirect_from`` and ``redirect_to``: a small Jekyll blog
built by real Jekyll and moved into kb; every redirect page Jekyll wrote has one in
kb's output at the same path, landing on the same post (or the same address off the
site), and ``redirects.json`` says the same. Bad values are warnings at their line,
and never write a file where kb's redirects may not go."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support.jekyll import jekyll_build
from support.kb_import_feeds import (import_and_build, jekyll_redirects, landing, page_file, redirect_of, same_landing,
                                     site_address)

SITE = Path(__file__).parents[1] / "data" / "jekyll-feeds-site"
ADDRESS = site_address(SITE)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    jekyll = jekyll_build(SITE, tmp_path_factory.mktemp("jekyll"))
    kb = import_and_build(SITE, tmp_path_factory.mktemp("kb"))
    return jekyll, kb


def test_every_redirect_jekyll_wrote_lands_on_the_same_post(built):
    jekyll, kb = built
    theirs = jekyll_redirects(jekyll)
    # redirect_from as a string and a list (/x/ and /x.html), and redirect_to
    assert {"first/index.html", "second.html", "releases/2/index.html",
            "notes/2024/04/02/moved-away/index.html"} <= set(theirs)
    for path, target in theirs.items():
        ours = kb.html / path
        assert ours.is_file() and redirect_of(ours) is not None, path
        landed, expected = same_landing(ADDRESS, kb.html, path, target)
        assert landed == expected, path
        if not isinstance(expected, str):
            assert expected.is_relative_to(kb.html / "posts") and redirect_of(expected) is None, path


def test_a_post_with_redirect_to_is_a_redirect_page(built):
    _, kb = built
    page = kb.html / "posts" / "2024-04-02-moved-away.html"
    assert redirect_of(page) == "https://elsewhere.example.com/moved/"
    assert "This post lives elsewhere now" not in page.read_text(encoding="utf-8")
    # a path that is a post's old URL: that post's new page
    renamed = kb.html / "posts" / "2024-05-25-renamed.html"
    assert landing(kb.html, renamed, ADDRESS) == (kb.html / "posts" / "2024-01-10-first-release.html").resolve()


def test_redirects_json_as_jekyll_redirect_from_writes_it(built):
    jekyll, kb = built
    theirs = json.loads((jekyll / "redirects.json").read_text(encoding="utf-8"))
    ours = json.loads((kb.html / "redirects.json").read_text(encoding="utf-8"))
    assert set(ours) == set(theirs)
    for old, target in theirs.items():
        if not target.startswith(ADDRESS):
            assert ours[old] == target
        else:  # the post's old address there, its new page here: the same post
            where = landing(kb.html, page_file(kb.html, target[len(ADDRESS) - 1:]), ADDRESS)
            assert page_file(kb.html, ours[old][len(ADDRESS) - 1:]).resolve() == where, old


def warnings_of(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "WARNING" in line]


def edited_site(work: Path, posts: dict[str, str], plugins: str = "[jekyll-feed, jekyll-redirect-from]") -> Path:
    site = work / "site"
    shutil.copytree(SITE, site)
    config = site / "_config.yml"
    config.write_text(re.sub(r"plugins:\n(  - .*\n)+", f"plugins: {plugins}\n", config.read_text(encoding="utf-8")),
                      encoding="utf-8")
    for name, text in posts.items():
        (site / "_posts" / name).write_text(text, encoding="utf-8")
    return site


BAD = """---
title: Bad moves
redirect_from:
  - /fine/
  - 3
  - /../../outside/
  - /_static/x.html
  - /posts/2024-05-20-plain.html
redirect_to: 7
---
Bad values.
"""


@pytest.fixture(scope="module")
def bad(tmp_path_factory):
    work = tmp_path_factory.mktemp("bad")
    script = "---\ntitle: Scripted\nredirect_to: javascript:alert(1)\n---\nText.\n"
    return import_and_build(edited_site(work, {"2024-06-01-bad-moves.md": BAD, "2024-06-02-script.md": script}), work)


def test_bad_values_are_warnings_at_their_line(bad):
    warnings = warnings_of(bad.stderr)
    mine = [w for w in warnings if "2024-06-01-bad-moves" in w]
    assert any(re.search(r"bad-moves\.md:3: WARNING: .*redirect_from: 3 is not a path", w) for w in mine), warnings
    assert any(re.search(r"bad-moves\.md:3: WARNING: .*'\.\.' segment", w) for w in mine), warnings
    assert any(re.search(r"bad-moves\.md:3: WARNING: .*Sphinx's own output", w) for w in mine), warnings
    assert any(re.search(r"bad-moves\.md:3: WARNING: .*is a page of this site", w) for w in mine), warnings
    assert any(re.search(r"bad-moves\.md:9: WARNING: .*redirect_to: 7 is not an address", w) for w in mine), warnings
    assert any(re.search(r"script\.md:3: WARNING: .*redirect_to: 'javascript:alert\(1\)' is neither", w)
               for w in warnings), warnings


def test_bad_values_write_nothing_where_redirects_may_not_go(bad):
    assert redirect_of(bad.html / "fine" / "index.html") is not None  # the good value still works
    assert not (bad.root.parent / "outside").exists() and not (bad.html.parent / "outside").exists()
    assert not (bad.html / "_static" / "x.html").exists()
    assert redirect_of(bad.html / "posts" / "2024-05-20-plain.html") is None  # the page is kept
    assert redirect_of(bad.html / "posts" / "2024-06-01-bad-moves.html") is None
    assert redirect_of(bad.html / "posts" / "2024-06-02-script.html") is None
    assert "javascript" not in (bad.html / "redirects.json").read_text(encoding="utf-8")


def test_without_the_plugin_the_keys_are_a_warning_and_no_redirect(tmp_path):
    site = edited_site(tmp_path, {}, plugins="[jekyll-feed]")
    kb = import_and_build(site, tmp_path)
    assert not (kb.html / "first" / "index.html").exists() and not (kb.html / "redirects.json").exists()
    assert redirect_of(kb.html / "posts" / "2024-04-02-moved-away.html") is None
    assert any(re.search(r"first-release\.md:5: WARNING: .*redirect_from is ignored: jekyll-redirect-from", w)
               for w in warnings_of(kb.stderr)), kb.stderr


def test_a_rebuild_after_an_edit_equals_a_clean_build(tmp_path):
    """redirect_from moved and redirect_to dropped: the old redirect pages go, the post's
    page is a page again, as a clean build of the edited site makes them."""
    site = edited_site(tmp_path, {})
    kb = import_and_build(site, tmp_path)
    first = kb.root / "posts" / "2024-01-10-first-release.md"
    first.write_text(first.read_text(encoding="utf-8").replace("redirect_from: /first/", "redirect_from: /one/"),
                     encoding="utf-8")
    moved = kb.root / "posts" / "2024-04-02-moved-away.md"
    moved.write_text(re.sub(r"redirect_to: .*\n", "", moved.read_text(encoding="utf-8")), encoding="utf-8")
    again = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", ".", "_build/html"], cwd=kb.root,
                           capture_output=True, text=True, timeout=600, check=False)
    assert again.returncode == 0, again.stderr
    clean = subprocess.run([sys.executable, "-m", "sphinx", "-E", "-b", "html", ".", str(tmp_path / "clean")],
                           cwd=kb.root, capture_output=True, text=True, timeout=600, check=False)
    assert clean.returncode == 0, clean.stderr
    assert not (kb.html / "first" / "index.html").exists() and redirect_of(kb.html / "one" / "index.html")
    assert redirect_of(kb.html / "posts" / "2024-04-02-moved-away.html") is None
    for name in ("redirects.json", "one/index.html", "posts/2024-04-02-moved-away.html", "feed/notes.xml"):
        ours, theirs = (kb.html / name).read_text(encoding="utf-8"), (tmp_path / "clean" / name).read_text(encoding="utf-8")
        if name.endswith(".xml"):  # the feed's <updated> is the newest entry's: equal too
            ours, theirs = (re.sub(r"<generator.*?</generator>", "", t) for t in (ours, theirs))
        assert ours == theirs, name


def sphinx_build(root: Path) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", ".", "_build/html"], cwd=root,
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    return done


def test_a_site_written_for_kb_honours_them_too_and_never_writes_through_a_link(tmp_path):
    """Without kb_jekyll_config the keys work as they do with the plugin; a redirect
    whose folder in the output is a symbolic link to elsewhere is a warning, and
    nothing is written there."""
    root = tmp_path / "native"
    (root / "posts").mkdir(parents=True)
    (root / "conf.py").write_text('extensions = ["sphinx_kb"]\nkb_posts = ["posts/**"]\n'
                                  'html_baseurl = "https://kb.example.org/"\n', encoding="utf-8")
    (root / "index.md").write_text("# Home\n\n```{toctree}\n:glob:\nposts/*\n```\n", encoding="utf-8")
    post = root / "posts" / "2024-01-01-kept.md"
    post.write_text("---\ntitle: Kept\nredirect_from: [/old/kept/]\n---\nText.\n", encoding="utf-8")
    sphinx_build(root)
    html = root / "_build" / "html"
    assert landing(html, html / "old" / "kept" / "index.html", "https://kb.example.org/") == \
        (html / "posts" / "2024-01-01-kept.html").resolve()
    assert not (html / "redirects.json").exists()  # jekyll-redirect-from's file, for a Jekyll site only
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (html / "linked").symlink_to(elsewhere, target_is_directory=True)
    post.write_text("---\ntitle: Kept\nredirect_from: [/old/kept/, /linked/x/]\n---\nText.\n", encoding="utf-8")
    done = sphinx_build(root)
    assert any(re.search(r"2024-01-01-kept\.md:3: WARNING: .*/linked/x/: a symbolic link", w)
               for w in warnings_of(done.stderr)), done.stderr
    assert list(elsewhere.iterdir()) == []
    assert redirect_of(html / "old" / "kept" / "index.html") is not None


def test_a_rebuild_after_dropping_the_plugin_equals_a_clean_build(tmp_path):
    """jekyll-redirect-from taken out of _config.yml's plugins, no post edited: the
    redirects go, and the post that was a redirect page is a page again."""
    kb = import_and_build(edited_site(tmp_path, {}), tmp_path)
    page = kb.html / "posts" / "2024-04-02-moved-away.html"
    assert redirect_of(page) is not None
    config = kb.jekyll_config
    config.write_text(config.read_text(encoding="utf-8").replace(", jekyll-redirect-from]", "]"), encoding="utf-8")
    sphinx_build(kb.root)
    clean = subprocess.run([sys.executable, "-m", "sphinx", "-E", "-b", "html", ".", str(tmp_path / "clean")],
                           cwd=kb.root, capture_output=True, text=True, timeout=600, check=False)
    assert clean.returncode == 0, clean.stderr
    assert redirect_of(page) is None and "This post lives elsewhere now" in page.read_text(encoding="utf-8")
    assert not (kb.html / "first" / "index.html").exists() and not (kb.html / "redirects.json").exists()
    assert redirect_of(kb.html / "notes" / "2024" / "04" / "02" / "moved-away" / "index.html") == \
        "../../../../../posts/2024-04-02-moved-away.html"
    old = {p.relative_to(kb.html).as_posix() for p in kb.html.rglob("*.html")}
    assert old == {p.relative_to(tmp_path / "clean").as_posix() for p in (tmp_path / "clean").rglob("*.html")}


def test_the_sitemaps_list_the_same_posts(built):
    """jekyll-redirect-from gives a redirect_to post ``sitemap: false``: jekyll-sitemap
    leaves it out, and so does kb's sitemap; every other post is in both."""
    jekyll, kb = built
    theirs = re.findall(r"<loc>(.*?)</loc>", (jekyll / "sitemap.xml").read_text(encoding="utf-8"))
    ours = re.findall(r"<loc>(.*?)</loc>", (kb.html / "sitemap.xml").read_text(encoding="utf-8"))
    landed = {landing(kb.html, page_file(kb.html, loc[len(ADDRESS) - 1:]), ADDRESS) for loc in theirs}
    posts = {page_file(kb.html, loc[len(ADDRESS) - 1:]).resolve() for loc in ours if "/posts/" in loc}
    assert len(theirs) == 4 and landed == posts
    assert (kb.html / "posts" / "2024-04-02-moved-away.html").resolve() not in posts
