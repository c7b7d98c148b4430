"""Jekyll's slugify, placeholder escaping and URL sanitising (lib/jekyll/utils.rb, url.rb)."""

from __future__ import annotations

import pytest

from sphinx_kb.core.jekyll.urlparts import escape_path, sanitize_url, slugify


@pytest.mark.parametrize(
    ("mode", "cased", "expected"),
    [  # the examples of Jekyll's own docstring for Utils.slugify
        (None, False, "the-config-yml-file"),
        ("pretty", False, "the-_config.yml-file"),
        ("pretty", True, "The-_config.yml-file"),
        ("ascii", False, "the-config-yml-file"),
        ("latin", False, "the-config-yml-file"),
        ("raw", False, "the-_config.yml-file"),
        ("none", False, "the _config.yml file"),
    ],
)
def test_slugify_modes_as_jekyll_documents_them(mode, cased, expected):
    assert slugify("The _config.yml file", mode, cased) == expected


def test_slugify_keeps_letters_of_every_script_and_drops_one_hyphen_at_each_end():
    assert slugify("  機械学習 & Génomique!  ") == "機械学習-génomique"
    assert slugify("Café au lait", "latin") == "cafe-au-lait"
    assert slugify("--a--b--", "pretty") == "a-b"
    assert slugify(None) is None


def test_pretty_mode_keeps_the_readable_url_characters():
    assert slugify("jekyll-1.0.0 (final)!", "pretty") == "jekyll-1.0.0-(final)!"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("release", "release"),
        ("2013/05", "2013/05"),
        ("a b", "a%20b"),
        ("c#", "c%23"),
        ("über", "%C3%BCber"),
        ("50%", "50%25"),
        ("what?x", "what?x"),  # Addressable leaves a query alone
    ],
)
def test_escape_path(value, expected):
    assert escape_path(value) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/news//2013/", "/news/2013/"),
        ("news/x", "/news/x"),
        ("/../../etc/passwd", "/etc/passwd"),
        ("/a/./b", "/a/b"),
        ("/a..b", "/a/b"),  # every '..' becomes '/', as in Jekyll
    ],
)
def test_sanitize_url(url, expected):
    assert sanitize_url(url) == expected
