"""Jekyll's own news blog (``../shared/corpora/jekyll-news``: ``feed: categories:
[release]``, jekyll-feed and jekyll-redirect-from among its plugins) built by real
Jekyll and moved into kb: its subscribers' feeds ``/feed.xml`` and
``/feed/release.xml`` are at the same addresses with the same entry ids (feedparser)."""

from __future__ import annotations

import pytest

from support.jekyll import jekyll_build
from support.kb_import_feeds import atom_feeds, import_and_build
from support.shared import shared

CORPUS = shared("corpora", "jekyll-news")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    if not CORPUS.is_dir():  # a skip would count as a pass: the issue asks for this very corpus
        pytest.fail(f"the shared corpus {CORPUS} is not beside this checkout")
    jekyll = jekyll_build(CORPUS, tmp_path_factory.mktemp("jekyll"))
    kb = import_and_build(CORPUS, tmp_path_factory.mktemp("kb"))
    return atom_feeds(jekyll), atom_feeds(kb.html)


def test_the_release_feed_keeps_its_address_and_entry_ids(built):
    theirs, ours = built
    assert {"feed.xml", "feed/release.xml"} <= set(theirs)
    for path in ("feed.xml", "feed/release.xml"):
        ids = {entry.id for entry in theirs[path].entries}
        assert len(ids) == 10  # jekyll-feed's posts_limit
        assert "https://jekyllrb.com/news/2025/01/29/jekyll-4-4-1-released" in ids
        assert {entry.id for entry in ours[path].entries} == ids, path
        assert ours[path].feed.id == theirs[path].feed.id == f"https://jekyllrb.com/{path}"
