"""Posts -> tags, categories, authors, keywords and the archive."""

from __future__ import annotations

import itertools

import pytest

from sphinx_kb.core.names import slug
from sphinx_kb.core.taxonomy import Entry, build, newest_first, paginate


def entry(docname, sort_key="", is_post=True, **names):
    return Entry(
        docname=docname,
        title=docname.title(),
        sort_key=sort_key,
        date_text=sort_key[:10],
        description="",
        is_post=is_post,
        names={kind: tuple(values) for kind, values in names.items()},
    )


ENTRIES = [
    entry("posts/old", "2023-03-01T00:00:00", tag=["ml", "Python"], category=["blog"], author=["Ann"]),
    entry("posts/new", "2025-06-01T10:00:00", tag=["Machine Learning"], category=["Blog"], keyword=["genomics"]),
    entry("posts/mid-b", "2024-05-05T00:00:00", tag=["Machine Learning", "python"], author=["ann"]),
    entry("posts/mid-a", "2024-05-05T00:00:00", tag=["machine-learning"], keyword=["Genomics"]),
    entry("posts/undated-z", "", tag=["Python"]),
    entry("posts/undated-a", "", tag=["ML"]),
    entry("about", "", is_post=False, tag=["python"]),
]

NEWEST_FIRST = ["posts/new", "posts/mid-a", "posts/mid-b", "posts/old", "posts/undated-a", "posts/undated-z"]


def snapshot(taxonomy):
    """Everything a listing page shows, in a comparable form."""
    terms = {
        kind: {key: (t.name, t.slug, t.docnames, t.spellings) for key, t in by_key.items()}
        for kind, by_key in taxonomy.terms.items()
    }
    return terms, taxonomy.years, taxonomy.recent


def test_recent_posts_are_newest_first_undated_last_docname_breaks_ties():
    assert build(ENTRIES).recent == NEWEST_FIRST


def test_newest_first():
    expected = ["posts/new", "posts/mid-a", "posts/mid-b", "posts/old", "about", "posts/undated-a", "posts/undated-z"]
    assert [e.docname for e in newest_first(ENTRIES)] == expected


def test_term_listings_are_newest_first():
    taxonomy = build(ENTRIES)
    assert taxonomy.term("tag", "Machine Learning").docnames == ["posts/new", "posts/mid-a", "posts/mid-b"]
    assert taxonomy.term("tag", "python").docnames == ["posts/mid-b", "posts/old", "about", "posts/undated-z"]


def test_pages_with_tags_are_listed_under_the_tag_but_not_as_posts():
    taxonomy = build(ENTRIES)
    assert "about" in taxonomy.term("tag", "Python").docnames
    assert "about" not in taxonomy.recent
    assert all("about" not in docs for docs in taxonomy.years.values())


def test_years():
    years = build(ENTRIES).years
    assert years["2025"] == ["posts/new"]
    assert years["2024"] == ["posts/mid-a", "posts/mid-b"]
    assert years["2023"] == ["posts/old"]
    assert years[""] == ["posts/undated-a", "posts/undated-z"]


def test_variants_of_a_name_are_one_term():
    taxonomy = build(ENTRIES)
    assert taxonomy.term("tag", "machine_learning") is taxonomy.term("tag", "MACHINE LEARNING")
    assert taxonomy.term("category", "blog").docnames == ["posts/new", "posts/old"]
    assert taxonomy.term("author", "ANN").docnames == ["posts/mid-b", "posts/old"]


def test_display_name_is_the_most_used_spelling():
    term = build(ENTRIES).term("tag", "machine learning")
    assert term.name == "Machine Learning"  # 2 uses against 1 for "machine-learning"
    assert term.slug == slug("Machine Learning") == "machine-learning"
    assert set(term.spellings) == {"Machine Learning", "machine-learning"}


@pytest.mark.parametrize(
    "kind, name, shown",
    [
        ("category", "blog", "blog"),  # "blog" (2023) is older than "Blog" (2025)
        ("author", "Ann", "Ann"),  # "Ann" (2023) is older than "ann" (2024)
        ("keyword", "genomics", "Genomics"),  # mid-a (2024) is older than new (2025)
    ],
)
def test_tie_goes_to_the_earliest_posts_spelling(kind, name, shown):
    assert build(ENTRIES).term(kind, name).name == shown


def test_dated_post_is_earlier_than_an_undated_one():
    entries = [entry("posts/undated", "", tag=["Data"]), entry("posts/dated", "2024-01-01T00:00:00", tag=["data"])]
    assert build(entries).term("tag", "DATA").name == "data"


def test_result_does_not_depend_on_input_order():
    expected = snapshot(build(ENTRIES))
    for permutation in itertools.islice(itertools.permutations(ENTRIES), 0, None, 97):
        assert snapshot(build(permutation)) == expected
    assert snapshot(build(reversed(ENTRIES))) == expected


def test_unknown_names_give_no_term():
    assert build(ENTRIES).term("tag", "nothing") is None


@pytest.mark.parametrize(
    "size, pages",
    [
        (2, [["a", "b"], ["c", "d"], ["e"]]),
        (5, [["a", "b", "c", "d", "e"]]),
        (10, [["a", "b", "c", "d", "e"]]),
        (1, [["a"], ["b"], ["c"], ["d"], ["e"]]),
        (0, [["a", "b", "c", "d", "e"]]),
    ],
)
def test_paginate(size, pages):
    assert paginate(["a", "b", "c", "d", "e"], size) == pages
