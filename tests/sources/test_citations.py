"""What a post page says of its citations and of itself, from the results file alone.

A site citing the sample site's two real papers (records hand-written in tests/data) is
checked once by `make linkcheck` against local stand-ins (``support.research_world``);
then `make html` builds it with every connection refused: formatted references,
sources.bib, the post's own BibTeX, RIS and CSL-JSON files, its Highwire meta tags and
JSON-LD citations are compared with hand-written expected output.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pytest_httpserver import HTTPServer

from conftest import build, page_texts, warnings
from sphinx_kb.core.options import Options
from sphinx_kb.state.domain import KbDomain
from support.linkcheck import make_site, private_folder, run
from support.research_world import ALPHAFOLD, GOMEZ, DATA, paper, start_world

DOCNAME = "posts/2025-07-01-structures"
NAME = "2025-07-01-structures"
URL = "https://kb.example.org/notes/posts/2025-07-01-structures.html"
POST = f"""---
title: Protein structures, predicted
date: 2025-07-01
author: Jane Doe
tags: [Structural biology]
keywords: [protein structure, AlphaFold]
description: What AlphaFold changed.
---

AlphaFold predicts structures ([Jumper et al., 2021](https://doi.org/{ALPHAFOLD})); generative models
propose molecules ([Gómez-Bombarelli et al., 2018](https://doi.org/{GOMEZ})).
"""
EXTRA = 'html_baseurl = "https://kb.example.org/notes/"\nhtml_title = "Notes"\nproject = "Notes"\n'

JUMPER = ("Jumper J, Evans R, Pritzel A, et al. (2021). Highly accurate protein structure prediction with "
          "AlphaFold. Nature 596(7873):583–589.")
GOMEZ_REF = ("Gómez-Bombarelli R, Wei JN, Duvenaud D, et al. (2018). Automatic Chemical Design Using a Data-Driven "
             "Continuous Representation of Molecules. ACS Central Science 4(2):268–276.")

BIBTEX = """@online{doe2025protein,
\tauthor = {Doe, Jane},
\ttitle = {{Protein structures, predicted}},
\tdate = {2025-07-01},
\tyear = {2025},
\turl = {https://kb.example.org/notes/posts/2025-07-01-structures.html},
\torganization = {Notes},
\tabstract = {What AlphaFold changed.},
\tkeywords = {protein structure, AlphaFold, Structural biology},
\tlangid = {en}
}
"""
RIS = """TY  - BLOG
TI  - Protein structures, predicted
AU  - Doe, Jane
DA  - 2025/07/01
PY  - 2025
T2  - Notes
AB  - What AlphaFold changed.
LA  - en
UR  - https://kb.example.org/notes/posts/2025-07-01-structures.html
KW  - protein structure
KW  - AlphaFold
KW  - Structural biology
ER  - 
"""
CSL_JSON = [{"id": "doe2025protein", "type": "post-weblog", "title": "Protein structures, predicted",
             "author": [{"family": "Doe", "given": "Jane"}], "issued": {"date-parts": [[2025, 7, 1]]},
             "container-title": "Notes", "URL": URL, "abstract": "What AlphaFold changed.",
             "keyword": "protein structure, AlphaFold, Structural biology", "language": "en"}]
HIGHWIRE = [("citation_title", "Protein structures, predicted"), ("citation_author", "Jane Doe"),
            ("citation_publication_date", "2025/07/01"), ("citation_public_url", URL), ("citation_publisher", "Notes"),
            ("citation_language", "en"), ("citation_keywords", "protein structure; AlphaFold; Structural biology")]

workdir = pytest.fixture(private_folder, scope="module", name="workdir")


@pytest.fixture(scope="module")
def checked(workdir):
    """The site after one `make linkcheck` run (sources only), and the server's request log."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    world = start_world(server)
    world.metadata[ALPHAFOLD] = paper("alphafold")
    world.metadata[GOMEZ] = paper("gomez-bombarelli")
    site = make_site(workdir / "site", {DOCNAME: POST}, world.base, extra=EXTRA)
    first = run(site, world.base + "/probe", "--skip-internal")
    requests = len(server.log)
    second = run(site, world.base + "/probe", "--skip-internal")
    yield site, first, second, requests, len(server.log)
    server.clear()
    server.stop()


def test_a_second_run_sends_no_request(checked):
    _, first, second, after_first, after_second = checked
    assert first.code == 0, first.output
    assert second.code == 0 and second.report["checked_now"] == [] and second.report["research"]["asked"] == 0
    assert after_second == after_first  # not even the network probe


NO_NETWORK = """
import socket, sys
def refuse(*args, **kwargs):
    raise OSError("make html tried to open a connection")
socket.socket.connect = refuse
socket.create_connection = refuse
from sphinx.cmd.build import build_main
code = build_main(["-q", "-b", "html", "-d", sys.argv[2] + "/doctrees", sys.argv[1], sys.argv[2] + "/html"])
print(sorted(m for m in sys.modules if m.startswith("sphinx_kb.research")))
sys.exit(code)
"""


@pytest.fixture(scope="module")
def built(checked):
    """`make html` of the checked site, every connection refused."""
    site = checked[0]
    done = subprocess.run([sys.executable, "-c", NO_NETWORK, str(site), str(site / "_build")], capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return site, site / "_build" / "html", done


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_make_html_needs_no_network_and_no_research_client(built):
    _, _, done = built
    assert "WARNING" not in done.stderr, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "['sphinx_kb.research', 'sphinx_kb.research.cache']"


def test_formatted_references_of_the_two_papers(built):
    _, html, _ = built
    article = soup(html / f"{DOCNAME}.html").find("article")
    assert [span.get_text() for span in article.select("span.kb-reference")] == [JUMPER, GOMEZ_REF]
    assert [li.get_text(" ", strip=True) for li in article.select("ul.kb-references li")] == [
        f"{JUMPER} https://doi.org/{ALPHAFOLD}", f"{GOMEZ_REF} https://doi.org/{GOMEZ}"]
    assert [em.get_text() for em in article.select("ul.kb-references em")] == ["Nature", "ACS Central Science"]


def test_sources_bib_holds_both_papers(built):
    _, html, _ = built
    expected = (DATA / "two-papers.sources.bib").read_text(encoding="utf-8")
    assert (html / "sources.bib").read_text(encoding="utf-8") == expected


def test_the_post_can_be_cited(built):
    _, html, _ = built
    folder = (html / DOCNAME).parent
    assert (folder / f"{NAME}.bib").read_text(encoding="utf-8") == BIBTEX
    assert (folder / f"{NAME}.ris").read_text(encoding="utf-8") == RIS
    assert json.loads((folder / f"{NAME}.csl.json").read_text(encoding="utf-8")) == CSL_JSON
    page = soup(html / f"{DOCNAME}.html")
    block = page.select_one(".kb-cite")
    assert block.select_one(".kb-cite-reference").get_text(" ", strip=True) == (
        f"Doe J (2025). Protein structures, predicted. Notes . {URL}")
    assert [a["href"] for a in block.select(".kb-cite-files a")] == [f"{NAME}.bib", f"{NAME}.ris", f"{NAME}.csl.json"]
    tags = [(m["name"], m["content"]) for m in page.find_all("meta") if m.get("name", "").startswith("citation_")]
    assert tags == HIGHWIRE


def test_the_post_lists_its_checked_sources_for_json_ld(checked, tmp_path):
    site = checked[0]
    app, _ = build(site)
    domain = KbDomain.of(app.env)
    (found,) = [entry for entry in app.emit("kb-post-jsonld", domain, DOCNAME, Options.of(app.config)) if entry]
    assert found == {"citation": [
        {"@type": "ScholarlyArticle", "@id": f"https://doi.org/{ALPHAFOLD}", "url": f"https://doi.org/{ALPHAFOLD}",
         "identifier": f"doi:{ALPHAFOLD}", "name": "Highly accurate protein structure prediction with AlphaFold"},
        {"@type": "ScholarlyArticle", "@id": f"https://doi.org/{GOMEZ}", "url": f"https://doi.org/{GOMEZ}",
         "identifier": f"doi:{GOMEZ}",
         "name": "Automatic Chemical Design Using a Data-Driven Continuous Representation of Molecules"}]}


# -- incremental ------------------------------------------------------------------------------------


def retract(results_file: Path, bare: str) -> None:
    data = json.loads(results_file.read_text(encoding="utf-8"))
    data["updated"] = "2099-01-01T00:00:00+00:00"
    data["research"]["updates"][bare] = {
        "status": "ok", "checked": "2099-01-01T00:00:00+00:00", "since": "2099-01-01T00:00:00+00:00",
        "updates": [{"kind": "retraction", "label": "Retraction", "notice": "10.5555/kb.notice", "source": "publisher",
                     "date": "2098-12-01", "record_id": ""}]}
    results_file.write_text(json.dumps(data), encoding="utf-8")


def test_a_new_linkcheck_result_rewrites_the_post_without_reading_it(checked, tmp_path):
    import shutil

    site = tmp_path / "site"
    shutil.copytree(checked[0], site)
    app, _ = build(site)
    retract(site / "_build" / "kb-linkcheck.json", GOMEZ)
    app, log = build(site)
    assert log.read == []
    assert {DOCNAME, "sources"} <= set(log.written)  # (and "index", which has "sources" in its toctree)
    article = soup(Path(app.outdir) / f"{DOCNAME}.html").find("article")
    assert [b.get_text() for b in article.select(".kb-source-retracted")] == ["retracted", "retracted"]  # text, list
    _, log = build(site)
    assert log.written == []
    clean = tmp_path / "clean"
    shutil.copytree(site, clean, ignore=shutil.ignore_patterns("html", "doctrees"))
    fresh, _ = build(clean, freshenv=True)
    assert page_texts(Path(fresh.outdir)) == page_texts(Path(app.outdir))


# -- offline -------------------------------------------------------------------------------------


def test_without_a_linkcheck_run_the_post_is_as_before_and_citable(tmp_path):
    site = make_site(tmp_path / "site", {DOCNAME: POST}, "http://127.0.0.1:9", extra=EXTRA)
    app, _ = build(site)
    assert warnings(app) == []
    article = soup(Path(app.outdir) / f"{DOCNAME}.html").find("article")
    assert article.select(".kb-source-status") == []  # readers never see "not yet checked" (kb_author_view)
    assert len(article.select('a[href^="https://doi.org/"]')) == 2
    assert article.select(".kb-reference") == [] and article.select_one("#kb-references") is None
    assert article.select_one(".kb-cite") is not None
    assert not (Path(app.outdir) / "sources.bib").exists()
    assert [s.doi for s in KbDomain.of(app.env).sources[DOCNAME]] == [ALPHAFOLD, GOMEZ]


def test_the_posts_references_made_beforehand_are_the_ones_made_on_the_spot(tmp_path):
    """kb_citation_process: a clean build (a ``sphinx-build`` process, as users run it)
    formats every post's own reference in a process of its own; the pages show exactly
    what formatting them on the spot shows, the log says every one was made beforehand,
    and no file of that process is left behind. A title's markup stays text."""
    posts = {f"posts/2025-0{n}-01-post-{n}": POST.replace("Protein structures, predicted", f"\"Post {n}: a <b>title</b>\"")
             for n in range(1, 4)}
    pages, logs = {}, {}
    for process in (True, False):
        site = make_site(tmp_path / f"site-{process}", posts, "http://127.0.0.1:9", extra=EXTRA)
        out = site / "_build" / "html"
        run = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-v", "-W", "-D",
                              f"kb_citation_process={int(process)}", str(site), str(out)],
                             capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
        logs[process] = run.stdout
        assert not list((out / ".doctrees").glob("kb-citations-*"))
        pages[process] = {d: soup(out / f"{d}.html").select_one(".kb-cite-reference").decode() for d in posts}
    assert "kb: 3 of 3 posts' own references were formatted beforehand" in logs[True]
    assert "formatted beforehand" not in logs[False]
    assert pages[True] == pages[False]
    assert "Post 2: a &lt;b&gt;title&lt;/b&gt;" in pages[True]["posts/2025-02-01-post-2"]


NAMES_BUILD = """
import sys
from sphinx.cmd.build import build_main
code = build_main(["-q", "-b", "html", sys.argv[1], sys.argv[2]])
print("nameparser" in sys.modules)
sys.exit(code)
"""


def test_a_rebuild_takes_the_authors_names_as_the_last_build_parsed_them(tmp_path):
    """citations.names: a rebuild that writes a post by a known author never imports
    nameparser, and its page and files show the name exactly as parsed before; a new
    author is parsed (and kept for the next build)."""
    site = make_site(tmp_path / "site", {DOCNAME: POST}, "http://127.0.0.1:9", extra=EXTRA)
    out = site / "_build" / "html"

    def sphinx_build() -> bool:
        done = subprocess.run([sys.executable, "-c", NAMES_BUILD, str(site), str(out)], capture_output=True,
                              text=True, timeout=300, check=False)
        assert done.returncode == 0 and "WARNING" not in done.stderr, done.stderr
        return done.stdout.strip() == "True"

    assert sphinx_build()  # a clean build parses Jane Doe
    kept = json.loads((out / ".doctrees" / "kb-names.json").read_text(encoding="utf-8"))
    assert kept["names"] == {"Jane Doe": {"family": "Doe", "given": "Jane"}}
    post = site / f"{DOCNAME}.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    assert not sphinx_build()  # the body edited: the post written again, its author known
    assert (out / "posts" / f"{NAME}.bib").read_text(encoding="utf-8") == BIBTEX
    page = soup(out / f"{DOCNAME}.html")
    assert [m["content"] for m in page.find_all("meta", attrs={"name": "citation_author"})] == ["Jane Doe"]
    post.write_text(post.read_text(encoding="utf-8").replace("author: Jane Doe", "author: [Jane Doe, Martin Luther King Jr.]"),
                    encoding="utf-8")
    assert sphinx_build()  # a new author
    kept = json.loads((out / ".doctrees" / "kb-names.json").read_text(encoding="utf-8"))
    assert kept["names"]["Martin Luther King Jr."] == {"family": "King", "given": "Martin Luther", "suffix": "Jr."}
    csl = json.loads((out / "posts" / f"{NAME}.csl.json").read_text(encoding="utf-8"))
    assert csl[0]["author"] == [{"family": "Doe", "given": "Jane"},
                                {"family": "King", "given": "Martin Luther", "suffix": "Jr."}]
