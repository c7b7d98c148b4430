"""``tags_create_badges``: the ``{tags}`` directive as sphinx-design badges, coloured by
``tags_badge_colors`` as sphinx-tags colours them, linking to kb's tag pages."""

from __future__ import annotations

from conftest import build, copy_root, html, warnings


def test_tags_become_badges_coloured_by_pattern(tmp_path):
    srcdir = copy_root("blog", tmp_path)
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text() + 'extensions += ["sphinx_design"]\ntags_create_badges = True\n'
                    'tags_badge_colors = {"Machine*": "success"}\n', encoding="utf-8")
    app, _ = build(srcdir, freshenv=True)
    assert warnings(app) == []
    page = html(app, "notes/tagged-md")
    badges = {a.get_text(): (a["href"], a["class"]) for a in page.select("p.tags a")}
    assert badges["Machine Learning"][0] == "../_tags/machine-learning.html"
    assert "sd-bg-success" in badges["Machine Learning"][1] and "sd-bg-primary" in badges["Notebook"][1]


def test_without_sphinx_design_badges_are_plain_links_and_a_warning(tmp_path):
    srcdir = copy_root("blog", tmp_path)
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text() + "tags_create_badges = True\n", encoding="utf-8")
    app, _ = build(srcdir, freshenv=True)
    page = html(app, "notes/tagged-md")
    assert [a.get_text() for a in page.select("p.tags a")] == ["Machine Learning", "Notebook"]
