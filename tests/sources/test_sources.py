"""Sources in the build: collected per post, placeholders warned, statuses shown, the report."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import SEED, build, copy_root, html, warnings
from sphinx_kb.state.domain import KbDomain

POST = "posts/2025-03-01-citations"
CLEAN = "posts/2025-03-02-clean"
SEED_DOC = "posts/" + SEED.stem
SEED_KNOWN = [
    {"post": SEED_DOC, "url": "https://www.example.com/research-article", "reason": "the seed stays unmodified"},
    {"post": SEED_DOC, "url": "https://www.example.com/ethics-article", "reason": "the seed stays unmodified"},
]


def placeholder_warnings(app) -> list[tuple[str, int, str]]:
    found = []
    for line in warnings(app):
        match = re.match(r"(.+?):(\d+): WARNING: kb: placeholder citation (\S+) .*\[kb\.placeholder\]$", line)
        if match:
            found.append((Path(match[1]).name, int(match[2]), match[3]))
    return found


def badges(page) -> list[tuple[str, str]]:
    """(link, badge) for every cited link of a post page."""
    article = page.find("article")
    return [(b.find_previous_sibling("a")["href"], b.get_text()) for b in article.select(".kb-source-status")]


@pytest.mark.sphinx("html", testroot="sources")
def test_each_placeholder_citation_is_one_warning_with_its_line(app):
    app.build()
    name = POST.split("/")[1] + ".md"
    assert placeholder_warnings(app) == [
        (name, 10, "https://www.example.com/study"),
        (name, 12, "https://journal.example/x"),  # three signals, one warning
        (name, 13, "https://www.who.int/"),  # a real URL, but "citation needed"
        (name, 15, "http://localhost:8000/page"),
        (name, 21, "https://www.example.org/markup"),
    ]
    (several,) = [w for w in warnings(app) if "journal.example" in w]
    assert ".example is a reserved domain" in several
    assert several.count('"replace with actual"') == 2


@pytest.mark.sphinx("html", testroot="sources")
def test_every_external_link_of_a_post_is_recorded(app):
    app.build()
    sources = KbDomain.of(app.env).sources[POST]
    assert [(s.url, s.line) for s in sources] == [
        ("https://www.nature.com/articles/s41586-021-03819-2", 7),
        ("https://doi.org/10.1038/s41586-021-03819-2", 8),
        ("https://www.example.com/study", 10),
        ("https://journal.example/x", 12),
        ("https://www.who.int/", 13),
        ("http://localhost:8000/page", 15),
        ("https://www.hhs.gov/hipaa/index.html", 15),
        ("https://www.atomwise.com/", 17),
        ("https://draft.test/kept", 19),
        ("https://www.example.org/markup", 21),
    ]
    assert sources[0].text == "Nature article" and sources[0].finding is None
    assert [s.url for s in KbDomain.of(app.env).sources[CLEAN]] == ["https://www.who.int/", "https://www.hhs.gov/hipaa/index.html"]
    assert "index" not in KbDomain.of(app.env).sources  # only posts


@pytest.mark.sphinx("html", testroot="sources")
def test_known_placeholder_is_marked_not_warned(app):
    app.build()
    assert not [w for w in warnings(app) if "draft.test" in w]
    page = html(app, POST)
    assert ("https://draft.test/kept", "known placeholder") in badges(page)
    assert ("https://www.example.com/study", "placeholder") in badges(page)
    assert ("https://www.atomwise.com/", "not yet checked") in badges(page)
    log = [line for line in app.status.getvalue().splitlines() if line.strip()]
    last = log.index(next(line for line in log if "build succeeded" in line)) - 1
    assert "1 known placeholder (kb_known_placeholders), 5 unknown placeholders" in log[last]


def test_warning_type_can_be_suppressed(tmp_path):
    srcdir = copy_root("sources", tmp_path)
    app, _ = build(srcdir, confoverrides={"suppress_warnings": ["kb.placeholder"]})
    assert placeholder_warnings(app) == []
    assert not [w for w in warnings(app) if "placeholder" in w]


def test_a_stale_known_placeholder_is_a_warning(tmp_path):
    srcdir = copy_root("sources", tmp_path)
    stale = {"post": POST, "url": "https://www.example.com/gone"}
    app, _ = build(srcdir, confoverrides={"kb_known_placeholders": [stale]})
    (warning,) = [w for w in warnings(app) if "example.com/gone" in w]
    assert "kb_known_placeholders lists" in warning and "[kb.placeholder]" in warning


@pytest.fixture
def seed_site(tmp_path) -> Path:
    """The test root with the seed post (as it is in docs/posts) instead of the test's own post."""
    srcdir = copy_root("sources", tmp_path)
    (srcdir / f"{POST}.md").unlink()
    shutil.copy(SEED, srcdir / "posts" / SEED.name)
    return srcdir


