"""``kb import``: a Jekyll blog brought in byte for byte, and every refusal reported."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sphinx_kb.cli import main
from sphinx_kb.cli import importing
from sphinx_kb.core.jekyll import importer
from support.shared import shared

CORPUS = shared("corpora", "jekyll-news")


def run(capsys, *args: str) -> tuple[int, str]:
    code = main(["import", *args])
    return code, capsys.readouterr().out


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """An empty kb project folder, the working directory."""
    root = tmp_path / "kb"
    root.mkdir()
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def news(tmp_path) -> Path:
    target = tmp_path / "jekyll-news"
    shutil.copytree(CORPUS, target)
    for path in target.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return target


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def conf_settings(project: Path, literal: bool = True) -> dict:
    """conf.py's settings, as Sphinx would see them (conf.py run), or its literal ones."""
    text = (project / "conf.py").read_text(encoding="utf-8")
    if literal:
        return importer.conf_settings(text)
    namespace: dict = {}
    exec(compile(text, "conf.py", "exec"), namespace)  # a conf.py kb init and kb import wrote
    return namespace


def refusals(out: str) -> dict[str, str]:
    """The "not brought" section of the report: file -> reason."""
    found, inside = {}, False
    for line in out.splitlines():
        if line.startswith("not brought"):
            inside = True
        elif inside and line.startswith("  "):
            label, reason = line.strip().split(": ", 1)
            found[label] = reason
        else:
            inside = False
    return found


def test_the_news_blog_comes_in_whole_and_byte_for_byte(project, news, capsys):
    code, out = run(capsys, str(news))
    assert code == 0, out
    posts = sorted((project / "posts").iterdir())
    assert len(posts) == 102
    for path in posts:
        assert path.read_bytes() == (news / "_posts" / path.name).read_bytes()
    assert (project / "_jekyll" / "_config.yml").read_bytes() == (news / "_config.yml").read_bytes()
    assert "brought 102 posts, 0 drafts, 0 files posts use, 1 _config.yml" in out
    # the two images the posts show are not in the corpus: listed, not a failure
    assert "/img/jekyll-sticker.png (used by _posts/2014-06-04-jekyll-stickers-1-dollar-stickermule.markdown, line 8)" in out
    # no conf.py here: kb init made the site, with the Jekyll site's title and address,
    # and conf.py's block points kb at what was brought: nothing to add by hand
    assert "kb init made the site" in out and "add to conf.py" not in out
    settings = conf_settings(project)
    assert settings["project"] == "Jekyll • Simple, blog-aware, static sites"
    assert settings["html_baseurl"] == "https://jekyllrb.com/"
    assert settings["kb_posts"] == ["posts/**"]
    assert settings["kb_static_root"] == "_jekyll" and settings["kb_jekyll_config"] == "_jekyll/_config.yml"


def test_counts_of_one_read_in_the_singular(project, tmp_path, capsys):
    site = tmp_path / "site"
    write(site / "_config.yml", "title: One of each\n")
    write(site / "_posts" / "2024-01-01-a.md", "---\ntitle: A\n---\n![a](/img/a.png)\n")
    write(site / "_drafts" / "b.md", "---\ntitle: B\n---\nSoon.\n")
    write(site / "img" / "a.png", b"\x89PNG")
    code, out = run(capsys, str(site))
    assert code == 0, out
    assert "kb import: brought 1 post, 1 draft, 1 file posts use, 1 _config.yml" in out


def test_a_second_import_changes_nothing_and_a_changed_file_is_kept(project, news, capsys):
    assert run(capsys, str(news))[0] == 0
    conf = (project / "conf.py").read_text(encoding="utf-8")
    code, out = run(capsys, str(news))
    assert code == 0 and "103 already there" in out
    assert (project / "conf.py").read_text(encoding="utf-8") == conf  # the block replaced, not added again
    mine = project / "posts" / "2013-05-06-jekyll-1-0-0-released.markdown"
    mine.write_text("my edit\n")
    code, out = run(capsys, str(news))
    assert code == 1
    assert "exists with other content (--force replaces it)" in out
    assert mine.read_text() == "my edit\n"
    code, out = run(capsys, str(news), "--force")
    assert code == 0 and mine.read_bytes() == (news / "_posts" / mine.name).read_bytes()


