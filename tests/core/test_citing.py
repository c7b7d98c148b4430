"""Cite this post: BibTeX, RIS, CSL-JSON and Highwire tags, against hand-written expected output."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import bibtexparser
import hypothesis
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors

from sphinx_kb.core import citing
from sphinx_kb.core.citing import CitedPost
from sphinx_kb.core.references import format_reference

DATA = Path(__file__).parent.parent / "data"
ALPHAFOLD = json.loads((DATA / "alphafold.csl.json").read_text(encoding="utf-8"))
GOMEZ = json.loads((DATA / "gomez-bombarelli.csl.json").read_text(encoding="utf-8"))

#: the sample site's post that cites both papers, as its page knows itself
POST = CitedPost(
    title="Generative Models for Molecule Design: What They Can and Cannot Do Yet",
    url="https://kb.example.org/docs/posts/2025-06-02-generative-models-for-molecule-design.html",
    site_name="kb: generative AI in personalised medicine",
    authors=("rkoots Bot",),
    date=dt.date(2025, 6, 2),
    description="A short research note on how generative models propose new drug-like molecules, with examples "
                "from the literature and the limits that remain.",
    keywords=("generative models", "drug design"),
    language="en",
    sources=("10.1021/acscentsci.7b00572", "10.1038/s41587-019-0224-x", "10.1038/s41586-021-03819-2"),
)


def test_bibtex_of_a_post():
    assert citing.to_bibtex(POST) == """\
