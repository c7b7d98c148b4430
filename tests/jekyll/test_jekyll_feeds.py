"""Subscribers keep their feeds: a Jekyll blog with jekyll-feed (``feed: path``,
``feed: categories``, ``feed: tags``) built by real Jekyll and moved into kb
(``kb import``, ``sphinx-build``); every feed Jekyll wrote is at the same address in
kb's output, and a feed reader (feedparser) finds there the entries it knows: the same
ids, and links that lead to the same posts."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.jekyll import jekyll_build
from support.kb_import_feeds import atom_feeds, import_and_build, landing, page_file, site_address

SITE = Path(__file__).parents[1] / "data" / "jekyll-feeds-site"
ADDRESS = site_address(SITE)  # https://blog.example.org/


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    jekyll = jekyll_build(SITE, tmp_path_factory.mktemp("jekyll"))
    kb = import_and_build(SITE, tmp_path_factory.mktemp("kb"))
    return jekyll, kb, atom_feeds(jekyll), atom_feeds(kb.html)


def test_every_feed_jekyll_wrote_is_at_the_same_address(built):
    _, _, jekyll_feeds, kb_feeds = built
    # feed: path, feed: categories and feed: tags, and nothing at the default /feed.xml
    assert {"atom.xml", "feed/release.xml", "feed/notes.xml", "feed/by_tag/announce.xml"} <= set(jekyll_feeds)
    assert "feed.xml" not in jekyll_feeds
    missing = set(jekyll_feeds) - set(kb_feeds)
    assert not missing, missing


def test_each_feed_has_jekyll_feeds_own_id_and_self_link(built):
    _, _, jekyll_feeds, kb_feeds = built
    for path, theirs in jekyll_feeds.items():
        ours = kb_feeds[path]
        assert ours.feed.id == theirs.feed.id == ADDRESS + path, path
        self_links = [{link.href for link in f.feed.links if link.rel == "self"} for f in (ours, theirs)]
        assert self_links[0] == self_links[1] == {ADDRESS + path}, path


def test_entry_ids_are_jekyll_feeds(built):
    _, _, jekyll_feeds, kb_feeds = built
    for path, theirs in jekyll_feeds.items():
        assert {e.id for e in kb_feeds[path].entries} == {e.id for e in theirs.entries}, path
    # Document#id: the URL's folder and the slug (a front-matter slug wins over the file's)
    ids = {e.id for e in jekyll_feeds["feed/notes.xml"].entries}
    assert "https://blog.example.org/notes/2024/03/01/speed-note" in ids


def test_entry_links_lead_to_the_same_posts(built):
    """Jekyll's entry link is the post's old address, kb's its new page: a reader's
    click on either lands on the same page of kb's site."""
    _, kb, jekyll_feeds, kb_feeds = built
    html = kb.html
    for path, theirs in jekyll_feeds.items():
        old = {e.id: landing(html, page_file(html, e.link[len(ADDRESS) - 1:]), ADDRESS) for e in theirs.entries}
        new = {e.id: landing(html, page_file(html, e.link[len(ADDRESS) - 1:]), ADDRESS) for e in kb_feeds[path].entries}
        assert old == new, path
        assert all(isinstance(where, str) or where.is_relative_to(html / "posts") for where in new.values()), path


def test_kb_own_site_feed_has_the_same_ids(built):
    """kb's own feed.xml (new subscribers') shows the same entries under the same ids."""
    _, _, jekyll_feeds, kb_feeds = built
    assert {e.id for e in kb_feeds["feed.xml"].entries} == {e.id for e in jekyll_feeds["atom.xml"].entries}


def test_a_category_feed_holds_that_category_only(built):
    _, _, _, kb_feeds = built
    titles = {e.title for e in kb_feeds["feed/release.xml"].entries}
    assert titles == {"First release", "Second release"}


def test_a_rebuild_after_editing_feed_settings_equals_a_clean_build(tmp_path):
    """_config.yml's ``feed:`` edited alone (no post changed): the next build writes
    the feeds a clean build writes, and removes the one no longer wanted."""
    import subprocess
    import sys

    kb = import_and_build(SITE, tmp_path)
    config = kb.jekyll_config
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("path: /atom.xml", "path: /all.xml").replace("    - notes\n", "    - notes\n    - empty\n"),
                      encoding="utf-8")
    for command in (["-b", "html", ".", "_build/html"], ["-E", "-b", "html", ".", str(tmp_path / "clean")]):
        done = subprocess.run([sys.executable, "-m", "sphinx", *command], cwd=kb.root, capture_output=True, text=True,
                              timeout=600, check=False)
        assert done.returncode == 0, done.stderr
    again, clean = atom_feeds(kb.html), atom_feeds(tmp_path / "clean")
    assert set(again) == set(clean) and {"all.xml", "feed/empty.xml"} <= set(again) and "atom.xml" not in again
    for path in clean:
        assert [e.id for e in again[path].entries] == [e.id for e in clean[path].entries], path


def test_a_feed_is_never_written_through_a_symbolic_link(tmp_path):
    import shutil
    import subprocess
    import sys

    kb = import_and_build(SITE, tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(kb.html / "feed")
    (kb.html / "feed").symlink_to(elsewhere, target_is_directory=True)
    done = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", ".", "_build/html"], cwd=kb.root,
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    assert "WARNING: kb: no feed written at feed/release.xml: a symbolic link is on its way" in done.stderr
    assert list(elsewhere.iterdir()) == []
    assert (kb.html / "atom.xml").is_file()
