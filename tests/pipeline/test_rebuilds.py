"""Incremental and parallel builds give the same site as a clean serial build."""

from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from conftest import build, copy_root


def site(outdir: Path) -> dict[str, str]:
    """Every HTML page of a build, byte for byte."""
    return {p.relative_to(outdir).as_posix(): p.read_text(encoding="utf-8") for p in sorted(outdir.rglob("*.html"))}


def assert_same_site(got: Path, expected: Path) -> None:
    mine, theirs = site(got), site(expected)
    assert set(mine) == set(theirs), (f"only in {got}: {sorted(set(mine) - set(theirs))}; "
                                      f"only in {expected}: {sorted(set(theirs) - set(mine))}")
    different = [name for name in mine if mine[name] != theirs[name]]
    assert different == [], f"pages differ: {different}"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def blog_rebuilt_after(tmp_path: Path, name: str, old: str, new: str):
    """The blog root built, one of its files edited, then built again: (srcdir, app, log)."""
    work = copy_root("blog", tmp_path)
    build(work, freshenv=True)
    edit(work / name, old, new)
    app, log = build(work)
    return work, app, log


def test_no_change_reads_and_writes_nothing(tmp_path):
    srcdir = copy_root("blog", tmp_path)
    build(srcdir, freshenv=True)
    _, log = build(srcdir)
    assert log.read == [] and log.written == []
    # none of kb's further listing pages (Sphinx writes genindex and search, sphinx-notfound-page 404, every time)
    assert set(log.pages) <= {"genindex", "search", "404"}


def test_parallel_build_equals_serial(tmp_path):
    serial = copy_root("blog", tmp_path / "serial")
    parallel = copy_root("blog", tmp_path / "parallel")
    app, _ = build(serial, freshenv=True)
    papp, _ = build(parallel, freshenv=True, parallel=2)
    assert papp.parallel == 2
    assert_same_site(Path(papp.outdir), Path(app.outdir))
    assert (Path(papp.outdir) / "_kb" / "glossary" / "keywords" / "genomics.html").is_file()
    # rebuilds too: in a parallel build the further listing pages are rendered by a
    # process of their own, started when the first document is written
    for srcdir in (serial, parallel):
        edit(srcdir / "posts/2025-02-11-beta.md", 'title: "Beta post"', 'title: "Beta, renamed"')
        edit(srcdir / "posts/2025-05-14-zeta.md", "tags: [Rare Tag]", "tags: [Genomics, Machine Learning]")
    app, _ = build(serial)
    papp, log = build(parallel, parallel=2)
    assert "_kb/glossary/keywords/ai-ethics/2" not in log.pages  # rendered, but not in the main process
    assert "Beta, renamed" in (Path(papp.outdir) / "_kb" / "glossary" / "keywords" / "ai-ethics" / "2.html").read_text()
    assert_same_site(Path(papp.outdir), Path(app.outdir))


def _new_post(n: int) -> str:
    return (f'---\ntitle: "New post {n}"\ndate: 2025-06-{n + 1:02d}\ntags: [Genomics]\n'
            f"keywords: [genomics]\n---\n\nNew post {n} is about genomics.\n\n## A section\n\nMore text.\n")


