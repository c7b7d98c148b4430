"""``kb new``, run as a user runs it: good, bad and hostile input."""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinx_kb.core.frontmatter import read_post
from sphinx_kb.core.text import clean_text

EXPECTED = "docs/posts/2025-09-01-llms-in-the-clinic.md"


def test_writes_the_post_jekyll_would_name_and_prints_its_path(kb, site: Path):
    result = kb("new", "LLMs in the Clinic", "--tags", "LLM, Clinical Care", "--keywords", "drug design",
                    "--category", "blog", "--author", "Ada Lindqvist", "--date", "2025-09-01 14:05 +0200",
                    "--description", "Why: and how.", cwd=site)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == EXPECTED
    text = (site / EXPECTED).read_text(encoding="utf-8")
    parsed = read_post(text, Path(EXPECTED).stem)
    post = parsed.post
    assert parsed.problems == []
    assert (post.title, post.tags, post.keywords, post.categories) == (
        "LLMs in the Clinic", ("LLM", "Clinical Care"), ("drug design",), ("blog",))
    assert [a.name for a in post.authors] == ["Ada Lindqvist"] and post.description == "Why: and how."
    assert text.splitlines()[3] == "date: 2025-09-01 14:05:00 +0200" and post.published


def test_refuses_to_overwrite(kb, site: Path):
    first = kb("new", "LLMs in the Clinic", "--date", "2025-09-01", cwd=site)
    before = (site / EXPECTED).read_bytes()
    second = kb("new", "LLMs in the clinic!", "--date", "2025-09-01", "--tags", "x", cwd=site)
    assert first.returncode == 0 and second.returncode == 1
    assert "already exists; not overwritten" in second.stderr and second.stdout == ""
    assert (site / EXPECTED).read_bytes() == before


def test_a_draft_is_unpublished_in_the_posts_folder(kb, site: Path):
    result = kb("new", "Half done", "--draft", "--date", "2025-10-01", cwd=site)
    path = site / result.stdout.strip()
    assert path.parent == site / "docs" / "posts"
    assert read_post(path.read_text(encoding="utf-8"), path.stem).post.published is False


def test_today_in_the_local_time_zone_by_default(kb, site: Path):
    result = kb("new", "Now", cwd=site, env={"TZ": "Asia/Kolkata"})
    path = site / result.stdout.strip()
    post = read_post(path.read_text(encoding="utf-8"), path.stem).post
    assert path.name == f"{post.date.isoformat()}-now.md"
    assert post.time.utcoffset().total_seconds() == 5.5 * 3600


@pytest.mark.parametrize("title", [
    "../../escape", "/etc/passwd", 'A "quoted": title # not a comment', "it's --- [a] {b} *c* &d !e %f @g `h`",
    "true", "null", "2025-01-01", "<script>alert(1)</script>", "[x](javascript:alert(1)) {kb-recent}",
    "{% raw %}{{ page.title }}", "Génomique: 機械学習 🧬", "tab\tnew\nline\x85\u2028end", "a" * 300,
])
def test_hostile_titles_stay_in_the_posts_folder_and_read_back(kb, site: Path, title: str):
    before = {p for p in site.rglob("*") if p.is_file()}
    result = kb("new", title, "--tags", title.replace(",", " "), "--date", "2025-09-02", cwd=site)
    assert result.returncode == 0, result.stderr
    after = {p for p in site.rglob("*") if p.is_file()}
    [written] = after - before
    assert written.parent == site / "docs" / "posts" and result.stdout.strip() == written.relative_to(site).as_posix()
    post = read_post(written.read_text(encoding="utf-8"), written.stem).post
    assert post.title == clean_text(title)
    assert post.tags == ((clean_text(title.replace(",", " ")),) if clean_text(title.replace(",", " ")).strip("-_ ")
                         else ())


@pytest.mark.parametrize("args, message", [
    (["   "], "the title is empty"),
    (["???"], "give --slug"),
    (["x", "--date", "2025-02-30"], "--date '2025-02-30'"),
    (["x", "--date", "soon"], "--date 'soon'"),
    (["x", "--date", "0001-01-01 00:00 +0100"], "out of the range of dates"),
    (["x", "--date", "2025-01-01 10:00 +9999"], "--date '2025-01-01 10:00 +9999'"),
    (["x", "--posts", "no/such/folder"], "no such folder"),
    (["x", "--conf", "missing.py"], "no such file"),
    (["x" * 301], "the title is 301 characters long; kb keeps at most 300"),
    (["x", "--description", "d" * 1001], "the description is 1,001 characters long; kb keeps at most 1,000"),
])
def test_bad_input_is_a_message_and_exit_2(kb, site: Path, args, message):
    result = kb("new", *args, cwd=site)
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert sorted(p.name for p in (site / "docs" / "posts").iterdir()) == sorted(
        p.name for p in (Path(__file__).parents[2] / "docs" / "posts").iterdir())


def test_a_broken_conf_py_is_never_run_and_is_reported(kb, tmp_path: Path):
    (tmp_path / "conf.py").write_text("import os\nos.system('touch ran')\nkb_posts = [\n", encoding="utf-8")
    result = kb("new", "x", cwd=tmp_path)
    assert result.returncode == 2 and "conf.py:3" in result.stderr and "not valid Python" in result.stderr
    (tmp_path / "conf.py").write_text("import os\nos.system('touch ran')\nkb_posts = ['notes/**']\n", encoding="utf-8")
    result = kb("new", "x", "--date", "2025-01-01", cwd=tmp_path)
    assert result.stdout.strip() == "notes/2025-01-01-x.md" and not (tmp_path / "ran").exists()


def test_a_computed_kb_posts_needs_posts(kb, tmp_path: Path):
    (tmp_path / "conf.py").write_text("kb_posts = [f'{x}/**' for x in ['a']]\n", encoding="utf-8")
    result = kb("new", "x", cwd=tmp_path)
    assert result.returncode == 2 and "give --posts DIR" in result.stderr
    (tmp_path / "mine").mkdir()
    result = kb("new", "x", "--posts", "mine", "--date", "2025-01-01", cwd=tmp_path)
    assert result.returncode == 0 and (tmp_path / "mine" / "2025-01-01-x.md").is_file()


def test_a_near_duplicate_name_is_pointed_out_and_a_retired_one_replaced(kb, site: Path):
    conf = site / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + '\nkb_aliases = {"ML": "Machine Learning"}\n', encoding="utf-8")
    result = kb("new", "Typos", "--tags", "Machine Learnin, ML, Brand New", "--keywords", "drug designs",
                    cwd=site)
    assert result.returncode == 0
    assert "tag 'Machine Learnin' is probably 'Machine Learning' (5 posts) written another way" in result.stderr
    assert "keyword 'drug designs' is probably 'drug design' (2 posts)" in result.stderr
    assert "tag 'ML' is written 'Machine Learning' (kb_aliases retires 'ML')" in result.stderr
    assert "Brand New" not in result.stderr
    path = site / result.stdout.strip()
    assert read_post(path.read_text(encoding="utf-8"), path.stem).post.tags == (
        "Machine Learnin", "Machine Learning", "Brand New")


def test_help(kb):
    result = kb("new", "--help", cwd=Path.cwd())
    assert result.returncode == 0 and "--draft" in result.stdout and "Exit codes" in result.stdout
