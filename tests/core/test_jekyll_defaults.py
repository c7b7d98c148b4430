"""Front-matter defaults (FrontmatterDefaults) and Document#merge_data!'s rules."""

from __future__ import annotations

from sphinx_kb.core.jekyll.config import read_config
from sphinx_kb.core.jekyll.defaults import categories_from_path, defaults_for, post_data, scope_applies


def site_with(defaults_yaml: str):
    site, problems = read_config("defaults:\n" + defaults_yaml)
    assert problems == []
    return site


def test_scope_path_is_a_prefix_of_the_path_and_type_must_be_posts():
    assert scope_applies({"path": "_posts"}, "_posts/2020-01-01-a.md")
    assert scope_applies({"path": "_posts/2020"}, "_posts/2020-01-01-a.md")  # a plain prefix, as Jekyll
    assert not scope_applies({"path": "_drafts"}, "_posts/2020-01-01-a.md")
    assert scope_applies({"path": ""}, "_posts/x.md") and scope_applies({}, "_posts/x.md")
    assert not scope_applies({"type": "pages"}, "_posts/x.md")
    assert scope_applies({"path": "*/_posts"}, "news/_posts/x.md")
    assert not scope_applies({"path": "*/_posts"}, "_posts/x.md")


def test_more_specific_scopes_win_whatever_their_order():
    site = site_with(
        "  - scope: {path: '_posts/travel', type: posts}\n    values: {layout: travel, author: Ann}\n"
        "  - scope: {path: ''}\n    values: {layout: default, author: Bob, image: /og.png}\n"
        "  - scope: {path: '', type: posts}\n    values: {layout: post}\n"
    )
    assert defaults_for(site, "_posts/travel/2020-01-01-a.md") == {"layout": "travel", "author": "Ann", "image": "/og.png"}
    # equal path length: the scope with a type wins over the one without
    assert defaults_for(site, "_posts/2020-01-01-a.md") == {"layout": "post", "author": "Bob", "image": "/og.png"}


def test_front_matter_wins_but_an_empty_key_keeps_the_default():
    site = site_with("  - scope: {type: posts}\n    values: {layout: post, author: Ann, meta: {a: 1, b: 2}}\n")
    data = post_data("_posts/2020-01-01-a.md", {"author": "Zoe", "layout": None, "meta": {"b": 3}}, site)
    assert data["author"] == "Zoe" and data["layout"] == "post" and data["meta"] == {"a": 1, "b": 3}


def test_categories_add_up_from_folders_defaults_and_front_matter():
    site = site_with("  - scope: {type: post}\n    values: {categories: [blog]}\n")
    data = post_data("news/_posts/2020-01-01-a.md", {"categories": "Tech blog", "category": "Big News"}, site)
    assert data["categories"] == ["news", "blog", "Tech", "Big News"]


def test_categories_from_path_only_above_posts():
    assert categories_from_path("a/b/_posts/x.md") == ["a", "b"]
    assert categories_from_path("_posts/a/x.md") == []
    assert categories_from_path("a/_drafts/x.md", "_drafts") == ["a"]


def test_the_front_matter_given_is_not_changed():
    front = {"categories": ["x"]}
    post_data("a/_posts/2020-01-01-b.md", front, read_config("")[0])
    assert front == {"categories": ["x"]}
