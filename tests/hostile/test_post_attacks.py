"""Issue 29's attacks on one post: a whole build (``python -m sphinx -W --keep-going``)
and ``kb check`` on a copy of ``roots/site``, each in a bounded child process.

What a user would check: the build ends with exit 1 and a warning naming the post
(and why), never a traceback; the other posts are built; ``kb check`` names the same
post at the same line, with exit 1.
"""

from __future__ import annotations

import sys

import pytest

from support.attacks import post_text
from support.harness import Site, assert_finished, run_bounded

ESCAPED_NAME = {b"2025-03-01-caf\xe9.md": "2025-03-01-caf\\xe9.md", b"2025-03-01-new\nline.md": "2025-03-01-new\\nline.md"}


@pytest.fixture
def site(tmp_path) -> Site:
    return Site(tmp_path)


def assert_rest_built(site: Site) -> None:
    for docname in ("docs/posts/2025-01-10-alpha", "docs/posts/2025-02-11-beta"):
        assert (site.out / f"{docname}.html").is_file(), f"{docname} was not built"
    genomics = site.page("docs/tags/genomics")
    assert "Alpha post" in genomics and "Beta post" in genomics


def kb_check(site: Site):
    run = run_bounded([sys.executable, "-m", "sphinx_kb", "check", "--no-names"], timeout=60, memory=1024 * 2**20,
                      cwd=site.src, env=site.environ())
    assert_finished(run)
    return run


# --- 3. one post stopped the whole build ----------------------------------------------------------

DEEP = {
    "emphasis": "*" * 450 + "deep" + "*" * 450,
    "underscores": "_" * 900 + "deep" + "_" * 900,
    "emphasis in a list in a quote": "> - " + "*" * 300 + "deep" + "*" * 300,
}


@pytest.mark.parametrize("body", DEEP.values(), ids=DEEP.keys())
def test_markdown_nested_too_deep_leaves_out_that_post_only(site, body):
    """450 ``*`` before a word: a RecursionError (in MyST, or pickling the doctree) ended
    the build with exit 2, and kb check passed the post."""
    site.post("2025-03-01-deep.md", post_text("title: Deep\ntags: [Genomics]\n", f"Fine.\n\n{body}\n"))
    site.check(site.build(), warned=["2025-03-01-deep.md:8:"])
    assert not (site.out / "docs/posts/2025-03-01-deep.html").exists()
    assert "Deep" not in site.page("docs/tags/genomics")  # left out, not listed with a dead link
    assert_rest_built(site)
    checked = kb_check(site)
    assert checked.returncode == 1
    assert "2025-03-01-deep.md:8: kb: docs/posts/2025-03-01-deep.md is not built: its Markdown nests" in checked.stdout


NESTED_BLOCKS = {
    "quotes": ">" * 3000 + " deep",
    "lists": "- " * 3000 + "deep",
    "indented lists": "".join("  " * level + "- deep\n" for level in range(600)),
    "brackets": "[" * 5000 + "deep" + "]" * 5000,
    "links": "[a" * 1000 + "](b)" * 1000,
}


@pytest.mark.parametrize("body", NESTED_BLOCKS.values(), ids=NESTED_BLOCKS.keys())
def test_quotes_lists_and_brackets_nested_thousands_deep_are_built(site, body):
    """markdown-it holds these at its nesting limit: the post is built as text."""
    site.post("2025-03-01-deep.md", post_text("title: Deep\ntags: [Genomics]\n", f"{body}\n"))
    assert_finished(site.build(strict=False))
    assert "deep" in site.page("docs/posts/2025-03-01-deep")
    assert_rest_built(site)


@pytest.mark.parametrize("name", ESCAPED_NAME, ids=["latin-1 byte", "line break"])
def test_a_post_file_name_that_is_no_web_address_is_named_and_left_out(site, name):
    """A Latin-1 byte: a UnicodeEncodeError writing links stopped the build (exit 2). A
    line break: Sphinx's file patterns never match it, so it was neither built nor named."""
    (site.src / "docs/posts").joinpath(name.decode("latin-1")).parent.mkdir(exist_ok=True)
    with open(bytes(site.src / "docs/posts") + b"/" + name, "wb") as post:
        post.write(post_text("title: Odd name\ntags: [Genomics]\n").encode())
    shown = ESCAPED_NAME[name]
    run = site.build()
    site.check(run, warned=[f"docs/posts/{shown}:1: WARNING: kb: docs/posts/{shown} is not built: its file name"])
    assert "Odd name" not in site.page("docs/tags/genomics")
    assert_rest_built(site)
    checked = kb_check(site)
    assert checked.returncode == 1
    assert f"docs/posts/{shown}:1: kb: docs/posts/{shown} is not built: its file name" in checked.stdout