@pytest.mark.parametrize("lean", [True, False], ids=["lean", "sphinx-default"])
def test_a_parallel_read_sends_back_only_the_documents_each_worker_read(tmp_path, lean):
    """Sphinx's parallel read pickles a worker's whole environment for every chunk;
    kb's tables make it hold only the chunk's documents (kb_lean_parallel_read)."""
    srcdir = copy_root("blog", tmp_path)
    build(srcdir, freshenv=True)  # the environment now holds every document
    for n in range(8):
        (srcdir / "posts" / f"2025-06-{n + 1:02d}-new-{n}.md").write_text(_new_post(n), encoding="utf-8")
    sent = []

    def on_merge(app, env, docnames, other):
        tables = {name: set(getattr(other, name)) for name in ("tocs", "titles", "longtitles", "metadata", "all_docs")}
        tables["index entries"] = set(other.domaindata["index"]["entries"])
        sent.append((set(docnames), tables))

    app, log = build(srcdir, parallel=2, confoverrides={"kb_lean_parallel_read": lean}, on={"env-merge-info": on_merge})
    assert len(sent) >= 2 and set().union(*(docnames for docnames, _ in sent)) == set(log.read)
    unchanged = "posts/2025-01-10-alpha"
    for docnames, tables in sent:
        for name, keys in tables.items():
            if lean:
                assert keys == docnames, name
            else:  # what Sphinx alone sends: every document the worker's environment knew
                assert keys > docnames and unchanged in keys, name
    # the saved environment holds Sphinx's own types, whatever the read was
    assert type(app.env.tocs) is dict and type(app.env.metadata) is defaultdict
    assert "New post 7" in (Path(app.outdir) / "posts" / "2025-06-08-new-7.html").read_text(encoding="utf-8")


EDITS = [
    ("add a paragraph after the first", "posts/2025-02-11-beta.md", "and `genomics` in code.",
     "and `genomics` in code.\n\nA second paragraph about ethics of AI."),
    ("change the first paragraph (the excerpt listings show)", "posts/2025-02-11-beta.md",
     "Beta post is a post about", "Beta post is now a post about"),
    ("add a tag", "posts/2025-01-10-alpha.md", "tags: [Machine Learning, Genomics]", "tags: [Machine Learning, Genomics, New Tag]"),
    ("remove the last post from a tag", "posts/2025-05-14-zeta.md", "tags: [Rare Tag]", "tags: [Genomics]"),
    ("rename a tag", "posts/2025-03-12-gamma.md", "tags: [C#, Genomics]", "tags: [C Sharp, Genomics]"),
    ("change a title", "posts/2025-02-11-beta.md", 'title: "Beta post"', 'title: "Beta, renamed"'),
    ("change a date", "posts/2025-04-13-delta.md", "date: 2025-04-13", "date: 2023-06-30"),
    ("add a keyword", "posts/2025-01-10-alpha.md", "keywords: [genomics, precision medicine]", "keywords: [genomics, precision medicine, C#]"),
    ("remove a keyword", "posts/2024-12-01-epsilon.md", "keywords: [precision medicine, 機械学習]", "keywords: [precision medicine]"),
]


def test_edits_then_incremental_builds_equal_a_clean_build(tmp_path):
    work = copy_root("blog", tmp_path / "work")
    build(work, freshenv=True)
    for what, name, old, new in EDITS:
        edit(work / name, old, new)
        _, log = build(work)
        assert name.removesuffix(".md") in log.read, what
    (work / "posts" / "2024-12-01-epsilon.md").unlink()  # delete a post
    app, log = build(work)
    outdir = Path(app.outdir)
    assert not (outdir / "posts" / "2024-12-01-epsilon.html").exists()
    assert not (outdir / "_tags" / "rare-tag.html").exists()  # emptied tag: no page, no stale HTML
    assert not (outdir / "_tags" / "f-sharp-5fd16caa.html").exists()  # only the deleted post had F#
    clean = tmp_path / "clean"
    shutil.copytree(work, clean, ignore=shutil.ignore_patterns("_build", "_tags", "_kb"))
    capp, _ = build(clean, freshenv=True)
    assert_same_site(outdir, Path(capp.outdir))


