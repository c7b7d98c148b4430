"""What readers see of the sources (``kb_author_view`` off, the default), and what the
author sees (``kb serve``, ``-D kb_author_view=1``): on every page of a site whose posts
cite unchecked links, unknown placeholders and a known one."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import build, copy_root

#: what only the author may see: a to-do badge, a source's line, a make command, the queue
AUTHORS_ONLY = re.compile(r"not yet checked|\(line \d+\)|, line \d+|make linkcheck|Review queue")


def pages(outdir: Path) -> dict[str, str]:
    """Every page's visible text (and its search index's), by path."""
    found = {}
    for path in sorted(outdir.rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        found[str(path.relative_to(outdir))] = soup.get_text(" ", strip=True)
    found["searchindex.js"] = (outdir / "searchindex.js").read_text(encoding="utf-8")
    return found


def leaks(outdir: Path) -> dict[str, list[str]]:
    return {page: sorted(set(AUTHORS_ONLY.findall(text))) for page, text in pages(outdir).items()
            if AUTHORS_ONLY.search(text)}


def article(outdir: Path, page: str):
    return BeautifulSoup((outdir / page).read_text(encoding="utf-8"), "html.parser").find("article")


def test_readers_see_no_authors_to_do_and_the_author_sees_it_all(tmp_path):
    srcdir = copy_root("sources", tmp_path / "site")
    app, _ = build(srcdir, confoverrides={"kb_author_view": False})  # the root's conf.py sets it for its tests
    outdir = Path(app.outdir)
    assert leaks(outdir) == {}
    post = article(outdir, "posts/2025-03-01-citations.html")
    # a known placeholder is the readers' concern; an unknown one and an unchecked link are not
    assert [b.get_text() for b in post.select(".kb-source-status")] == ["known placeholder"]
    assert post.find("a", href="https://www.atomwise.com/") is not None  # the link itself stays
    report = article(outdir, "sources.html")
    summary = report.select_one(".kb-sources-summary").get_text(" ", strip=True)
    assert summary == "7 citations in 2 posts (6 URLs): 1 known placeholder. No link has been checked yet."
    assert report.find("a", href="https://www.example.org/markup") is None  # an unknown placeholder: no source
    assert report.select_one("#kb-sources-review") is None
    assert "kept to test known placeholders" in report.get_text()  # the known placeholder's reason

    # the author's view (kb serve): every status, lines, make linkcheck; an incremental build
    author, _ = build(srcdir, confoverrides={"kb_author_view": True})
    found = leaks(Path(author.outdir))
    assert set(found) == {"posts/2025-03-01-citations.html", "posts/2025-03-02-clean.html", "sources.html"}
    assert {"(line 17)", "(line 21)", "make linkcheck", "not yet checked"} <= set(found["sources.html"])
    assert found["posts/2025-03-01-citations.html"] == ["not yet checked"]
    post = article(outdir, "posts/2025-03-01-citations.html")
    assert "not yet checked" in [b.get_text() for b in post.select(".kb-source-status")]
    assert "placeholder" in [b.get_text() for b in post.select(".kb-source-status")]

    # back to the readers' view, incrementally: as a clean build
    again, _ = build(srcdir, confoverrides={"kb_author_view": False})
    assert leaks(Path(again.outdir)) == {}
    clean, _ = build(copy_root("sources", tmp_path / "clean"), confoverrides={"kb_author_view": False}, freshenv=True)
    ours, theirs = pages(Path(again.outdir)), pages(Path(clean.outdir))
    assert {k: v for k, v in ours.items() if k != "searchindex.js"} == \
        {k: v.replace(str(tmp_path / "clean"), str(tmp_path / "site")) for k, v in theirs.items() if k != "searchindex.js"}


def test_after_a_check_readers_see_the_broken_source_but_no_review_queue(tmp_path):
    srcdir = copy_root("sources", tmp_path / "site")
    checked = "2025-06-02T10:00:00+00:00"
    results = {"kb_linkcheck": 1, "updated": checked, "results": {
        "https://www.atomwise.com/": {"status": "broken", "checked": checked, "code": 404, "info": "404 Not Found",
                                      "since": "2025-06-01T08:00:00+00:00"},
        "https://www.who.int/": {"status": "ok", "checked": checked, "code": 200}}}
    (srcdir / "_build").mkdir()
    (srcdir / "_build" / "kb-linkcheck.json").write_text(json.dumps(results), encoding="utf-8")
    app, _ = build(srcdir, confoverrides={"kb_author_view": False})
    outdir = Path(app.outdir)
    assert leaks(outdir) == {}
    post = article(outdir, "posts/2025-03-01-citations.html")
    assert [(b.find_previous_sibling("a")["href"], b.get_text()) for b in post.select(".kb-source-status")] == [
        ("https://www.atomwise.com/", "broken"), ("https://draft.test/kept", "known placeholder")]
    report = article(outdir, "sources.html")
    assert "Links last checked 2 June 2025, 10:00 UTC." in report.select_one(".kb-sources-summary").get_text()
    assert report.select_one("#kb-sources-review") is None and "404 Not Found" in report.get_text()
    author, _ = build(srcdir, confoverrides={"kb_author_view": True})
    queue = article(Path(author.outdir), "sources.html").select_one("#kb-sources-review").find_next("ul")
    assert "broken since 1 June 2025" in queue.get_text(" ", strip=True)
