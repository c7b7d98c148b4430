"""Which folders and files Jekyll reads (``core.jekyll.entries``), as Jekyll 4.3 does
(checked against real Jekyll in tests/jekyll/test_jekyll_differential.py)."""

from __future__ import annotations

import pytest

from sphinx_kb.core.jekyll.config import JekyllSite
from sphinx_kb.core.jekyll.entries import excluded, reads

SITE = JekyllSite(exclude=("excl", "docs/*.md", "/blog/_posts/2019-01-02-x.md"), include=("_inc",))


@pytest.mark.parametrize("entry", ["blog", "a/b", "vendor", "_inc", "vendor/x"])
def test_folders_jekyll_reads(entry):
    assert reads(entry, True, SITE)


@pytest.mark.parametrize("entry", ["_hidden", ".git", "#x", "~x", "x~", "x.", "node_modules", "vendor/bundle",
                                   "excluded", "exclamation", "a/_b", "_site",
                                   "Gemfiles-not"])  # Gemfile, a default exclude, is its prefix
def test_folders_jekyll_skips(entry):
    assert not reads(entry, True, SITE)


def test_exclude_patterns_match_as_jekylls_glob_include():
    assert excluded("blog/_posts/2019-01-02-x.md", False, SITE)  # a leading / is the site folder
    assert excluded("docs/a/b.md", False, SITE)  # * crosses /
    assert not excluded("blog/_posts/2019-01-03-y.md", False, SITE)
    assert not excluded("excl", True, JekyllSite(exclude=("excl",), include=("excl",)))  # included wins
    assert not reads("_inc", True, JekyllSite())  # include replaces Jekyll's default [.htaccess]
