"""core.nearnames: names that are probably one, written two ways."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from sphinx_kb.core import nearnames
from sphinx_kb.core.frontmatter import read_post
from sphinx_kb.core.glossary import Definition, load_definitions
from sphinx_kb.core.nearnames import NameUse, Thresholds, find, folded, singulars, uses_of

REPO = Path(__file__).resolve().parents[2]


def uses(*names: str, kind: str = "tag") -> list[NameUse]:
    return [NameUse(kind, name, f"posts/p{index}.md", 4) for index, name in enumerate(names)]


def pairs(groups) -> set[frozenset[str]]:
    return {frozenset(form.name for form in group.forms) for group in groups}


@pytest.mark.parametrize("a, b, reason", [
    ("LLM", "LLMs", "plural"), ("model", "models", "plural"), ("study", "studies", "plural"),
    ("analysis", "analyses", "plural"), ("index", "indices", "plural"), ("datum", "data", "plural"),
    ("large language model", "large language models", "plural"),
    ("Génomique", "Genomique", "accents, punctuation or spacing"),
    ("health care", "healthcare", "accents, punctuation or spacing"),
    ("A.I.", "AI", "accents, punctuation or spacing"),
    ("Bioinformatics", "Bioinfromatics", "spelling"), ("pseudonymisation", "pseudonymization", "spelling"),
    ("Personalized Medicine", "Personalised Medicine", "spelling"), ("Cheminformatics", "Chemoinformatics", "spelling"),
    ("Grace Hopper", "Grace Hoper", "spelling"),
])
def test_each_rule_finds_its_pair(a, b, reason):
    [group] = find(uses(a, b))
    assert {form.name for form in group.forms} == {a, b}
    assert [pair.reason for pair in group.pairs] == [reason]


@pytest.mark.parametrize("a, b", [
    ("C++", "C"), ("C#", "C"), ("F#", "C#"), ("Pediatrics", "Geriatrics"), ("Cardiology", "Radiology"),
    ("Clinical Cardiology", "Clinical Radiology"), ("de-identification", "re-identification"),
    ("Windows 10", "Windows 11"), ("GPT-4", "GPT-5"), ("machine learning", "machine learning models"),
    ("genomics", "proteomics"), ("AI ethics", "AI algorithms"), ("cat", "car"), ("mass", "mas"),
])
def test_different_names_are_not_paired(a, b):
    assert find(uses(a, b)) == []


def test_case_and_spacing_variants_are_already_one_name():
    [group] = find(uses("LLM", "llm", "LLMs"))
    assert [form.spellings for form in group.forms] == [("LLM", "llm"), ("LLMs",)]


def test_a_glossary_alias_pairs_an_abbreviation_and_its_plural():
    definitions = [Definition("large language models", "", ("LLM",))]
    [group] = find(uses("LLMs", "large language model", "transformers", kind="keyword"), definitions)
    assert pairs([group]) == {frozenset({"LLMs", "large language model"})}
    assert group.pairs[0].reason == "glossary alias"
    assert find(uses("LLMs", "large language model", kind="keyword")) == []  # without the glossary


def test_pairs_join_into_one_group_with_every_post_of_each_form():
    found = find([NameUse("tag", "LLM", "a.md", 5), NameUse("tag", "LLM", "b.md", 6),
                  NameUse("tag", "LLMs", "c.md", 7), NameUse("tag", "llms", "d.md", 8),
                  NameUse("tag", "large language models", "e.md", 9)],
                 [Definition("large language models", "", ("LLM",))])
    [group] = found
    assert group.kept.name == "LLM"  # used by the most posts
    assert [(form.name, [(u.file, u.line) for u in form.uses]) for form in group.forms] == [
        ("LLM", [("a.md", 5), ("b.md", 6)]), ("LLMs", [("c.md", 7), ("d.md", 8)]),
        ("large language models", [("e.md", 9)])]
    assert "tags 'LLM', 'LLMs', 'large language models' are probably one name" in group.message()


def test_kinds_are_compared_apart_and_declared_distinct_names_are_not_reported():
    assert find([NameUse("tag", "LLM", "a.md", 1), NameUse("keyword", "LLMs", "a.md", 2)]) == []
    assert find(uses("Génomique", "Genomique"), distinct=[["genomique", "Génomique"]]) == []


def test_thresholds_can_be_tuned():
    assert find(uses("tumour", "tumor")) != []
    assert find(uses("tumour", "tumor"), thresholds=Thresholds(one_edit_from=7, two_edits_from=12)) == []


def test_rules_in_isolation():
    assert folded("génomique") == folded("genomique") == "genomique"
    assert folded("機械学習") == "機械学習" and folded("c++") == "c++"
    assert "large language model" in singulars("large language models")
    assert singulars("ai") == set() and singulars("mass") == set() and singulars("virus") == set()


def test_uses_of_finds_the_line_of_each_name():
    text = "---\ntitle: T\ntags:\n  - LLM\n  - Machine Learning\nkeywords: [drug design]\nauthor: Ada\n---\nLLM again\n"
    parsed = read_post(text, "2025-01-01-t")
    found = uses_of(parsed.post, "t.md", text.split("\n")[: parsed.front_matter_lines])
    assert [(u.kind, u.name, u.line) for u in found] == [
        ("tag", "LLM", 4), ("tag", "Machine Learning", 5), ("author", "Ada", 7), ("keyword", "drug design", 6)]


# -- the sample site and the benchmark's corpus ----------------------------------------


def site_uses(folder: Path) -> list[NameUse]:
    result = []
    for path in sorted(folder.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        parsed = read_post(text, path.stem)
        result += uses_of(parsed.post, path.name, text.split("\n")[: parsed.front_matter_lines])
    return result


def test_no_false_pair_among_the_sample_sites_names():
    definitions, problems = load_definitions((REPO / "docs" / "glossary.yaml").read_text(encoding="utf-8"))
    assert problems == []
    found = site_uses(REPO / "docs" / "posts")
    assert len({(u.kind, u.name) for u in found}) > 30  # the site's names are really compared
    assert find(found, definitions) == []


def corpus_generator():
    spec = importlib.util.spec_from_file_location("kb_corpus", REPO / "benchmarks" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.Generator()


KIND_OF_KEY = {"tags": "tag", "keywords": "keyword", "categories": "category", "author": "author"}


def corpus_uses(plant: dict[int, dict[str, list[str] | str]] | None = None, n: int = 1000) -> list[NameUse]:
    generator = corpus_generator()
    result = []
    for index in range(n):
        stem, front, _ = generator.post(index, n)
        front = {**front, **(plant or {}).get(index, {})}
        for key, kind in KIND_OF_KEY.items():
            values = front[key] if isinstance(front[key], list) else [front[key]]
            result += [NameUse(kind, value, f"{stem}.md", 3) for value in values]
    return result


def test_no_false_pair_in_a_thousand_post_corpus():
    found = corpus_uses()
    assert len({(u.kind, u.name) for u in found}) > 400
    assert find(found) == []


def test_planted_pairs_are_found_in_a_thousand_post_corpus_and_nothing_else():
    keyword = next(k for k in corpus_generator().keywords if k.endswith(" models"))  # a keyword posts use
    plant = {
        10: {"tags": ["LLMs", "Bioinfromatics"]}, 11: {"tags": ["LLM", "Génomics"]}, 12: {"tags": ["LLM", "CG"]},
        20: {"keywords": [keyword[:-1]]}, 30: {"categories": "tutorials"}, 40: {"author": "Grace Hoper"},
    }
    definitions = [Definition("Clinical Genomics", "", ("CG",))]
    found = {(group.kind, frozenset(form.name for form in group.forms)) for group in find(corpus_uses(plant), definitions)}
    assert found == {
        ("tag", frozenset({"LLM", "LLMs"})), ("tag", frozenset({"Bioinformatics", "Bioinfromatics"})),
        ("tag", frozenset({"Genomics", "Génomics"})), ("tag", frozenset({"Clinical Genomics", "CG"})),
        ("keyword", frozenset({keyword, keyword[:-1]})),
        ("category", frozenset({"tutorial", "tutorials"})), ("author", frozenset({"Grace Hopper", "Grace Hoper"})),
    }


def test_kinds_table_matches_the_taxonomy():
    from sphinx_kb.core import taxonomy

    assert nearnames.KINDS == taxonomy.KINDS