def test_a_title_edit_rewrites_exactly_the_pages_that_show_it(tmp_path):
    work, _, log = blog_rebuilt_after(tmp_path, "posts/2025-02-11-beta.md",
                                      'title: "Beta post"', 'title: "Beta, renamed"')
    assert log.read == ["posts/2025-02-11-beta"]
    # beta: tags Machine Learning (page 1 of 2 shows it), C++; category blog; author Ada;
    # archive 2025 page 2; keywords genomics + ethics of AI (glossary backlinks); home;
    # the posts showing beta as their previous or next (alpha, gamma) or related post (alpha, delta;
    # epsilon, which shares only the category blog: issue 31's fallback).
    assert sorted(log.written) == sorted([
        "posts/2025-02-11-beta", "index", "_tags/machine-learning", "_tags/c-plus-plus-9ff7c4a0",
        "_kb/categories/blog", "_kb/authors/ada", "_kb/glossary/index",
        "notes/listings",  # a {kb-listing} of the keyword "ethics of AI", which beta uses
        "posts/2025-01-10-alpha", "posts/2025-03-12-gamma", "posts/2025-04-13-delta", "posts/2024-12-01-epsilon",
    ])
    # further listing pages are rendered without a source; Sphinx rewrites its genindex and search
    assert sorted(log.pages) == sorted([
        "_kb/archive/2025/2", "_kb/glossary/keywords/genomics", "_kb/glossary/keywords/ai-ethics/2",
        "genindex", "search", "404",
    ])


def test_a_body_edit_that_no_listing_shows_writes_that_post_alone(tmp_path):
    work, app, log = blog_rebuilt_after(tmp_path, "posts/2025-02-11-beta.md",
                                        "and `genomics` in code.",
                                        "and `genomics` in code.\n\nA second paragraph about ethics of AI.")
    assert log.read == ["posts/2025-02-11-beta"]
    assert log.written == ["posts/2025-02-11-beta"]
    assert set(log.pages) <= {"genindex", "search", "404"}  # no further listing page rendered again
    page = (Path(app.outdir) / "posts" / "2025-02-11-beta.html").read_text(encoding="utf-8")
    assert "A second paragraph about" in page and "kb-autolink" in page
    assert "change no listing" in app.status.getvalue()  # the taxonomy was not even recomputed
    # the first paragraph is the excerpt that listings show: those pages are written again
    edit(work / "posts/2025-02-11-beta.md", "Beta post is a post about", "Beta post is now a post about")
    app, log = build(work)
    assert log.read == ["posts/2025-02-11-beta"]
    assert {"posts/2025-02-11-beta", "index", "_tags/machine-learning", "_kb/categories/blog"} <= set(log.written)
    assert "change no listing" not in app.status.getvalue()


def test_a_tag_edit_rereads_only_that_post(tmp_path):
    work, _, log = blog_rebuilt_after(tmp_path, "posts/2025-05-14-zeta.md",
                                      "tags: [Rare Tag]", "tags: [Rare Tag, C]")
    assert log.read == ["posts/2025-05-14-zeta"]
    assert "_tags/c" in log.written and "_tags/genomics" not in log.written


def test_a_new_keyword_updates_its_entry_and_nothing_else(tmp_path):
    work, _, log = blog_rebuilt_after(tmp_path, "posts/2025-05-14-zeta.md",
                                      "keywords: [AI ethics]", "keywords: [AI ethics, proteomics]")
    assert sorted(log.read) == ["_kb/glossary/index", "posts/2025-05-14-zeta"]
    # Sphinx itself rewrites "index" too: its toctree holds the re-read glossary page
    assert sorted(log.written) == ["_kb/glossary/index", "index", "posts/2025-05-14-zeta"]
    edit(work / "posts/2025-05-14-zeta.md", "keywords: [AI ethics, proteomics]", "keywords: [AI ethics]")
    _, log = build(work)
    assert sorted(log.read) == ["_kb/glossary/index", "posts/2025-05-14-zeta"]


def test_shared_navigation_changes_no_page(tmp_path):
    """kb computes the sidebar's navigation tree once per folder for pages outside
    every toctree: the site is byte for byte the one Sphinx gives page by page."""
    shared = copy_root("blog", tmp_path / "shared")
    own = copy_root("blog", tmp_path / "own")
    app, _ = build(shared, freshenv=True)
    oapp, _ = build(own, freshenv=True, confoverrides={"kb_shared_navigation": False})
    assert_same_site(Path(app.outdir), Path(oapp.outdir))
    # the tree is there, with addresses relative to each folder
    post = (Path(app.outdir) / "posts" / "2025-02-11-beta.html").read_text(encoding="utf-8")
    further = (Path(app.outdir) / "_kb" / "glossary" / "keywords" / "ai-ethics" / "2.html").read_text(encoding="utf-8")
    assert 'href="../_tags/tagsindex.html"' in post
    assert 'href="../../../../_tags/tagsindex.html"' in further


