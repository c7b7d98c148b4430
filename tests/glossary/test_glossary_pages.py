"""The glossary: keywords as real Sphinx terms, definitions, backlinks, stable anchors."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build, copy_root, html, warnings


@pytest.fixture(scope="module")
def blog(tmp_path_factory):
    srcdir = copy_root("blog", tmp_path_factory.mktemp("blog"))
    app, _ = build(srcdir, freshenv=True)
    return app


def entry(page, anchor):
    """The <dt>…<dd> of one entry."""
    term = page.find(id=anchor)
    assert term is not None, anchor
    return term, term.find_next_sibling("dd")


def test_every_keyword_is_a_sphinx_term(blog):
    std = blog.env.get_domain("std")
    terms = {name.lower() for name, _, kind, *_ in std.get_objects() if kind == "term"}
    for name in ("genomics", "precision medicine", "ai ethics", "ethics of ai", "c++", "機械学習"):
        assert name in terms, name
    genindex = html(blog, "genindex").get_text()
    assert "genomics" in genindex and "機械学習" in genindex and "C++" in genindex
    search = (Path(blog.outdir) / "searchindex.js").read_text()
    assert '"genomics"' in search or "genomics" in search


def test_entries_define_alias_and_link_back(blog):
    page = html(blog, "_kb/glossary/index")
    term, definition = entry(page, "term-ai-ethics")
    assert term.get_text().rstrip("¶") == "AI ethics"
    assert page.find(id="term-ethics-of-ai").get_text().rstrip("¶") == "ethics of AI"
    assert "how AI systems should be built" in definition.get_text()
    backlinks = definition.select_one(".kb-backlinks")
    # AI ethics + its alias "ethics of AI": zeta, gamma, beta; the newest two shown, then the full list
    assert [a.get_text() for a in backlinks.find_all("a")] == ["Zeta post", "Gamma post", "all 3 posts"]
    assert backlinks.find_all("a")[-1]["href"] == "keywords/ai-ethics.html"
    full = html(blog, "_kb/glossary/keywords/ai-ethics")
    assert [a.get_text() for a in full.select(".kb-listing-title a")] == ["Zeta post", "Gamma post"]


def test_definitions_are_markdown_with_term_links(blog):
    page = html(blog, "_kb/glossary/index")
    _, definition = entry(page, "term-genomics")
    link = definition.find("a", string="precision medicine")
    assert link is not None and link["href"] == "#term-precision-medicine"
    _, definition = entry(page, "term-precision-medicine")
    assert definition.find("strong").get_text() == "genomic"


def test_undefined_keywords_are_entries_and_listed(blog):
    page = html(blog, "_kb/glossary/index")
    term, definition = entry(page, "term-c-plus-plus-9ff7c4a0")
    assert "No definition yet." in definition.get_text()
    assert [a.get_text() for a in definition.select(".kb-backlinks a")] == ["Gamma post"]
    undefined = page.select_one(".kb-undefined-list")
    assert [a.get_text() for a in undefined.find_all("a")] == ["C++", "機械学習"]
    assert "2 without a definition" in blog._status.getvalue()
    _, unused = entry(page, "term-unused-term")
    assert "No post uses this keyword yet." in unused.get_text()


def test_letters_group_entries(blog):
    page = html(blog, "_kb/glossary/index")
    assert [r.get_text() for r in page.select(".kb-letter")] == ["A", "C", "G", "P", "U", "機"]
    assert [a["href"] for a in page.select(".kb-letter-nav a")][:2] == ["#kb-letter-a", "#kb-letter-c"]


def test_keyword_chips_and_first_mention_link_to_entries(blog):
    post = html(blog, "posts/2025-01-10-alpha")
    chips = {a.get_text(): a["href"] for a in post.select(".kb-chips-keyword a")}
    assert chips == {"genomics": "../_kb/glossary/index.html#term-genomics",
                     "precision medicine": "../_kb/glossary/index.html#term-precision-medicine"}
    body = post.find("article").find("h2").find_parent("section")
    autolinks = [a.get_text() for a in body.find_all("a") if "#term-" in a.get("href", "")]
    # "genomics" appears three times in the body (twice as text, once as code): linked once, never in code
    assert autolinks == ["genomics", "precision medicine"]
    assert body.find("code").find("a") is None


def test_warning_option_names_file_and_line(tmp_path):
    srcdir = copy_root("blog", tmp_path)
    (srcdir / "conf.py").write_text((srcdir / "conf.py").read_text() + "\nkb_glossary_warn_undefined = True\n")
    app, _ = build(srcdir, freshenv=True)
    found = [w for w in warnings(app) if "has no definition" in w]
    assert len(found) == 2
    assert any("posts/2025-03-12-gamma.md:5: WARNING: kb: keyword 'C++' has no definition" in w for w in found)


BROKEN_DEFINITION = """broken term:
  definition: |
    First line is fine.

    ```{nonexistent-directive}
    body
    ```

    See {term}`no such term`.
