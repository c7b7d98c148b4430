"""The descriptions file: a tag's and category's description on its page, an author's
profile on their page and name in the byline; unknown tags as warnings."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import build, copy_root, html, warnings
from support.outputs import assert_same_outputs


@pytest.fixture(scope="module")
def site(readers_site):
    return readers_site


def test_a_tags_and_a_categorys_description_on_their_page(site):
    assert html(site, "_tags/genomics").select_one(".kb-term-description").get_text() == "Reading and comparing genomes."
    research = html(site, "_kb/categories/research").find("article")
    description = research.select_one(".kb-term-description")
    assert description.get_text() == "Longer pieces, with sources."
    assert description.find_next(class_="kb-listing") is not None  # above the listing
    assert html(site, "_kb/categories/notes").select_one(".kb-term-description") is None  # not in the file


def test_an_authors_profile_on_their_page_and_name_in_the_byline(site):
    profile = html(site, "_kb/authors/ada").select_one(".kb-author-profile")
    assert profile.select_one(".kb-author-name").get_text() == "Ada King, Countess of Lovelace"
    assert profile.select_one(".kb-author-bio").get_text() == "Wrote the first published program."
    assert profile.select_one(".kb-author-link a")["href"] == "https://example.org/ada"
    photo = profile.select_one("img.kb-author-photo")
    assert photo["src"] == "../../images/ada.png" and (Path(site.outdir) / "images/ada.png").is_file()
    byline = html(site, "posts/2025-01-10-alpha").select_one(".kb-byline a.kb-author")
    assert byline.get_text() == "Ada King, Countess of Lovelace" and byline["href"] == "../_kb/authors/ada.html"
    assert html(site, "posts/2025-02-11-beta").select_one(".kb-byline a.kb-author").get_text() == "Grace"
    assert html(site, "_kb/authors/grace").select_one(".kb-author-profile") is None


def test_descriptions_are_found_by_the_search(site):
    index = (Path(site.outdir) / "searchindex.js").read_text(encoding="utf-8")
    assert '"compar"' in index or '"comparing"' in index  # "Reading and comparing genomes." (stemmed)


def test_an_unknown_tag_is_a_warning_at_the_posts_tags_line(tmp_path):
    srcdir = copy_root("readers", tmp_path)
    (srcdir / "posts/2025-06-01-typo.md").write_text("---\ntitle: Typo\ndate: 2025-06-01\ntags: [Genomcs]\n---\n\nText.\n",
                                                     encoding="utf-8")
    app, _ = build(srcdir, freshenv=True, confoverrides={"kb_tags_allowed": True})
    found = [w for w in warnings(app) if "not in the descriptions file" in w]
    assert len(found) == 1 and "posts/2025-06-01-typo.md:4:" in found[0] and "did you mean 'Genomics'" in found[0]
    app, _ = build(srcdir, freshenv=True)
    assert not [w for w in warnings(app) if "not in the descriptions file" in w]  # off by default


def test_problems_of_the_file_are_warnings_at_its_lines(tmp_path):
    srcdir = copy_root("readers", tmp_path)
    (srcdir / "descriptions.yaml").write_text("tags:\n  Genomics: [not, text]\nauthors:\n  Ada:\n    photo: ../x.png\n",
                                             encoding="utf-8")
    app, _ = build(srcdir, freshenv=True)
    found = warnings(app)
    assert any("descriptions.yaml:2:" in w for w in found) and any("descriptions.yaml:4:" in w for w in found), found


def test_editing_the_file_writes_exactly_the_pages_it_changes(tmp_path):
    work = copy_root("readers", tmp_path / "work")
    build(work, freshenv=True)
    path = work / "descriptions.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Ada King, Countess of Lovelace", "Ada Lovelace")
                    .replace("Reading and comparing genomes.", "Genomes, read and compared."), encoding="utf-8")
    app, log = build(work)
    assert log.read == []  # nothing is read again
    # Ada's page and her posts' bylines (alpha, gamma); the genomics tag's page
    assert sorted(log.written) == ["_kb/authors/ada", "_tags/genomics", "posts/2025-01-10-alpha",
                                   "posts/2025-03-12-gamma"]
    assert html(app, "posts/2025-03-12-gamma").select_one(".kb-byline a.kb-author").get_text() == "Ada Lovelace"
    clean = tmp_path / "clean"
    shutil.copytree(work, clean, ignore=shutil.ignore_patterns("_build", "_tags", "_kb"))
    capp, _ = build(clean, freshenv=True)
    assert_same_outputs(Path(app.outdir), Path(capp.outdir))
