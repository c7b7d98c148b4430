"""The descriptions file: tags, categories and authors described, and unknown tags caught."""

from __future__ import annotations

from textwrap import dedent

from sphinx_kb.core.descriptions import load_descriptions, unknown_names
from sphinx_kb.core.frontmatter import parse_front_matter
from sphinx_kb.core.problem import Problem

FILE = dedent("""\
    tags:
      machine learning: Models that learn from data.
      Genomics:
        description: Reading and comparing genomes.
      "C++":
        description: <b>not bold</b>
    categories:
      research:
        description: |
          Longer pieces
          with sources.
    authors:
      Ada Lovelace:
        name: Ada King, Countess of Lovelace
        photo: images/ada.png
        link: https://ada.example.org/
        bio: Wrote the first published program.
      slorber:
        name: Sébastien Lorber
        image_url: https://github.com/slorber.png
        url: https://sebastienlorber.com
        title: Docusaurus maintainer
        socials: {x: sebastienlorber}
""")


def load(text=FILE):
    return load_descriptions(text)


def test_tags_and_categories_get_their_description_by_name_key():
    descriptions, problems = load()
    assert problems == []
    assert descriptions.describe("tag", "Machine-Learning").description == "Models that learn from data."
    assert descriptions.describe("tag", "genomics").description == "Reading and comparing genomes."
    assert descriptions.describe("tag", "genomics").line == 3
    assert descriptions.describe("category", "Research").description == "Longer pieces with sources."
    assert descriptions.describe("tag", "Python") is None


def test_values_are_plain_text():
    descriptions, _ = load()
    assert descriptions.describe("tag", "C++").description == "<b>not bold</b>"  # kept as text, shown escaped


def test_authors_with_kbs_keys_and_docusaurus_spellings():
    descriptions, _ = load()
    ada = descriptions.author("ada lovelace")
    assert (ada.display_name, ada.photo, ada.link, ada.bio, ada.line) == (
        "Ada King, Countess of Lovelace", "images/ada.png", "https://ada.example.org/",
        "Wrote the first published program.", 13)
    seb = descriptions.author("slorber")
    assert (seb.display_name, seb.photo, seb.link, seb.bio) == (
        "Sébastien Lorber", "https://github.com/slorber.png", "https://sebastienlorber.com", "Docusaurus maintainer")
    assert descriptions.author("Sébastien Lorber") is seb  # the display name leads there too
    assert descriptions.author("Grace Hopper") is None


def test_unsafe_links_and_photos_are_refused_with_their_line():
    text = dedent("""\
        authors:
          Eve:
            link: javascript:alert(1)
            photo: ../../etc/passwd
          Mallory:
            photo: data:image/png;base64,xxx
            url: mailto:m@example.org
    """)
    descriptions, problems = load(text)
    eve, mallory = descriptions.author("Eve"), descriptions.author("Mallory")
    assert (eve.link, eve.photo, mallory.photo, mallory.link) == (None, None, None, None)
    assert [p.line for p in problems] == [2, 2, 5, 5]
    assert "not an http(s) address" in problems[0].message


def test_bad_files_give_problems_with_lines_never_exceptions():
    cases = {
        "tags: [a, b]\n": [Problem(1, "'tags' must map names to descriptions")],
        "- just a list\n": [Problem(1, "the descriptions file must map tags:, categories: and authors: to names")],
        "people:\n  Ann: x\n": [Problem(1, "unknown section 'people' (expected tags, categories or authors); ignored")],
        "tags:\n  ml:\n    descripton: typo\n": [Problem(2, "ml: unknown key 'descripton' (expected description); ignored")],
        "tags:\n  ml: [a, b]\n": [Problem(2, "ml: the description must be text")],
        "authors:\n  Ann: a string\n": [Problem(2, "author 'Ann': expected keys name, photo, link, bio")],
    }
    for text, expected in cases.items():
        assert load(text)[1] == expected, text
    _, problems = load("tags:\n  ml: 'unclosed\n")
    assert problems and problems[0].message.startswith("invalid YAML") and problems[0].line == 2
    _, problems = load("tags:\n  ml: one\n  ML: two\n")
    assert problems == [Problem(3, "tag 'ML' is described twice (as 'ml' on line 2); this one is used")]
    assert load("")[1] == [] and load("tags:\n")[1] == []


def test_a_tag_not_in_the_file_is_a_problem_at_the_posts_tags_line():
    descriptions, _ = load()
    post, _ = parse_front_matter("title: A post\ntags: [machine-learning, Genomic, python]\ncategories: [news]",
                                 "2025-01-01-a-post")
    problems = unknown_names(post, descriptions, "tag")
    assert [p.line for p in problems] == [3, 3]  # the front matter's tags: line in the file
    assert problems[0].message == "tag 'Genomic' is not in the descriptions file; did you mean 'Genomics'?"
    assert problems[1].message == "tag 'python' is not in the descriptions file"
    assert [p.message for p in unknown_names(post, descriptions, "category")] == [
        "category 'news' is not in the descriptions file"]
