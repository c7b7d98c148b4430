"""core.newpost: Jekyll's file name and slug, and front matter that reads back exactly."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings, strategies as st

from sphinx_kb.core.frontmatter import read_post, split_front_matter
from sphinx_kb.core.names import name_key
from sphinx_kb.core.newpost import MAX_SLUG_BYTES, NewPost, jekyll_slug, round_trip_problems, split_names
from sphinx_kb.core.text import clean_text

PARIS_SUMMER = dt.timezone(dt.timedelta(hours=2))
WHEN = dt.datetime(2025, 7, 3, 9, 30, tzinfo=PARIS_SUMMER)

HOSTILE_TITLES = [
    'Title: with a colon', 'a # not a comment', '"double" and \'single\' quotes', "it's", "---", "...",
    "- a list item?", "[a, b]", "{a: b}", "*alias", "&anchor", "!tag", "%directive", "@at", "`tick`",
    "true", "null", "~", "2025-01-01", "12:30", "0x1F", "1e3", "|", ">", "? key", "<script>alert(1)</script>",
    "[link](javascript:alert(1))", "{kb-recent}", "```{toctree}", "{{ page.title }}", "{% raw %}",
    "tab\there", "new\nline", "nel\x85sep\u2028par\u2029", "bom\ufeff", "zero\u200bwidth", "emoji 🧬🧪",
    "Génomique 機械学習 हिन्दी العربية", "../../etc/passwd", "C:\\Windows\\x", "x" * 300,
]


def test_slug_follows_jekylls_default_slugify():
    # Jekyll's own examples (lib/jekyll/utils.rb, Utils.slugify) and liquid's port of its tests
    assert jekyll_slug("The _config.yml file") == "the-config-yml-file"
    assert jekyll_slug(" Q*bert says @!#@!") == "q-bert-says"
    assert jekyll_slug("Hello, World: 2 C++ & you!") == "hello-world-2-c-you"
    assert jekyll_slug("Génomique 機械学習") == "génomique-機械学習"  # letters of any script are kept
    assert jekyll_slug("हिन्दी") == "हिन्दी"  # marks are part of a word, as in Ruby's [[:alnum:]]


def test_a_slug_never_names_another_folder():
    for title in ["../../x", "/etc/passwd", "a/../../b", "..\\..\\c", "~/x"]:
        slug = jekyll_slug(title)
        assert re.fullmatch(r"[^\W_]+(?:-[^\W_]+)*", slug), slug
        assert "/" not in slug and "\\" not in slug and ".." not in slug
    assert jekyll_slug("./.") == ""  # nothing left: kb new asks for --slug


def test_file_name_is_dated_and_long_titles_are_cut_at_a_hyphen():
    assert NewPost("My First Post", WHEN).file_name == "2025-07-03-my-first-post.md"
    long = NewPost("word " * 100, WHEN).file_name
    assert len(long.encode()) <= 11 + MAX_SLUG_BYTES + 3 and long.endswith("-word.md")


def test_a_title_without_letters_needs_a_slug():
    with pytest.raises(ValueError, match="--slug"):
        NewPost("!!! ???", WHEN).file_name
    assert NewPost("!!! ???", WHEN, slug="shouting").file_name == "2025-07-03-shouting.md"


def test_front_matter_is_complete_and_in_jekylls_date_format():
    post = NewPost("A: b", WHEN, categories=("blog",), tags=("LLM", "C++"), keywords=("drug design",),
                   authors=("Ada",), description="Short.", draft=True)
    text = post.text()
    assert text.startswith("---\nlayout: post\n")
    assert "\ndate: 2025-07-03 09:30:00 +0200\n" in text
    assert "\npublished: false\n" in text
    parsed = read_post(text, post.file_name[:-3])
    assert parsed.problems == []
    assert parsed.post.published is False
    assert (parsed.post.date, parsed.post.time) == (WHEN.date(), WHEN.timetz())


def test_missing_author_and_description_are_hints_not_values():
    text = NewPost("A", WHEN).text()
    assert "# author:" in text and "# description:" in text
    post = read_post(text, "2025-07-03-a").post
    assert post.authors == () and post.description == "" and post.published is True


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_titles_read_back_as_written(title):
    post = NewPost(title, WHEN, tags=split_names([title, "LLM"]), keywords=split_names([title]),
                   authors=split_names([title]), description=title, slug="" if jekyll_slug(clean_text(title)) else "x")
    assert round_trip_problems(post) == []
    assert read_post(post.text(), post.file_name[:-3]).post.title == clean_text(title)


def test_split_names_cleans_and_merges_like_the_build():
    assert split_names(["LLM, llm ,  Machine  Learning", "machine-learning", ",,", "C++"]) == (
        "LLM", "Machine Learning", "C++")


names = st.lists(st.text(min_size=1, max_size=30), max_size=4)


@settings(max_examples=300, deadline=None)
@given(title=st.text(min_size=1, max_size=80), tags=names, keywords=names, authors=names,
       description=st.text(max_size=80), draft=st.booleans())
def test_any_text_reads_back_through_the_builds_normalisation(title, tags, keywords, authors, description, draft):
    if not clean_text(title):
        return  # kb new refuses an empty title
    post = NewPost(title, WHEN, tags=split_names(tags), keywords=split_names(keywords),
                   authors=split_names(authors), categories=split_names(tags[:1]), description=description,
                   draft=draft, slug="" if jekyll_slug(clean_text(title)) else "post")
    text = post.text()
    assert round_trip_problems(post) == []
    yaml_text, _, lines, problem = split_front_matter(text)
    assert problem is None and lines == text.count("\n") - 1  # the front matter is the whole file
    read = read_post(text, post.file_name[:-3]).post
    assert (read.title, read.tags, read.keywords) == (clean_text(title), post.tags, post.keywords)
    assert [name_key(a.name) for a in read.authors] == [name_key(a) for a in post.authors]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}-[^/\\]+\.md", post.file_name)