"""


@pytest.mark.parametrize("parallel", [1, 2])
def test_a_broken_definition_is_reported_in_the_definitions_file(tmp_path, parallel):
    """Definitions are parsed inside the generated glossary page, but the author wrote
    them in glossary.yaml: that file and the entry's line are named, not the page."""
    srcdir = copy_root("blog", tmp_path)
    glossary = srcdir / "glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(text + BROKEN_DEFINITION, encoding="utf-8")
    line = text.count("\n") + 1
    app, _ = build(srcdir, freshenv=True, parallel=parallel)
    found = warnings(app)
    where = f"{glossary}:{line}: WARNING: "
    assert any(w.startswith(where + "Unknown directive type: 'nonexistent-directive'") for w in found), found
    assert any(w.startswith(where + "term not in glossary: 'no such term'") for w in found), found
    assert not any("_kb/glossary" in w for w in found), found
    page = html(app, "_kb/glossary/index")  # the rest of the entry is still there
    assert "First line is fine." in entry(page, "term-broken-term")[1].get_text()


def test_anchors_do_not_move_when_keywords_are_added(tmp_path):
    srcdir = copy_root("blog", tmp_path)
    app, _ = build(srcdir, freshenv=True)
    before = {t["id"]: t.get_text() for t in html(app, "_kb/glossary/index").select("dt[id]")}
    post = srcdir / "posts" / "2025-05-14-zeta.md"
    post.write_text(post.read_text().replace("keywords: [AI ethics]", "keywords: [AI ethics, C#, F#, 遺伝学, Ünïcode, A-B]"))
    app, _ = build(srcdir)
    after = {t["id"]: t.get_text() for t in html(app, "_kb/glossary/index").select("dt[id]")}
    assert len(after) == len(before) + 5
    for anchor, text in before.items():
        assert after[anchor] == text
    zeta = html(app, "posts/2025-02-11-beta")  # an unchanged post's chips still point at the right entries
    for chip in zeta.select(".kb-chips-keyword a"):
        anchor = chip["href"].split("#")[1]
        assert after[anchor].rstrip("¶").casefold() == chip.get_text().casefold() or chip.get_text() == "ethics of AI"


def test_split_glossary_has_a_page_per_letter(tmp_path):
    srcdir = copy_root("blog", tmp_path)
    (srcdir / "conf.py").write_text((srcdir / "conf.py").read_text() + "\nkb_glossary_split = 3\n")
    app, _ = build(srcdir, freshenv=True)
    assert warnings(app) == []
    index = html(app, "_kb/glossary/index")
    assert [a["href"] for a in index.select(".kb-letter-nav a")][:2] == ["a.html", "c.html"]
    assert html(app, "_kb/glossary/g").find(id="term-genomics") is not None
    alpha = html(app, "posts/2025-01-10-alpha")
    assert alpha.select_one(".kb-chips-keyword a")["href"] == "../_kb/glossary/g.html#term-genomics"