def test_seed_builds_with_warnings_as_errors_and_shows_its_known_placeholders(seed_site):
    app, _ = build(seed_site, confoverrides={"kb_known_placeholders": SEED_KNOWN, "kb_author_view": True},
                   warningiserror=True)
    assert warnings(app) == []
    known = [s for s in KbDomain.of(app.env).sources[SEED_DOC] if s.finding]
    assert [(s.line, s.url, bool(s.known)) for s in known] == [
        (17, "https://www.example.com/research-article", True),
        (20, "https://www.example.com/ethics-article", True),
    ]
    assert sum(len(s.finding.signals) for s in known) == 6
    assert badges(html(app, SEED_DOC)) == [
        ("https://www.atomwise.com/", "not yet checked"),
        ("https://www.example.com/research-article", "known placeholder"),
        ("https://www.example.com/ethics-article", "known placeholder"),
    ]
    report = html(app, "sources").find("article")
    listed = [li.get_text(" ", strip=True) for li in report.select("#kb-sources-by-post ~ ul li")]
    assert any("known placeholder" in item and "(line 17)" in item and "seed stays unmodified" in item for item in listed)
    assert "2 known placeholders (kb_known_placeholders), 0 unknown placeholders" in app.status.getvalue()


def test_seed_placeholders_warn_when_not_listed(seed_site):
    app, _ = build(seed_site)
    assert placeholder_warnings(app) == [
        (SEED.name, 17, "https://www.example.com/research-article"),
        (SEED.name, 20, "https://www.example.com/ethics-article"),
    ]


def write_results(app, results: dict[str, tuple[str, str]]) -> None:
    data = {"kb_linkcheck": 1, "updated": "2025-11-20T08:00:00+00:00",
            "results": {url: {"status": status, "checked": "2025-11-20T08:00:00+00:00", "code": 0, "info": info}
                        for url, (status, info) in results.items()}}
    (Path(app.outdir).parent / "kb-linkcheck.json").write_text(json.dumps(data), encoding="utf-8")


def test_statuses_of_a_linkcheck_run_show_without_rereading(tmp_path):
    srcdir = copy_root("sources", tmp_path)
    app, _ = build(srcdir)
    assert ("https://www.who.int/", "not yet checked") in badges(html(app, CLEAN))
    write_results(app, {
        "https://www.who.int/": ("ok", ""),
        "https://www.hhs.gov/hipaa/index.html": ("redirected", "redirects to https://www.hhs.gov/hipaa/"),
        "https://www.atomwise.com/": ("broken", "404 Client Error"),
    })
    app, log = build(srcdir)
    assert log.read == []
    assert {POST, CLEAN, "sources"} <= set(log.written)
    assert badges(html(app, CLEAN)) == [("https://www.who.int/", "ok"), ("https://www.hhs.gov/hipaa/index.html", "redirected")]
    post = dict(badges(html(app, POST)))
    assert post["https://www.atomwise.com/"] == "broken"
    assert post["https://www.who.int/"] == "placeholder"  # its "citation needed" outranks the check
    assert html(app, CLEAN).select_one("article .kb-source-ok") is not None
    app, log = build(srcdir)
    assert log.written == []  # nothing changed: nothing written


