"""Issue 28, item 8b: a code fence named as Rouge (Jekyll's highlighter) names its
language is highlighted by the Pygments lexer of the same language, without a warning;
the committed table is Rouge's own (tools/rouge_lexers.py), compared with the installed
Rouge when there is one (under CI=true it must be there)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from support.jekyll import jekyll_build
from support.kb_import_media import import_jekyll_site, sphinx_build
from support.tools import unavailable

REPO = Path(__file__).resolve().parents[2]
#: fence name -> a line of it and a Pygments token class its highlighting must give
FENCES = {
    "shellsession": ("$ bundle exec jekyll serve", "gp"),  # GitHub's name (Rouge has none: see lexers.GITHUB)
    "shell_session": ("$ gem install jekyll", "gp"),
    "terminal": ("$ ls -la", "gp"),
    "viml": ('let g:x = "y"', "s2"),
    "gradle": ("def x = 'y'", "s1"),
    "robot_framework": ("*** Test Cases ***\nOpen\n    Log    hello", "gh"),
    "objective_cpp": ("int main() { return 0; }", "kt"),
}


def tool():
    spec = importlib.util.spec_from_file_location("rouge_lexers", REPO / "tools" / "rouge_lexers.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rouge_folder() -> Path:
    folder = tool().rouge_folder(None)
    if folder is None:
        unavailable("Rouge (ruby-rouge) is not installed: the table cannot be compared with it (make jekyll-deps)",
                    "Rouge (ruby-rouge) is not installed (make jekyll-deps installs it as root)")
    return folder


def post() -> str:
    fences = "\n".join(f"```{name}\n{code}\n```\n" for name, (code, _token) in FENCES.items())
    return f"---\ntitle: Fences\n---\nSome code.\n\n{fences}"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("rouge")
    jekyll = root / "jekyll"
    (jekyll / "_posts").mkdir(parents=True)
    (jekyll / "_config.yml").write_text("title: Demo\n", encoding="utf-8")
    (jekyll / "_posts/2024-01-02-fences.md").write_text(post(), encoding="utf-8")
    kb = root / "kb"
    assert import_jekyll_site(jekyll, kb).returncode == 0
    done = sphinx_build(kb)
    assert done.returncode == 0, done.stderr
    html = BeautifulSoup((kb / "_build/html/posts/2024-01-02-fences.html").read_text(encoding="utf-8"), "html.parser")
    return done, html


def test_rouge_names_build_without_a_warning(built):
    done, _ = built
    assert "WARNING" not in done.stderr, done.stderr


@pytest.mark.parametrize("name", FENCES)
def test_rouge_names_are_highlighted(built, name):
    _, html = built
    block = html.find("div", class_=f"highlight-{name}")
    assert block is not None, name
    code, token = FENCES[name]
    assert block.find("span", class_=token) is not None, block
    assert block.get_text().strip() == code


def test_the_table_is_the_installed_rouges():
    """Rouge's lexers as committed are the installed Rouge's, and every Rouge name the
    running Pygments does not know is in the table, or its lexer is one Pygments has
    none for (the table does not depend on Pygments' version beyond that)."""
    module = tool()
    folder = rouge_folder()
    committed = json.loads((REPO / "ext/sphinx_kb/jekyll/rouge_lexers.json").read_text(encoding="utf-8"))
    lexers = module.rouge_lexers(folder)
    assert committed["lexers"] == lexers, "run python tools/rouge_lexers.py"
    known = module.pygments_names()
    for tag, names in lexers.items():
        for name in names:
            assert name.lower() in known or name in committed["names"] or tag in committed["unmatched"], name
    assert all(target in known for target in committed["names"].values())
    assert lexers["console"] == ["console", "terminal", "shell_session", "shell-session"]
    assert not any("shellsession" in names for names in lexers.values())  # GitHub's name, not Rouge's


def test_a_name_pygments_knows_keeps_its_meaning():
    from pygments.lexers import find_lexer_class_by_name
    from pygments.util import ClassNotFound

    from sphinx_kb.jekyll.lexers import names

    table = names()
    assert "shell_session" in table and "cfc" not in table  # Rouge's cfscript alias, Pygments' CFC lexer
    for name in table:
        with pytest.raises(ClassNotFound):
            find_lexer_class_by_name(name)


def test_real_jekyll_highlights_rouges_names_but_not_githubs(tmp_path):
    """The reference: what Rouge highlights in a real Jekyll build."""
    rouge_folder()
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: Demo\n", encoding="utf-8")
    (site / "_posts/2024-01-02-fences.md").write_text(post(), encoding="utf-8")
    html = BeautifulSoup((jekyll_build(site, tmp_path) / "2024/01/02/fences.html").read_text(encoding="utf-8"),
                         "html.parser")
    for name in FENCES:
        highlighted = html.find("div", class_=f"language-{name}")
        assert (highlighted is not None) == (name != "shellsession"), name
    assert html.find("code", class_="language-shellsession") is not None  # shown as plain text
