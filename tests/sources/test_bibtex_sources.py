"""Citing from a .bib file with sphinxcontrib-bibtex's {cite:p}: the entries' DOIs and URLs
are sources of the post like its links, checked, badged and reported (issue 17, item 6)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pytest_httpserver import HTTPServer

from conftest import build, warnings
from sphinx_kb.state.domain import KbDomain
from support.linkcheck import make_site, private_folder, run
from support.research_world import ALPHAFOLD, paper, start_world

POST = "posts/2025-08-01-cited"
BIB = """@article{jumper2021,
  author = {Jumper, John and Evans, Richard},
  title = {Highly accurate protein structure prediction with {AlphaFold}},
  journal = {Nature}, year = {2021}, volume = {596}, pages = {583--589},
  doi = {10.1038/S41586-021-03819-2},
}
@misc{guidance2021,
  title = {Ethics and governance of artificial intelligence for health},
  author = {{World Health Organization}}, year = {2021},
  url = {URL},
}
@misc{nothing,
  title = {A book without an address}, author = {Nobody, Ann}, year = {2020},
}
"""
TEXT = """---
title: Cited from a bib file
date: 2025-08-01
---

AlphaFold predicts structures {cite:p}`jumper2021`.

The guidance {cite:t}`guidance2021`, and a book {cite:p}`nothing`.

```{bibliography}
```
"""
EXTRA = 'bibtex_bibfiles = ["refs.bib"]\n'

workdir = pytest.fixture(private_folder, scope="module", name="workdir")


@pytest.fixture(scope="module")
def checked(workdir):
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    world = start_world(server)
    world.metadata[ALPHAFOLD] = paper("alphafold")
    guidance = server.url_for("/w/landing/guidance")
    site = make_site(workdir / "site", {POST: TEXT}, world.base, extra=EXTRA, extensions=("sphinxcontrib.bibtex",))
    (site / "refs.bib").write_text(BIB.replace("{URL}", "{" + guidance + "}"), encoding="utf-8")
    result = run(site, world.base + "/probe")
    yield site, result, dict(world.asked), guidance
    server.clear()
    server.stop()


def test_the_entries_are_sources_with_the_citations_lines(checked):
    _, result, _, guidance = checked
    rows = [(row["line"], row["url"], row["bib_key"], row["doi"]) for row in result.report["citations"]]
    assert rows == [(6, f"https://doi.org/{ALPHAFOLD}", "jumper2021", ALPHAFOLD), (8, guidance, "guidance2021", "")]


def test_they_are_checked_like_any_source(checked):
    _, result, asked, guidance = checked
    assert result.code == 0, result.output
    assert result.status(f"https://doi.org/{ALPHAFOLD}") == "ok" and result.status(guidance) == "ok"
    assert asked[("metadata", ALPHAFOLD)] == 1 and asked[("updates", ALPHAFOLD)] == 1
    assert asked[("landing", ALPHAFOLD)] == 1  # the DOI link, at the resolver
    assert "internal links and anchors (linkchecker): no problems" in result.output


def test_badges_follow_the_entries_in_the_bibliography(checked):
    site, _, _, guidance = checked
    page = BeautifulSoup((site / "_build" / "html" / f"{POST}.html").read_text(encoding="utf-8"), "html.parser")
    bibliography = page.select_one(".citation").parent
    jumper = bibliography.find("a", href="https://doi.org/10.1038/S41586-021-03819-2")  # as the .bib spells it
    assert jumper.find_next_sibling("span")["class"][:2] == ["kb-source-status", "kb-source-ok"]
    assert bibliography.find("a", href=guidance).find_next_sibling("span").get_text() == "ok"
    assert page.select("span.kb-reference") == []  # its own bibliography formats it
    report = BeautifulSoup((site / "_build" / "html" / "sources.html").read_text(encoding="utf-8"), "html.parser")
    assert report.find("a", href=guidance) is not None


def test_without_a_bibliography_on_the_page_the_badge_follows_the_citation(checked, tmp_path):
    site = tmp_path / "site"
    make_site(site, {POST: TEXT.replace("```{bibliography}\n```\n", "")}, "http://127.0.0.1:9", extra=EXTRA,
              extensions=("sphinxcontrib.bibtex",))
    (site / "refs.bib").write_text(BIB.replace("{URL}", "{https://www.who.int/x}"), encoding="utf-8")
    (site / "references.md").write_text("---\norphan: true\n---\n# References\n\n```{bibliography}\n:all:\n```\n",
                                        encoding="utf-8")
    app, _ = build(site, confoverrides={"kb_author_view": True})  # readers never see "not yet checked"
    assert not [w for w in warnings(app) if "kb" in w]
    page = BeautifulSoup((Path(app.outdir) / f"{POST}.html").read_text(encoding="utf-8"), "html.parser")
    # each citation (sphinxcontrib-bibtex's span; 2.7 adds it the class bibtex-citation) is followed by its badge
    citations = [span for span in page.select("span[id]") if span.find("a", href=lambda h: h and "references.html" in h)]
    assert [c.find_next_sibling("span").get_text() for c in citations[:2]] == ["not yet checked", "not yet checked"]
    sources = KbDomain.of(app.env).sources[POST]
    assert [(s.bib_key, s.line) for s in sources] == [("jumper2021", 6), ("guidance2021", 8)]


def test_editing_an_entry_rereads_the_posts_citing_it(checked, tmp_path):
    site = tmp_path / "site"
    make_site(site, {POST: TEXT}, "http://127.0.0.1:9", extra=EXTRA, extensions=("sphinxcontrib.bibtex",))
    bib = site / "refs.bib"
    bib.write_text(BIB.replace("{URL}", "{https://www.who.int/x}"), encoding="utf-8")
    build(site)
    bib.write_text(BIB.replace("{URL}", "{https://www.who.int/y}"), encoding="utf-8")
    app, log = build(site)
    assert POST in log.read
    assert [s.url for s in KbDomain.of(app.env).sources[POST]][1] == "https://www.who.int/y"
