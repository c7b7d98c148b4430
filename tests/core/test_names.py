"""Names: identity (name_key), file/URL names (slug) and index letters."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys

import pytest

from sphinx_kb.core.names import letter, name_key, slug

MAX_SLUG = 60
SLUG_SHAPE = re.compile(r"^[^\W_][\w-]*$")  # unicode word characters
#: Names a slug must never take (Sphinx pages/folders, Windows device names).
RESERVED = {
    "index", "genindex", "search", "searchindex", "py-modindex", "_static", "_sources", "tagsindex",
    "con", "prn", "aux", "nul", "com1", "com9", "lpt1", "lpt9",
}


def assert_safe(value: str) -> None:
    assert value
    assert SLUG_SHAPE.match(value), value
    assert "/" not in value and "\\" not in value and ".." not in value
    assert not value.startswith((".", "_"))
    assert len(value) <= MAX_SLUG
    assert value.lower() not in RESERVED


# --- name_key ------------------------------------------------------------------


@pytest.mark.parametrize("variant", ["Machine Learning", "machine  learning", "machine-learning", "MACHINE_LEARNING", " Machine\tLearning "])
def test_variants_share_one_key(variant):
    assert name_key(variant) == name_key("Machine Learning")


@pytest.mark.parametrize("other", ["Machine Learnings", "MachineLearning", "Machine Learning 2"])
def test_different_names_have_different_keys(other):
    assert name_key(other) != name_key("Machine Learning")


# --- slug: readable --------------------------------------------------------------


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Machine Learning", "machine-learning"),  # what sphinx-tags gives too
        ("machine-learning", "machine-learning"),
        ("Bioinformatics", "bioinformatics"),
        ("AI in Healthcare", "ai-in-healthcare"),
        ("C", "c"),
    ],
)
def test_plain_names_get_readable_slugs(name, expected):
    assert slug(name) == expected


def test_programming_languages_get_distinct_slugs():
    slugs = [slug(n) for n in ("C++", "C#", "C", "F#")]
    assert len(set(slugs)) == 4
    assert slugs[2] == "c"
    for value in slugs:
        assert_safe(value)


@pytest.mark.parametrize("name, readable", [("機械学習", "機械学習"), ("Génomique", "génomique")])
def test_unicode_letters_are_kept(name, readable):
    assert readable in slug(name)
    assert_safe(slug(name))


def test_accents_make_a_different_name():
    assert slug("Génomique") != slug("Genomique")


def test_slug_depends_on_the_name_alone():
    names = ["C++", "Machine Learning", "機械学習", "index", "!!!", "x" * 300]
    alone = {n: slug(n) for n in names}
    # computing other slugs first (in another order) changes nothing
    for n in reversed(names):
        slug(n + " other")
        assert slug(n) == alone[n]


def test_slug_is_the_same_in_another_process():
    names = ["C++", "Machine Learning", "機械学習", "index", "!!!", "x" * 300]
    code = "import json, sys; from sphinx_kb.core.names import slug; print(json.dumps([slug(n) for n in json.loads(sys.argv[1])]))"
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        out = subprocess.run([sys.executable, "-c", code, json.dumps(names)], env=env, capture_output=True, text=True, check=True)
        assert json.loads(out.stdout) == [slug(n) for n in names]


# --- slug: safety --------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["index", "Index", "genindex", "search", "_static", "_sources", "tagsindex", "con", "CON", "nul", "aux", "prn", "com1", "LPT1"],
)
def test_slug_is_never_a_reserved_name(name):
    assert_safe(slug(name))


@pytest.mark.parametrize(
    "name",
    ["../etc/passwd", "a/b", "a\\b", ".hidden", "_private", "..", ".", "/", "\\", "..\\..\\x", "a..b", "-leading", "__init__"],
)
def test_slug_is_a_safe_file_name(name):
    assert_safe(slug(name))


def test_long_names_are_bounded_and_stay_distinct():
    prefix = "knowledge " * 10  # 100 characters
    first, second = prefix + "a" * 400, prefix + "b" * 400
    assert len(slug("x" * 500)) <= MAX_SLUG
    assert slug(first) != slug(second)
    assert_safe(slug(first))
    assert_safe(slug(second))
    assert slug("y" * 500) != slug("y" * 499)


@pytest.mark.parametrize("name", ["+++", "!!!", "???", "", "   ", "#", "-", "_"])
def test_punctuation_only_names_get_a_slug(name):
    assert_safe(slug(name))


def test_different_punctuation_only_names_differ():
    names = ["+++", "!!!", "???", "#", "...", "()", ""]
    assert len({slug(n) for n in names}) == len(names)


def _random_name(rng: random.Random) -> str:
    pieces = [
        "c", "C", "ml", "AI", "data", "science", "é", "e", "ß", "ss", "機械", "学習", "Ω", "ω",
        "1", "42", "+", "#", "&", ".", "/", "\\", "!", "?", "-", "_", " ", "  ", "index", "con", "h",
        "plus", "sharp", "dot", "'", '"', "%", "\u0301", "\t",
    ]
    return "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))


def test_property_distinct_keys_never_share_a_slug():
    rng = random.Random(20250514)
    names = {_random_name(rng) for _ in range(600)}
    names |= {"x" * n for n in range(55, 70)}
    by_slug: dict[str, str] = {}
    for name in names:
        value = slug(name)
        assert_safe(value)
        key = name_key(name)
        assert by_slug.setdefault(value, key) == key, f"{name!r} and a name keyed {by_slug[value]!r} share {value!r}"
    assert len(by_slug) > 300  # the generator really produced many distinct names


@pytest.mark.parametrize("name", ["C++", "!!!", "index"])
def test_a_name_spelling_out_a_hashed_slug_does_not_collide(name):
    lookalike = slug(name).replace("-", " ")
    assert name_key(lookalike) != name_key(name)
    assert slug(lookalike) != slug(name)


# --- letter ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, group",
    [
        ("Éthique", "E"),
        ("éthique", "E"),
        ("machine learning", "M"),
        ("3D printing", "#"),
        ("+plus", "#"),
        ("機械学習", "機"),
        ("", "#"),
    ],
)
def test_letter(name, group):
    assert letter(name) == group
