"""Issue 18's attacks on the pure core: each read in a bounded child process.

What a user would check: the call returns (quickly, in little memory), the post is
still built from what is usable, and each problem is at the right line and short.
"""

from __future__ import annotations

import datetime as dt

import pytest

from support.attacks import alias_bomb, many_names, post_text
from support.harness import call_bounded
from sphinx_kb.core.frontmatter import MAX_NAMES, MAX_TEXT
from sphinx_kb.core.text import SHOWN_LENGTH, shown
from sphinx_kb.core.yamldata import MAX_ALIAS_NODES

STEM = "2025-03-01-attack"
#: a problem quotes at most SHOWN_LENGTH characters of a value; the rest is kb's own text
MESSAGE_LENGTH = 400


def read(text: str, stem: str = STEM, **limits):
    return call_bounded("sphinx_kb.core.frontmatter:read_post", text, stem, **limits)


def assert_short(problems) -> None:
    assert all(len(problem.message) < MESSAGE_LENGTH for problem in problems), [p.message[:200] for p in problems]


# --- 1. YAML alias bombs ---------------------------------------------------------------


def test_alias_bomb_in_tags_is_refused_at_the_front_matter_start():
    parsed = read(post_text("title: Bomb\n" + alias_bomb("tags")), timeout=10, memory=512 * 2**20)
    assert parsed.post.title == "Attack"  # the whole front matter is refused: the file name's
    assert parsed.post.tags == ()
    assert parsed.post.date == dt.date(2025, 3, 1)
    assert [problem.line for problem in parsed.problems] == [2]
    assert f"{MAX_ALIAS_NODES:,}" in parsed.problems[0].message
    assert_short(parsed.problems)


def test_alias_bomb_in_an_unknown_key_costs_nothing_to_compare():
    """A rebuild compares the last build's front matter with this one's: with ten
    levels of aliases that comparison took 601 s (issue 18)."""
    text = post_text("title: Bomb\n" + alias_bomb("my_data", levels=10))
    assert call_bounded("attacks:reparse_is_equal", text, STEM, timeout=10, memory=512 * 2**20)
    parsed = read(text, timeout=10, memory=512 * 2**20)
    assert parsed.post.extra == {}
    assert [problem.line for problem in parsed.problems] == [2]


@pytest.mark.parametrize("front_matter", [
    "tags: &a [x, *a]\n",  # a list inside itself
    "title: T\nextra: &m {k: *m}\n",  # a map inside itself
])
def test_an_alias_inside_what_it_names_is_refused(front_matter):
    parsed = read(post_text(front_matter), timeout=10)
    assert parsed.post.tags == () and parsed.post.extra == {}
    assert len(parsed.problems) == 1 and "endless" in parsed.problems[0].message
    assert call_bounded("attacks:reparse_is_equal", post_text(front_matter), STEM, timeout=10)


def test_aliases_that_repeat_little_are_kept():
    parsed = read(post_text("common: &tags [genomics, rare]\ntags: *tags\nkeywords: *tags\n"))
    assert parsed.post.tags == ("genomics", "rare") and parsed.post.keywords == ("genomics", "rare")
    assert parsed.problems == []


def test_a_large_front_matter_without_aliases_is_not_refused():
    """The limit is on what aliases add: a long front matter is as long as its text."""
    parsed = read(post_text("title: Long\n" + "".join(f"key_{i}: value {i}\n" for i in range(MAX_ALIAS_NODES))))
    assert parsed.post.title == "Long" and len(parsed.post.extra) == MAX_ALIAS_NODES
    assert parsed.problems == []


def test_alias_bomb_in_glossary_aliases_is_refused():
    text = alias_bomb("bombs") + "genomics:\n  definition: The study of genomes.\n  aliases: [*a8]\n"
    text += "rare: Rare things.\n"
    definitions, problems = call_bounded("sphinx_kb.core.glossary:load_definitions", text, timeout=10,
                                         memory=512 * 2**20)
    # read entry by entry: the entries using the bomb's aliases are lost and counted, the others kept
    assert [d.name for d in definitions if d.text] == ["rare"] and "genomics" not in [d.name for d in definitions]
    assert problems[0].line == 1 and f"{MAX_ALIAS_NODES:,}" in problems[0].message
    assert "10 of the 12 entries of the definitions file cannot be read" in problems[-1].message


def test_messages_quote_a_value_shortened():
    """Never a value's whole repr: a nested list of a long text, a long URL, a long date."""
    long = "x" * 100_000
    parsed = read(post_text(
        f"tags: [[{long}], ok]\nauthor: {{name: A, url: 'javascript:{long}'}}\ndate: '2025-{long}'\n"
        f"authors: [{{url: 'https://a.org/{long}'}}]\n"))
    assert parsed.post.tags == ("ok",)
    assert len(parsed.problems) == 4
    assert_short(parsed.problems)


def test_shown_is_bounded_whatever_the_value():
    assert all(length <= SHOWN_LENGTH for length in call_bounded("attacks:shown_lengths", timeout=10))
    assert shown("two\nlines\u202e") == repr("two\nlines\u202e")  # control characters stay visible
    assert len(shown("y" * 100)) <= SHOWN_LENGTH


