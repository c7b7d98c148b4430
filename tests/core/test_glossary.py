"""The glossary's data: the definitions file merged with the posts' keywords."""

from __future__ import annotations

import pytest

from sphinx_kb.core.glossary import Definition, load_definitions, merge
from sphinx_kb.core.names import slug
from sphinx_kb.core.taxonomy import Entry, build

DEFINITIONS = """\
generative models:
  definition: |
    Models that generate new data, e.g. {term}`drug design` candidates.
  aliases: [generative model, GenAI]
drug design: Designing new medicines.
precision medicine:
  definition: Treatment tailored to the patient.
  aliases: personalised medicine
"""


def keyword_terms(*keywords_per_post):
    entries = [
        Entry(f"posts/p{i}", f"P{i}", f"2024-01-{i + 1:02d}T00:00:00", names={"keyword": tuple(keywords)})
        for i, keywords in enumerate(keywords_per_post)
    ]
    return build(entries).terms["keyword"]


def by_name(entries):
    return {e.name: e for e in entries}


# --- load_definitions --------------------------------------------------------------


def test_both_forms_are_read():
    definitions, problems = load_definitions(DEFINITIONS)
    assert problems == []
    assert [d.name for d in definitions] == ["generative models", "drug design", "precision medicine"]
    generative, drug, precision = definitions
    assert generative.text.startswith("Models that generate new data")
    assert generative.aliases == ("generative model", "GenAI")
    assert drug.text == "Designing new medicines."
    assert drug.aliases == ()
    assert precision.text == "Treatment tailored to the patient."
    assert precision.aliases == ("personalised medicine",)


def test_definition_lines_are_file_lines():
    definitions, _ = load_definitions(DEFINITIONS)
    assert [d.line for d in definitions] == [1, 5, 6]


def test_empty_file_has_no_definitions():
    assert load_definitions("") == ([], [])


@pytest.mark.parametrize(
    "text, line, kept",
    [
        ("drug design: fine\ngenomics: a\n  bad: indent\n", 3, ["drug design"]),
        ("a: 1\nb: 2\nc: x: y\n", 3, ["a", "b"]),
    ],
)
def test_invalid_yaml_is_a_problem_with_its_line_and_the_other_entries_are_kept(text, line, kept):
    """The file is read entry by entry when it cannot be read whole (issue 29: one bad
    entry dropped every definition without saying how many)."""
    definitions, problems = load_definitions(text)
    assert [d.name for d in definitions] == kept
    assert problems[0].line == line and "YAML" in problems[0].message
    assert f"1 of the {len(kept) + 1} entries of the definitions file cannot be read" in problems[-1].message
    assert len(problems) == 2


@pytest.mark.parametrize(
    "text, line, kept",
    [
        ("drug design: fine\ngenomics: [unclosed\n", 2, ["drug design"]),  # reported on 3: the file has 2 lines
        ('drug design: "open\ngenomics: x\n', 1, ["genomics"]),  # reported on 3
    ],
)
def test_unclosed_quote_or_bracket_is_reported_where_it_opens(text, line, kept):
    definitions, problems = load_definitions(text)
    assert [p.line for p in problems] == [line, line]  # the YAML's problem, and how many entries were lost
    assert [d.name for d in definitions] == kept


def test_a_bad_byte_loses_only_its_entry():
    text = b"genomics:\n  definition: The study \xff of genomes.\nrare: Rare.\n".decode("utf-8", "surrogateescape")
    definitions, problems = load_definitions(text)
    assert [d.name for d in definitions] == ["rare"]
    assert [(p.line, p.message) for p in problems] == [
        (2, "not UTF-8 text (byte 0xff); save the file as UTF-8"),
        (1, "1 of the 2 entries of the definitions file cannot be read and are left out (line 1); the other 1 are used"),
    ]


def test_a_file_that_is_not_a_mapping_is_a_problem():
    definitions, problems = load_definitions("- drug design\n- genomics\n")
    assert definitions == []
    assert len(problems) == 1


# --- merge -------------------------------------------------------------------------


def test_one_entry_per_defined_term_and_per_undefined_keyword():
    definitions, _ = load_definitions(DEFINITIONS)
    terms = keyword_terms(["drug design", "genomics"], ["AI ethics", "genomics"])
    entries, problems = merge(terms, definitions)
    assert problems == []
    names = by_name(entries)
    assert set(names) == {"generative models", "drug design", "precision medicine", "genomics", "AI ethics"}
    assert names["drug design"].definition == "Designing new medicines."
    assert names["genomics"].definition is None
    assert names["AI ethics"].definition is None
    assert names["AI ethics"].slug == slug("AI ethics")
    assert names["generative models"].aliases == ("generative model", "GenAI")


def test_alias_keywords_join_their_entry():
    definitions, _ = load_definitions(DEFINITIONS)
    terms = keyword_terms(["generative model"], ["GenAI", "personalised medicine"])
    entries, problems = merge(terms, definitions)
    assert problems == []
    assert set(by_name(entries)) == {"generative models", "drug design", "precision medicine"}


def test_case_variants_merge_into_one_entry():
    definitions = [Definition("Drug Design", "Designing new medicines.", (), 1)]
    terms = keyword_terms(["drug design"], ["DRUG-DESIGN"], ["Drug  Design"])
    entries, problems = merge(terms, definitions)
    assert problems == []
    assert len(entries) == 1
    assert entries[0].definition == "Designing new medicines."


def test_case_variants_of_an_undefined_keyword_merge():
    entries, _ = merge(keyword_terms(["Genomics"], ["genomics"], ["GENOMICS"]), [])
    assert len(entries) == 1
    assert entries[0].definition is None


def test_duplicate_definitions_are_reported():
    definitions, problems = load_definitions(
        "drug design: First.\n"
        "genomics: Genes.\n"
        "Drug Design: Second.\n"  # line 3: the same term again
    )
    assert problems == []
    entries, problems = merge({}, definitions)
    assert len(problems) == 1
    assert problems[0].line == 3
    assert [e.definition for e in entries if e.name.lower() == "drug design"] == ["First."]


def test_an_alias_that_is_already_defined_is_reported():
    definitions, _ = load_definitions(
        "drug design: First.\n"
        "medicine design:\n"
        "  definition: Second.\n"
        "  aliases: [drug-design]\n"
    )
    entries, problems = merge({}, definitions)
    assert len(problems) == 1
    assert problems[0].line == 2
    assert len(entries) == 2


def test_the_same_key_twice_in_the_file_is_reported():
    definitions, load_problems = load_definitions("drug design: First.\ndrug design: Second.\n")
    _, merge_problems = merge({}, definitions)
    problems = load_problems + merge_problems
    assert len(problems) == 1
    assert problems[0].line == 2
