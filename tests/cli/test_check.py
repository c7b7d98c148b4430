"""``kb check`` as a user runs it: good, bad and hostile posts, paths, names, output, exit codes.

That its problems are the build's (files, lines, words) is ``tests/checking/test_agreement.py``."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from support.shared import shared

from .conftest import ROOTS

CORPUS = shared("corpora", "jekyll-news")

LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): (?P<message>.+) \[kb\.(?P<subtype>\w+)\]$")
PLANTED = {
    "2025-10-01-one.md": "---\ntitle: One\ntags: [LLM, genomics]\n---\n\nText.\n",
    "2025-10-02-two.md": "---\ntitle: Two\ntags:\n  - LLM\n  - genomics\n---\n\nText.\n",
    "2025-10-03-three.md": "---\ntitle: Three\ntags: [LLMs]\n---\n\nText.\n",
}


def planted(site: Path) -> Path:
    for name, text in PLANTED.items():
        (site / "docs" / "posts" / name).write_text(text, encoding="utf-8")
    return site


def test_the_sample_site_has_no_problem(kb, site: Path):
    result = kb("check", cwd=site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "" and "5 posts checked, no problems" in result.stderr


def test_bad_posts_are_reported_with_file_line_and_type_and_exit_1(kb, tmp_path: Path):
    root = shutil.copytree(ROOTS / "test-check", tmp_path / "site")
    result = kb("check", cwd=root)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines and all(LINE.match(line) for line in lines), lines
    first = LINE.match(lines[0])
    assert (first["file"], first["line"], first["subtype"]) == ("posts/2025-01-01-front-matter.md", "3", "frontmatter")
    assert "posts/2025-01-04-liquid.md:5: Liquid is not run: {% include %} is shown as text [kb.liquid]" in lines
    assert any(line.startswith("posts/2025-01-05-citations.md:8: kb: placeholder citation https://www.example.com/a ")
               for line in lines)
    assert re.search(r"\d+ posts checked, \d+ problems in 8 files", result.stderr)


def test_json_says_the_same(kb, tmp_path: Path):
    root = shutil.copytree(ROOTS / "test-check", tmp_path / "site")
    text = kb("check", cwd=root).stdout.splitlines()
    result = kb("check", "--format", "json", cwd=root)
    data = json.loads(result.stdout)
    assert result.returncode == 1
    assert [f"{p['file']}:{p['line']}: {p['message']} [{p['type']}.{p['subtype']}]" for p in data["problems"]] == text
    assert data["skipped"]["unpublished"] == ["posts/2025-01-06-draft.md"] and data["posts"] == 8
    assert 0 < data["parsed"] < data["posts"]  # posts that cannot hold a placeholder are not parsed


def test_paths_choose_posts_and_skip_other_files(kb, tmp_path: Path):
    root = shutil.copytree(ROOTS / "test-check", tmp_path / "site")
    result = kb("check", "posts/2025-01-04-liquid.md", "index.md", "conf.py", cwd=root)
    files = {LINE.match(line)["file"] for line in result.stdout.splitlines()}
    assert result.returncode == 1 and files == {"posts/2025-01-04-liquid.md"}
    assert "1 post checked" in result.stderr
    data = json.loads(kb("check", "--format", "json", "index.md", cwd=root).stdout)
    assert data["skipped"]["not_posts"] == ["index.md"] and data["problems"] == []
    assert kb("check", "index.md", cwd=root).returncode == 0  # nothing to check is no problem
    in_folder = json.loads(kb("check", "--format", "json", "posts", cwd=root).stdout)
    assert in_folder["posts"] == 8
    missing = kb("check", "posts/nope.md", cwd=root)
    assert missing.returncode == 2 and "posts/nope.md: no such file or folder" in missing.stderr


def test_names_written_two_ways_are_reported_where_the_less_used_form_is(kb, site: Path):
    planted(site)
    result = kb("check", cwd=site)
    names = [LINE.match(line) for line in result.stdout.splitlines() if line.endswith("[kb.names]")]
    assert result.returncode == 1 and len(names) == 1
    assert (names[0]["file"], names[0]["line"]) == ("docs/posts/2025-10-03-three.md", "3")
    assert names[0]["message"].startswith("tags 'LLMs' and 'LLM' are probably one name (plural; 'LLM' in 2 posts, "
                                          "'LLMs' in 1 post)")
    # a post given alone is checked against every post of the site
    alone = kb("check", "docs/posts/2025-10-01-one.md", cwd=site)
    spots = {(m["file"], m["line"]) for m in map(LINE.match, alone.stdout.splitlines())}
    assert alone.returncode == 1 and spots == {("docs/posts/2025-10-01-one.md", "3")}
    assert kb("check", "--no-names", cwd=site).returncode == 0


def test_names_declared_distinct_or_retired_are_no_problem(kb, site: Path):
    planted(site)
    conf = (site / "conf.py").read_text(encoding="utf-8")
    (site / "conf.py").write_text(conf + '\nkb_distinct_names = [["LLM", "LLMs"]]\n', encoding="utf-8")
    assert kb("check", cwd=site).returncode == 0
    (site / "conf.py").write_text(conf + '\nkb_aliases = {"LLMs": "LLM"}\n', encoding="utf-8")
    assert kb("check", cwd=site).returncode == 0


def test_a_fixed_post_passes_and_the_cache_never_hides_an_edit(kb, tmp_path: Path):
    root = shutil.copytree(ROOTS / "test-check", tmp_path / "site")
    env = {"KB_CACHE_DIR": str(tmp_path / "cache")}
    post = "posts/2025-01-07-no-front-matter.md"
    assert kb("check", post, cwd=root, env=env).returncode == 1
    assert list((tmp_path / "cache").glob("posts-*.pickle"))
    (root / post).write_text("A post without front matter and a [real source](https://www.who.int/).\n",
                             encoding="utf-8")
    fixed = kb("check", post, cwd=root, env=env)
    assert fixed.returncode == 0, fixed.stdout
    for cache in (tmp_path / "cache").glob("posts-*.pickle"):
        cache.write_bytes(b"not a pickle")
    assert kb("check", post, cwd=root, env=env).returncode == 0
    (root / post).write_text("[back](https://example.com/)\n", encoding="utf-8")
    assert kb("check", post, cwd=root, env=env).returncode == 1


def test_hostile_posts_are_problems_never_a_traceback(kb, tmp_path: Path):
    root = tmp_path / "site"
    (root / "posts").mkdir(parents=True)
    (root / "conf.py").write_text("", encoding="utf-8")
    (root / "posts" / "2025-01-01-binary.md").write_bytes(b"\x00\x01\x02")
    (root / "posts" / "2025-01-02-latin.md").write_bytes("caf\xe9".encode("latin-1"))
    (root / "posts" / "2025-01-03-deep.md").write_text("> " * 5000 + "[x](https://example.com)\n" + "[" * 20000,
                                                       encoding="utf-8")
    (root / "posts" / "2025-01-04-yaml.md").write_text("---\na: &a [*a]\nb: !!python/object:os.system x\n---\n",
                                                       encoding="utf-8")
    result = kb("check", "--format", "json", cwd=root)
    data = json.loads(result.stdout)
    assert result.returncode == 1
    kinds = {(p["file"], p["subtype"]) for p in data["problems"]}
    assert {("posts/2025-01-01-binary.md", "posts"), ("posts/2025-01-02-latin.md", "posts"),
            ("posts/2025-01-04-yaml.md", "frontmatter")} <= kinds


@pytest.mark.parametrize("conf, message", [
    ("myst_enable_extensions = compute()\n", "myst_enable_extensions computed"),
    ("myst_enable_extensions = ['no-such-extension']\n", "myst configuration invalid"),
    ("kb_posts = [\n", "not valid Python"),
])
def test_settings_it_cannot_read_are_a_message_and_exit_2(kb, tmp_path: Path, conf: str, message: str):
    root = shutil.copytree(ROOTS / "test-check", tmp_path / "site")
    (root / "conf.py").write_text(conf, encoding="utf-8")
    (root / "posts" / "2025-01-20-x.md").write_text("[x](https://example.com/)\n", encoding="utf-8")
    result = kb("check", cwd=root)
    assert result.returncode == 2 and message in result.stderr, result.stderr


def test_computed_publishing_switches_do_not_stop_it(kb, tmp_path: Path):
    root = shutil.copytree(ROOTS / "test-check", tmp_path / "site")
    (root / "conf.py").write_text('import os\nkb_drafts = os.environ.get("DRAFTS") == "1"\n', encoding="utf-8")
    result = kb("check", cwd=root)
    assert result.returncode == 1 and "posts checked" in result.stderr, result.stderr


def test_no_conf_py_and_help(kb, tmp_path: Path):
    result = kb("check", cwd=tmp_path)
    assert result.returncode == 2 and "no conf.py found" in result.stderr
    help_text = kb("check", "--help", cwd=tmp_path).stdout
    assert "--format" in help_text and "PATH" in help_text and "Exit codes: 0 no problem, 1 problems found" in help_text


def test_a_folder_of_posts_outside_the_posts_folder_is_checked_as_posts(kb, tmp_path: Path):
    root = shutil.copytree(ROOTS / "test-check", tmp_path / "site")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "2025-02-01-good.md").write_text("---\ntitle: Good\n---\nText.\n", encoding="utf-8")
    (elsewhere / "2025-02-02-bad.md").write_text("---\ntitle: Bad\ndate: 2025-02-30\n---\nText.\n", encoding="utf-8")
    result = kb("check", str(elsewhere), cwd=root)
    assert result.returncode == 1, result.stderr
    assert [LINE.match(line)["file"] for line in result.stdout.splitlines()] == ["../elsewhere/2025-02-02-bad.md"]
    assert "../elsewhere holds no post of this site (kb_posts ['posts/**']): its Markdown files are checked as posts" \
        in result.stderr
    assert "kb check: 2 posts checked, 1 problem in 1 file" in result.stderr
    data = json.loads(kb("check", "--format", "json", str(elsewhere), cwd=root).stdout)
    assert data["posts"] == 2 and data["read_as_posts"] == ["../elsewhere"]


def test_a_copy_of_a_jekyll_blogs_posts_is_checked_with_its_rules(kb, tmp_path: Path):
    root = tmp_path / "site"
    (root / "posts").mkdir(parents=True)
    shutil.copy(CORPUS / "_config.yml", root / "_config.yml")
    (root / "conf.py").write_text('kb_jekyll_config = "_config.yml"\n', encoding="utf-8")
    copy = shutil.copytree(CORPUS / "_posts", tmp_path / "copy" / "_posts")
    (copy / "notes.md").write_text("---\ntitle: Notes\n---\n", encoding="utf-8")
    data = json.loads(kb("check", "--format", "json", "--no-names", "../copy/_posts", cwd=root).stdout)
    assert data["posts"] == len(list((CORPUS / "_posts").iterdir()))  # every post of the blog, none in the site
    # Jekyll's rule with kb_jekyll_config: a file not named YYYY-MM-DD-title is no post
    assert [p["subtype"] for p in data["problems"] if p["file"] == "../copy/_posts/notes.md"] == ["posts"]


def test_named_files_that_are_not_posts_are_said_to_be_skipped(kb, tmp_path: Path):
    root = shutil.copytree(ROOTS / "test-check", tmp_path / "site")
    result = kb("check", "index.md", cwd=root)
    assert result.returncode == 0
    assert "kb check: skipped 1 file, not posts by kb_posts ['posts/**']: index.md" in result.stderr
