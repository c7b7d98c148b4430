"""``kb init``: a new site from nothing, as a new user starts one.

The first test is the issue's own: in a fresh venv with kb installed as a user installs
it (``pip install`` of this repository, not editable), ``kb init site``, ``kb new
"Hello"``, then the build command ``kb init`` printed: no warning under ``-W``; with
``--baseurl``, feeds and the sitemap too. The others run the command in-process."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sphinx_kb.cli import main
from sphinx_kb.core.newsite import BUILD_COMMAND

REPO = Path(__file__).resolve().parents[2]


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=900, check=False)


def page(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def user_venv(tmp_path_factory) -> Path:
    """A fresh venv with kb installed from this checkout as a user installs it."""
    venv = tmp_path_factory.mktemp("venv") / "venv"
    made = run([sys.executable, "-m", "venv", str(venv)], cwd=venv.parent)
    assert made.returncode == 0, made.stderr
    installed = run([str(venv / "bin" / "pip"), "install", "--quiet", str(REPO)], cwd=venv.parent)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return venv / "bin"


@pytest.mark.parametrize("baseurl", ["", "https://example.org/notes"])
def test_init_new_and_the_printed_build_command_give_a_site_with_no_warning(user_venv, tmp_path, baseurl):
    extra = ["--baseurl", baseurl] if baseurl else []
    init = run([str(user_venv / "kb"), "init", "site", "--title", "Field notes", "--author", "Ada Lindqvist", *extra],
               cwd=tmp_path)
    assert init.returncode == 0, init.stdout + init.stderr
    site = tmp_path / "site"
    assert "cd site" in init.stdout
    printed = re.search(r"^  (sphinx-build .*?)\s+#", init.stdout, re.M).group(1)
    assert printed == BUILD_COMMAND and " -W " in printed
    new = run([str(user_venv / "kb"), "new", "Hello"], cwd=site)
    assert new.returncode == 0, new.stdout + new.stderr
    words = printed.split()
    built = run([str(user_venv / words[0]), *words[1:]], cwd=site)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "WARNING" not in built.stderr, built.stderr
    html = site / "_build" / "html"
    home = page(html / "index.html")
    assert home.title.get_text() == "Field notes"  # never "... documentation"
    assert "documentation" not in home.title.get_text()
    hello = next((html / "posts").glob("*-hello.html"))
    assert page(hello).find("h1").get_text().rstrip("¶") == "Hello"
    assert {a.get_text().strip() for a in home.select(".sidebar-tree a")} >= {"Tags", "Categories", "Authors", "Archive", "Glossary"}
    welcome = page(next((html / "posts").glob("*-welcome.html")))
    assert welcome.find(string=re.compile("Ada Lindqvist"))
    if baseurl:
        assert (html / "sitemap.xml").is_file() and (html / "feed.xml").is_file()
        assert "https://example.org/notes/posts/" in (html / "sitemap.xml").read_text(encoding="utf-8")
        assert page(hello).find("link", rel="canonical")["href"].startswith("https://example.org/notes/posts/")
    else:
        assert not (html / "feed.xml").exists()
        assert "# html_baseurl" in (site / "conf.py").read_text(encoding="utf-8")


def test_init_writes_what_a_site_needs_and_never_overwrites(tmp_path, capsys):
    site = tmp_path / "blog"
    assert main(["init", str(site), "--author", "A"]) == 0
    names = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert {"conf.py", "index.md", "glossary.yaml", ".gitignore", ".readthedocs.yaml", "requirements.txt",
            "README.md"} <= names
    assert any(re.fullmatch(r"posts/\d{4}-\d\d-\d\d-welcome\.md", name) for name in names)
    conf = (site / "conf.py").read_text(encoding="utf-8")
    assert "project = 'Blog'" in conf  # the folder's name
    gitignore = (site / ".gitignore").read_text(encoding="utf-8").split()
    assert {"_build/", "_tags/", "_kb/", ".venv/"} <= set(gitignore)
    assert "requirements: requirements.txt" in (site / ".readthedocs.yaml").read_text(encoding="utf-8")
    assert "sphinx-kb" in (site / "requirements.txt").read_text(encoding="utf-8")
    readme = (site / "README.md").read_text(encoding="utf-8")
    assert "pip install -r requirements.txt" in readme and BUILD_COMMAND in readme
    capsys.readouterr()
    (site / "index.md").write_text("# mine\n", encoding="utf-8")
    assert main(["init", str(site)]) == 1  # files exist: kept, named
    out = capsys.readouterr().out
    assert "kept" in out and "index.md" in out
    assert (site / "index.md").read_text(encoding="utf-8") == "# mine\n"
    assert (site / "conf.py").read_text(encoding="utf-8") == conf


def test_a_title_is_text_in_every_file(tmp_path):
    title = 'My <b>notes</b> """ `{x}` {sub}`2` [a](http://x)\n# h'
    site = tmp_path / "site"
    assert main(["init", str(site), "--title", title, "--author", "</footer>"]) == 0
    built = run([sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", ".", "_build/html"], cwd=site)
    assert built.returncode == 0, built.stderr
    home = page(site / "_build" / "html" / "index.html")
    shown = 'My <b>notes</b> """ `{x}` {sub}`2` [a](http://x) # h'
    # the home page's heading is Markdown text: docutils' smart quotes curl its quotes
    assert home.find("h1").get_text().rstrip("¶").replace("“", '"').replace("”", '"') == shown
    assert home.title.get_text() == shown
    assert home.find("b") is None and home.find("sub") is None
    assert not home.select("article a[href='http://x']")


def test_a_bad_address_is_refused(tmp_path, capsys):
    assert main(["init", str(tmp_path / "s"), "--baseurl", "example.org"]) == 2
    assert "not an http(s) address" in capsys.readouterr().err
    assert not (tmp_path / "s").exists()
