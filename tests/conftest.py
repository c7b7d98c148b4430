"""Shared fixtures: sphinx.testing roots live in tests/roots/test-<name>/."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from io import StringIO
from sphinx.testing.util import SphinxTestApp
from bs4 import BeautifulSoup

# the tests read Sphinx's output as text: no colour, even where CI=true turns it on
os.environ["NO_COLOR"] = "1"

ROOTS = Path(__file__).parent / "roots"
REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "docs" / "posts" / "2025-05-14-generative-ai-personalized-medicine.md"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


def html(app, docname: str) -> BeautifulSoup:
    """The built page of ``docname`` as parsed HTML."""
    path = Path(app.outdir) / f"{docname}.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def warnings(app) -> list[str]:
    text = app.warning.getvalue()
    return [line for line in re.sub(r"\x1b\[[0-9;]*m", "", text).splitlines() if line.strip()]


def copy_root(name: str, dest: Path) -> Path:
    """A private copy of a test root (for tests that edit sources)."""
    target = dest / name
    shutil.copytree(ROOTS / f"test-{name}", target)
    return target


def page_texts(outdir: Path) -> dict[str, str]:
    """Every HTML page's main content (the article), for comparing two builds.

    Build-specific noise is dropped: asset cache-busting query strings and the
    search index order do not show in an article."""
    result = {}
    for path in sorted(Path(outdir).rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        article = soup.find("article") or soup.body
        metas = sorted(str(m) for m in soup.find_all("meta", attrs={"name": True}))
        result[path.relative_to(outdir).as_posix()] = "\n".join(metas) + str(article)
    return result


class BuildLog:
    """What one build read and wrote, from Sphinx's own events."""

    def __init__(self, app):
        self.app = app
        self.read: list[str] = []
        self.written: list[str] = []  # documents
        self.pages: list[str] = []  # pages without a source (kb's further listing pages; genindex…)
        app.connect("env-before-read-docs", lambda app, env, docnames: self.read.extend(docnames))
        app.connect("html-page-context", self._page)

    def _page(self, app, pagename, templatename, context, doctree):
        (self.written if doctree is not None else self.pages).append(pagename)


@pytest.fixture(scope="module")
def readers_site(tmp_path_factory):
    """The readers root copied and built from scratch, once for each test module that
    asks for it (its tests read the output, none edits it)."""
    srcdir = copy_root("readers", tmp_path_factory.mktemp("readers"))
    app, _ = build(srcdir, freshenv=True)
    return app


def build(srcdir: Path, buildername: str = "html", on: dict | None = None, **kwargs):
    """Build ``srcdir`` (incrementally when it was built before); returns the app and its log.

    ``on`` maps Sphinx event names to listeners connected before the build."""
    app = SphinxTestApp(buildername, srcdir=srcdir, status=StringIO(), warning=StringIO(), **kwargs)
    try:
        for event, listener in (on or {}).items():
            app.connect(event, listener)
        log = BuildLog(app)
        app.build()
    finally:
        app.cleanup()
    return app, log


def refuse_forks(monkeypatch, owner: str) -> list:
    """Make the fork of every task process whose function belongs to ``owner`` (a class's
    name, as in its ``__qualname__``) fail, as without memory; other processes start.
    Returns the refused processes' arguments, filled as they are refused."""
    import multiprocessing

    refused = []
    process = type(multiprocessing.get_context("fork").Process())
    start = process.start

    def refusing_start(self):
        task = self._args[1] if len(self._args) > 1 else None  # Sphinx's _process(pipe, func, arg)
        if owner in getattr(task, "__qualname__", "").split("."):
            refused.append(self._args[2:])
            raise OSError("Cannot allocate memory")
        return start(self)

    monkeypatch.setattr(process, "start", refusing_start)
    return refused
