"""``kb stats``: the counts a build of the same site shows, as text and JSON."""

from __future__ import annotations

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_kb.core.frontmatter import MAX_NAMES
from sphinx_kb.sources.model import status_of
from sphinx_kb.sources.results import load_results
from sphinx_kb.state.domain import KbDomain

CONF = """\
extensions = ["sphinx_kb"]
html_theme = "furo"
exclude_patterns = ["_build"]
kb_glossary_file = "glossary.yaml"
kb_known_placeholders = [{"post": "posts/2025-01-01-one", "url": "https://example.com/kept"}]
"""
POSTS = {
    "2025-01-01-one": """---
title: "One: first"
tags: [LLM, Machine Learning]
keywords: [genomics, drug design]
categories: blog
author: Ada
---

An ok source ([a](https://journal.org/a)), a kept placeholder [b](https://example.com/kept),
and [an unknown one](https://example.org/new) (replace with actual article).
""",
    "2025-01-02-two": """---
title: Two
tags: [machine-learning, LLMs]
keywords: [Genomics, undefined term]
author: [Ada, {name: Grace}]
categories: [blog, notes]
---

| what | where |
|------|-------|
| broken | [c](https://broken.org/c) |

Autolinked <https://auto.org/x>, and [not checked](http://unchecked.org/) and [local](/elsewhere).
{% raw %}[in raw](https://raw.org/r){% endraw %} (Liquid markers only: still a link)
""",
    "2025-01-03-draft": "---\ntitle: Draft\ntags: [Secret]\npublished: false\n---\n[d](https://draft.org/)\n",
    "2025-01-04-bad": "---\ntitle: Bad\ndate: 2025-02-30\ntags: one two\n---\nNo links.\n",
    # left out by the build (a draft, a post dated in the future): neither they nor their names count
    "_drafts/2025-01-05-idea": "---\ntitle: Idea\ntags: [Unfinished]\n---\n[e](https://idea.org/)\n",
    "2099-01-01-later": "---\ntitle: Later\ntags: [Tomorrow]\nkeywords: [soon]\n---\n[f](https://later.org/)\n",
}
GLOSSARY = "genomics: The study of genomes.\ndrug design: Designing drugs.\nunused: Not used by any post.\n"
RESULTS = {"kb_linkcheck": 1, "updated": "2025-06-01T10:00:00+00:00", "results": {
    "https://journal.org/a": {"status": "ok", "checked": "2025-06-01T10:00:00+00:00", "code": 200, "info": ""},
    "https://broken.org/c": {"status": "broken", "checked": "2025-06-01T10:00:00+00:00", "code": 404, "info": ""},
    "https://auto.org/x": {"status": "redirected", "checked": "2025-06-01T10:00:00+00:00", "code": 301, "info": ""},
}}


