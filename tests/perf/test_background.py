"""Work forked while pages are written (``perf.background``): the further listing pages
(``kb_further_pages_process``), the citation files of the posts read
(``kb_citation_files_process``) and the feeds (``kb_feeds_process``) give the same site as when the main process makes them,
in a serial build as users run it (a ``sphinx-build`` process: no other thread), and in
a rebuild; if the process cannot run, the main process makes them."""

from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import build, copy_root, refuse_forks
from sphinx_kb.perf import background

POSTS = 40  # more than background.MIN_SERIAL posts, and with kb_page_size 2, as many further pages
# and a tag of its own each: more than MIN_SERIAL feeds

CONF = """\
extensions = ["sphinx_kb"]
html_theme = "furo"
project = "Background"
html_baseurl = "https://kb.test/"
kb_page_size = 2
"""


def _site(folder: Path) -> Path:
    (folder / "posts").mkdir(parents=True)
    (folder / "conf.py").write_text(CONF, encoding="utf-8")
    (folder / "index.md").write_text("# Home\n\n```{kb-recent}\n```\n", encoding="utf-8")
    for n in range(POSTS):
        tags = ", ".join([*(f"tag{k}" for k in range(n % 5 + 1)), f"only{n}"])
        (folder / "posts" / f"2025-01-{n % 28 + 1:02d}-post-{n}.md").write_text(
            f"---\ntitle: \"Post {n}: <b>bold</b>\"\nauthor: Ada Lovelace\ncategories: [cat{n % 3}]\n"
            f"tags: [{tags}]\ndescription: The {n}th post.\n---\n\nText of post {n}.\n", encoding="utf-8")
    return folder


def _sphinx_build(site: Path, out: Path, *options: str) -> str:
    run = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-v", "-W", *options, str(site), str(out)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return run.stdout


def _tree(out: Path) -> dict[str, bytes]:
    return {str(path.relative_to(out)): path.read_bytes() for path in sorted(out.rglob("*"))
            if path.is_file() and ".doctrees" not in path.parts
            and "pagefind" not in path.parts}  # Pagefind's bytes vary from run to run (tests/support/outputs.py)


def test_a_serial_build_forks_for_enough_work_and_gives_the_same_site(tmp_path):
    site = _site(tmp_path / "site")
    forked, inline = tmp_path / "forked", tmp_path / "inline"
    log = _sphinx_build(site, forked)
    _sphinx_build(site, inline, "-D", "kb_further_pages_process=0", "-D", "kb_citation_files_process=0",
                  "-D", "kb_feeds_process=0")
    assert f"kb: the citation files of {POSTS} posts made by a process of their own" in log
    assert "further listing pages rendered by a process of their own" in log
    assert "kb: the feeds made by a process of their own" in log
    pages, files = _tree(forked), _tree(inline)
    assert pages.keys() == files.keys()
    assert [name for name in pages if pages[name] != files[name]] == []
    assert len([name for name in pages if name.endswith(".bib")]) == POSTS
    assert len([name for name in pages if name.endswith("/2.html")]) >= 10  # second pages of listings
    assert len([name for name in pages if name.startswith("_kb/feeds/tags/only")]) == 2 * POSTS  # Atom and JSON
    bib = (forked / "posts" / "2025-01-02-post-1.bib").read_text(encoding="utf-8")
    assert "Post 1: <b>bold</b>" in bib and "https://kb.test/posts/2025-01-02-post-1.html" in bib

    # a rebuild after an edit: one post read, its files written by the main process
    post = site / "posts" / "2025-01-02-post-1.md"
    post.write_text(post.read_text(encoding="utf-8").replace("Post 1:", "Post one:"), encoding="utf-8")
    logs = {out: _sphinx_build(site, out, *(() if out == forked else ("-D", "kb_feeds_process=0")))
            for out in (forked, inline)}
    assert not any("posts made by a process of their own" in log for log in logs.values())
    assert "kb: the feeds made by a process of their own" in logs[forked]  # 49 feeds: forked again
    assert "Post one: <b>bold</b>" in (forked / "posts" / "2025-01-02-post-1.bib").read_text(encoding="utf-8")
    assert "Post one: &lt;b&gt;bold&lt;/b&gt;" in (forked / "_kb/feeds/tags/only1.xml").read_text(encoding="utf-8")
    assert _tree(forked) == _tree(inline)