def test_generated_sources_come_back_and_follow_the_settings(tmp_path):
    """Unchanged front matter and settings: kb does not generate its pages' sources
    again. A deleted source, or a changed setting, still brings them up to date."""
    work = copy_root("blog", tmp_path)
    app, _ = build(work, freshenv=True)
    edit(work / "posts/2025-02-11-beta.md", "and `genomics` in code.", "and `genomics` in code. More.")
    app, _ = build(work)
    assert "pages of listings and glossary (unchanged; 0 written, 0 removed)" in app.status.getvalue()
    (work / "_kb" / "archive" / "index.md").unlink()
    app, log = build(work)
    assert "(unchanged; 1 written, 0 removed)" in app.status.getvalue()
    assert (work / "_kb" / "archive" / "index.md").is_file() and "_kb/archive/index" in log.read
    app, _ = build(work, confoverrides={"tags_page_title": "Topic"})
    page = (Path(app.outdir) / "_tags" / "genomics.html").read_text(encoding="utf-8")
    assert "Topic: Genomics" in page


def _results_with_research(outdir: Path, retracted: bool) -> None:
    """A results file as make linkcheck leaves it: the sources root's DOI with metadata
    (tests/data), and, with ``retracted``, a retraction notice for it."""
    import json

    data_dir = Path(__file__).resolve().parent.parent / "data"
    csl = json.loads((data_dir / "alphafold.csl.json").read_text(encoding="utf-8"))
    csl = {key: value for key, value in csl.items() if not key.startswith("_")}
    csl["id"] = "10.1038/s41586-021-03819-2"
    checked = "2025-11-20T08:00:00+00:00"
    research = {"version": 1, "metadata": {"10.1038/s41586-021-03819-2": {"status": "ok", "checked": checked, "csl": csl}},
                "updates": {}, "archive": {}}
    if retracted:
        research["updates"]["10.1038/s41586-021-03819-2"] = {
            "status": "ok", "checked": checked, "since": checked,
            "updates": [{"kind": "retraction", "label": "Retraction", "notice": "10.5555/x", "date": "2025-11-01"}]}
    data = {"kb_linkcheck": 1, "updated": checked + ("r" if retracted else ""), "research": research,
            "results": {"https://doi.org/10.1038/s41586-021-03819-2": {"status": "ok", "checked": checked}}}
    (outdir.parent / "kb-linkcheck.json").write_text(json.dumps(data), encoding="utf-8")


def test_research_results_incremental_and_parallel_equal_clean_serial(tmp_path):
    """References, badges and citation files from the results file (issue 17): a new
    result rewritten incrementally, and a -j 2 build, give the clean serial build's pages."""
    serial = copy_root("sources", tmp_path / "serial")
    parallel = copy_root("sources", tmp_path / "parallel")
    app, _ = build(serial, freshenv=True)
    _results_with_research(Path(app.outdir), retracted=False)
    app, log = build(serial)
    assert log.read == [] and "posts/2025-03-01-citations" in log.written
    _results_with_research(Path(app.outdir), retracted=True)
    app, log = build(serial)  # incremental: the new result only
    assert log.read == []
    assert "kb-source-retracted" in (Path(app.outdir) / "posts" / "2025-03-01-citations.html").read_text()
    papp, _ = build(parallel, freshenv=True)
    _results_with_research(Path(papp.outdir), retracted=True)
    papp, _ = build(parallel, freshenv=True, parallel=2)
    assert_same_site(Path(papp.outdir), Path(app.outdir))
    bib = "posts/2025-03-01-citations.bib"
    assert (Path(papp.outdir) / bib).read_text() == (Path(app.outdir) / bib).read_text()
