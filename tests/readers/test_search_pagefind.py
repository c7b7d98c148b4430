"""Search by Pagefind: what a page gives the index (a post's own text, its filters),
which pages are indexed, the bundle written, and what happens without the indexer or
when it fails (a warning; Sphinx's search stays). Searching in a browser:
test_pagefind_browser.py."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from conftest import build, copy_root, html, warnings
from sphinx_kb.readers import search_index


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    srcdir = copy_root("readers", tmp_path_factory.mktemp("pagefind"))
    app, _ = build(srcdir, freshenv=True)
    return app


def body(app, docname: str):
    return html(app, docname).find(attrs={"data-pagefind-body": True})


def test_a_posts_own_text_is_indexed_not_what_surrounds_it(app):
    indexed = body(app, "posts/2025-02-11-beta")
    for name in ("kb-byline", "kb-post-chips", "kb-cite", "kb-related", "kb-linked-from"):
        found = indexed.find(class_=name)
        assert found is not None and found.has_attr("data-pagefind-ignore"), name
    ignored = [element for element in indexed.find_all(attrs={"data-pagefind-ignore": True})]
    kept = indexed.get_text(" ", strip=True)
    for element in ignored:
        element.decompose()
    text = " ".join(indexed.get_text(" ", strip=True).split())
    assert text.startswith("Beta post Beta looks at proteomics . It builds on the alpha post"), text
    assert "Grace" not in text and "Cite this post" not in text and "Linked from" not in text
    assert "Genomics" in kept  # the tag is there for the filter


def test_a_posts_filters_and_title(app):
    indexed = body(app, "posts/2025-02-11-beta")
    filters = sorted((element["data-pagefind-filter"], element.get_text())
                     for element in indexed.find_all(attrs={"data-pagefind-filter": True}))
    assert filters == [("author", "Grace"), ("category", "research"), ("tag", "Genomics"), ("year", "2025")]
    assert indexed.find(attrs={"data-pagefind-meta": "title"}).get_text() == "Beta post"
    alpha = body(app, "posts/2025-01-10-alpha").find(attrs={"data-pagefind-meta": "title"}).get_text()
    assert alpha == "Alpha & <Omega>"  # text, as written


def test_posts_pages_and_the_glossary_are_indexed_listings_are_not(app):
    for docname in ("posts/2025-01-10-alpha", "about", "_kb/glossary/index"):
        assert body(app, docname) is not None, docname
    for docname in ("index", "_tags/genomics", "_kb/categories/research", "_kb/authors/grace",
                    "_kb/archive/index", "genindex", "search"):
        assert body(app, docname) is None, docname
    glossary = body(app, "_kb/glossary/index")
    assert glossary.find(class_="kb-backlinks").has_attr("data-pagefind-ignore")  # "Used in:" lists posts


def test_the_bundle_is_written_and_counts_the_indexed_pages(app):
    bundle = Path(app.outdir) / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    marked = [path for path in Path(app.outdir).rglob("*.html")
              if "data-pagefind-body" in path.read_text(encoding="utf-8") and bundle not in path.parents]
    assert sum(language["page_count"] for language in entry["languages"].values()) == len(marked) == 7
    assert (bundle / "pagefind-ui.js").is_file() and (bundle / "pagefind-ui.css").is_file()


def test_the_search_page_loads_pagefind_not_sphinxs_index(app):
    page = html(app, "search")
    scripts = [script.get("src", "") for script in page.find_all("script")]
    assert not [src for src in scripts if "searchindex" in src or "searchtools" in src], scripts
    assert "_static/kb-search.js" in scripts
    box = page.find(id="kb-search")
    assert box["data-bundle"] == "pagefind/"  # relative: the site may be served below /en/latest/
    assert box["data-fallback"].split() == ["_static/searchtools.js", "_static/language_data.js", "searchindex.js"]
    assert (Path(app.outdir) / "searchindex.js").is_file()  # still written: the fallback


def sphinx_search_page(app) -> bool:
    scripts = [script.get("src", "") for script in html(app, "search").find_all("script")]
    return any(src.startswith("searchindex.js") for src in scripts)


def test_kb_search_sphinx_keeps_sphinxs_search(tmp_path):
    app, _ = build(copy_root("readers", tmp_path), freshenv=True, confoverrides={"kb_search": "sphinx"})
    assert sphinx_search_page(app)
    assert not (Path(app.outdir) / "pagefind").exists()
    assert body(app, "posts/2025-02-11-beta") is None


def test_an_unknown_kb_search_is_a_warning(tmp_path):
    app, _ = build(copy_root("readers", tmp_path), freshenv=True, confoverrides={"kb_search": "lunr"})
    assert [line for line in warnings(app) if 'kb_search is \'lunr\': it is "pagefind" or "sphinx"' in line]
    assert sphinx_search_page(app)


def test_without_the_indexer_a_warning_and_sphinxs_search(tmp_path, monkeypatch):
    monkeypatch.setattr(search_index, "find_binary", lambda: None)
    app, _ = build(copy_root("readers", tmp_path), freshenv=True)
    assert [line for line in warnings(app) if "Pagefind's indexer is not installed" in line]
    assert sphinx_search_page(app)
    assert not (Path(app.outdir) / "pagefind").exists()


def fake_indexer(folder: Path, script: str) -> str:
    path = folder / "fake-pagefind"
    path.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def test_a_failing_indexer_is_a_warning_and_leaves_no_bundle(tmp_path, monkeypatch):
    binary = fake_indexer(tmp_path, 'mkdir -p "$2/pagefind"; echo "Error: the site is on fire" >&2; exit 3\n')
    monkeypatch.setattr(search_index, "find_binary", lambda: binary)
    app, _ = build(copy_root("readers", tmp_path), freshenv=True)
    said = [line for line in warnings(app) if "Pagefind's indexer failed" in line]
    assert said and "exited with status 3: Error: the site is on fire" in said[0], warnings(app)
    assert not (Path(app.outdir) / "pagefind").exists()  # the search page then loads Sphinx's search


def test_an_indexer_out_of_time_is_a_warning(tmp_path, monkeypatch):
    binary = fake_indexer(tmp_path, "exec sleep 30\n")
    monkeypatch.setattr(search_index, "find_binary", lambda: binary)
    app, _ = build(copy_root("readers", tmp_path), freshenv=True, confoverrides={"kb_search_timeout": 1})
    said = [line for line in warnings(app) if "Pagefind's indexer failed" in line]
    assert said and "ran out of time (kb_search_timeout = 1 s)" in said[0], warnings(app)


def test_a_rebuild_that_changes_nothing_keeps_the_bundle_an_edit_remakes_it(tmp_path):
    srcdir = copy_root("readers", tmp_path)
    app, _ = build(srcdir, freshenv=True)
    entry = Path(app.outdir) / "pagefind/pagefind-entry.json"
    (Path(app.outdir) / "pagefind/kept").write_text("a file of the last run", encoding="utf-8")
    build(srcdir)
    assert (Path(app.outdir) / "pagefind/kept").is_file()  # not run again
    post = srcdir / "posts/2025-02-11-beta.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nA sentence about nightingales.\n", encoding="utf-8")
    build(srcdir)
    assert not (Path(app.outdir) / "pagefind/kept").exists() and entry.is_file()  # made anew
