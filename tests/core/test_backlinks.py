"""core.backlinks: the sentence around a link, and each post's linking posts."""

from __future__ import annotations

from hypothesis import given, strategies as st

from sphinx_kb.core.backlinks import Backlink, backlinks, sentence_around


def around(text: str, link: str, **kwargs) -> str:
    start = text.index(link)
    return sentence_around(text, start, start + len(link), **kwargs)


def test_the_sentence_that_holds_the_link():
    text = "Genomes are large. Beta builds on the alpha post with new data! Then it stops."
    assert around(text, "the alpha post") == "Beta builds on the alpha post with new data!"
    assert around(text, "Genomes") == "Genomes are large."
    assert around(text, "stops") == "Then it stops."


def test_abbreviations_initials_and_closing_quotes_do_not_end_a_sentence():
    assert around("See e.g. the alpha post, by A. Turing. Next.", "alpha") == "See e.g. the alpha post, by A. Turing."
    assert around('He said "read alpha." Then left.', "alpha") == 'He said "read alpha."'


def test_ideographic_full_stops_need_no_space():
    assert around("第一句。见阿尔法文章。第三句", "阿尔法") == "见阿尔法文章。"


def test_spacing_is_cleaned_and_a_long_sentence_is_cut_around_the_link_at_words():
    text = "word " * 200 + "LINK " + "more " * 200 + "end."
    shown = around(text, "LINK", limit=60)
    assert shown.startswith("…") and shown.endswith("…") and "LINK" in shown
    assert len(shown) <= 62 and "  " not in shown
    assert all(part in ("word", "more", "LINK", "…word", "more…") for part in shown.split())
    assert around("a\n  link   here.", "link") == "a link here."


@given(st.text(max_size=300), st.integers(-5, 400), st.integers(-5, 400))
def test_any_offsets_give_text_and_never_raise(text, start, end):
    assert isinstance(sentence_around(text, start, end, limit=50), str)


def test_backlinks_are_newest_first_once_per_post_and_only_from_published_posts():
    links = {
        "posts/old": [("posts/target", "Old links here."), ("posts/target", "And again.")],
        "posts/new": [("posts/target", "New links here."), ("posts/new", "Itself.")],
        "posts/draft": [("posts/target", "A draft, not published.")],
    }
    found = backlinks(links, order=["posts/new", "posts/old", "posts/target"])
    assert found["posts/target"] == (Backlink("posts/new", "New links here."), Backlink("posts/old", "Old links here."))
    assert "posts/new" not in found  # a post linking to itself is no backlink
