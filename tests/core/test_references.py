"""Formatted references: citeproc-py with kb's bundled style, offline, as text and safe HTML."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sphinx_kb.core import csl, references
from sphinx_kb.core.references import format_reference, format_references, resolve_style

DATA = Path(__file__).parent.parent / "data"
ALPHAFOLD = json.loads((DATA / "alphafold.csl.json").read_text(encoding="utf-8"))
GOMEZ = json.loads((DATA / "gomez-bombarelli.csl.json").read_text(encoding="utf-8"))


def test_alphafold_in_the_default_style():
    ref = format_reference(ALPHAFOLD)
    assert ref.text == ("Jumper J, Evans R, Pritzel A, et al. (2021). Highly accurate protein structure prediction "
                        "with AlphaFold. Nature 596(7873):583–589.")
    assert ref.html == ("Jumper J, Evans R, Pritzel A, et al. (2021). Highly accurate protein structure prediction "
                        "with AlphaFold. <i>Nature</i> 596(7873):583–589.")
    assert ref.in_text == "(Jumper et al., 2021)"


def test_gomez_bombarelli_in_the_default_style():
    ref = format_reference(GOMEZ)
    assert ref.text == ("Gómez-Bombarelli R, Wei JN, Duvenaud D, et al. (2018). Automatic Chemical Design Using a "
                        "Data-Driven Continuous Representation of Molecules. ACS Central Science 4(2):268–276.")
    assert ref.html == ("Gómez-Bombarelli R, Wei JN, Duvenaud D, et al. (2018). Automatic Chemical Design Using a "
                        "Data-Driven Continuous Representation of Molecules. <i>ACS Central Science</i> 4(2):268–276.")
    assert ref.in_text == "(Gómez-Bombarelli et al., 2018)"


def test_a_references_list_keeps_citation_order_and_each_work_once():
    result = format_references([ALPHAFOLD, GOMEZ, ALPHAFOLD])
    assert list(result.entries) == ["https://doi.org/10.1038/s41586-021-03819-2", "https://doi.org/10.1021/acscentsci.7b00572"]
    assert result.problems == []
    result = format_references([GOMEZ, ALPHAFOLD])
    assert [ref.in_text for ref in result.entries.values()] == ["(Gómez-Bombarelli et al., 2018)", "(Jumper et al., 2021)"]


def test_kb_keys_records_by_bare_doi():
    clean = csl.clean_item(ALPHAFOLD, key="10.1038/s41586-021-03819-2")
    assert clean["id"] == "10.1038/s41586-021-03819-2"
    assert "sequence" not in clean["author"][0]  # only CSL name parts are kept
    assert set(clean) <= set(csl.TEXT_VARIABLES + csl.NAME_VARIABLES + csl.DATE_VARIABLES)
    assert format_reference(clean).key == "10.1038/s41586-021-03819-2"


def test_up_to_three_authors_are_named():
    three = {**GOMEZ, "author": GOMEZ["author"][:3]}
    assert format_reference(three).text.startswith("Gómez-Bombarelli R, Wei JN, Duvenaud D (2018). ")
    one = {**GOMEZ, "author": GOMEZ["author"][:1]}
    assert format_reference(one).in_text == "(Gómez-Bombarelli, 2018)"


@pytest.mark.parametrize("name", sorted(references.own_styles()))
def test_every_style_kb_ships_is_valid_csl(name):
    """What lets a build start without loading kb's own style to check it."""
    style = resolve_style(name)
    assert references.is_own(style) and style.path == references.STYLES_DIR / f"{name}.csl"
    loaded, problem = references.load_style(style)
    assert loaded is not None and problem == ""


def test_a_bundled_style_by_name():
    style = resolve_style("harvard-cite-them-right")
    assert style.problem == ""
    ref = format_reference(ALPHAFOLD, style)
    assert ref.text == ("Jumper, J. et al. (2021) “Highly accurate protein structure prediction with AlphaFold”, "
                        "Nature, 596(7873), pp. 583–589. Available at: https://doi.org/10.1038/s41586-021-03819-2.")
    assert "<i>Nature</i>" in ref.html


def test_a_style_file_of_the_project(tmp_path):
    style_file = tmp_path / "styles" / "mine.csl"
    style_file.parent.mkdir()
    text = (references.STYLES_DIR / "kb-author-year.csl").read_text(encoding="utf-8")
    style_file.write_text(text.replace('font-style="italic"', 'font-weight="bold"'), encoding="utf-8")
    style = resolve_style("styles/mine.csl", base=tmp_path)
    assert style.problem == "" and style.path == style_file.resolve()
    assert "<b>Nature</b>" in format_reference(ALPHAFOLD, style).html