def test_files_that_are_not_posts_are_reported_with_why(project, tmp_path, capsys, monkeypatch):
    site = tmp_path / "site"
    write(site / "_posts" / "2024-01-01-good.md", "---\ntitle: Good\n---\nHi\n")
    write(site / "_posts" / "2024-01-02-old.mdown", "mdown is brought too\n")
    write(site / "_posts" / "notes.md", "no date\n")
    write(site / "_posts" / "2024-01-03-page.html", "<p>html</p>\n")
    write(site / "_posts" / "2024-01-04-plain.txt", "text\n")
    write(site / "_posts" / "_2024-01-05-hidden.md", "underscore\n")
    write(site / "_posts" / "2024-01-06-backup.md~", "backup\n")
    write(site / "_posts" / "2024-01-07-binary.md", b"\x89PNG\x00\x01")
    write(site / "_posts" / "2024-01-08-latin1.md", "caf\xe9".encode("latin-1"))
    write(site / "_posts" / "2024-01-09-big.md", "x" * 2000)
    write(tmp_path / "outside.md", "secret\n")
    os.symlink(tmp_path / "outside.md", site / "_posts" / "2024-01-10-link.md")
    monkeypatch.setattr(importing, "MAX_POST_BYTES", 1000)
    code, out = run(capsys, str(site))
    assert code == 1
    reasons = refusals(out)
    assert reasons == {
        "_posts/notes.md": "not a post name Jekyll takes (YYYY-MM-DD-title.EXT)",
        "_posts/2024-01-03-page.html": "an HTML post: kb builds Markdown posts only (rename it to .md to read its body as Markdown)",
        "_posts/2024-01-04-plain.txt": "not a Markdown post (.txt): kb builds Markdown posts only",
        "_posts/_2024-01-05-hidden.md": "Jekyll skips names starting with '.', '_', '#' or '~' or ending with '~'",
        "_posts/2024-01-06-backup.md~": "Jekyll skips names starting with '.', '_', '#' or '~' or ending with '~'",
        "_posts/2024-01-07-binary.md": "binary, or not UTF-8 text (Jekyll skips it too)",
        "_posts/2024-01-08-latin1.md": "binary, or not UTF-8 text (Jekyll skips it too)",
        "_posts/2024-01-09-big.md": "too large (2,000 bytes; at most 1,000)",
        "_posts/2024-01-10-link.md": "a symlink leading outside the site folder",
    }
    assert sorted(p.name for p in (project / "posts").iterdir()) == ["2024-01-01-good.md", "2024-01-02-old.mdown"]


def test_only_the_files_posts_use_are_copied_with_their_paths(project, tmp_path, capsys):
    site = tmp_path / "site"
    write(site / "_config.yml", "baseurl: /blog\nurl: https://example.org\n")
    write(site / "_posts" / "2024-01-01-a.md", (
        "![a]({{ site.baseurl }}/assets/img/a.png)\n[pdf](/files/paper%201.pdf)\n"
        '<img src="https://example.org/blog/assets/img/b.png">\n[gone](/assets/missing.png)\n'
        "[post]({% link _posts/2024-01-02-b.md %}) [ext](https://other.org/x.png)\n"
    ))
    write(site / "_posts" / "2024-01-02-b.md", "![c](/assets/img/c.png)\n")
    for name in ("assets/img/a.png", "assets/img/b.png", "assets/img/c.png", "assets/img/unused.png", "files/paper 1.pdf"):
        write(site / name, f"bytes of {name}")
    code, out = run(capsys, str(site), "--static", "static")
    assert code == 0, out
    copied = sorted(p.relative_to(project / "static").as_posix() for p in (project / "static").rglob("*") if p.is_file())
    assert copied == ["_config.yml", "assets/img/a.png", "assets/img/b.png", "assets/img/c.png", "files/paper 1.pdf"]
    assert (project / "static" / "assets/img/a.png").read_text() == "bytes of assets/img/a.png"
    assert "/assets/missing.png (used by _posts/2024-01-01-a.md, line 4)" in out
    assert conf_settings(project)["kb_static_root"] == "static"
    assert conf_settings(project)["html_baseurl"] == "https://example.org/blog/"  # url and baseurl


def test_drafts_and_category_folders(project, tmp_path, capsys):
    site = tmp_path / "site"
    write(site / "_posts" / "sub" / "2024-01-01-a.md", "a\n")
    write(site / "news" / "_posts" / "2024-01-02-b.md", "b\n")
    write(site / "_drafts" / "idea.md", "draft\n")
    write(site / "_site" / "_posts" / "2024-01-03-built.md", "Jekyll's output folder is not read\n")
    code, out = run(capsys, str(site), "--posts", "content/posts")
    assert code == 0, out
    assert (project / "content/posts/sub/2024-01-01-a.md").read_text() == "a\n"
    assert (project / "content/posts/news/_posts/2024-01-02-b.md").read_text() == "b\n"
    # drafts in the posts folder's _drafts: a build leaves them out unless kb_drafts
    assert (project / "content/posts/_drafts/idea.md").read_text() == "draft\n"
    assert not list(project.rglob("2024-01-03-built.md"))
    assert "note: no _config.yml" in out
    assert "content/posts/**" in conf_settings(project, literal=False)["kb_posts"]


