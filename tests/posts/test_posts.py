"""A post page as a reader sees it: the seed, and hostile front matter."""

from __future__ import annotations

import json

from pathlib import Path

import pytest

from conftest import ROOTS, SEED, build, copy_root, html, warnings
from support.shared import shared

SEED_DOC = "posts/2025-05-14-generative-ai-personalized-medicine"
SEED_TITLE = "Generative AI’s Leap into Personalized Medicine: The Promise and Peril"  # smart quote


def test_the_seed_in_the_root_is_the_seed_unmodified():
    root_copy = ROOTS / "test-seed" / f"{SEED_DOC}.md"
    assert root_copy.read_bytes() == SEED.read_bytes()
    original = shared("seeds", "000_360e17881bb7589c.txt")
    if original.exists():
        assert SEED.read_bytes() == original.read_bytes()


@pytest.mark.sphinx("html", testroot="seed", freshenv=True)
def test_seed_builds_without_warnings(app):
    app.build()
    assert warnings(app) == []


@pytest.mark.sphinx("html", testroot="seed", freshenv=True)
def test_seed_page_title_byline_chips_and_meta(app):
    app.build()
    page = html(app, SEED_DOC)
    article = page.find("article")
    h1s = article.find_all("h1")
    assert [h.get_text().rstrip("¶") for h in h1s] == [SEED_TITLE]
    # the body starts at ##: its first heading is a section under the title
    assert article.find("h2").get_text().startswith("Generative AI: Revolutionizing Personalized Medicine")
    byline = article.select_one(".kb-byline").get_text(" ", strip=True)
    assert "14 May 2025" in byline and "rkoots Bot" in byline and "min read" in byline
    tags = [a.get_text() for a in article.select(".kb-chips-tag a")]
    assert tags == ["Generative AI", "Personalized Medicine", "Drug Discovery", "AI in Healthcare",
                    "Machine Learning", "Bioinformatics", "Ethical Implications"]
    assert [a.get_text() for a in article.select(".kb-chips-category a")] == ["blog"]
    keywords = [a.get_text() for a in article.select(".kb-chips-keyword a")]
    assert len(keywords) == 9 and keywords[0] == "generative models"
    assert all("#term-" in a["href"] for a in article.select(".kb-chips-keyword a"))
    description = page.find("meta", attrs={"name": "description"})["content"]
    assert description.startswith("Generative AI, the technology behind tools like ChatGPT")
    assert len(description) <= 165 and description.endswith("…")
    assert page.find("meta", attrs={"name": "keywords"})["content"].startswith("generative models, AI algorithms")
    assert page.title.get_text().startswith(SEED_TITLE)


@pytest.mark.sphinx("html", testroot="seed", freshenv=True)
def test_home_lists_recent_posts_and_tag_pages_link_back(app):
    app.build()
    home = html(app, "index")
    assert [a.get_text() for a in home.select(".kb-listing-title a")] == [SEED_TITLE]
    tag_page = html(app, "_tags/machine-learning")
    assert tag_page.find("h1").get_text().rstrip("¶") == "Tag: Machine Learning"
    link = tag_page.select_one(".kb-listing-title a")
    assert link.get_text() == SEED_TITLE and link["href"].endswith(f"{SEED_DOC}.html")


HOSTILE = "posts/2024-03-01-markup-everywhere"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    srcdir = copy_root("hostile", tmp_path_factory.mktemp("hostile"))
    before = {p for p in srcdir.parent.rglob("*")}
    app, _ = build(srcdir, freshenv=True)
    created = {p for p in srcdir.parent.rglob("*")} - before
    return app, srcdir, created


def test_hostile_front_matter_is_text_everywhere(hostile):
    app, srcdir, _ = hostile
    outdir = Path(app.outdir)
    for page in outdir.rglob("*.html"):
        soup = html(app, page.relative_to(outdir).with_suffix("").as_posix())
        for script in soup.find_all("script"):
            if script.get("type") == "application/ld+json":  # a post's title and description, as JSON data
                assert "<" not in script.get_text() and json.loads(script.get_text())["@type"] == "BlogPosting", page
                continue
            assert "alert" not in script.get_text() and "evil" not in script.get_text(), page
        assert not soup.find("img", attrs={"onerror": True}), page
        for tag in soup.find_all(["b", "i", "em"]):
            assert tag.get_text() not in ("bold", "cat", "kw", "Mallory"), page
        for link in soup.find_all("a", href=True):
            assert not link["href"].startswith(("javascript:", "https://evil.invalid")), page
    post = html(app, HOSTILE)
    title = post.find("article").find("h1").get_text().rstrip("¶")
    assert title.startswith("<script>alert(") and "[a link](https://evil.invalid/) {ref}`genindex` <b>bold</b> **strong** $x$" in title
    assert post.find("meta", attrs={"name": "description"})["content"].startswith("<script>evil()</script> **not bold**")
    authors = [a.get_text() for a in post.select(".kb-byline a")]
    assert authors == ["<b>Mallory</b> {sub}`x`", "Eve"]


