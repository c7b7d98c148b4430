"""core.postmeta: image, last_modified_at and sitemap front matter, checked."""

from __future__ import annotations

import datetime as dt

import pytest

from sphinx_kb.core.frontmatter import parse_front_matter
from sphinx_kb.core.postmeta import PostImage, image_of, in_sitemap, site_path, updated_moment


def post(yaml: str):
    return parse_front_matter(yaml, "2025-01-01-x")[0]


@pytest.mark.parametrize("yaml, expected", [
    ("image: /assets/a.png", PostImage(None, "assets/a.png")),
    ("image: images/a.png\nimage_alt: A chart", PostImage(None, "images/a.png", "A chart")),
    ("image:\n  path: /a.png\n  alt: Alt & text", PostImage(None, "a.png", "Alt & text")),
    ("image: https://cdn.example.org/a.png", PostImage("https://cdn.example.org/a.png", None)),
])
def test_images_in_jekyll_seo_tags_forms(yaml, expected):
    assert image_of(post(yaml)) == (expected, [])


@pytest.mark.parametrize("value", ["javascript:alert(1)", "../../etc/passwd", "a b.png", "\"x\".png", "C:\\\\a.png"])
def test_an_image_outside_the_site_is_a_problem_at_its_line(value):
    found, problems = image_of(post(f"title: x\nimage: '{value}'"))
    assert found is None and problems[0].line == 3 and "ignored" in problems[0].message


def test_site_paths():
    assert site_path("/assets/a.png?v=2#x") == "assets/a.png"
    assert site_path("a/../../b.png") is None and site_path("/") is None


def test_last_modified_and_sitemap():
    moment, problems = updated_moment(post("last_modified_at: 2025-03-01 10:00:00 +0100"))
    assert moment == dt.datetime(2025, 3, 1, 9, tzinfo=dt.timezone.utc) and problems == []
    moment, problems = updated_moment(post("title: x\nupdated: soon"))
    assert moment is None and problems[0].line == 3
    assert updated_moment(post("title: x"))[0] is None
    assert not in_sitemap(post("sitemap: false")) and not in_sitemap(post("sitemap: 'no'"))
    assert in_sitemap(post("sitemap: true")) and in_sitemap(post("title: x"))
