"""jekyll-feed's and jekyll-redirect-from's settings and rules (``core.jekyll.plugins``);
the differential tests (tests/jekyll/test_jekyll_feeds.py, test_redirect_from.py)
check the same against real Jekyll's output."""

from __future__ import annotations

from sphinx_kb.core.jekyll.config import read_config
from sphinx_kb.core.jekyll.plugins import document_id, entry_id, redirect_values, tag_feeds


def feeds_of(text: str):
    site, problems = read_config(text)
    return site.feeds, problems


def test_document_id_is_the_urls_folder_and_the_slug():
    assert document_id("/news/2025/01/29/jekyll-4-4-1-released/", "jekyll-4-4-1-released") == \
        "/news/2025/01/29/jekyll-4-4-1-released"
    assert document_id("/2024/03/01/speed.html", "speed-note") == "/2024/03/01/speed-note"
    assert document_id("/speed/", "speed") == "/speed"
    assert entry_id("/x/", "x", "https://a.example", "/blog/") == "https://a.example/blog/x"
    assert entry_id("/caf\u00e9/", "caf\u00e9", "https://a.example", "") == "https://a.example/caf%C3%A9"


def test_no_feeds_without_the_plugin_or_settings():
    assert feeds_of("title: x\n")[0] is None
    feeds, _ = feeds_of("plugins: [jekyll-feed]\n")
    assert [f.path for f in feeds.feeds] == ["feed.xml"] and feeds.posts_limit == 10


def test_path_categories_and_posts_limit():
    feeds, problems = feeds_of("feed:\n  path: /atom.xml\n  categories: [release, release, notes]\n  posts_limit: 3\n")
    assert [(f.path, f.category) for f in feeds.feeds] == [
        ("feed/release.xml", "release"), ("feed/notes.xml", "notes"), ("atom.xml", None)]
    assert feeds.posts_limit == 3 and not problems


def test_bad_settings_are_problems_at_the_feed_line():
    text = "title: x\nfeed:\n  path: /../../etc/x.xml\n  posts_limit: lots\n  collections: [docs]\n"
    feeds, problems = feeds_of(text)
    assert feeds.feeds == ()
    messages = [(p.line, p.message) for p in problems]
    assert any(line == 2 and "'..'" in message for line, message in messages), messages
    assert any(line == 2 and "posts_limit" in message for line, message in messages), messages
    assert any(line == 2 and "collection 'docs' is not written" in message for line, message in messages), messages
    assert [p.path for p in feeds_of("feed:\n  path: /_static/f.xml\n")[0].feeds] == []
    assert [p.path for p in feeds_of("feed:\n  path: /sitemap.xml\n")[0].feeds] == []  # kb's sitemap stays


def test_tag_feeds_as_jekyll_feed_makes_them():
    assert [f.path for f in tag_feeds(True, ["a", "b c", "v2"])] == ["feed/by_tag/a.xml", "feed/by_tag/v2.xml"]
    settings = {"only": ["a", "x"], "except": ["x"], "path": "/tags/"}
    assert [(f.path, f.tag) for f in tag_feeds(settings, ["a", "b"])] == [("tags/a.xml", "a")]
    assert tag_feeds(None, ["a"]) == [] and tag_feeds(True, []) == []


def test_redirect_values():
    assert redirect_values({"redirect_from": "old/"}, {}) == (["/old/"], None, [])
    paths, target, problems = redirect_values({"redirect_from": ["/a", None, 3], "redirect_to": [None, "https://x.example/"]},
                                              {"redirect_from": 4})
    assert paths == ["/a"] and target == "https://x.example/"
    assert [(p.line, "3 is not a path" in p.message) for p in problems] == [(4, True)]
    assert redirect_values({"redirect_to": {"a": 1}}, {"redirect_to": 7})[2][0].line == 7


def test_redirects_json_unless_turned_off():
    assert read_config("plugins: [jekyll-redirect-from]\n")[0].redirects_json
    assert not read_config("plugins: [jekyll-redirect-from]\nredirect_from:\n  json: false\n")[0].redirects_json
    assert not read_config("title: x\n")[0].redirects_json


def test_a_post_asks_for_at_most_so_many_redirects():
    from sphinx_kb.core.jekyll.plugins import MAX_REDIRECTS_PER_POST

    paths, _, problems = redirect_values({"redirect_from": [f"/p{n}/" for n in range(5000)]}, {"redirect_from": 3})
    assert len(paths) == MAX_REDIRECTS_PER_POST and paths[0] == "/p0/"
    assert [(p.line, "5000 paths" in p.message) for p in problems] == [(3, True)]
