"""Related posts as Hugo's related content ranks them, and previous/next by date."""

from __future__ import annotations

import random

import pytest

from support.hugo_reference import hugo_related
from sphinx_kb.core.related import (
    YEAR, Index, Neighbours, RelatedOptions, neighbours, option_problems, related,
)
from sphinx_kb.core.taxonomy import Entry


def post(docname, date="", *, tags=(), keywords=(), categories=(), is_post=True):
    return Entry(docname=docname, title=docname, sort_key=f"{date}T00:00:00" if date else "", is_post=is_post,
                 names={"tag": tuple(tags), "keyword": tuple(keywords), "category": tuple(categories)})


SITE = [
    post("a", "2025-01-01", tags=["ml", "python"], keywords=["transformers"], categories=["research"]),
    post("b", "2025-02-01", tags=["ML"], categories=["research"]),
    post("c", "2025-03-01", keywords=["Transformers"]),
    post("d", "2025-04-01", categories=["research"]),
    post("e", "2025-05-01", tags=["python", "ml"], keywords=["transformers"]),
    post("f", "2024-01-01", tags=["cooking"]),
    post("about", "", tags=["ml"], is_post=False),
]


def test_best_first_by_total_weight():
    # e shares 2 tags and a keyword with a (260); c a keyword (100); b a tag and a category (140)
    assert related(SITE)["a"] == ("e", "b", "c")


def test_a_shared_category_alone_is_below_the_threshold():
    assert "d" not in related(SITE)["a"]  # 60 < 80
    assert related(SITE)["d"] == ()  # d shares only "research" with a and b
    two = [post("x", "2025-01-01", categories=["r", "s"]), post("y", "2025-01-02", categories=["r", "s"])]
    assert related(two) == {"y": ("x",), "x": ("y",)}  # two categories: 120 // 2 = 60 >= 80 // 2


def test_names_are_compared_by_name_key():
    assert "c" in related(SITE)["a"]  # "Transformers" and "transformers"
    assert "b" in related(SITE)["e"]  # "ML" and "ml"


def test_pages_that_are_not_posts_take_no_part():
    assert "about" not in related(SITE) and all("about" not in r for r in related(SITE).values())


def test_no_post_is_related_to_itself_and_unrelated_posts_get_none():
    result = related(SITE)
    assert all(docname not in others for docname, others in result.items())
    assert result["f"] == ()


def test_ties_are_broken_by_date_then_docname():
    base = post("base", "2025-06-01", tags=["t"])
    others = [post("old", "2020-01-01", tags=["t"]), post("new-b", "2024-01-01", tags=["t"]),
              post("new-a", "2024-01-01", tags=["t"]), post("undated", "", tags=["t"])]
    assert related([base, *others])["base"] == ("new-a", "new-b", "old", "undated")


def test_a_handful_at_most():
    many = [post(f"p{i:02d}", f"2025-01-{i + 1:02d}", tags=["t"]) for i in range(12)]
    assert len(related(many)["p00"]) == 5  # kb_related_posts' default
    assert related(many, RelatedOptions(limit=2))["p00"] == ("p11", "p10")
    assert related(many, RelatedOptions(limit=0))["p00"] == ()


def test_include_newer_off_keeps_only_older_and_same_day_posts():
    days = [post("p1", "2025-01-01", tags=["t"]), post("p2", "2025-01-02", tags=["t"]),
            post("p2b", "2025-01-02", tags=["t"]), post("p3", "2025-01-03", tags=["t"])]
    older = related(days, RelatedOptions(include_newer=False))
    assert older["p2"] == ("p2b", "p1")  # same day counts, as in Hugo (strictly newer is out)
    assert older["p1"] == ()
    assert related(days)["p1"] == ("p3", "p2", "p2b")


def test_weights_and_threshold_are_options():
    tags_only = RelatedOptions(indices=(Index("tag", 80),), threshold=0)
    assert related(SITE, tags_only)["a"] == ("e", "b")
    categories_count = RelatedOptions(indices=(Index("category", 100),))
    assert related(SITE, categories_count)["a"] == ("d", "b")


def test_a_year_index_like_hugos_date_index():
    same_year = RelatedOptions(indices=(Index(YEAR, 10), Index("tag", 80)))
    rows = [post("x", "2025-01-01", tags=["t"]), post("y", "2025-06-01", tags=["t"]), post("z", "2024-06-01", tags=["t"])]
    assert related(rows, same_year)["x"] == ("y", "z")  # y: 90 (tag + year), z: 80


