"""_config.yml -> JekyllSite: permalink, baseurl, url, timezone, defaults, flags."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sphinx_kb.core.jekyll.config import PERMALINK_STYLES, JekyllSite, read_config


def _corpus() -> Path:
    """Jekyll's news blog (102 posts, MIT) in shared/corpora, beside the checkout."""
    for parent in Path(__file__).resolve().parents:
        if (parent / "shared" / "corpora" / "jekyll-news").is_dir():
            return parent / "shared" / "corpora" / "jekyll-news"
    return Path("/work/shared/corpora/jekyll-news")


@pytest.fixture(scope="module")
def jekyll_news(tmp_path_factory) -> Path:
    """A private copy of the corpus (it is read-only where it lives)."""
    target = tmp_path_factory.mktemp("corpus") / "jekyll-news"
    shutil.copytree(_corpus(), target)
    return target


def test_the_corpus_configuration(jekyll_news):
    site, problems = read_config((jekyll_news / "_config.yml").read_text())
    assert problems == []
    assert site.posts_permalink == "/news/:year/:month/:day/:title/"
    assert site.url == "https://jekyllrb.com" and site.baseurl == ""
    assert site.timezone_name == "America/Los_Angeles"
    assert site.future is True and site.show_drafts is False
    assert site.variables["repository"] == "https://github.com/jekyll/jekyll"
    assert site.collections["docs"].permalink == "/:collection/:path/" and site.collections["docs"].output
    assert [d["scope"].get("path") for d in site.defaults] == ["_docs", "_posts", "_tutorials", ""]


def test_defaults_when_the_file_says_nothing():
    site, problems = read_config("title: My blog\n")
    assert problems == []
    assert site.posts_permalink == PERMALINK_STYLES["date"] == "/:categories/:year/:month/:day/:title:output_ext"
    assert site.zone == dt.timezone.utc and site.timezone_name is None
    assert site.markdown_ext == ("markdown", "mkdown", "mkdn", "mkd", "md")


def test_a_style_name_is_expanded_but_only_for_the_global_permalink():
    assert read_config("permalink: pretty\n")[0].posts_permalink == "/:categories/:year/:month/:day/:title/"
    assert read_config("permalink: weekdate\n")[0].posts_permalink == "/:categories/:year/W:week/:short_day/:title:output_ext"
    assert read_config("permalink: /blog/:title\n")[0].posts_permalink == "/blog/:title"
    # Jekyll takes collections.posts.permalink as written (no style names there)
    site, _ = read_config("permalink: pretty\ncollections:\n  posts:\n    permalink: /p/:slug/\n")
    assert site.posts_permalink == "/p/:slug/"


def test_unknown_zone_is_a_problem_on_its_line_and_utc_is_used():
    site, problems = read_config("title: x\ntimezone: Mars/Olympus_Mons\n")
    assert [p.line for p in problems] == [2]
    assert "Mars/Olympus_Mons" in problems[0].message
    assert site.zone == dt.timezone.utc


def test_bad_yaml_is_a_problem_with_its_line():
    site, problems = read_config("title: x\nurl: \"https://unclosed\n")
    assert site == JekyllSite()
    assert len(problems) == 1 and problems[0].line == 2


def test_values_of_the_wrong_kind_are_problems_and_unknown_keys_are_ignored():
    site, problems = read_config("whatever: {a: 1}\nfuture: sometimes\nbaseurl: [a]\ndefaults: nope\n")
    assert sorted(p.line for p in problems) == [2, 3, 4]
    assert site.future is False and site.baseurl == "" and site.defaults == ()


def test_invalid_defaults_entries_are_dropped_and_old_type_names_renamed():
    site, problems = read_config("defaults:\n  - scope: {type: post}\n    values: {layout: p}\n  - values: 3\n")
    assert [d["scope"] for d in site.defaults] == [{"type": "posts"}]
    assert len(problems) == 1 and "entry 2" in problems[0].message


def test_a_zone_less_time_is_a_wall_time_in_the_site_zone():
    site, _ = read_config("timezone: Europe/Paris\n")
    moment = site.localtime(dt.datetime(2024, 7, 1, 12, 0))
    assert moment.utcoffset() == dt.timedelta(hours=2)
    aware = site.localtime(dt.datetime(2024, 7, 1, 23, 30, tzinfo=dt.timezone.utc))
    assert (aware.day, aware.hour) == (2, 1)


def test_markdown_ext_and_baseurl():
    site, _ = read_config("markdown_ext: 'md, .Text'\nbaseurl: /blog\n")
    assert site.markdown_ext == ("md", "text")
    assert site.address("/2020/x/") == "/blog/2020/x/"
    assert JekyllSite().address("/2020/x/") == "/2020/x/"


def test_the_jekyll_core_imports_no_sphinx_or_docutils():
    code = (
        "import sys, sphinx_kb.core.jekyll.importer, sphinx_kb.core.jekyll.redirects, sphinx_kb.core.jekyll.urls; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sphinx', 'docutils')))"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"


def test_plugins_pictures_and_the_lines_naming_them():
    text = ("plugins:\n  - jekyll-feed\n  - jemoji\nimage:\n  facebook: /img/f.png\n  twitter: /img/t.png\n"
            "logo: /img/logo.png\ndefaults:\n  - scope: {path: ''}\n    values:\n      image: {path: /img/d.png, alt: x}\n")
    site, problems = read_config(text)
    assert problems == [] and site.plugins == ("jekyll-feed", "jemoji")
    assert (site.image, site.logo) == ("/img/f.png", "/img/logo.png")  # jekyll-seo-tag: path, facebook, twitter
    assert site.image_lines == {"/img/f.png": 5, "/img/logo.png": 7, "/img/d.png": 11}
    old = read_config("gems: [jemoji]\nimage: true\n")[0]
    assert old.plugins == ("jemoji",) and old.image is None
