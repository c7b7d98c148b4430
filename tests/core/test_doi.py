"""DOIs: recognised in every usual spelling, normalised to one key and one link."""

from __future__ import annotations

import pytest

from sphinx_kb.core import doi

#: the DOIs the sample site cites (docs/posts/*.md), as written there
SAMPLE_DOIS = [
    "10.1021/acscentsci.7b00572",
    "10.1038/nbt.4235",
    "10.1038/s41467-019-10933-3",
    "10.1038/s41586-021-03819-2",
    "10.1038/s41587-019-0224-x",
    "10.1038/s41588-018-0183-z",
    "10.1038/s41588-019-0379-x",
    "10.1038/s41746-020-00323-1",
    "10.1126/science.aax2342",
]


@pytest.mark.parametrize("bare", SAMPLE_DOIS)
def test_the_sample_sites_doi_links_are_recognised(bare):
    found = doi.from_url(f"https://doi.org/{bare}")
    assert found == doi.Doi(bare)
    assert found.url == f"https://doi.org/{bare}"
    assert str(found) == bare


@pytest.mark.parametrize("bare", SAMPLE_DOIS)
@pytest.mark.parametrize("spelling", [
    "http://doi.org/{}", "https://dx.doi.org/{}", "http://dx.doi.org/{}", "https://www.doi.org/{}",
    "HTTPS://DOI.ORG/{upper}", "doi.org/{}", "doi:{}", "DOI: {upper}", "{upper}", "https://doi.org/{}#section",
])
def test_every_spelling_of_a_doi_gives_the_same_key(bare, spelling):
    text = spelling.format(bare, upper=bare.upper())
    assert doi.parse(text) == doi.Doi(bare)


def test_percent_encoding_in_the_url_is_decoded():
    assert doi.from_url("https://doi.org/10.1038%2Fnbt.4235") == doi.Doi("10.1038/nbt.4235")
    assert doi.from_url("https://doi.org/10.1002/%28SICI%291097-4571") == doi.Doi("10.1002/(sici)1097-4571")


def test_the_canonical_url_encodes_what_a_url_cannot_hold():
    assert doi.find_in_text("doi:10.1000/a b?c#d") == [doi.Doi("10.1000/a")]  # text ends a DOI at whitespace
    assert doi.parse("doi:10.1000/a b") is None  # a whole value with a space is no DOI
    odd = doi.normalise("10.1000/x%3Fy%23z%25")
    assert odd.bare == "10.1000/x?y#z%"
    assert odd.url == "https://doi.org/10.1000/x%3Fy%23z%25"
    assert doi.normalise("10.1016/s0140-6736(97)11096-0").url == "https://doi.org/10.1016/s0140-6736(97)11096-0"


@pytest.mark.parametrize("text, bare", [
    ("(doi:10.1038/nbt.4235).", "10.1038/nbt.4235"),
    ("doi:10.1038/nbt.4235,", "10.1038/nbt.4235"),
    ("[doi:10.1126/science.aax2342]", "10.1126/science.aax2342"),
    ("doi:10.1016/s0140-6736(97)11096-0.", "10.1016/s0140-6736(97)11096-0"),
    ("“doi:10.1038/nbt.4235”", "10.1038/nbt.4235"),
])
def test_trailing_punctuation_is_not_part_of_the_doi(text, bare):
    assert doi.find_in_text(text) == [doi.Doi(bare)]


@pytest.mark.parametrize("url", [
    "https://www.nature.com/articles/s41586-021-03819-2",  # the publisher, not the resolver
    "https://doi.org/",
    "https://doi.org/not-a-doi",
    "https://doi.org/10.12/too-short-a-registrant",
    "https://doi.org.evil.example/10.1038/nbt.4235",
    "https://notdoi.org/10.1038/nbt.4235",
    "ftp://doi.org/10.1038/nbt.4235",
    "https://[::1/10.1038/x",  # malformed: no exception
    "",
])
def test_other_urls_are_not_dois(url):
    assert doi.from_url(url) is None


def test_dois_in_citation_text_in_order_once_each():
    text = ("Poplin et al. 2018, doi:10.1038/nbt.4235; see also https://dx.doi.org/10.1126/SCIENCE.AAX2342 "
            "and DOI:10.1038/NBT.4235 again")
    assert doi.find_in_text(text) == [doi.Doi("10.1038/nbt.4235"), doi.Doi("10.1126/science.aax2342")]
    assert doi.find_in_text("no identifier here, only 10.1038 and doi: nothing") == []


def test_a_source_is_a_doi_by_its_url_or_by_its_text():
    assert doi.of_source("https://doi.org/10.1038/nbt.4235") == doi.Doi("10.1038/nbt.4235")
    assert doi.of_source("https://www.nature.com/articles/nbt.4235", "Poplin 2018, doi:10.1038/nbt.4235") \
        == doi.Doi("10.1038/nbt.4235")
    assert doi.of_source("https://www.nature.com/articles/nbt.4235", "Poplin 2018") is None


def test_control_characters_never_make_a_doi():
    assert doi.normalise("10.1038/nbt\x00.4235") is None