def test_cardinality_threshold_drops_names_most_posts_carry():
    rows = [post(f"p{i}", f"2025-01-0{i + 1}", tags=["common"] + (["rare"] if i < 2 else [])) for i in range(5)]
    assert related(rows)["p0"] == ("p1", "p4", "p3", "p2")  # p1 shares both tags
    capped = RelatedOptions(indices=(Index("tag", 80, cardinality_threshold=50),))
    assert related(rows, capped)["p0"] == ("p1",)  # "common" is on 100% of posts: ignored


def test_option_problems():
    assert option_problems(RelatedOptions()) == []
    assert len(option_problems(RelatedOptions(threshold=101, limit=-1))) == 2


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("options", [
    RelatedOptions(),
    RelatedOptions(include_newer=False, limit=8),
    RelatedOptions(indices=(Index("keyword", 100), Index("tag", 80), Index("category", 60), Index(YEAR, 10)), threshold=40),
    RelatedOptions(indices=(Index("tag", 50), Index("keyword", -20), Index("category", 30, cardinality_threshold=30)),
                   threshold=60),
    RelatedOptions(threshold=0, limit=50),
])
def test_same_answer_as_hugos_algorithm_written_plainly(seed, options):
    rng = random.Random(seed)
    vocab = {"tag": [f"tag {i}" for i in range(12)], "keyword": [f"Key-{i}" for i in range(15)],
             "category": ["research", "news", "Research", "blog"]}
    rows = []
    for i in range(80):
        date = "" if rng.random() < 0.1 else f"202{rng.randrange(5)}-0{rng.randrange(1, 10)}-1{rng.randrange(10)}"
        names = {kind: rng.sample(words, rng.randrange(0, 5 if kind != "category" else 3)) for kind, words in vocab.items()}
        rows.append(post(f"posts/p{i:03d}", date, tags=names["tag"], keywords=names["keyword"],
                         categories=names["category"]))
    assert related(rows, options) == hugo_related(rows, options)


def test_neighbours_follow_kbs_newest_first_order():
    result = neighbours(SITE)
    assert result["e"] == Neighbours(older="d", newer=None)
    assert result["a"] == Neighbours(older="f", newer="b")
    assert result["f"] == Neighbours(older=None, newer="a")
    assert "about" not in result


def test_neighbours_on_the_same_day_follow_docnames_and_undated_come_last():
    rows = [post("b", "2025-01-01"), post("a", "2025-01-01"), post("z-undated"), post("c", "2025-02-01")]
    result = neighbours(rows)
    assert [result[d] for d in ("c", "a", "b", "z-undated")] == [
        Neighbours("a", None), Neighbours("b", "c"), Neighbours("z-undated", "a"), Neighbours(None, "b")]
    assert neighbours([]) == {}


def test_weights_are_divided_as_go_divides_integers():
    from sphinx_kb.core.related import _go_div

    assert [_go_div(7, 2), _go_div(-7, 2), _go_div(-6, 3), _go_div(0, 5)] == [3, -3, -2, 0]


FALLBACK = RelatedOptions(limit=3, same_category_fallback=True)
NEWS = [post("jan", "2025-01-10", categories=["news"]), post("feb", "2025-02-10", categories=["news"]),
        post("mar", "2025-03-10", categories=["news"]), post("mar2", "2025-03-20", categories=["other"]),
        post("dec", "2024-12-01", categories=["news"])]


def test_posts_sharing_only_a_category_are_related_nearest_in_time_first():
    assert related(NEWS)["feb"] == ()  # Hugo's rule alone: a category is below the threshold
    found = related(NEWS, FALLBACK)
    assert found["feb"] == ("mar", "jan", "dec")  # 28, 31 and 71 days apart
    assert found["jan"] == ("feb", "dec", "mar")  # 31, 40 and 59 days
    assert found["mar2"] == ()  # no other post in its category


def test_the_fallback_only_fills_what_hugos_rule_left():
    found = related(SITE, RelatedOptions(limit=4, same_category_fallback=True))
    assert found["a"] == ("e", "b", "c", "d")  # d shares only "research": last
    assert related(SITE, RelatedOptions(limit=3, same_category_fallback=True))["a"] == ("e", "b", "c")
