"""Front matter -> Post, with Jekyll's semantics (pure Python, no Sphinx)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sphinx_kb.core.frontmatter import (
    Author,
    load_yaml,
    normalise,
    parse_date,
    read_post,
    split_front_matter,
    title_from_filename,
)
from sphinx_kb.core.text import EXCERPT_LENGTH, excerpt

SEED = Path(__file__).resolve().parents[2] / "docs" / "posts" / "2025-05-14-generative-ai-personalized-medicine.md"
STEM = "2024-01-02-no-title-here"


def post_of(front_matter: str, stem: str = STEM, body: str = "Body.\n"):
    """Read a post whose front matter is ``front_matter`` (without the fences)."""
    return read_post(f"---\n{front_matter}---\n{body}", stem)


# --- title -------------------------------------------------------------------


@pytest.mark.parametrize(
    "stem, title",
    [
        ("2024-01-02-no-title-here", "No Title Here"),
        ("2023-12-31-hello", "Hello"),
        ("no-date-here", "No Date Here"),
    ],
)
def test_title_from_filename(stem, title):
    assert title_from_filename(stem) == title


def test_missing_title_comes_from_the_file_name():
    parsed = post_of("layout: post\n")
    assert parsed.post.title == "No Title Here"
    assert parsed.problems == []


def test_post_without_front_matter_gets_file_name_title_and_date():
    parsed = read_post("Just a body.\n", STEM)
    assert parsed.post.title == "No Title Here"
    assert parsed.post.date == dt.date(2024, 1, 2)
    assert parsed.body == "Just a body.\n"
    assert parsed.front_matter_lines == 0
    assert parsed.problems == []


@pytest.mark.parametrize("value, title", [("2024", "2024"), ("3.5", "3.5"), ("42", "42")])
def test_number_titles_become_text(value, title):
    parsed = post_of(f"title: {value}\n")
    assert parsed.post.title == title
    assert parsed.problems == []


def test_title_whitespace_is_collapsed():
    parsed = post_of('title: "  Spaced   out\t title  "\n')
    assert parsed.post.title == "Spaced out title"


# --- date --------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, date, sort_key",
    [
        ("2025-05-14", dt.date(2025, 5, 14), "2025-05-14T00:00:00"),
        ("2025-07-03 09:30:00 +0200", dt.date(2025, 7, 3), "2025-07-03T07:30:00"),
        ("2025-07-03 09:30:00 -0130", dt.date(2025, 7, 3), "2025-07-03T11:00:00"),
        ("2025-07-03T09:30:00Z", dt.date(2025, 7, 3), "2025-07-03T09:30:00"),
        ("2025-07-03T09:30:00+02:00", dt.date(2025, 7, 3), "2025-07-03T07:30:00"),
        ('"2025-07-03 09:30:00"', dt.date(2025, 7, 3), "2025-07-03T09:30:00"),
    ],
)
def test_date_forms(value, date, sort_key):
    parsed = post_of(f"date: {value}\n")
    assert parsed.problems == []
    assert parsed.post.date == date
    assert parsed.post.sort_key == sort_key


def test_yaml_date_and_datetime_objects_are_accepted():
    post, problems = normalise({"date": dt.date(2025, 5, 14)}, STEM)
    assert (post.date, post.sort_key, problems) == (dt.date(2025, 5, 14), "2025-05-14T00:00:00", [])
    moment = dt.datetime(2025, 7, 3, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    post, problems = normalise({"date": moment}, STEM)
    assert (post.date, post.sort_key, problems) == (dt.date(2025, 7, 3), "2025-07-03T07:30:00", [])


def test_parse_date_keeps_the_offset():
    date, time = parse_date("2025-07-03 09:30:00 +0200")
    assert date == dt.date(2025, 7, 3)
    assert (time.hour, time.minute) == (9, 30)
    assert time.utcoffset() == dt.timedelta(hours=2)


@pytest.mark.parametrize("value", ["2024-13-45", "not a date", "2024/01/02"])
def test_parse_date_rejects_what_is_not_a_date(value):
    with pytest.raises(ValueError):
        parse_date(value)


def test_sort_key_orders_across_time_zones():
    # 09:30 in Paris (07:30 UTC) is earlier than 08:00 in London (08:00 UTC).
    paris = post_of("date: 2025-07-03 09:30:00 +0200\n").post
    london = post_of("date: 2025-07-03 08:00:00 +0000\n").post
    assert paris.sort_key < london.sort_key


def test_missing_date_comes_from_the_file_name():
    parsed = post_of("title: T\n")
    assert parsed.post.date == dt.date(2024, 1, 2)
    assert parsed.problems == []


def test_undated_post_has_an_empty_sort_key():
    parsed = post_of("title: T\n", stem="about")
    assert parsed.post.date is None
    assert parsed.post.sort_key == ""


@pytest.mark.parametrize("value", ["2024-13-45", "2024-02-30", "2024-01-05 25:00:00", "soon"])
def test_impossible_date_is_reported_on_its_line_and_the_rest_is_read(value):
    text = (
        "---\n"
        "title: Kept Title\n"
        "description: |\n"
        "  date: this line is text, not the key\n"
        f"date: {value}\n"  # line 5
        "tags: a b c\n"
        "---\n"
        "Body.\n"
    )
    parsed = read_post(text, STEM)
    assert [p.line for p in parsed.problems] == [5]
    assert parsed.post.date == dt.date(2024, 1, 2)  # the file name's date
    assert parsed.post.title == "Kept Title"
    assert parsed.post.tags == ("a", "b", "c")


def test_impossible_date_without_file_name_date_leaves_post_undated():
    parsed = post_of("date: 2024-13-45\n", stem="about")
    assert parsed.post.date is None
    assert len(parsed.problems) == 1 and parsed.problems[0].line == 2


# --- categories, tags, keywords ----------------------------------------------


@pytest.mark.parametrize(
    "front_matter, field, expected",
    [
        ("tags: a b c\n", "tags", ("a", "b", "c")),
        ("tags: [Machine Learning, AI]\n", "tags", ("Machine Learning", "AI")),
        ("tags:\n  - one\n  - two words\n", "tags", ("one", "two words")),
        ("categories: blog\n", "categories", ("blog",)),
        ("categories: blog news\n", "categories", ("blog", "news")),
        ("categories: [Data Science, blog]\n", "categories", ("Data Science", "blog")),
        ("category: Data Science\n", "categories", ("Data Science",)),
        ("tag: Big Data\n", "tags", ("Big Data",)),
        ("keywords: [drug design, genomics]\n", "keywords", ("drug design", "genomics")),
        ("keywords: drug design, genomics ,  AI ethics\n", "keywords", ("drug design", "genomics", "AI ethics")),
        ("tags: [2024, true]\n", "tags", ("2024", "true")),
        ("tags: 2024\n", "tags", ("2024",)),
        ("keywords: [false, 3.5]\n", "keywords", ("false", "3.5")),
    ],
)
def test_name_lists(front_matter, field, expected):
    parsed = post_of(front_matter)
    assert getattr(parsed.post, field) == expected
    assert parsed.problems == []


def test_nested_items_are_reported_and_usable_items_kept():
    parsed = post_of("title: T\ntags: [ok, [nested], {a: b}, fine]\n")
    assert parsed.post.tags == ("ok", "fine")
    assert len(parsed.problems) == 2
    assert all(p.line == 3 for p in parsed.problems)


def test_variants_of_one_name_in_a_post_are_one_entry_first_spelling_kept():
    parsed = post_of("tags: [Machine Learning, machine  learning, MACHINE-LEARNING, AI, ai]\ntag: machine_learning\n")
    assert parsed.post.tags == ("Machine Learning", "AI")


def test_duplicate_keywords_are_one_entry():
    parsed = post_of("keywords: Drug Design, drug design, genomics, Drug  Design\n")
    assert parsed.post.keywords == ("Drug Design", "genomics")


# --- authors -----------------------------------------------------------------


@pytest.mark.parametrize(
    "front_matter, authors",
    [
        ('author: "rkoots Bot"\n', (Author("rkoots Bot"),)),
        ("author: [Ann, Bob]\n", (Author("Ann"), Author("Bob"))),
        ("author:\n  name: Ann\n  url: https://ann.example\n", (Author("Ann", "https://ann.example"),)),
        ("authors: [Ann, {name: Bob, url: 'https://bob.example'}]\n", (Author("Ann"), Author("Bob", "https://bob.example"))),
    ],
)
def test_author_forms(front_matter, authors):
    parsed = post_of(front_matter)
    assert parsed.post.authors == authors
    assert parsed.problems == []


def test_javascript_author_url_is_dropped_with_a_problem():
    parsed = post_of("title: T\nauthor:\n  name: Mallory\n  url: 'javascript:alert(1)'\n")
    assert parsed.post.authors == (Author("Mallory", None),)
    assert len(parsed.problems) == 1
    assert parsed.problems[0].line == 3


# --- other keys ----------------------------------------------------------------


def test_description_is_plain_text():
    parsed = post_of("description: >\n  A description\n  over   two lines.\n")
    assert parsed.post.description == "A description over two lines."


@pytest.mark.parametrize("value, published", [("false", False), ('"false"', False), ("true", True)])
def test_published(value, published):
    assert post_of(f"published: {value}\n").post.published is published


def test_published_by_default():
    assert post_of("title: T\n").post.published is True


def test_permalink_layout_and_unknown_keys_are_kept():
    parsed = post_of("layout: post\npermalink: /blog/x/\nsubtitle: More\nseries: [1, 2]\n")
    assert parsed.post.layout == "post"
    assert parsed.post.permalink == "/blog/x/"
    assert parsed.post.extra == {"subtitle": "More", "series": [1, 2]}
    assert parsed.problems == []


# --- broken and unusual files ------------------------------------------------


@pytest.mark.parametrize(
    "front_matter, line",
    [
        ("title: T\ntags: [a, b]\ndate: 2024-01-01\n  oops: indented\n", 5),
        ("title: ok\ndescription: x: y\n", 3),
        ("title: ok\n\tdate: 2024-01-01\n", 3),
    ],
)
def test_invalid_yaml_is_reported_with_its_file_line(front_matter, line):
    parsed = post_of(front_matter)
    assert len(parsed.problems) == 1
    problem = parsed.problems[0]
    assert problem.line == line
    assert "YAML" in problem.message
    # the post is still there, built from the file name
    assert parsed.post.title == "No Title Here"
    assert parsed.post.date == dt.date(2024, 1, 2)


@pytest.mark.parametrize(
    "front_matter, line",
    [
        ('title: "never closed\ndate: 2024-01-01\n', 2),  # reported on 3
        ("title: T\ntags: [a, b\n", 3),  # reported on 4, the closing '---'
        ("title: {a: b\n", 2),  # reported on 3, the closing '---'
    ],
)
def test_unclosed_quote_or_bracket_is_reported_where_it_opens(front_matter, line):
    parsed = post_of(front_matter)
    assert [p.line for p in parsed.problems] == [line]


def test_load_yaml_reports_file_lines():
    data, problems = load_yaml("title: ok\n  bad: indent\n")
    assert data == {}
    assert [problem.line for problem in problems] == [3]


def test_empty_front_matter():
    parsed = read_post("---\n---\nBody.\n", STEM)
    assert parsed.problems == []
    assert parsed.post.title == "No Title Here"
    assert parsed.body.split("\n")[2] == "Body."


def test_front_matter_that_is_a_list():
    parsed = read_post("---\n- a\n- b\n---\nBody.\n", STEM)
    assert len(parsed.problems) == 1
    assert parsed.post.title == "No Title Here"
    assert parsed.post.date == dt.date(2024, 1, 2)
    assert parsed.body.split("\n")[4] == "Body."


def test_unclosed_front_matter_is_kept_as_body():
    text = "---\ntitle: Never closed\n\nBody.\n"
    parsed = read_post(text, STEM)
    assert len(parsed.problems) == 1
    assert parsed.post.title == "No Title Here"
    assert parsed.body == text


def test_split_front_matter():
    yaml_text, body, n_lines, problem = split_front_matter("---\ntitle: T\n---\nBody\n")
    assert (yaml_text, body, n_lines, problem) == ("title: T", "\n\n\nBody\n", 3, None)


def test_bom_is_ignored():
    text = "---\ntitle: T\ntags: a b\n---\nBody.\n"
    with_bom = read_post("\ufeff" + text, STEM)
    plain = read_post(text, STEM)
    assert with_bom.post == plain.post
    assert with_bom.body == plain.body
    assert with_bom.problems == [] and with_bom.post.title == "T"


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: T\ndate: 2025-07-03 09:30:00 +0200\ntags: a b\n---\nLine one.\n\nLine three.\n",
        "---\ntitle: T\ndate: 2024-13-45\n---\nBody.\n",
        "---\ntitle: T\n  bad: indent\n---\nBody.\n",
        "No front matter.\nSecond line.\n",
    ],
)
def test_crlf_gives_the_same_result_as_lf(text):
    lf = read_post(text, STEM)
    crlf = read_post(text.replace("\n", "\r\n"), STEM)
    assert crlf.post == lf.post
    assert crlf.body == lf.body
    assert crlf.problems == lf.problems


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: T\ntags: [a, b]\n---\n# Heading\n\nParagraph on line 7.\n\nLast.\n",
        "---\n---\nFirst body line.\nSecond.\n",
        "---\n- a list\n---\nBody.\n",
        "Body only.\nLine two.\n",
    ],
)
def test_body_lines_keep_their_line_numbers(text):
    parsed = read_post(text, STEM)
    original = text.split("\n")
    body = parsed.body.split("\n")
    assert len(body) == len(original)
    for number in range(parsed.front_matter_lines):
        assert body[number] == ""
    assert body[parsed.front_matter_lines :] == original[parsed.front_matter_lines :]


# --- the seed post -------------------------------------------------------------


def test_seed_post():
    parsed = read_post(SEED.read_text(encoding="utf-8"), SEED.stem)
    post = parsed.post
    assert parsed.problems == []
    assert post.title == "Generative AI's Leap into Personalized Medicine: The Promise and Peril"
    assert post.date == dt.date(2025, 5, 14)
    assert post.categories == ("blog",)
    assert len(post.tags) == 7
    assert "Machine Learning" in post.tags
    assert len(post.keywords) == 9
    assert "drug design" in post.keywords
    assert [a.name for a in post.authors] == ["rkoots Bot"]
    assert parsed.body.split("\n")[10].startswith("## Generative AI")  # line 11 of the file


# --- excerpt -------------------------------------------------------------------


def test_short_text_is_unchanged():
    assert excerpt("A short description.") == "A short description."


def test_excerpt_collapses_whitespace():
    assert excerpt("  A   short\n\ndescription. ") == "A short description."


def test_long_text_is_cut_at_a_word_boundary_with_an_ellipsis():
    words = [f"word{i}" for i in range(100)]
    text = " ".join(words)
    result = excerpt(text)
    assert result.endswith("…")
    kept = result[:-1]
    assert EXCERPT_LENGTH - 20 <= len(kept) <= EXCERPT_LENGTH
    assert kept.split(" ") == words[: len(kept.split(" "))]  # whole words only


def test_excerpt_of_one_long_word_is_bounded():
    result = excerpt("x" * 500)
    assert result.endswith("…")
    assert EXCERPT_LENGTH - 20 <= len(result) <= EXCERPT_LENGTH + 5
