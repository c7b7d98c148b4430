"""Issue 29's attacks on one post: a whole build (``python -m sphinx -W --keep-going``)
and ``kb check`` on a copy of ``roots/site``, each in a bounded child process.

What a user would check: the build ends with exit 1 and a warning naming the post
(and why), never a traceback; the other posts are built; ``kb check`` names the same
post at the same line, with exit 1.
"""

from __future__ import annotations

import sys

import pytest

from support.attacks import alias_bomb, post_text
from support.harness import assert_rest_built, Site, assert_finished, run_bounded
from sphinx_kb.core.frontmatter import MAX_TEXT

ESCAPED_NAME = {b"2025-03-01-caf\xe9.md": "2025-03-01-caf\\xe9.md", b"2025-03-01-new\nline.md": "2025-03-01-new\\nline.md"}


def kb_check(site: Site):
    run = run_bounded([sys.executable, "-m", "sphinx_kb", "check", "--no-names"], timeout=60, memory=1024 * 2**20,
                      cwd=site.src, env=site.environ())
    assert_finished(run)
    return run


# --- 3. one post stopped the whole build ----------------------------------------------------------

def nested_directives(count: int) -> str:
    """``count`` notes, each inside the one before (a longer fence outside)."""
    return ("".join("`" * (3 + count - level) + "{note}\n" for level in range(count)) + "deep\n"
            + "".join("`" * (4 + level) + "\n" for level in range(count)))


#: the body, and the line (of the post) the warning is at: the body starts on line 8
DEEP = {
    "emphasis": ("*" * 450 + "deep" + "*" * 450, 8),
    "underscores": ("_" * 900 + "deep" + "_" * 900, 8),
    "emphasis in a list in a quote": ("> - " + "*" * 300 + "deep" + "*" * 300, 8),
    "directives in directives": (nested_directives(150), 8 + 100),  # the 101st is one too many
}


@pytest.mark.parametrize("body, line", DEEP.values(), ids=DEEP.keys())
def test_markdown_nested_too_deep_leaves_out_that_post_only(site, body, line):
    """450 ``*`` before a word, or 150 notes one inside the other: a RecursionError (in
    MyST, or pickling the doctree) ended the build with exit 2, and kb check passed it."""
    site.post("2025-03-01-deep.md", post_text("title: Deep\ntags: [Genomics]\n", f"Fine.\n\n{body}\n"))
    site.check(site.build(), warned=[f"2025-03-01-deep.md:{line}:"])
    assert not (site.out / "docs/posts/2025-03-01-deep.html").exists()
    assert "Deep" not in site.page("docs/tags/genomics")  # left out, not listed with a dead link
    assert_rest_built(site)
    checked = kb_check(site)
    assert checked.returncode == 1
    assert f"2025-03-01-deep.md:{line}: kb: docs/posts/2025-03-01-deep.md is not built: its Markdown nests" in checked.stdout


def test_directives_nested_ninety_deep_are_built(site):
    site.post("2025-03-01-notes.md", post_text("title: Notes\n", nested_directives(90)))
    assert_finished(site.build(strict=False))
    assert "deep" in site.page("docs/posts/2025-03-01-notes")


def test_a_page_that_is_no_post_is_left_out_the_same_way(site):
    """Any page, not only a post, stopped the build."""
    (site.src / "docs/deep.md").write_text("# Deep\n\n" + DEEP["emphasis"][0] + "\n", encoding="utf-8")
    with open(bytes(site.src / "docs") + b"/caf\xe9.md", "wb") as page:
        page.write(b"# Cafe\n\nText.\n")
    site.check(site.build(), warned=["docs/deep.md:3: WARNING: kb: docs/deep.md is not built: its Markdown nests",
                                     "docs/caf\\xe9.md:1: WARNING: kb: docs/caf\\xe9.md is not built: its file name"])
    assert_rest_built(site)


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


# --- 7. the smaller ones ----------------------------------------------------------------------------


def test_a_five_megabyte_title_and_description_are_cut_with_a_warning(site):
    """A 5 MB title was 116 MB of output (every listing, feed and meta tag has it)."""
    site.post("2025-03-01-long.md", post_text(f"title: {'T' * 5_000_000}\ndescription: {'D' * 5_000_000}\n"
                                              "tags: [Genomics]\n"))
    site.check(site.build(timeout=120), warned=["2025-03-01-long.md:2: WARNING: 'title': 5,000,000 characters, more "
                                                "than kb's limit of", "2025-03-01-long.md:3: WARNING: 'description'"])
    # the pages, feeds and indexes (not _sources, Sphinx's copy of the 10 MB post file)
    output = sum(path.stat().st_size for path in site.out.rglob("*") if path.is_file() and "_sources" not in path.parts)
    assert output < 3 * 2**20, f"{output:,} bytes of output"
    assert "T" * MAX_TEXT["title"] in site.page("docs/tags/genomics")
    assert_rest_built(site)


@pytest.mark.parametrize("value", ["99999-01-01", "-5", "1" * 40, "1e999"])
def test_last_modified_at_out_of_range_is_warned_by_the_build_and_kb_check(site, value):
    site.post("2025-03-01-updated.md", post_text(f"title: Updated\nlast_modified_at: {value}\n"))
    site.check(site.build(), warned=["2025-03-01-updated.md:3: WARNING: kb: last_modified_at"])
    assert "Updated" in site.page("docs/posts/2025-03-01-updated")
    checked = kb_check(site)
    assert checked.returncode == 1
    assert "2025-03-01-updated.md:3: kb: last_modified_at" in checked.stdout and "ignored" in checked.stdout


GLOSSARY_ATTACKS = {
    "one bad byte": (b"genomics:\n  definition: The study \xff of genomes.\n", "glossary.yaml:2: WARNING: not UTF-8"),
    "an alias bomb": (alias_bomb("bombs").encode() + b"genomics:\n  definition: Genomes.\n  aliases: [*a8]\n",
                      "glossary.yaml:1: WARNING: invalid YAML: its aliases"),
    "an unclosed quote": (b'genomics: "The study of genomes.\n', "glossary.yaml:1: WARNING: invalid YAML"),
}


@pytest.mark.parametrize("attack, warning", GLOSSARY_ATTACKS.values(), ids=GLOSSARY_ATTACKS.keys())
def test_a_broken_glossary_entry_loses_only_itself_and_says_how_many(site, attack, warning):
    """The whole file was refused: every definition silently gone."""
    glossary = site.src / "docs/glossary.yaml"
    glossary.write_bytes(attack + b"rare disease: A disease few people have.\nprecision medicine: Care for one.\n")
    site.check(site.build(), warned=[warning, "entries of the definitions file cannot be read and are left out"])
    page = site.page("docs/glossary/index")
    assert "A disease few people have." in page and "Care for one." in page


def test_a_page_nesting_too_deep_through_an_include_is_left_empty_not_a_stopped_build(site):
    """The prescan reads each file alone: what ``{include}`` brings is seen only when the
    page is parsed, where kb's guard of MyST's parser catches it (``_compat.parsing``)."""
    (site.src / "docs/posts/deep.inc").write_text(DEEP["emphasis"][0] + "\n", encoding="utf-8")
    site.post("2025-03-01-include.md", post_text("title: Include\ntags: [Genomics]\n", "```{include} deep.inc\n```\n"))
    site.check(site.build(), warned=["2025-03-01-include.md:1: WARNING: kb: docs/posts/2025-03-01-include is left "
                                     "empty: its document nests"])
    assert "deep" not in site.page("docs/posts/2025-03-01-include")
    assert_rest_built(site)
