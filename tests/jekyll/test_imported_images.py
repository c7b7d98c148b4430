"""Issue 28, item 7: the pictures a Jekyll site names (a post's ``image:``, front-matter
``defaults``, ``_config.yml``'s ``image`` and ``logo``) are brought by ``kb import``
and shown by the build's link previews, JSON-LD and JSON Feed at addresses the built
site has; a missing one is a warning at the line naming it, and no large card."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from support.kb_import_media import import_jekyll_site, sphinx_build

BASE = "https://kb.example.org/"
CONFIG = """title: Demo
url: https://example.org
logo: /img/logo.png
image:
  path: /img/site.png
defaults:
  - scope:
      path: ""
    values:
      image: /img/default.png
"""
POSTS = {
    "2024-01-02-own.md": "---\ntitle: Own\nimage:\n  path: /assets/own.png\n  alt: A cake\n---\nHello.\n",
    "2024-01-03-default.md": "---\ntitle: Default\n---\nText.\n",
}
FILES = ("img/logo.png", "img/site.png", "img/default.png", "assets/own.png", "img/unused.png")


def jekyll_site(root: Path, *, without: tuple[str, ...] = (), config: str = CONFIG, posts=None) -> Path:
    site = root / "jekyll"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text(config, encoding="utf-8")
    for name, text in (posts or POSTS).items():
        (site / "_posts" / name).write_text(text, encoding="utf-8")
    for name in FILES:
        if name not in without:
            (site / name).parent.mkdir(parents=True, exist_ok=True)
            (site / name).write_bytes(b"\x89PNG " + name.encode())
    return site


def built(root: Path, jekyll: Path):
    kb = root / "kb"
    imported = import_jekyll_site(jekyll, kb)
    done = sphinx_build(kb)
    assert done.returncode == 0, done.stderr
    return kb, imported, done


def page(kb: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((kb / "_build/html/posts" / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def meta(soup: BeautifulSoup, name: str) -> str | None:
    tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
    return tag["content"] if tag else None


def served_file(kb: Path, url: str) -> Path:
    assert url.startswith(BASE), url
    return kb / "_build/html" / url[len(BASE):]


def json_ld(soup: BeautifulSoup) -> dict:
    return json.loads(soup.find("script", type="application/ld+json").string)


@pytest.fixture(scope="module")
def complete(tmp_path_factory):
    root = tmp_path_factory.mktemp("complete")
    return built(root, jekyll_site(root))


def test_import_brings_the_named_pictures_and_only_those(complete):
    kb, imported, _ = complete
    assert imported.returncode == 0, imported.stdout
    for name in ("img/logo.png", "img/site.png", "img/default.png", "assets/own.png"):
        assert (kb / "_jekyll" / name).read_bytes() == b"\x89PNG " + name.encode()
    assert not (kb / "_jekyll/img/unused.png").exists()


def test_a_posts_own_image_is_its_large_card_at_an_address_the_site_has(complete):
    kb, _, done = complete
    assert "WARNING" not in done.stderr, done.stderr
    soup = page(kb, "2024-01-02-own")
    url = meta(soup, "og:image")
    assert url == BASE + "assets/own.png" and served_file(kb, url).read_bytes() == b"\x89PNG assets/own.png"
    assert meta(soup, "og:image:alt") == "A cake"
    assert meta(soup, "twitter:card") == "summary_large_image"
    assert json_ld(soup)["image"] == [url]


def test_the_defaults_image_and_the_site_logo_are_used_and_published(complete):
    kb, _, _ = complete
    soup = page(kb, "2024-01-03-default")
    url = meta(soup, "og:image")
    assert url == BASE + "img/default.png" and served_file(kb, url).is_file()
    logo = json_ld(soup)["publisher"]["logo"]["url"]
    assert logo == BASE + "img/logo.png" and served_file(kb, logo).is_file()
    feed = json.loads((kb / "_build/html/feed.json").read_text(encoding="utf-8"))
    images = {item["title"]: item["image"] for item in feed["items"]}
    assert images == {"Own": BASE + "assets/own.png", "Default": BASE + "img/default.png"}
    assert all(served_file(kb, url).is_file() for url in images.values())


@pytest.fixture(scope="module")
def missing(tmp_path_factory):
    root = tmp_path_factory.mktemp("missing")
    posts = {**POSTS, "2024-01-04-outside.md": "---\ntitle: Outside\nimage: ../../etc/passwd\n---\nText.\n"}
    return built(root, jekyll_site(root, without=("img/site.png", "img/default.png", "assets/own.png"), posts=posts))


def test_missing_pictures_are_warnings_at_the_lines_naming_them(missing):
    kb, imported, done = missing
    assert "/assets/own.png (used by _posts/2024-01-02-own.md, line 3)" in imported.stdout
    assert "/img/default.png (used by _config.yml, line 10)" in imported.stdout
    assert "../../etc/passwd: named by _posts/2024-01-04-outside.md, line 3: not a path inside the site folder" \
        in imported.stdout and imported.returncode == 1
    warnings = [line for line in done.stderr.splitlines() if "WARNING" in line]
    assert any(line.startswith(str(kb / "posts/2024-01-02-own.md") + ":3: WARNING") and "assets/own.png" in line
               for line in warnings), warnings
    config = str(kb / "_jekyll/_config.yml")
    assert any(line.startswith(config + ":10: WARNING") and "/img/default.png" in line for line in warnings), warnings
    assert any(line.startswith(config + ":5: WARNING") and "/img/site.png" in line for line in warnings), warnings
    assert sum("/img/default.png" in line for line in warnings) == 1  # once, not once per post
    assert any("2024-01-04-outside.md:3: WARNING" in line for line in warnings), warnings


@pytest.mark.parametrize("name", ["2024-01-02-own", "2024-01-03-default", "2024-01-04-outside"])
def test_without_its_picture_a_post_shows_the_logo_in_a_small_card(missing, name):
    kb, _, _ = missing
    soup = page(kb, name)
    assert meta(soup, "twitter:card") == "summary"
    url = meta(soup, "og:image")
    assert url == BASE + "img/logo.png" and served_file(kb, url).is_file()


def test_with_no_picture_at_all_no_image_is_announced(tmp_path):
    config = "title: Demo\ndefaults:\n  - scope: {path: ''}\n    values: {image: /img/gone.png}\n"
    kb, _, done = built(tmp_path, jekyll_site(tmp_path, config=config, without=FILES))
    assert f"{kb / '_jekyll/_config.yml'}:4: WARNING" in done.stderr
    soup = page(kb, "2024-01-03-default")
    assert meta(soup, "twitter:card") == "summary" and meta(soup, "og:image") is None
    assert "image" not in json_ld(soup)
    feed = json.loads((kb / "_build/html/feed.json").read_text(encoding="utf-8"))
    assert not any("image" in item for item in feed["items"])
