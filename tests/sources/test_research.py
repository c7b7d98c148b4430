"""`make linkcheck`'s research step, end to end, against local stand-ins for doi.org,
api.crossref.org and the Wayback Machine (``support.research_world``); never the internet.

One site cites: the two real papers of the sample site (their records hand-written in
tests/data), one of them three times in two posts; a retracted and a corrected work and
four others (a DOI that does not exist, one whose metadata answers 429 first, one whose
answer is too slow) under Crossref's test prefix 10.5555; and a page that went away but
has a snapshot.
"""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup
from pytest_httpserver import HTTPServer

from support.linkcheck import make_site, post, private_folder, run
from support.research_world import ALPHAFOLD, GOMEZ, invented, notice, paper, start_world

RETRACTED, CORRECTED, MISSING = "10.5555/kb.retracted", "10.5555/kb.corrected", "10.5555/kb.missing"
BUSY, SLOW = "10.5555/kb.busy", "10.5555/kb.slow"
POST, OTHER = "posts/2025-06-02-research", "posts/2025-06-03-other"
JUMPER_REF = ("Jumper J, Evans R, Pritzel A, et al. (2021). Highly accurate protein structure prediction with "
              "AlphaFold. Nature 596(7873):583–589.")
GOMEZ_REF = ("Gómez-Bombarelli R, Wei JN, Duvenaud D, et al. (2018). Automatic Chemical Design Using a Data-Driven "
             "Continuous Representation of Molecules. ACS Central Science 4(2):268–276.")

module_workdir = pytest.fixture(private_folder, scope="module", name="module_workdir")


def doi_link(text: str, bare: str) -> str:
    return f"[{text}](https://doi.org/{bare})"


@pytest.fixture(scope="module")
def world():
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    world = start_world(server)
    world.metadata[ALPHAFOLD] = paper("alphafold")
    world.metadata[GOMEZ] = paper("gomez-bombarelli")
    world.metadata[RETRACTED] = invented(RETRACTED, "A retracted study")
    world.updates[RETRACTED] = [notice("retraction", "Retraction", "10.5555/kb.retraction-notice", (2025, 9, 1),
                                       "retraction-watch")]
    world.metadata[CORRECTED] = invented(CORRECTED, "A corrected study")
    world.updates[CORRECTED] = [notice("correction", "Correction", "10.5555/kb.correction-notice", (2025, 1, 10))]
    world.landing_only.add(MISSING)  # no such DOI, though the resolver's page answers 200
    world.metadata[BUSY] = invented(BUSY, "A busy study")
    world.busy.add(BUSY)
    world.metadata[SLOW] = invented(SLOW, "A slow study")
    world.slow.add(SLOW)
    server.expect_request("/w/site/gone").respond_with_data("gone", status=404)
    world.snapshots[server.url_for("/w/site/gone")] = "20240102030405"
    yield world
    server.clear()
    server.stop()


@pytest.fixture(scope="module")
def site(world, module_workdir):
    gone = world.server.url_for("/w/site/gone")
    return make_site(module_workdir, {
        POST: post("Research",
                   f"AlphaFold ({doi_link('Jumper et al., 2021', ALPHAFOLD)}) and molecules "
                   f"({doi_link('Gómez-Bombarelli et al., 2018', GOMEZ)}).",
                   f"A retracted one ({doi_link('Tester, 2024', RETRACTED)}), a corrected one "
                   f"({doi_link('Tester', CORRECTED)}).",
                   f"No such DOI ({doi_link('Nobody', MISSING)}); busy ({doi_link('b', BUSY)}); slow "
                   f"({doi_link('s', SLOW)}).",
                   f"A page that went away ([gone]({gone})); AlphaFold again ({doi_link('Jumper', ALPHAFOLD)}).",
                   date="2025-06-02"),
        OTHER: post("Other", f"[AlphaFold at Nature]({world.server.url_for('/w/landing/x')}) doi:{ALPHAFOLD.upper()}",
                    date="2025-06-03"),
    }, world.base, extra="kb_author_view = True  # the review queue and the lines are the author's")


@pytest.fixture(scope="module")
def first(world, site):
    result = run(site, world.base + "/probe")
    return result, dict(world.asked)


@pytest.fixture(scope="module")
def second(first, world, site):
    result = run(site, world.base + "/probe")
    return result, dict(world.asked)


