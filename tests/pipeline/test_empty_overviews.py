"""An overview page with nothing to show is out of the navigation (``pipeline.empty``):
when the first tag or keyword comes, or the last goes, an incremental build gives the
site a clean build gives, and a parallel build the one a serial build gives."""

from __future__ import annotations

import shutil
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import build
from support.dead_ends import categories_only_site


def assert_same_site(got: Path, expected: Path) -> None:
    """Every HTML page of the two builds, byte for byte (as tests/pipeline/test_rebuilds.py)."""
    mine, theirs = ({p.relative_to(d).as_posix(): p.read_text(encoding="utf-8") for p in sorted(d.rglob("*.html"))}
                    for d in (got, expected))
    assert set(mine) == set(theirs), sorted(set(mine) ^ set(theirs))
    assert [name for name in mine if mine[name] != theirs[name]] == []
    assert (got / "sitemap.xml").read_bytes() == (expected / "sitemap.xml").read_bytes()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")

GLOSSARY = "knowledge base:\n  definition: A collection of notes.\n"


def sidebar(outdir: Path, page: str) -> list[str]:
    soup = BeautifulSoup((outdir / page).read_text(encoding="utf-8"), "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".sidebar-tree a")]


def clean_build(work: Path, folder: Path) -> Path:
    shutil.copytree(work, folder, ignore=shutil.ignore_patterns("_build", "_tags", "_kb"))
    app, _ = build(folder, freshenv=True)
    return Path(app.outdir)


def test_the_first_tag_and_keyword_then_none_again_incremental_equals_clean(tmp_path):
    work = categories_only_site(tmp_path / "work")
    app, _ = build(work, freshenv=True)
    outdir = Path(app.outdir)
    assert sidebar(outdir, "index.html") == ["Categories", "Archive"]

    post = work / "posts/2025-02-10-post-1.md"
    edit(post, "categories: [news]\n", "categories: [news]\ntags: [Releases]\nkeywords: [knowledge base]\n")
    (work / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    _, log = build(work)
    assert "index" in log.read  # its toctree lists the pages now
    assert sidebar(outdir, "index.html") == ["Tags", "Categories", "Archive", "Glossary"]
    assert sidebar(outdir, "posts/2025-03-10-post-2.html") == ["Tags", "Categories", "Archive", "Glossary"]
    sitemap = (outdir / "sitemap.xml").read_text(encoding="utf-8")
    assert "/_tags/tagsindex.html" in sitemap and "/_kb/glossary/index.html" in sitemap
    assert_same_site(outdir, clean_build(work, tmp_path / "clean-with"))

    edit(post, "tags: [Releases]\nkeywords: [knowledge base]\n", "")
    (work / "glossary.yaml").write_text("{}\n", encoding="utf-8")
    build(work)
    assert sidebar(outdir, "index.html") == ["Categories", "Archive"]
    assert "/_tags/tagsindex.html" not in (outdir / "sitemap.xml").read_text(encoding="utf-8")
    assert_same_site(outdir, clean_build(work, tmp_path / "clean-without"))


def test_a_parallel_build_leaves_out_the_same_pages(tmp_path):
    serial = categories_only_site(tmp_path / "serial")
    parallel = categories_only_site(tmp_path / "parallel")
    app, _ = build(serial, freshenv=True)
    papp, _ = build(parallel, freshenv=True, parallel=2)
    assert papp.parallel == 2
    assert sidebar(Path(papp.outdir), "index.html") == ["Categories", "Archive"]
    assert_same_site(Path(papp.outdir), Path(app.outdir))


def test_a_post_of_a_new_year_links_the_year_before_it_incremental_equals_clean(tmp_path):
    """A year's page shows the years around it: the first post of 2024 rewrites 2025's."""
    work = categories_only_site(tmp_path / "work")
    app, _ = build(work, freshenv=True)
    outdir = Path(app.outdir)
    (work / "posts/2024-06-01-older.md").write_text(
        "---\ntitle: Older\ndate: 2024-06-01\ncategories: [news]\n---\n\nLast year.\n", encoding="utf-8")
    _, log = build(work)
    assert "_kb/archive/2025" in log.written
    page = BeautifulSoup((outdir / "_kb/archive/2025.html").read_text(encoding="utf-8"), "html.parser")
    assert [a.get_text() for a in page.select("p.kb-years-around a")] == ["2024 →"]
    assert_same_site(outdir, clean_build(work, tmp_path / "clean"))
