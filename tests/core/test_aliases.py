"""core.aliases: retired names replaced by the kept one, everywhere a post names them."""

from __future__ import annotations

from sphinx_kb.core import aliases
from sphinx_kb.core.frontmatter import Author, read_post
from sphinx_kb.core.taxonomy import Entry, build

POST = """---
title: T
tags: [LLMs, llm, Machine Learning, ML]
categories: [Blogs]
keywords: [large language models, LLMs]
author: [{name: rkoots, url: "https://example.org/r"}, Ada]
---
"""


def test_a_flat_map_applies_to_every_kind_and_merges_what_it_joins():
    table, problems = aliases.parse({"LLMs": "LLM", "ML": "Machine Learning"})
    assert problems == []
    post = aliases.apply(table, read_post(POST, "2025-01-01-t").post)
    assert post.tags == ("LLM", "Machine Learning")  # 'LLMs' and 'llm' are one now, and so are 'ML' and it
    assert post.keywords == ("large language models", "LLM")


def test_a_kinds_own_section_wins_and_author_links_are_kept():
    table, problems = aliases.parse({"LLMs": "LLM", "keywords": {"LLMs": "large language models"},
                                     "authors": {"rkoots": "rkoots Bot"}, "categories": {"blogs": "blog"}})
    assert problems == []
    post = aliases.apply(table, read_post(POST, "2025-01-01-t").post)
    assert post.keywords == ("large language models",)
    assert post.tags[0] == "LLM" and post.categories == ("blog",)
    assert post.authors == (Author("rkoots Bot", "https://example.org/r"), Author("Ada"))


def test_chains_are_followed_and_cycles_reported_once():
    table, problems = aliases.parse({"a": "b", "b": "c", "x": "y", "y": "x"})
    assert table.kept("tag", "A") == "c" and table.kept("keyword", "b") == "c"
    assert table.kept("tag", "x") == "x"
    assert problems == ["kb_aliases: x -> y -> x is a cycle; those aliases are ignored"]


def test_bad_entries_are_problems_never_exceptions():
    for value in (["LLMs", "LLM"], "LLMs", 3):
        table, problems = aliases.parse(value)
        assert not table and problems and "mapping" in problems[0]
    table, problems = aliases.parse({"LLMs": None, "k": "K", "colours": {"a": "b"}, "": "x", "tags": {"A": ["b"]}})
    assert not table
    assert len(problems) == 5
    assert any("already one name" in p for p in problems) and any("not a kind of name" in p for p in problems)


def test_the_taxonomy_built_from_aliased_posts_has_no_retired_name():
    table, _ = aliases.parse({"LLMs": "LLM"})
    post = aliases.apply(table, read_post(POST, "2025-01-01-t").post)
    tax = build([Entry("t", post.title, names={"tag": post.tags})])
    assert sorted(term.name for term in tax.terms["tag"].values()) == ["LLM", "ML", "Machine Learning"]


def test_redirects_lead_from_the_retired_page_to_the_kept_one():
    table, _ = aliases.parse({"tags": {"LLMs": "LLM", "C#": "C sharp"}})
    redirects = aliases.redirects(table, {"tag": ["LLMs"]})
    assert [(r.kind, r.retired, r.retired_slug, r.kept_slug) for r in redirects] == [
        ("tag", "c#", "c-sharp-0cf04302", "c-sharp"), ("tag", "LLMs", "llms", "llm")]


def test_no_map_changes_nothing():
    post = read_post(POST, "2025-01-01-t").post
    assert aliases.apply(aliases.parse(None)[0], post) is post
