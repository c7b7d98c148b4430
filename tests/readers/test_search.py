"""Search: a post's tags join its keywords in the index; kb's scorer ranks a post whose
title holds every word searched first (the ranking itself: tests/readers/test_browser.py)."""

from __future__ import annotations

from pathlib import Path

from conftest import build, copy_root, html


def test_tags_join_the_keywords_meta_and_the_index(tmp_path):
    srcdir = copy_root("readers", tmp_path)
    app, _ = build(srcdir, freshenv=True)
    beta = html(app, "posts/2025-02-11-beta").find("meta", attrs={"name": "keywords"})["content"]
    assert beta == "proteomics, Genomics"  # keywords first, then tags, one of each name
    gamma = html(app, "posts/2025-03-12-gamma").find("meta", attrs={"name": "keywords"})["content"]
    assert gamma == "genomics, Machine Learning"
    index = (Path(app.outdir) / "searchindex.js").read_text(encoding="utf-8")
    assert '"machine learn"' in index  # a meta keyword is one term of the index (stemmed)


def test_the_scorer_is_kbs_with_this_sites_listing_folders(tmp_path):
    srcdir = copy_root("readers", tmp_path)
    app, _ = build(srcdir, freshenv=True)
    code = (Path(app.outdir) / "_static/language_data.js").read_text(encoding="utf-8")  # where Sphinx puts it
    assert "rank a page whose own title holds every searched word first" in code
    assert '["_kb/archive", "_kb/authors", "_kb/categories", "_kb/glossary", "_tags"]' in code


def test_a_scorer_of_conf_py_is_kept(tmp_path):
    srcdir = copy_root("readers", tmp_path)
    (srcdir / "mine.js").write_text("var Scorer = {score: (r) => r[4], title: 15}; // mine\n", encoding="utf-8")
    app, _ = build(srcdir, freshenv=True, confoverrides={"html_search_scorer": str(srcdir / "mine.js")})
    code = (Path(app.outdir) / "_static/language_data.js").read_text(encoding="utf-8")
    assert "// mine" in code and "every searched word" not in code