# --- 2. dates past the year range with a zone ---------------------------------------------


@pytest.mark.parametrize("value, date, sort_key", [
    ("9999-12-31 23:59:59 -12:00", dt.date(9999, 12, 31), "9999-12-31T23:59:59.999999"),
    ("0001-01-01 00:00:00 +14:00", dt.date(1, 1, 1), "0001-01-01T00:00:00"),
])
def test_a_date_past_the_year_range_in_utc_sorts_at_its_end(value, date, sort_key):
    """Its UTC moment is past Python's years 1-9999: it sorts as that end of the range
    (the order stays right) and shows the date written, with a problem at its line."""
    parsed = read(post_text(f"date: {value}\n"))
    assert [problem.line for problem in parsed.problems] == [2]
    assert "outside the years 1-9999 in UTC" in parsed.problems[0].message
    assert parsed.post.date == date
    assert call_bounded("attacks:sort_key_of", post_text(f"date: {value}\n"), STEM) == sort_key


# --- 10. empty names, complex keys, too many names -----------------------------------------


def test_empty_and_blank_names_are_dropped_with_a_problem_at_their_key():
    parsed = read(post_text('title: T\ntags: [ok, "", "  ", null, "-"]\nkeywords: "a,,b"\ncategory: "  "\n'))
    assert parsed.post.tags == ("ok",)
    assert parsed.post.keywords == ("a", "b")
    assert parsed.post.categories == ()  # a blank string is no category, as tags: "" is no tag
    assert [problem.line for problem in parsed.problems] == [3, 3, 3, 3, 4]
    assert all("empty name" in problem.message for problem in parsed.problems)


def test_a_list_used_as_a_key_drops_only_its_entry():
    parsed = read(post_text("title: Kept\n? [a, b]\n: value\ntags: [kept]\n"))
    assert parsed.post.title == "Kept" and parsed.post.tags == ("kept",)
    assert [problem.line for problem in parsed.problems] == [3]
    assert "list used as a key" in parsed.problems[0].message


def test_a_complex_key_in_the_glossary_drops_only_its_entry():
    text = "genomics: The study of genomes.\n? [drug, design]\n: A list as a key.\n? {a: b}\n: A map.\nrare: Rare.\n"
    definitions, problems = call_bounded("sphinx_kb.core.glossary:load_definitions", text)
    assert [(d.name, d.text, d.line) for d in definitions] == [
        ("genomics", "The study of genomes.", 1), ("rare", "Rare.", 6)]
    assert [(problem.line, problem.message) for problem in problems] == [
        (2, "a list used as a key is not a name; that entry is ignored"),
        (4, "a map used as a key is not a name; that entry is ignored"),
    ]


def test_a_hundred_thousand_tags_are_capped_with_a_problem():
    parsed = read(post_text("title: T\n" + many_names("tags", 100_000) + many_names("keywords", 100_000)),
                  timeout=20, memory=768 * 2**20)
    assert parsed.post.tags == tuple(f"name {index}" for index in range(MAX_NAMES))
    assert len(parsed.post.keywords) == MAX_NAMES
    assert [problem.line for problem in parsed.problems] == [3, 4]
    assert f"limit of {MAX_NAMES}" in parsed.problems[0].message and "100,000" in parsed.problems[0].message


def test_a_hundred_thousand_bad_items_are_a_few_problems():
    parsed = read(post_text("tags: [" + ", ".join(['""'] * 100_000) + "]\n"), timeout=20)
    assert parsed.post.tags == ()
    assert len(parsed.problems) <= 11
    assert "99,990 more problems" in parsed.problems[-1].message


# --- found while testing: integers Python will not convert --------------------------------


def test_an_integer_of_thousands_of_digits_stays_text():
    """Python refuses to convert an integer of more than 4,300 digits to or from text:
    that ValueError escaped the YAML loader and stopped the whole build."""
    digits = "1" * 5000
    parsed = read(post_text(f"title: {digits}\ntags: [0x{'f' * 5000}, 12]\nmy_number: {digits}\n"))
    assert parsed.post.title == digits[:MAX_TEXT["title"]]  # cut to kb's limit, with a problem (issue 29)
    assert parsed.post.tags == (f"0x{'f' * 5000}", "12")
    assert parsed.post.extra == {"my_number": digits}
    assert [(problem.line, problem.message) for problem in parsed.problems] == [
        (2, f"'title': 5,000 characters, more than kb's limit of {MAX_TEXT['title']}; the first "
            f"{MAX_TEXT['title']} are kept")]


@pytest.mark.parametrize("value", ["!!float hello", "!!int", "!!bool maybe", "!!omap [a, b]", "!!pairs [1]"])
def test_a_value_its_tag_cannot_make_is_a_problem_at_its_line(value):
    """PyYAML's constructors raise ValueError, IndexError or KeyError for these: it
    escaped the loader and stopped the build."""
    parsed = read(post_text(f"title: T\nlayout: post\nmy_value: {value}\n"))
    assert parsed.post.title == "Attack"  # the front matter cannot be read: the file name's
    assert len(parsed.problems) == 1 and "invalid YAML" in parsed.problems[0].message
    assert parsed.problems[0].line in (2, 4)  # the value's line, or the document's start
