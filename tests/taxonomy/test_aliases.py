"""``kb_aliases``: a retired name is replaced by the kept one before anything sees it,
and the retired name's page leads to the kept one's."""

from __future__ import annotations

from bs4 import BeautifulSoup

from conftest import build, copy_root, html, warnings


def test_a_retired_tag_becomes_the_kept_one_and_its_page_redirects(tmp_path):
    srcdir = copy_root("blog", tmp_path)
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text() + 'kb_aliases = {"tags": {"Rare Tag": "Genomics"}}\n', encoding="utf-8")
    app, _ = build(srcdir, freshenv=True)
    assert warnings(app) == []
    zeta = html(app, "posts/2025-05-14-zeta")
    assert [a.get_text() for a in zeta.select(".kb-chips-tag a")] == ["Genomics"]
    assert "Zeta post" in html(app, "_tags/genomics").get_text()
    moved = BeautifulSoup((app.outdir / "_tags" / "rare-tag.html").read_text(encoding="utf-8"), "html.parser")
    assert moved.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=genomics.html"
    assert not (srcdir / "_tags" / "rare-tag.md").exists()


def test_an_unreadable_alias_map_is_a_warning_not_a_failure(tmp_path):
    srcdir = copy_root("blog", tmp_path)
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text() + 'kb_aliases = {"tags": ["not", "a", "map"]}\n', encoding="utf-8")
    app, _ = build(srcdir, freshenv=True)
    assert any("[kb.aliases]" in w for w in warnings(app))
    assert (app.outdir / "_tags" / "rare-tag.html").is_file()