@pytest.mark.parametrize("spec, problem", [
    ("https://www.zotero.org/styles/apa", "kb never downloads styles"),
    ("apa", "no CSL style 'apa'"),
    ("missing.csl", "no CSL style 'missing.csl'"),
])
def test_an_unusable_style_is_a_problem_and_the_default_is_used(spec, problem):
    style = resolve_style(spec)
    assert problem in style.problem
    result = format_references([ALPHAFOLD], style)
    assert problem in result.problems[0]
    assert next(iter(result.entries.values())).in_text == "(Jumper et al., 2021)"


def test_a_broken_style_file_is_a_problem_not_an_exception(tmp_path):
    broken = tmp_path / "broken.csl"
    broken.write_text("<style>not csl", encoding="utf-8")
    result = format_references([ALPHAFOLD], resolve_style("broken.csl", base=tmp_path))
    assert result.entries == {}
    assert "cannot read the CSL style" in result.problems[0]


def test_hostile_metadata_is_text_in_the_html():
    item = {"id": "10.5555/x", "type": "article-journal",
            "title": '<script>alert("x")</script>A & B <img src=x onerror=alert(1)> “p < 0.05”',
            "container-title": "J <b>Bold</b> & Co", "author": [{"family": "O'Brien <i>", "given": "Ann"}],
            "issued": {"date-parts": [[2020]]}}
    ref = format_reference(item)
    assert "<script" not in ref.html and "<img" not in ref.html
    assert ref.html == ("O&#x27;Brien A (2020). alert(&quot;x&quot;)A &amp; B “p &lt; 0.05”. "
                        "<i>J <b>Bold</b> &amp; Co</i>.")
    assert ref.text == "O'Brien A (2020). alert(\"x\")A & B “p < 0.05”. J Bold & Co."


def test_inline_markup_of_the_metadata_is_kept_safely():
    item = {"id": "a", "title": "Gene expression in <i>Drosophila</i> and H<sub>2</sub>O, <span class=\"nocase\">mRNA</span>",
            "author": [{"literal": "The Consortium"}], "issued": {"date-parts": [["2019", "3"]]}}
    ref = format_reference(item)
    assert ref.html == "The Consortium (2019). Gene expression in <i>Drosophila</i> and H<sub>2</sub>O, mRNA."
    assert ref.text == "The Consortium (2019). Gene expression in Drosophila and H2O, mRNA."


def test_marker_characters_in_the_metadata_cannot_make_markup():
    ref = format_reference({"id": "a", "title": "x \ue000i\ue001 y \ue000/i\ue001", "issued": {"date-parts": [[2020]]}})
    assert "<i>" not in ref.html


@pytest.mark.parametrize("item", [
    {}, {"author": [{"family": "X"}]}, {"title": ""}, {"title": [None, 3.5]}, "not a record", None,
])
def test_unusable_records_give_no_reference(item):
    result = format_references([item])  # type: ignore[list-item]
    assert result.entries == {}
    assert result.problems == []


def test_odd_but_usable_metadata():
    item = {"id": "b", "type": "journal-article", "title": ["T", "Other"], "container-title": ["Journal A", "J. A"],
            "author": [{"name": "Big Group"}, {"given": "Only"}, "nonsense", {"family": "Doe", "given": "Jane", "ORCID": "x"}],
            "issued": {"date-parts": [["x"]], "literal": "Spring 2020"}, "volume": 7, "page": "e1"}
    ref = format_reference(item)
    assert ref.text == "Big Group, Only, Doe J (Spring 2020). T. Journal A 7:e1."
    assert csl.clean_item(item)["type"] == "article-journal"


def test_a_reference_as_kb_markup_keeps_the_styles_italics_and_escapes_nothing_itself():
    from sphinx_kb.core import markup

    ref = format_reference(ALPHAFOLD)
    assert ref.inlines() == ("Jumper J, Evans R, Pritzel A, et al. (2021). Highly accurate protein structure prediction "
                             "with AlphaFold. ", markup.Styled("Nature", "em"), " 596(7873):583–589.")
    hostile = format_reference({**GOMEZ, "title": 'A <script>x</script> & "q" study of H<sub>2</sub>O'})
    parts = hostile.inlines()
    assert markup.Styled("2", "sub") in parts
    html = markup.to_html([markup.Para(parts)], lambda target, anchor: "")
    assert "<script" not in html and "H<sub>2</sub>O" in html and "&amp;" in html
