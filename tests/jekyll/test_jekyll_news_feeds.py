"""Jekyll's own news blog (``../shared/corpora/jekyll-news``: ``feed: categories:
[release]``, jekyll-feed and jekyll-redirect-from among its plugins) built by real
Jekyll and moved into kb: its subscribers' feeds ``/feed.xml`` and
``/feed/release.xml`` are at the same addresses with the same entry ids (feedparser);
the redirect its one ``redirect_from`` asks for lands on that post, and
``redirects.json`` has the same entries."""

from __future__ import annotations

import json

import pytest

from support.jekyll import jekyll_build
from support.kb_import_feeds import atom_feeds, import_and_build, jekyll_redirects, same_landing
from support.shared import shared

CORPUS = shared("corpora", "jekyll-news")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    if not CORPUS.is_dir():  # a skip would count as a pass: the issue asks for this very corpus
        pytest.fail(f"the shared corpus {CORPUS} is not beside this checkout")
    jekyll = jekyll_build(CORPUS, tmp_path_factory.mktemp("jekyll"))
    kb = import_and_build(CORPUS, tmp_path_factory.mktemp("kb"))
    return atom_feeds(jekyll), atom_feeds(kb.html), jekyll, kb


def test_the_release_feed_keeps_its_address_and_entry_ids(built):
    theirs, ours, _, _ = built
    assert {"feed.xml", "feed/release.xml"} <= set(theirs)
    for path in ("feed.xml", "feed/release.xml"):
        ids = {entry.id for entry in theirs[path].entries}
        assert len(ids) == 10  # jekyll-feed's posts_limit
        assert "https://jekyllrb.com/news/2025/01/29/jekyll-4-4-1-released" in ids
        assert {entry.id for entry in ours[path].entries} == ids, path
        assert ours[path].feed.id == theirs[path].feed.id == f"https://jekyllrb.com/{path}"


def test_the_redirect_from_jekyll_wrote_lands_on_that_post(built):
    _, _, jekyll, kb = built
    theirs = jekyll_redirects(jekyll)
    assert "news/2019/07/20/jekyll-4-0-0-pre-beta1-released/index.html" in theirs
    for path, target in theirs.items():
        landed, expected = same_landing("https://jekyllrb.com/", kb.html, path, target)
        assert landed == expected == (kb.html / "posts" / "2019-08-04-jekyll-4-0-0-pre-beta1-released.html").resolve()
    assert set(json.loads((kb.html / "redirects.json").read_text(encoding="utf-8"))) == \
        set(json.loads((jekyll / "redirects.json").read_text(encoding="utf-8")))