def test_a_posts_folder_alone(project, tmp_path, capsys):
    posts = tmp_path / "_posts"
    write(posts / "2024-01-01-a.md", "![x](/img/x.png)\n")
    code, out = run(capsys, str(posts))
    assert code == 1
    assert (project / "posts/2024-01-01-a.md").exists()
    assert "img/x.png: used by _posts/2024-01-01-a.md, line 1; PATH is a _posts folder" in out


def test_conf_py_is_read_not_run(project, tmp_path, capsys):
    write(project / "conf.py", (
        "raise SystemExit('conf.py was run')\n"
        "kb_posts = ['site/articles/**']\nkb_static_root = 'site/_jekyll'\nexclude_patterns = ['_build']\n"
    ))
    site = tmp_path / "site"
    write(site / "_posts" / "2024-01-01-a.md", "a\n")
    write(site / "_drafts" / "d.md", "d\n")
    code, out = run(capsys, str(site))
    assert code == 0, out
    assert (project / "site/articles/2024-01-01-a.md").exists()
    assert (project / "site/articles/_drafts/d.md").exists()
    conf = (project / "conf.py").read_text(encoding="utf-8")
    assert conf.startswith("raise SystemExit('conf.py was run')\nkb_posts = ['site/articles/**']")
    assert importer.BLOCK_BEGIN + "\n" + importer.BLOCK_END + "\n" in conf  # conf.py says it all already


def test_bad_arguments_exit_2(project, tmp_path, capsys):
    assert main(["import", "nowhere"]) == 2
    assert "nowhere is not a folder" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert main(["import", str(tmp_path / "empty")]) == 2
    assert "no posts found" in capsys.readouterr().err
    write(project / "posts", "a file where the posts folder should be")
    write(tmp_path / "site" / "_posts" / "2024-01-01-a.md", "a\n")
    assert main(["import", str(tmp_path / "site")]) == 2
    assert "exists and is not a folder" in capsys.readouterr().err
    (project / "posts").unlink()
    write(tmp_path / "random" / "notes.txt", "not a blog")
    assert main(["import", str(tmp_path / "random")]) == 2
    assert "no posts found" in capsys.readouterr().err


def test_the_destination_may_not_be_inside_the_source(project, tmp_path, capsys):
    site = tmp_path / "site"
    write(site / "_posts" / "2024-01-01-a.md", "a\n")
    assert main(["import", str(site), "--posts", str(site / "docs")]) == 2
    assert "inside the Jekyll site" in capsys.readouterr().err


def test_progress_lines_on_a_long_import(project, tmp_path, capsys, monkeypatch):
    site = tmp_path / "site"
    for day in range(1, 26):
        write(site / "_posts" / f"2024-01-{day:02d}-p.md", f"{day}\n")
    monkeypatch.setattr(importing, "LONG_IMPORT", 20)
    monkeypatch.setattr(importing, "PROGRESS_EVERY", 10)
    assert main(["import", str(site)]) == 0
    # not a terminal: a line every PROGRESS_EVERY files, and the last
    assert capsys.readouterr().err.splitlines() == ["kb import: 10/25 files", "kb import: 20/25 files", "kb import: 25/25 files"]


def test_progress_on_a_terminal_is_one_updating_line():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    stream = Terminal()
    progress = importing.Progress(importing.LONG_IMPORT, stream)
    for _ in range(importing.LONG_IMPORT):
        progress.tick()
    text = stream.getvalue()
    assert text.count("\n") == 1 and text.endswith(f"\rkb import: {importing.LONG_IMPORT}/{importing.LONG_IMPORT} files\n")


def test_short_imports_show_no_progress():
    stream = io.StringIO()
    progress = importing.Progress(3, stream)
    for _ in range(3):
        progress.tick()
    assert stream.getvalue() == ""