def page(site, docname: str) -> BeautifulSoup:
    return BeautifulSoup((site / "_build" / "html" / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def rows(result, bare: str) -> list[dict]:
    return [row for row in result.report["citations"] if row["doi"] == bare]


# -- the run ------------------------------------------------------------------------------------


def test_a_retraction_fails_the_run_with_a_warning_at_the_citation(first):
    result, _ = first
    assert result.code == 1, result.output
    warnings = re.findall(r"(\S+):(\d+): WARNING: kb: the cited work (\S+) is retracted \((.*)\); .*\[kb\.retracted\]",
                          result.output)
    assert [(file.rsplit("/", 1)[-1], int(line), url) for file, line, url, _ in warnings] == [
        ("2025-06-02-research.md", 8, f"https://doi.org/{RETRACTED}")]
    assert "Retraction 2025-09-01 (retraction-watch) doi:10.5555/kb.retraction-notice" in warnings[0][3]
    assert "retracted:" in result.output and "1 retracted, 1 corrected" in result.output


def test_a_doi_that_does_not_exist_is_broken_whatever_its_landing_page_does(first):
    result, asked = first
    (row,) = rows(result, MISSING)
    assert row["status"] == "broken" and "the DOI does not exist" in row["info"]
    assert asked[("landing", MISSING)] == 1  # the link check itself went through (a 200 page)


def test_each_doi_is_asked_once_however_often_it_is_cited(first):
    result, asked = first
    assert [(row["post"], row["line"]) for row in rows(result, ALPHAFOLD)] == [(POST, 6), (POST, 12), (OTHER, 6)]
    assert asked[("metadata", ALPHAFOLD)] == 1 and asked[("updates", ALPHAFOLD)] == 1
    assert asked[("landing", ALPHAFOLD)] == 1  # the DOI link, checked at kb_doi_resolver
    assert not any(kind == "metadata" and key == ALPHAFOLD.upper() for kind, key in asked)


def test_updates_come_from_crossref_and_requests_say_who_asks(first, world):
    result, _ = first
    (retracted,) = rows(result, RETRACTED)
    (corrected,) = rows(result, CORRECTED)
    assert (retracted["update"], corrected["update"]) == ("retracted", "corrected")
    assert corrected["update_info"] == "Correction 2025-01-10 (publisher) doi:10.5555/kb.correction-notice"
    crossref = [(headers, query) for kind, headers, query in world.headers if kind == "updates"]
    assert crossref and all(query.get("mailto") == "kb-tests@example.org" for _, query in crossref)
    kb_requests = [headers for kind, headers, _ in world.headers if kind != "landing"]  # landing: Sphinx's check
    assert kb_requests and all("mailto:kb-tests@example.org" in headers.get("User-Agent", "") for headers in kb_requests)


def test_a_429_with_retry_after_is_waited_for(first):
    result, asked = first
    assert asked[("metadata", BUSY)] == 2
    (row,) = rows(result, BUSY)
    assert row["unanswered"] == ""


def test_a_slow_answer_is_not_yet_checked_never_broken(first, site):
    result, _ = first
    (row,) = rows(result, SLOW)
    assert row["status"] == "ok"  # its link answered; its metadata did not come in time
    assert row["unanswered"].startswith("metadata: error: ")
    assert "without an answer" in result.output
    assert citation(site, SLOW) == (["ok"], "")  # no metadata: the link as without kb's research


def test_research_is_cached_beside_the_link_results(first, site):
    cache = json.loads((site / "_build" / "kb-linkcheck.json").read_text(encoding="utf-8"))
    research = cache["research"]
    assert research["metadata"][ALPHAFOLD]["status"] == "ok"
    assert research["metadata"][ALPHAFOLD]["csl"]["title"] == "Highly accurate protein structure prediction with AlphaFold"
    assert research["metadata"][MISSING]["status"] == "missing"
    assert research["metadata"][SLOW]["status"] == "error"
    assert research["updates"][RETRACTED]["updates"][0]["kind"] == "retraction"
    gone = [url for url in research["archive"] if url.endswith("/w/site/gone")]
    assert research["archive"][gone[0]]["snapshot"] == f"https://web.archive.org/web/20240102030405/{gone[0]}"


# -- the pages it leaves ----------------------------------------------------------------------


def citation(site, bare_or_url: str, docname: str = POST) -> tuple[list[str], str]:
    """The badges after the first link to a DOI (or URL), and the formatted reference there."""
    href = bare_or_url if bare_or_url.startswith("http") else f"https://doi.org/{bare_or_url}"
    link = page(site, docname).find("article").find("a", href=href)
    badges, reference = [], ""
    for sibling in link.find_next_siblings():
        classes = sibling.get("class", [])
        if "kb-source-status" in classes or "kb-source-archived" in classes:
            badges.append(sibling.get_text())
        elif "kb-reference" in classes:
            reference = sibling.get_text()
            break
        else:
            break
    return badges, reference


def test_badges_say_what_happened_to_each_work(first, site):
    assert citation(site, RETRACTED)[0] == ["ok", "retracted"]
    assert citation(site, CORRECTED)[0] == ["ok", "corrected"]
    assert citation(site, MISSING) == (["broken"], "")
    article = page(site, POST).find("article")
    assert article.select_one(".kb-source-retracted").get_text() == "retracted"


def test_a_broken_source_links_its_archived_copy(first, site, world):
    gone = world.server.url_for("/w/site/gone")
    assert citation(site, gone) == (["broken", "archived copy"], "")
    link = page(site, POST).find("a", class_="kb-source-archived")
    assert link["href"] == f"https://web.archive.org/web/20240102030405/{gone}"


def test_the_first_citation_of_a_work_gets_its_formatted_reference(first, site):
    assert citation(site, ALPHAFOLD) == (["ok"], JUMPER_REF)
    assert citation(site, GOMEZ) == (["ok"], GOMEZ_REF)
    article = page(site, POST).find("article")
    assert len([s for s in article.select("span.kb-reference") if "AlphaFold" in s.get_text()]) == 1
    assert article.select_one("span.kb-reference em").get_text() == "Nature"


def test_the_post_ends_with_its_references_in_citation_order(first, site):
    items = page(site, POST).select("ul.kb-references li")
    texts = [li.get_text(" ", strip=True) for li in items]
    assert texts[0] == f"{JUMPER_REF} https://doi.org/{ALPHAFOLD}"
    assert texts[1] == f"{GOMEZ_REF} https://doi.org/{GOMEZ}"
    assert [t.split(". ")[1] for t in texts[2:]] == ["A retracted study", "A corrected study", "A busy study"]
    assert items[2].select_one(".kb-source-retracted") is not None
    assert page(site, OTHER).select("ul.kb-references li")[0].get_text(" ", strip=True).startswith(JUMPER_REF)


def test_the_report_lists_updates_and_the_review_queue(first, site, world):
    report = page(site, "sources").find("article")
    updated = [li.get_text(" ", strip=True) for li in report.select_one("#kb-sources-updates").find_next("ul")("li")]
    assert updated[0].startswith("retracted Tester, 2024 cited in Research (line 8)")
    assert updated[1].startswith("corrected Tester cited in Research (line 8)")
    queue = [li.get_text(" ", strip=True) for li in report.select_one("#kb-sources-review").find_next("ul")("li")]
    assert queue[0] == "Research (2 June 2025, line 8): retracted 1 September 2025: Tester, 2024"
    assert queue[1].startswith("Research (2 June 2025, line 12): broken since ") and queue[1].endswith(": gone")
    assert "1 retracted, 1 corrected" in report.select_one(".kb-sources-summary").get_text()
    assert report.find("a", string="sources.bib")["href"] == "sources.bib"
    by_post = report.select_one("#kb-sources-by-post").find_all_next("li")
    assert any("archived copy" in li.get_text() for li in by_post)


def test_the_internal_links_to_the_citation_files_resolve(first):
    result, _ = first
    assert "internal links and anchors (linkchecker): no problems" in result.output


# -- the cache ------------------------------------------------------------------------------------


def test_a_second_run_asks_only_what_had_no_answer(first, second):
    result, asked = second
    before = first[1]
    new = {key: count - before.get(key, 0) for key, count in asked.items() if count != before.get(key, 0)}
    assert new == {("metadata", SLOW): 1}
    assert result.code == 1 and result.status(f"https://doi.org/{RETRACTED}") == "ok"
    assert result.report["research"]["asked"] == 1


def test_kb_archive_save_asks_for_a_copy_of_a_source_without_one(world, tmp_path):
    url = world.server.url_for("/w/landing/save-me")
    site = make_site(tmp_path / "site", {"posts/2025-06-04-saved": post("Saved", f"[a page]({url})")}, world.base,
                     extra="kb_archive_save = True")
    assert run(site, world.base + "/probe", "--skip-internal").code == 0
    assert (world.asked[("archive", url)], world.asked[("save", url)]) == (1, 1)
    record = json.loads((site / "_build" / "kb-linkcheck.json").read_text(encoding="utf-8"))["research"]["archive"][url]
    assert record["snapshot"].endswith(f"/web/20260101000000/{url}") and record["saved"]
    assert run(site, world.base + "/probe", "--skip-internal", "--no-cache").code == 0
    assert (world.asked[("archive", url)], world.asked[("save", url)]) == (1, 1)  # a recorded copy is kept
