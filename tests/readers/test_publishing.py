"""Jekyll's publishing rules: drafts, published: false and future posts appear nowhere,
and with the options on they are there; a later day publishes a post whose date came."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import build, copy_root, html, warnings
from support.outputs import assert_same_outputs

#: a word, a title and a tag that only the left-out post of each kind has
LEFT_OUT = {
    "future": (b"zorblax", b"futuretag", "posts/2099-01-01-future"),
    "draft": (b"quuxdraft", b"drafttag", "posts/_drafts/quuxdraft-idea"),
    "unpublished": (b"hiddenword", b"hiddentag", "posts/2025-05-01-hidden"),
}


def every_file(outdir: Path) -> dict[str, bytes]:
    return {p.relative_to(outdir).as_posix(): p.read_bytes().lower() for p in outdir.rglob("*") if p.is_file()}


def found_in(files: dict[str, bytes], word: bytes) -> list[str]:
    return sorted(name for name, data in files.items() if word in data or word in name.lower().encode())


@pytest.fixture(scope="module")
def default_build(readers_site):
    return readers_site


def test_left_out_posts_are_in_no_output_file(default_build):
    files = every_file(Path(default_build.outdir))
    assert "searchindex.js" in files and "feed.xml" in files and "sitemap.xml" in files
    for word, tag, docname in LEFT_OUT.values():
        assert found_in(files, word) == [], word
        assert found_in(files, tag) == [], tag
        assert found_in(files, docname.rsplit("/", 1)[-1].encode()) == [], docname


def test_the_log_counts_them_by_reason_in_one_line(default_build):
    lines = [line for line in default_build.status.getvalue().splitlines() if "left out" in line]
    assert lines == ["kb: 3 posts left out: 1 draft, 1 with published: false, 1 dated in the future "
                     "(not built, listed nowhere)"]


def test_the_alpha_post_does_not_show_their_links(default_build):
    linked_from = html(default_build, "posts/2025-01-10-alpha").select(".kb-linked-from a")
    assert [a.get_text() for a in linked_from] == ["Gamma post", "Beta post"]


@pytest.mark.parametrize("options, shown", [
    ({"kb_future": True}, ["future"]),
    ({"kb_drafts": True}, ["draft"]),
    ({"kb_future": True, "kb_drafts": True}, ["future", "draft"]),
])
def test_with_the_options_on_they_are_everywhere(tmp_path, options, shown):
    srcdir = copy_root("readers", tmp_path)
    app, _ = build(srcdir, freshenv=True, confoverrides=options)
    files = every_file(Path(app.outdir))
    for kind, (word, tag, docname) in LEFT_OUT.items():
        where = found_in(files, word)
        if kind in shown:
            assert f"{docname}.html" in where and "searchindex.js" in where, where
            # a draft without a date is undated (kb's rules): in no feed, which is a timeline
            assert ("feed.xml" in where) == (kind == "future"), where
            assert any(name.startswith("_tags/genomics") for name in where) and f"_tags/{tag.decode()}.html" in files
            alpha = html(app, "posts/2025-01-10-alpha")
            assert word.decode() in alpha.select_one(".kb-linked-from").get_text().lower()
        else:
            assert where == [], (kind, where)


def test_a_jekyll_sites_future_and_show_drafts_are_the_defaults(tmp_path):
    srcdir = copy_root("readers", tmp_path)
    (srcdir / "_config.yml").write_text("future: true\nshow_drafts: true\n", encoding="utf-8")
    app, _ = build(srcdir, freshenv=True, confoverrides={"kb_jekyll_config": "_config.yml"})
    outdir = Path(app.outdir)
    assert (outdir / "posts/2099-01-01-future.html").is_file()
    assert (outdir / "posts/_drafts/quuxdraft-idea.html").is_file()
    # set in conf.py (here -D), kb's value wins over the Jekyll site's
    app, _ = build(srcdir, confoverrides={"kb_jekyll_config": "_config.yml", "kb_future": False})
    assert not (Path(app.outdir) / "posts/2099-01-01-future.html").exists()
    assert (Path(app.outdir) / "posts/_drafts/quuxdraft-idea.html").is_file()


SOON = """---
title: "Soon post"
date: 2025-06-01 08:00:00 +0000
tags: [Genomics]
keywords: [genomics]
---

Soon links to [alpha](2025-01-10-alpha.md) once it is out.
"""


def test_a_later_day_publishes_a_post_whose_date_came_without_a_clean_build(tmp_path, monkeypatch):
    work = copy_root("readers", tmp_path / "work")
    (work / "posts/2025-06-01-soon.md").write_text(SOON, encoding="utf-8")
    monkeypatch.setenv("KB_NOW", "2025-06-01T07:59:59+00:00")
    app, _ = build(work, freshenv=True)
    assert not (Path(app.outdir) / "posts/2025-06-01-soon.html").exists()
    assert b"soon post" not in (Path(app.outdir) / "searchindex.js").read_bytes().lower()
    monkeypatch.setenv("KB_NOW", "2025-06-01T08:00:00+00:00")  # the post's own moment: published (Jekyll's rule)
    app, log = build(work)
    assert "posts/2025-06-01-soon" in log.read
    outdir = Path(app.outdir)
    assert "Soon post" in html(app, "_tags/genomics").get_text()
    assert [a.get_text() for a in html(app, "posts/2025-01-10-alpha").select(".kb-linked-from a")][0] == "Soon post"
    clean = tmp_path / "clean"
    shutil.copytree(work, clean, ignore=shutil.ignore_patterns("_build", "_tags", "_kb"))
    capp, _ = build(clean, freshenv=True)
    assert_same_outputs(outdir, Path(capp.outdir))  # pages, feeds and the sitemap


def test_a_kb_now_that_is_no_date_is_a_warning_and_the_clock_is_used(tmp_path, monkeypatch):
    monkeypatch.setenv("KB_NOW", "next tuesday")
    srcdir = copy_root("readers", tmp_path)
    app, _ = build(srcdir, freshenv=True)
    assert any("KB_NOW='next tuesday' is not an ISO date-time" in w for w in warnings(app))
    assert not (Path(app.outdir) / "posts/2099-01-01-future.html").exists()
