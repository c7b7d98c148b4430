"""A ``-j 2`` build whose main process writes pages too (``perf.parallel_write``,
``kb_main_process_writes``): every page written once, by the main process and by
writer processes; the same site as a serial build and as Sphinx's own parallel write;
what a writer logs or raises reaches the build."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from sphinx_kb.perf.parallel_write import MIN_CHUNK, chunk_size

POSTS = 60

#: a conf.py whose little extension records which process wrote each page
CONF = """\
import os
from pathlib import Path

extensions = ["sphinx_kb"]
html_theme = "furo"
project = "Writers"
html_baseurl = "https://kb.test/"
kb_page_size = 3

WRITERS = Path(os.environ["KB_TEST_WRITERS"])


def _page(app, pagename, templatename, context, doctree):
    if doctree is None:
        return
    if os.environ.get("KB_TEST_SLOW"):  # writing slower than resolving, as on a real site: a writer cannot keep up
        import time
        time.sleep(0.01)
    with open(WRITERS / "pages", "a", encoding="utf-8") as log:  # appends of one line: whole, from any process
        log.write(f"{os.getpid()} {pagename}\\n")
    if os.environ.get("KB_TEST_WARN") and pagename.startswith("posts/"):
        from sphinx.util import logging
        logging.getLogger("writers").warning("written: %s", pagename)
    if os.environ.get("KB_TEST_FAIL") == pagename:
        raise RuntimeError(f"cannot write {pagename}")


def setup(app):
    (WRITERS / "main").write_text(f"{os.getpid()}\\n", encoding="utf-8")
    app.connect("html-page-context", _page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
"""


def _site(folder: Path) -> Path:
    (folder / "posts").mkdir(parents=True)
    (folder / "conf.py").write_text(CONF, encoding="utf-8")
    (folder / "index.md").write_text("# Home\n\n```{kb-recent}\n```\n", encoding="utf-8")
    for n in range(POSTS):
        (folder / "posts" / f"2025-02-{n % 28 + 1:02d}-post-{n}.md").write_text(
            f"---\ntitle: Post {n}\nauthor: Ada Lovelace\ntags: [tag{n % 4}]\n---\n\nText of post {n}, "
            f"see [the home page](../index.md).\n", encoding="utf-8")
    return folder


def _build(site: Path, out: Path, writers: Path, *options: str, env: dict | None = None) -> subprocess.CompletedProcess:
    writers.mkdir(parents=True)
    return subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", *options, str(site), str(out)],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "KB_TEST_WRITERS": str(writers), **(env or {})})


def _tree(out: Path) -> dict[str, bytes]:
    return {str(path.relative_to(out)): path.read_bytes() for path in sorted(out.rglob("*"))
            if path.is_file() and ".doctrees" not in path.parts
            and "pagefind" not in path.parts}  # Pagefind's bytes vary from run to run (tests/support/outputs.py)


def _writers(folder: Path) -> tuple[int, dict[str, int]]:
    """The main process's pid, and the pid that wrote each page; no page written twice."""
    main = int((folder / "main").read_text())
    lines = [line.split(" ", 1) for line in (folder / "pages").read_text(encoding="utf-8").splitlines()]
    twice = [page for page, count in Counter(page for _, page in lines).items() if count > 1]
    assert not twice, twice
    return main, {page: int(pid) for pid, page in lines}


def test_the_main_process_and_the_writers_share_the_pages_and_the_site_is_the_same(tmp_path):
    site = _site(tmp_path / "site")
    runs = {}
    for name, options in {"serial": (), "sphinx": ("-j", "2", "-D", "kb_main_process_writes=0"),
                          "kb": ("-j", "2")}.items():
        run = _build(site, tmp_path / name, tmp_path / f"{name}-writers", "-W", *options, env={"KB_TEST_SLOW": "1"})
        assert run.returncode == 0, run.stderr
        runs[name] = _writers(tmp_path / f"{name}-writers")
    main, pages = runs["kb"]
    documents = {str(path.relative_to(tmp_path / "kb" / ".doctrees").with_suffix(""))
                 for path in (tmp_path / "kb" / ".doctrees").rglob("*.doctree")}
    assert set(pages) == documents and len(documents) > POSTS  # every document written, and once
    by_main = [page for page, pid in pages.items() if pid == main]
    by_writers = {pid for pid in pages.values() if pid != main}
    assert len(by_main) > 1 and by_writers, (by_main, by_writers)
    # Sphinx's own parallel write: the main process writes only the first page
    sphinx_main, sphinx_pages = runs["sphinx"]
    assert sphinx_pages.keys() == pages.keys()
    assert [page for page, pid in sphinx_pages.items() if pid == sphinx_main] == [min(sphinx_pages)]
    assert _tree(tmp_path / "kb") == _tree(tmp_path / "serial") == _tree(tmp_path / "sphinx")


def test_what_is_logged_while_writing_reaches_the_build_from_every_process(tmp_path):
    site = _site(tmp_path / "site")
    run = _build(site, tmp_path / "out", tmp_path / "writers", "-j", "2", env={"KB_TEST_WARN": "1"})
    assert run.returncode == 0, run.stderr
    warned = sorted(re.findall(r"written: (posts/\S+)", run.stderr))
    assert len(warned) == POSTS and len(set(warned)) == POSTS, run.stderr


@pytest.mark.parametrize("page", ["posts/2025-02-01-post-0", "posts/2025-02-28-post-55"])  # the first post and the last
def test_a_page_that_cannot_be_written_fails_the_build_and_says_why(tmp_path, page):
    site = _site(tmp_path / "site")
    run = _build(site, tmp_path / "out", tmp_path / "writers", "-j", "2", env={"KB_TEST_FAIL": page})
    assert run.returncode != 0
    assert f"cannot write {page}" in run.stderr + run.stdout


@pytest.mark.parametrize("documents, writers, size", [(1169, 1, 108), (59, 1, 24), (9, 1, 9), (1169, 3, 62), (1, 1, 1)])
def test_chunks_are_the_size_sphinx_makes_them(documents, writers, size):
    from sphinx.util.parallel import make_chunks

    assert chunk_size(documents, writers) == size == len(make_chunks(list(range(documents)), writers)[0])
    assert MIN_CHUNK == 10


def test_a_writer_that_cannot_start_leaves_its_pages_to_the_main_process(tmp_path, monkeypatch):
    """A fork that fails (no memory, no processes left) loses no page: the main process
    writes that writer's share, and the site is the serial build's."""
    from conftest import build, copy_root, refuse_forks

    sapp, _ = build(copy_root("blog", tmp_path / "serial"), freshenv=True)
    refused: list[list] = []  # the list of the writers refused, once the write starts

    def refuse_writers(app, builder):  # a writer's fork fails; Sphinx's own processes (the read) start
        refused.append(refuse_forks(monkeypatch, "_Writer"))

    app, _ = build(copy_root("blog", tmp_path / "parallel"), freshenv=True, parallel=2,
                   on={"write-started": refuse_writers})
    assert refused and refused[0], "no writer was asked for: the test did not test it"
    assert app.statuscode == 0

    def pages(outdir) -> dict[str, bytes]:
        return {path: data for path, data in _tree(Path(outdir)).items() if path.endswith(".html")}

    assert pages(app.outdir) == pages(sapp.outdir) and len(pages(app.outdir)) > 20
