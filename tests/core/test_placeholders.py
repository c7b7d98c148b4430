"""The pure core of placeholder detection: no Sphinx, no build."""

from __future__ import annotations

import re

import pytest

from sphinx_kb.core.placeholders import (
    Citation,
    KnownPlaceholder,
    Piece,
    check,
    find_known,
    find_markers,
    parse_known,
    reserved_name,
    split_citations,
)

from conftest import SEED

MARKERS = ["replace with actual", "replace with a real", "add link here", "link to be added", "citation needed"]


@pytest.mark.parametrize(("url", "name"), [
    ("https://example.com/", "example.com"),
    ("https://www.example.com/research-article", "example.com"),
    ("http://deep.sub.example.org/x?y=1", "example.org"),
    ("https://EXAMPLE.NET:8443/path", "example.net"),
    ("https://user:pw@example.com./", "example.com"),
    ("https://paper.example/x", ".example"),
    ("https://journal.test/", ".test"),
    ("https://nothing.invalid/", ".invalid"),
    ("http://localhost:8000/", "localhost"),
    ("http://app.localhost/", ".localhost"),
])
def test_reserved_names(url, name):
    assert reserved_name(url) == name


@pytest.mark.parametrize("url", [
    "https://www.atomwise.com/",
    "https://notexample.com/",
    "https://example.com.evil.org/",
    "https://example.community/",
    "https://testing.org/",
    "https://www.latest/",
    "http://127.0.0.1:8000/",
    "https://doi.org/10.1038/nbt.4235",
    "mailto:someone@example",
    "not a url",
])
def test_real_names(url):
    assert reserved_name(url) is None


def test_markers_ignore_case_and_spacing():
    assert find_markers("(Replace  with\nActual article)", MARKERS) == ["replace with actual"]
    assert find_markers("replace with actual x; replace with actual y", MARKERS) == ["replace with actual"] * 2
    assert find_markers("a real article", MARKERS) == []
    assert find_markers("tonreplace with actual", MARKERS) == []  # a marker starts a word


def _pieces(line: str) -> list[Piece]:
    """A Markdown line split the way the Sphinx glue splits a paragraph (links of the seed only)."""
    pieces, position = [], 0
    for match in re.finditer(r"\[([^\[\]]*)\]\((https?://[^)\s]+)\)", line):
        pieces += [Piece(line[position:match.start()]), Piece(match.group(1), match.group(2))]
        position = match.end()
    return [*pieces, Piece(line[position:])]


def test_seed_gives_two_findings_on_lines_17_and_20():
    findings = []
    for number, line in enumerate(SEED.read_text(encoding="utf-8").splitlines(), start=1):
        for citation in split_citations(_pieces(line), number):
            finding = check(citation, MARKERS)
            if finding:
                findings.append(finding)
    assert [(f.line, f.url) for f in findings] == [
        (17, "https://www.example.com/research-article"),
        (20, "https://www.example.com/ethics-article"),
    ]
    signals = [signal for finding in findings for signal in finding.signals]
    assert [s.kind for s in signals].count("reserved") == 2
    assert [s.kind for s in signals].count("marker") == 4
    assert {s.where for s in signals} == {"url", "link text", "after the link"}


def test_seed_finding_message_names_every_signal():
    line = SEED.read_text(encoding="utf-8").splitlines()[16]
    (citation,) = split_citations(_pieces(line), 17)
    message = check(citation, MARKERS).message()
    assert message.startswith("placeholder citation https://www.example.com/research-article (")
    assert "example.com is a reserved domain" in message
    assert '"replace with actual" in the link text' in message
    assert '"replace with actual" after the link' in message


def test_a_citation_ends_at_the_next_link():
    pieces = [Piece("See "), Piece("one", "https://a.org/"), Piece(" (citation needed) and "),
              Piece("two", "https://b.org/"), Piece(" fine.")]
    first, second = split_citations(pieces, 5)
    assert (first.after, second.after) == (" (citation needed) and ", " fine.")
    assert check(first, MARKERS) is not None
    assert check(second, MARKERS) is None


def test_a_citation_ends_at_the_end_of_its_line():
    pieces = [Piece("First line\nsecond "), Piece("link", "https://a.org/"), Piece(" ok\n(citation needed)\n"),
              Piece("other", "https://example.org/")]
    first, second = split_citations(pieces, 10)
    assert (first.line, first.after) == (11, " ok")
    assert check(first, MARKERS) is None
    assert second.line == 13


def test_text_before_a_link_is_not_its_citation():
    (citation,) = split_citations([Piece("(citation needed) "), Piece("x", "https://a.org/")], 1)
    assert check(citation, MARKERS) is None


def test_many_signals_make_one_finding():
    citation = Citation("https://example.com/", "replace with actual; citation needed", " add link here", 3)
    finding = check(citation, MARKERS)
    assert finding.line == 3
    assert len(finding.signals) == 4


def test_known_placeholders_by_post_and_url():
    known, problems = parse_known([
        {"post": "posts/a", "url": "https://example.com/x", "reason": "kept"},
        ("posts/b.md", "https://example.com/y"),
        {"post": "posts/c"},
        "posts/d",
    ])
    assert known == [KnownPlaceholder("posts/a", "https://example.com/x", "kept"),
                     KnownPlaceholder("posts/b", "https://example.com/y")]
    assert len(problems) == 2 and "kb_known_placeholders[2]" in problems[0]
    assert find_known(known, "posts/a", "https://example.com/x").reason == "kept"
    assert find_known(known, "posts/b", "https://example.com/x") is None
    assert find_known(known, "posts/a", "https://example.com/y") is None