def write_site(root: Path) -> Path:
    (root / "posts").mkdir(parents=True)
    (root / "conf.py").write_text(CONF, encoding="utf-8")
    (root / "index.md").write_text("# Home\n", encoding="utf-8")
    (root / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    for stem, text in POSTS.items():
        (root / "posts" / f"{stem}.md").parent.mkdir(parents=True, exist_ok=True)
        (root / "posts" / f"{stem}.md").write_text(text, encoding="utf-8")
    (root / "_build").mkdir()
    (root / "_build" / "kb-linkcheck.json").write_text(json.dumps(RESULTS), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The site, and what a real build of it holds."""
    root = write_site(tmp_path_factory.mktemp("stats") / "site")
    app = SphinxTestApp("html", srcdir=root, status=StringIO(), warning=StringIO())
    try:
        app.build()
        domain = KbDomain.of(app.env)
        site = domain.site
        results = load_results(root / "_build" / "kb-linkcheck.json")
        cited = [s for docname in site.taxonomy.recent for s in domain.sources.get(docname, [])]
        statuses = [status_of(s, results) for s in cited]
        facts = {
            "posts": len(site.taxonomy.recent),
            **{kind: len(site.taxonomy.terms[one]) for kind, one in
               (("tags", "tag"), ("categories", "category"), ("authors", "author"), ("keywords", "keyword"))},
            "keywords_undefined": sum(1 for e in site.glossary.entries if e.definition is None),
            "citations": len(cited), "urls": len({s.url for s in cited}),
            "by_status": {status: statuses.count(status) for status in set(statuses)},
        }
    finally:
        app.cleanup()
    yield root, facts


def test_counts_are_the_builds(kb, built):
    root, facts = built
    result = kb("stats", "--format", "json", cwd=root)
    assert result.returncode == 0, result.stderr
    counts = json.loads(result.stdout)
    for key in ("posts", "tags", "categories", "authors", "keywords", "keywords_undefined"):
        assert counts[key] == facts[key], key
    assert counts["sources"]["citations"] == facts["citations"] and counts["sources"]["urls"] == facts["urls"]
    assert {k: v for k, v in counts["sources"]["by_status"].items() if v} == facts["by_status"]


def test_counts_say_what_the_site_holds(kb, built):
    root, _ = built
    counts = json.loads(kb("stats", "--format", "json", cwd=root).stdout)
    assert counts["posts"] == 3  # what the build publishes: the others are counted apart, by the build's reason
    assert (counts["unpublished"], counts["drafts"], counts["future"], counts["not_built"]) == (1, 1, 1, 0)
    assert counts["tags"] == 5  # LLM, Machine Learning (two spellings), LLMs, one, two
    assert counts["keywords"] == 3 and counts["keywords_undefined"] == 1 and counts["glossary_definitions"] == 3
    assert counts["front_matter_problems"] == 1  # the impossible date
    assert counts["near_duplicate_groups"] == 1  # LLM / LLMs
    assert counts["placeholders"] == {"total": 2, "known": 1, "to_fix": 1}
    assert counts["sources"]["by_status"] == {"ok": 1, "redirected": 1, "broken": 1, "unchecked": 2,
                                              "placeholder": 1, "known-placeholder": 1}
    assert counts["sources"]["results_updated"] == "2025-06-01T10:00:00+00:00"


def test_text_output(kb, built):
    root, _ = built
    result = kb("stats", cwd=root)
    lines = result.stdout.splitlines()
    assert result.returncode == 0
    assert lines[0].split()[:2] == ["posts", "3"]
    assert "(not counted here or below: 1 draft, 1 with published: false, 1 dated in the future)" in lines[0]
    assert any(line.split()[:4] == ["near-duplicate", "names", "1", "group"] for line in lines)
    assert any(line.split()[:3] == ["keywords", "3", "(1"] for line in lines)
    assert any(line.split() == ["known", "placeholder", "1"] for line in lines)
    assert "linkcheck results: _build/kb-linkcheck.json (updated 2025-06-01T10:00:00+00:00)" in result.stdout


@pytest.mark.parametrize("conf, env, posts, apart", [
    ("kb_drafts = True\nkb_future = True\n", {}, 5, {"drafts": 0, "future": 0}),  # the build's switches
    ("", {"KB_NOW": "2100-01-01"}, 4, {"drafts": 1, "future": 0}),  # the build's "now": that day has come
])
def test_drafts_and_future_posts_count_as_the_build_publishes_them(kb, built, tmp_path, conf, env, posts, apart):
    root = tmp_path / "site"
    shutil.copytree(built[0], root)
    (root / "conf.py").write_text(CONF + conf, encoding="utf-8")
    result = kb("stats", "--format", "json", cwd=root, env=env)
    counts = json.loads(result.stdout)
    assert result.returncode == 0 and counts["posts"] == posts, result.stderr
    assert {key: counts[key] for key in apart} == apart
    assert counts["tags"] == 5 + (posts - 3)  # each post published brings its own tag


def test_jekylls_switches_apply_unless_conf_py_sets_kb_ones(kb, built, tmp_path):
    root = tmp_path / "site"
    shutil.copytree(built[0], root)
    (root / "_config.yml").write_text("future: true\nshow_drafts: true\n", encoding="utf-8")
    (root / "conf.py").write_text(CONF + 'kb_jekyll_config = "_config.yml"\nkb_drafts = False\n', encoding="utf-8")
    counts = json.loads(kb("stats", "--format", "json", cwd=root).stdout)
    assert (counts["posts"], counts["drafts"], counts["future"]) == (4, 1, 0)


def test_aliases_merge_names_in_the_counts(kb, built, tmp_path):
    root = tmp_path / "site"
    shutil.copytree(built[0], root)
    (root / "conf.py").write_text(CONF + 'kb_aliases = {"LLMs": "LLM"}\n', encoding="utf-8")
    counts = json.loads(kb("stats", "--format", "json", cwd=root).stdout)
    assert counts["tags"] == 4 and counts["near_duplicate_groups"] == 0


def test_a_broken_results_file_is_reported_not_fatal(kb, built, tmp_path):
    root = tmp_path / "site"
    shutil.copytree(built[0], root)
    (root / "_build" / "kb-linkcheck.json").write_text("{not json", encoding="utf-8")
    result = kb("stats", cwd=root)
    assert result.returncode == 0 and "cannot read it" in result.stdout and "safe to delete" in result.stdout
    (root / "_build" / "kb-linkcheck.json").unlink()
    assert "none yet" in kb("stats", cwd=root).stdout


@pytest.mark.parametrize("conf, message", [
    ("kb_posts = 'posts/**'\n", "kb_posts should be a list"),
    ("kb_glossary_file = 'missing.yaml'\n", "cannot read the glossary"),
    ("kb_distinct_names = ['a']\n", "kb_distinct_names should be a list of lists"),
    ("kb_posts = [\n", "not valid Python"),
    ("kb_future = 1 == 1\n", "kb_future is not a plain value"),  # what counts as a post depends on it
])
def test_bad_settings_are_a_message_and_exit_2(kb, built, tmp_path, conf, message):
    root = tmp_path / "site"
    shutil.copytree(built[0], root)
    (root / "conf.py").write_text(CONF + conf, encoding="utf-8")
    result = kb("stats", cwd=root)
    assert result.returncode == 2 and message in result.stderr, result.stderr


def test_hostile_posts_are_counted_never_fatal(kb, tmp_path):
    root = tmp_path / "site"
    (root / "posts").mkdir(parents=True)
    (root / "conf.py").write_text("", encoding="utf-8")
    hostile = {
        "a": "---\n[unclosed\n---\n", "b": "---\n- a list\n---\n", "c": "---\ntitle: x\n",  # never closed
        "d": "\ufeff---\ntags: {a: b}\nauthor: [[x]]\n---\n", "e": b"\xff\xfe\x00bad bytes".decode("latin-1"),
        "g": "---\ndate: 0001-01-01 00:00:00 +0100\n---\n",  # no UTC time: the build's sort key overflows
        "f": "---\ntags: [" + ", ".join(f"t{i}" for i in range(2000)) + "]\n---\n" + "[x](https://a.org) " * 2000,
    }
    for stem, text in hostile.items():
        (root / "posts" / f"2025-01-01-{stem}.md").write_text(text, encoding="utf-8")
    result = kb("stats", "--format", "json", cwd=root)
    counts = json.loads(result.stdout)
    # e holds a NUL byte: the build leaves it out as binary, and so does the count
    assert result.returncode == 0 and counts["posts"] == 6 and counts["not_built"] == 1
    assert counts["tags"] == MAX_NAMES  # the build caps names per post
    assert counts["front_matter_problems"] >= 4 and counts["sources"]["citations"] == 2000


def test_no_conf_py_and_help(kb, tmp_path):
    result = kb("stats", cwd=tmp_path)
    assert result.returncode == 2 and "no conf.py found" in result.stderr
    assert kb("stats", "--posts", ".", cwd=tmp_path).returncode == 0
    help_text = kb("stats", "--help", cwd=tmp_path).stdout
    assert "--format" in help_text and "Exit codes" in help_text