def test_hostile_names_never_choose_where_files_go(hostile):
    app, srcdir, created = hostile
    allowed = [srcdir / "_tags", srcdir / "_kb", srcdir / "_build"]
    for path in created:
        assert any(path.resolve().is_relative_to(root.resolve()) for root in allowed), path
    tags = sorted(p.name for p in (srcdir / "_tags").glob("*.md"))
    assert "c.md" in tags and len([t for t in tags if t.startswith(("c-plus-plus", "c-sharp", "f-sharp"))]) == 3
    assert not any(name.startswith((".", "_")) or name == "index.md" for name in tags)


def test_hostile_input_warns_with_file_and_line_and_loses_nothing(hostile):
    app, srcdir, _ = hostile
    log = "\n".join(warnings(app))
    assert "2024-03-02-bad-date.md:3: WARNING: impossible date '2024-13-45'" in log
    assert "2024-03-03-broken-yaml.md:2: WARNING: front matter: invalid YAML" in log
    assert "2024-03-04-liquid.md:7: WARNING: Liquid is not run: {% include %}" in log
    assert "2024-03-01-markup-everywhere.md:5: WARNING: author url 'javascript:alert(1)'" in log
    # a post without front matter: MyST's own warnings keep their line numbers
    assert "2024-03-06-no-front-matter.md:3: WARNING: Unknown directive type: 'no-such-directive'" in log
    outdir = Path(app.outdir)
    # every post but the unpublished one is built; the bad ones with their fallbacks
    built = sorted(p.stem for p in (outdir / "posts").glob("*.html"))
    assert built == ["2024-03-01-markup-everywhere", "2024-03-02-bad-date", "2024-03-03-broken-yaml",
                     "2024-03-04-liquid", "2024-03-06-no-front-matter", "2024-03-07-long"]
    bad_date = html(app, "posts/2024-03-02-bad-date")
    assert "2 March 2024" in bad_date.select_one(".kb-byline").get_text()
    assert [a.get_text() for a in bad_date.select(".kb-chips-tag a")] == ["Machine-Learning", "Survivor"]
    broken = html(app, "posts/2024-03-03-broken-yaml")
    assert broken.find("article").find("h1").get_text().rstrip("¶") == "Broken Yaml"
    assert "still built" in broken.find("article").get_text()
    no_front = html(app, "posts/2024-03-06-no-front-matter").find("article")
    assert no_front.find("h1").get_text().rstrip("¶") == "No Front Matter"
    assert "still built" in no_front.find("section").get_text()  # under the title, as in any post


def test_unpublished_post_is_not_built_nor_listed(hostile):
    app, srcdir, _ = hostile
    outdir = Path(app.outdir)
    assert not (outdir / "posts" / "2024-03-05-draft.html").exists()
    assert "A draft" not in (outdir / "index.html").read_text()
    assert not (srcdir / "_tags" / "secret-draft-tag.md").exists()


def test_liquid_tags_become_markdown(hostile):
    app, _, _ = hostile
    page = html(app, "posts/2024-03-04-liquid")
    link = page.find("article").find("a", string="the bad-date post")
    assert link is not None and link["href"].endswith("2024-03-02-bad-date.html")
    assert "print" in page.select_one("div.highlight-python").get_text()
    assert "{{ not_a_var }}" in page.find("article").get_text()
    assert "{% include footer.html %}" in page.find("article").get_text()


def test_case_and_spacing_variants_share_one_tag_page(hostile):
    app, srcdir, _ = hostile
    page = html(app, "_tags/machine-learning")
    titles = {a.get_text() for a in page.select(".kb-listing-title a")}
    assert titles == {"Bad date but fine otherwise", html(app, HOSTILE).find("h1").get_text().rstrip("¶")}


@pytest.mark.sphinx("html", testroot="seed", freshenv=True)
def test_each_seed_keyword_has_an_entry_linking_back(app):
    app.build()
    glossary = html(app, "_kb/glossary/index")
    seed_keywords = ["generative models", "AI algorithms", "drug design", "precision medicine", "genomics",
                     "proteomics", "AI ethics", "data privacy", "healthcare innovation"]
    terms = {dt.get_text().rstrip("¶"): dt for dt in glossary.select("dt[id]")}
    for keyword in seed_keywords:
        assert keyword in terms, keyword
        backlinks = terms[keyword].find_next_sibling("dd").select_one(".kb-backlinks a")
        assert backlinks["href"].endswith(f"{SEED_DOC}.html") and backlinks.get_text() == SEED_TITLE
    definition = terms["proteomics"].find_next_sibling("dd").get_text()
    assert "The large-scale study of proteins." in definition
    assert "8 without a definition" in app.status.getvalue()


def test_hostile_keywords_are_whole_terms_shown_as_text(hostile):
    app, _, _ = hostile
    glossary = html(app, "_kb/glossary/index")
    terms = [dt.get_text().rstrip("¶") for dt in glossary.select("dt[id]")]
    assert "AI : ethics" in terms  # not split into a term and a classifier
    assert "<em>kw</em>" in terms and "{term}`x`" in terms
    assert not glossary.select("dt em") and not glossary.select("span.classifier")