def test_a_process_that_never_ran_leaves_its_work_to_the_main_process(tmp_path, monkeypatch):
    """Sphinx's tasks say nothing when a process cannot be started: the files and the
    pages are made by the main process when it finds the work not done."""
    monkeypatch.setattr(background, "threads", lambda: 1)  # the test runner's threads are not in the way here
    monkeypatch.setattr(background.Background, "__init__", lambda self, work: setattr(self, "done", False))
    monkeypatch.setattr(background.Background, "join", lambda self: False)
    srcdir = copy_root("blog", tmp_path / "blog")
    monkeypatch.setattr(background, "MIN_SERIAL", 1)
    address = {"html_baseurl": "https://kb.test/"}  # the feeds need it
    app, _ = build(srcdir, freshenv=True, confoverrides=address)
    reference = tmp_path / "reference"
    monkeypatch.undo()
    rapp, _ = build(copy_root("blog", reference), freshenv=True, confoverrides={
        **address, "kb_further_pages_process": False, "kb_citation_files_process": False, "kb_feeds_process": False})
    made, expected = Path(app.outdir), Path(rapp.outdir)
    assert sorted(p.name for p in made.rglob("*.bib")) == sorted(p.name for p in expected.rglob("*.bib")) != []
    assert (made / "feed.xml").is_file() and list((made / "_kb" / "feeds").rglob("*.json"))
    comparison = filecmp.dircmp(made, expected, ignore=[".doctrees"])
    assert _tree(made) == _tree(expected), comparison.diff_files


def test_a_process_whose_fork_fails_leaves_its_work_to_the_main_process(tmp_path, monkeypatch):
    """A fork that fails (no memory, no processes left) makes Sphinx's task list fail in
    its own clean-up; the build goes on, and the main process makes the files, the
    further pages and the feeds."""
    monkeypatch.setattr(background, "threads", lambda: 1)
    monkeypatch.setattr(background, "MIN_SERIAL", 1)
    refused = refuse_forks(monkeypatch, "Background")
    address = {"html_baseurl": "https://kb.test/"}
    app, _ = build(copy_root("blog", tmp_path / "blog"), freshenv=True, confoverrides=address)
    monkeypatch.undo()
    rapp, _ = build(copy_root("blog", tmp_path / "reference"), freshenv=True, confoverrides={
        **address, "kb_further_pages_process": False, "kb_citation_files_process": False, "kb_feeds_process": False})
    assert len(refused) >= 3, refused  # the citation files, the further pages, the feeds
    assert app.statuscode == 0
    assert _tree(Path(app.outdir)) == _tree(Path(rapp.outdir))


@pytest.mark.parametrize("items, expected", [(background.MIN_SERIAL - 1, False), (background.MIN_SERIAL, True)])
def test_a_serial_build_forks_only_for_enough_work_and_no_other_thread(tmp_path, monkeypatch, items, expected):
    srcdir = copy_root("blog", tmp_path)
    app, _ = build(srcdir, freshenv=True)
    monkeypatch.setattr(background, "threads", lambda: 1)
    assert background.use_background(app, "kb_citation_files_process", items) is expected
    monkeypatch.setattr(background, "threads", lambda: 2)
    assert background.use_background(app, "kb_citation_files_process", items) is False
    app.config.kb_citation_files_process = False
    monkeypatch.setattr(background, "threads", lambda: 1)
    assert background.use_background(app, "kb_citation_files_process", items) is False