@pytest.mark.sphinx("html", testroot="sources")
def test_report_lists_sources_by_post_and_by_domain(app):
    app.build()
    report = html(app, "sources").find("article")
    summary = report.select_one(".kb-sources-summary").get_text()
    assert "12 citations in 2 posts" in summary and "1 known placeholder" in summary and "5 placeholder" in summary
    posts = [p.get_text() for p in report.select(".kb-sources-post")]
    assert posts == ["Citations of every kind", "A clean post"]
    assert report.select_one(".kb-sources-post a")["href"] == "posts/2025-03-01-citations.html"
    domains = [p.get_text() for p in report.select(".kb-sources-domain")]
    assert domains == sorted(domains) and "who.int" in domains and "example.com" in domains
    who = next(li for li in report.select("li") if li.find("a", href="https://www.who.int/", string="https://www.who.int/"))
    assert [a.get_text() for a in who.find_all("a")][1:] == ["Citations of every kind", "A clean post"]
    assert [b.get_text() for b in who.select(".kb-source-status")] == ["placeholder", "not yet checked"]


@pytest.mark.sphinx("html", testroot="sources")
def test_text_from_posts_is_never_markup(app):
    app.build()
    for page in (html(app, "sources"), html(app, POST)):
        link = page.find("a", href="https://www.example.org/markup")
        assert link.get_text() == "<b>bold</b>" and link.find("b") is None


def test_parallel_build_collects_the_same_sources(tmp_path):
    serial, _ = build(copy_root("sources", tmp_path / "serial"))
    parallel, _ = build(copy_root("sources", tmp_path / "parallel"), parallel=2)
    assert KbDomain.of(parallel.env).sources == KbDomain.of(serial.env).sources
    assert set(KbDomain.of(parallel.env).source_reports) == {"sources"}
    assert badges(html(parallel, POST)) == badges(html(serial, POST))


def test_an_edited_post_updates_its_sources_and_the_report(tmp_path):
    srcdir = copy_root("sources", tmp_path)
    build(srcdir)
    clean = srcdir / f"{CLEAN}.md"
    clean.write_text(clean.read_text(encoding="utf-8") + "\nNew: [draft](https://new.example/x)\n", encoding="utf-8")
    app, log = build(srcdir)
    assert CLEAN in log.read and "sources" in log.written
    assert [s.url for s in KbDomain.of(app.env).sources[CLEAN]][-1] == "https://new.example/x"
    assert (CLEAN.split("/")[1] + ".md", 10, "https://new.example/x") in placeholder_warnings(app)
    assert html(app, "sources").find("a", href="https://new.example/x") is not None


def test_an_unreadable_results_file_is_a_warning_and_ignored(tmp_path):
    srcdir = copy_root("sources", tmp_path)
    app, _ = build(srcdir)
    (Path(app.outdir).parent / "kb-linkcheck.json").write_text("{not json", encoding="utf-8")
    app, _ = build(srcdir)
    assert any("cannot read the linkcheck results" in w and "safe to delete" in w for w in warnings(app))
    assert ("https://www.who.int/", "not yet checked") in badges(html(app, CLEAN))


def test_under_the_same_results_an_edited_post_shows_its_new_sources_statuses_and_no_other_is_written(tmp_path):
    """Statuses' signatures: the post read again has its sources' statuses worked out
    again; the post not read keeps its signature, so it is not written again."""
    srcdir = copy_root("sources", tmp_path)
    app, _ = build(srcdir)
    write_results(app, {"https://www.who.int/": ("ok", ""), "https://www.atomwise.com/": ("broken", "404 Client Error")})
    build(srcdir)
    clean = srcdir / f"{CLEAN}.md"
    clean.write_text(clean.read_text(encoding="utf-8") + "\nAlso [Atomwise](https://www.atomwise.com/).\n",
                     encoding="utf-8")
    app, log = build(srcdir)
    assert log.read == [CLEAN] and POST not in log.written
    assert ("https://www.atomwise.com/", "broken") in badges(html(app, CLEAN))
    assert dict(badges(html(app, POST)))["https://www.atomwise.com/"] == "broken"