@online{bot2025generative,
	author = {Bot, rkoots},
	title = {{Generative Models for Molecule Design: What They Can and Cannot Do Yet}},
	date = {2025-06-02},
	year = {2025},
	url = {https://kb.example.org/docs/posts/2025-06-02-generative-models-for-molecule-design.html},
	organization = {kb: generative AI in personalised medicine},
	abstract = {A short research note on how generative models propose new drug-like molecules, with examples from the literature and the limits that remain.},
	keywords = {generative models, drug design},
	langid = {en}
}
"""


def test_ris_of_a_post():
    assert citing.to_ris(POST) == """\
TY  - BLOG
TI  - Generative Models for Molecule Design: What They Can and Cannot Do Yet
AU  - Bot, rkoots
DA  - 2025/06/02
PY  - 2025
T2  - kb: generative AI in personalised medicine
AB  - A short research note on how generative models propose new drug-like molecules, with examples from the literature and the limits that remain.
LA  - en
UR  - https://kb.example.org/docs/posts/2025-06-02-generative-models-for-molecule-design.html
KW  - generative models
KW  - drug design
ER  - 
"""
    [record] = rispy.loads(citing.to_ris(POST))  # what a reference manager reads back
    assert record["type_of_reference"] == "BLOG" and record["authors"] == ["Bot, rkoots"]


def test_csl_json_of_a_post():
    assert json.loads(citing.to_csl_json(POST)) == [{
        "id": "bot2025generative",
        "type": "post-weblog",
        "title": "Generative Models for Molecule Design: What They Can and Cannot Do Yet",
        "author": [{"family": "Bot", "given": "rkoots"}],
        "issued": {"date-parts": [[2025, 6, 2]]},
        "container-title": "kb: generative AI in personalised medicine",
        "URL": "https://kb.example.org/docs/posts/2025-06-02-generative-models-for-molecule-design.html",
        "abstract": POST.description,
        "keyword": "generative models, drug design",
        "language": "en",
    }]


def test_highwire_tags_of_a_post():
    assert citing.highwire_tags(POST) == [
        ("citation_title", "Generative Models for Molecule Design: What They Can and Cannot Do Yet"),
        ("citation_author", "rkoots Bot"),
        ("citation_publication_date", "2025/06/02"),
        ("citation_public_url", "https://kb.example.org/docs/posts/2025-06-02-generative-models-for-molecule-design.html"),
        ("citation_publisher", "kb: generative AI in personalised medicine"),
        ("citation_language", "en"),
        ("citation_keywords", "generative models; drug design"),
    ]
    assert "citation_journal_title" not in dict(citing.highwire_tags(POST))  # Zotero would call it a journal article


def test_sources_bib_of_the_two_papers():
    assert citing.sources_bib([GOMEZ, ALPHAFOLD, GOMEZ]) == """\
@article{gomezbombarelli2018automatic,
	author = {Gómez-Bombarelli, Rafael and Wei, Jennifer N. and Duvenaud, David and Hernández-Lobato, José Miguel and Sánchez-Lengeling, Benjamín and Sheberla, Dennis and Aguilera-Iparraguirre, Jorge and Hirzel, Timothy D. and Adams, Ryan P. and Aspuru-Guzik, Alán},
	title = {{Automatic Chemical Design Using a Data-Driven Continuous Representation of Molecules}},
	journal = {ACS Central Science},
	year = {2018},
	volume = {4},
	number = {2},
	pages = {268--276},
	doi = {10.1021/acscentsci.7b00572},
	url = {https://doi.org/10.1021/acscentsci.7b00572}
}

@article{jumper2021highly,
	author = {Jumper, John and Evans, Richard and Pritzel, Alexander and Green, Tim and Figurnov, Michael and Ronneberger, Olaf and Tunyasuvunakool, Kathryn and Bates, Russ and Žídek, Augustin and Potapenko, Anna and Bridgland, Alex and Meyer, Clemens and Kohl, Simon A. A. and Ballard, Andrew J. and Cowie, Andrew and Romera-Paredes, Bernardino and Nikolov, Stanislav and Jain, Rishub and Adler, Jonas and Back, Trevor and Petersen, Stig and Reiman, David and Clancy, Ellen and Zielinski, Michal and Steinegger, Martin and Pacholska, Michalina and Berghammer, Tamas and Bodenstein, Sebastian and Silver, David and Vinyals, Oriol and Senior, Andrew W. and Kavukcuoglu, Koray and Kohli, Pushmeet and Hassabis, Demis},
	title = {{Highly accurate protein structure prediction with AlphaFold}},
	journal = {Nature},
	year = {2021},
	volume = {596},
	number = {7873},
	pages = {583--589},
	doi = {10.1038/s41586-021-03819-2},
	url = {https://doi.org/10.1038/s41586-021-03819-2}
}
"""


def _parsed(text: str, *middleware):
    library = bibtexparser.parse_string(text, append_middleware=list(middleware))
    assert not library.failed_blocks
    return library.entries


def test_bibtex_specials_are_escaped():
    hostile = CitedPost(title="50% of {AI} & $x_1$ #1 ~ ^ \\ and } unbalanced", url="https://kb.example.org/a_b%20c{}.html",
                        authors=("Smith and Jones", "Ann O'Neil", "Cher"), date=dt.date(2025, 1, 2), site_name="A & B")
    [entry] = _parsed(citing.to_bibtex(hostile))
    assert entry["title"] == ("{50\\% of \\{AI\\} \\& \\$x\\_1\\$ \\#1 \\textasciitilde{} \\textasciicircum{} "
                              "\\textbackslash{} and \\} unbalanced}")
    assert entry["organization"] == "A \\& B"
    assert entry["url"] == "https://kb.example.org/a_b%20c%7B%7D.html"  # verbatim field: percent-encoded, not TeX
    [decoded] = _parsed(citing.to_bibtex(hostile), LatexDecodingMiddleware())
    assert decoded["title"].startswith("50% of {AI} & $x_1$ #1 ~ ")  # what a reader's tool shows


def test_a_name_with_and_stays_one_name():
    text = citing.to_bibtex(CitedPost(title="T", url="https://kb.example.org/t", authors=("Smith and Jones", "Ann O'Neil", "Cher")))
    [entry] = _parsed(text, SeparateCoAuthors())
    assert entry["author"] == ["{Smith and Jones}", "O'Neil, Ann", "{Cher}"]


def test_keys_are_stable_and_unique_in_sources_bib():
    twin = {**ALPHAFOLD, "id": "10.5555/other", "DOI": "10.5555/other"}
    keys = [entry.key for entry in _parsed(citing.sources_bib([ALPHAFOLD, twin]))]
    assert keys == ["jumper2021highly", "jumper2021highlya"]
    assert citing.citation_key(CitedPost(title="The Role of AI", url="u", site_name="My Site")) == "mysitendrole"


def test_names_are_split_for_ris_and_csl():
    assert citing.person("Jane Doe") == citing.Person("Doe", "Jane")
    assert citing.person("Doe, Jane") == citing.Person("Doe", "Jane")
    assert citing.person("José Miguel Hernández-Lobato") == citing.Person("Hernández-Lobato", "José Miguel")
    assert citing.person("Martin Luther King Jr.") == citing.Person("King", "Martin Luther", "Jr.")
    assert citing.person("Cher") == citing.Person(literal="Cher")
    assert citing.person("  ") == citing.Person()


def test_a_post_without_optional_metadata():
    bare = CitedPost(title="Untitled note", url="https://kb.example.org/n")
    assert citing.highwire_tags(bare) == [("citation_title", "Untitled note"), ("citation_public_url", "https://kb.example.org/n")]
    assert json.loads(citing.to_csl_json(bare)) == [{"id": "kbnduntitled", "type": "post-weblog", "title": "Untitled note",
                                                     "URL": "https://kb.example.org/n"}]
    assert "@online{kbnduntitled," in citing.to_bibtex(bare)
    assert citing.sources_bib([]) == ""


def test_the_cite_this_post_text_is_a_formatted_reference():
    ref = format_reference(citing.to_csl(POST)[0])
    assert ref.text == ("Bot rkoots (2025). Generative Models for Molecule Design: What They Can and Cannot Do Yet. "
                        "kb: generative AI in personalised medicine.")
    assert ref.html.endswith("<i>kb: generative AI in personalised medicine</i>.")


def test_names_in_cite_this_post_are_styled_alike_whatever_their_case():
    """A lowercase given name ("rkoots Bot") is initialised as a capitalised one, never
    taken for a particle ("Bot rkoots" beside "Lindqvist A"); the files keep it as written."""
    from dataclasses import replace

    both = replace(POST, authors=("rkoots Bot", "Ada Lindqvist"))
    assert format_reference(citing.reference_item(both)).text.startswith("Bot R, Lindqvist A (2025). ")
    assert {"family": "Bot", "given": "rkoots"} in json.loads(citing.to_csl_json(both))[0]["author"]


def test_json_ld_citations_of_the_checked_doi_sources():
    found = citing.jsonld_citations(POST, {"10.1038/s41586-021-03819-2": ALPHAFOLD})
    assert found[0] == {"@type": "ScholarlyArticle", "@id": "https://doi.org/10.1021/acscentsci.7b00572",
                        "url": "https://doi.org/10.1021/acscentsci.7b00572", "identifier": "doi:10.1021/acscentsci.7b00572"}
    assert found[2]["name"] == "Highly accurate protein structure prediction with AlphaFold"
    assert len(found) == 3


@hypothesis.given(hypothesis.strategies.text(alphabet=hypothesis.strategies.characters(max_codepoint=127)))
def test_the_ascii_shortcut_escapes_as_the_latex_encoder_does(text):
    from sphinx_kb.core import bibtex

    assert bibtex.escape(text) == bibtex._encoder().unicode_to_latex(" ".join(text.split()))


def test_text_beyond_ascii_goes_through_the_latex_encoder():
    from sphinx_kb.core import bibtex

    assert bibtex.escape("Gómez & {co} 100%") == r"Gómez \& \{co\} 100\%"  # UTF-8 kept