def test_into_a_kb_site_conf_py_gets_its_block_and_the_build_needs_no_manual_step(project, tmp_path, capsys):
    mine = 'extensions = ["sphinx_kb"]\nhtml_theme = "furo"\nproject = "Mine"\nkb_posts = ["notes/**"]\n' \
           'html_baseurl = "https://me.example/"\nexclude_patterns = ["_build"]\n'
    write(project / "conf.py", mine)
    write(project / "index.md", "# Mine\n\n```{toctree}\n:glob:\nnotes/*\n```\n")
    site = tmp_path / "site"
    write(site / "_config.yml", "url: https://old.example\ntimezone: UTC\n")
    write(site / "_posts" / "2024-01-01-a.md", "---\ntitle: A\n---\nThe first.\n")
    write(site / "_drafts" / "idea.md", "---\ntitle: An idea\n---\nNot yet.\n")
    code, out = run(capsys, str(site))
    assert code == 0, out
    conf = (project / "conf.py").read_text(encoding="utf-8")
    assert conf.startswith(mine)  # the user's lines stay as they were
    settings = conf_settings(project)
    assert settings["kb_jekyll_config"] == "_jekyll/_config.yml"
    assert settings["html_baseurl"] == "https://me.example/"  # the user's address, not the old site's
    assert "kb init" not in out and not (project / "glossary.yaml").exists()
    built = subprocess.run([sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", ".", "_build/html"],
                           cwd=project, capture_output=True, text=True, timeout=300, check=False)
    assert built.returncode == 0, built.stderr
    html = project / "_build" / "html"
    assert (html / "notes" / "2024-01-01-a.html").is_file()
    # the draft is in the posts folder's _drafts, and a normal build leaves it out without a word
    assert (project / "notes" / "_drafts" / "idea.md").is_file()
    assert not list(html.rglob("idea.html"))
    # kb serve --drafts builds it (kb_drafts), into a folder of its own
    drafts = subprocess.run([sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", "-D", "kb_drafts=1", ".",
                             "_build/drafts/html"], cwd=project, capture_output=True, text=True, timeout=300, check=False)
    assert drafts.returncode == 0, drafts.stderr
    assert (project / "_build/drafts/html/notes/_drafts/idea.html").is_file()
    assert not list(html.rglob("idea.html"))


def test_a_site_with_only_category_folders_posts_is_imported(project, tmp_path, capsys):
    site = tmp_path / "site"
    write(site / "blog" / "_posts" / "2019-03-02-my-post.md", "---\ntitle: Mine\n---\nSee [steps](/2019/04/01/steps.html).\n")
    write(site / "guide" / "_posts" / "2019-04-01-steps.md", "---\ntitle: Steps\n---\nHi\n")
    write(site / "a" / "b" / "_drafts" / "idea.md", "---\ntitle: Idea\n---\nLater\n")
    write(site / "node_modules" / "x" / "_posts" / "2019-01-01-dep.md", "not read by Jekyll\n")
    write(site / "_hidden" / "_posts" / "2019-01-01-no.md", "not read by Jekyll\n")
    code, out = run(capsys, str(site))
    assert code == 0, out
    posts = project / "posts"
    assert sorted(p.relative_to(posts).as_posix() for p in posts.rglob("*.md")) == [
        "a/b/_drafts/idea.md", "blog/_posts/2019-03-02-my-post.md", "guide/_posts/2019-04-01-steps.md"]
    assert (posts / "a" / "b" / "_drafts" / "idea.md").is_file()  # in categories a and b, as in Jekyll
    # the link leaves out the category folder Jekyll puts in the URL: found by date and title, listed once
    assert ("  blog/_posts/2019-03-02-my-post.md, line 4: /2019/04/01/steps.html -> guide/_posts/2019-04-01-steps.md "
            "(the one post of that date and title)") in out.splitlines()


def test_a_link_that_two_posts_could_answer_is_listed_with_both(project, tmp_path, capsys):
    site = tmp_path / "site"
    write(site / "blog" / "_posts" / "2019-03-02-p.md", "---\ntitle: P\n---\n")
    write(site / "news" / "_posts" / "2019-03-02-p.md", "---\ntitle: P\n---\n")
    write(site / "news" / "_posts" / "2019-03-03-q.md", "---\ntitle: Q\n---\n\n[p](/2019/03/02/p.html)\n")
    code, out = run(capsys, str(site))
    assert code == 0, out
    assert ("  news/_posts/2019-03-03-q.md, line 5: /2019/03/02/p.html matches no old URL; posts of that date and "
            "title: blog/_posts/2019-03-02-p.md, news/_posts/2019-03-02-p.md (the build warns)") in out.splitlines()


def test_collections_dir_is_where_jekyll_reads_posts_and_no_category(project, tmp_path, capsys):
    """As Jekyll 4.3 does (checked by hand): with collections_dir: coll, coll/sub/_posts/x.md
    is in the category sub, and blog/_posts is not read."""
    site = tmp_path / "site"
    write(site / "_config.yml", "collections_dir: coll\n")
    write(site / "coll" / "_posts" / "2020-01-01-a.md", "---\ntitle: A\n---\n")
    write(site / "coll" / "sub" / "_posts" / "2020-01-03-c.md", "---\ntitle: C\n---\n")
    write(site / "blog" / "_posts" / "2020-01-02-b.md", "---\ntitle: B\n---\n")
    code, out = run(capsys, str(site))
    assert code == 0, out
    posts = project / "posts"
    assert sorted(p.relative_to(posts).as_posix() for p in posts.rglob("*.md")) == ["2020-01-01-a.md", "sub/_posts/2020-01-03-c.md"]
    write(site / "_config.yml", "collections_dir: ../elsewhere\n")
    assert main(["import", str(site)]) == 2
    assert "no posts found" in capsys.readouterr().err
