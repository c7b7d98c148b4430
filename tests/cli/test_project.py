"""cli.project and cli.globs: conf.py read without running it; posts found as the build finds them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sphinx.util.matching import Matcher, compile_matchers

from sphinx_kb.cli import CommandError
from sphinx_kb.cli.globs import literal_prefix, matcher
from sphinx_kb.cli.project import DEFAULTS, Project, find_conf, read_settings
from sphinx_kb.extension import config_values
from sphinx_kb.state.domain import KbDomain

PATHS = ["posts/a", "posts/2025/b", "docs/posts/x", "notes/posts/y", "posts", "a/b/c.md", "_build/x",
         "posts/.hidden", "post/a", "docs/_posts/z", "x[1]", "x1", "é/ü", "p?st/a", "a*b"]
PATTERNS = ["posts/**", "posts/*", "**/posts/**", "docs/posts/**", "*", "**", "p?st*/**", "x[0-9]", "x[!0-9]",
            "[", "x[1]", "**/_build", "_build", "*.md", "docs/[_p]osts/*", "a\\*b", "x[^1]"]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_globs_are_sphinxs(pattern):
    ours, theirs = matcher([pattern]), Matcher([pattern])
    plain, sphinx_plain = matcher([pattern], top_level_too=False), compile_matchers([pattern])[0]
    for path in PATHS:
        assert ours(path) == theirs(path), (pattern, path)
        assert plain(path) == bool(sphinx_plain(path)), (pattern, path)


def test_literal_prefix():
    assert literal_prefix("docs/posts/**") == "docs/posts"
    assert literal_prefix("./posts/*.md") == "posts"
    assert literal_prefix("**/posts/**") == "" and literal_prefix("p*/x") == ""


def sphinx_defaults(names: list[str]) -> dict:
    """Sphinx's own defaults, from a fresh process: a build in this one may have added
    its parsers' suffixes to the default ``source_suffix`` (Sphinx shares that dict)."""
    code = ("import json, sys; from sphinx.config import Config; c = Config(); "
            "print(json.dumps({n: c[n] for n in json.loads(sys.argv[1]) if n in c.values}))")
    done = subprocess.run([sys.executable, "-c", code, json.dumps(names)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_defaults_are_the_builds():
    builds = {name: default for name, default, _, _ in config_values()}
    sphinx = sphinx_defaults([name for name in DEFAULTS if name not in builds])
    for name, default in DEFAULTS.items():
        if name in builds:
            assert builds[name] == default, name
        elif name in sphinx:
            assert sphinx[name] == default, name
        else:
            raise AssertionError(f"{name} is neither kb's nor Sphinx's")


def test_conf_py_is_read_not_run(tmp_path: Path):
    conf = tmp_path / "conf.py"
    conf.write_text(
        "import sys\nsys.exit(3)\n"
        "kb_posts = ['notes/**']\nkb_output_dir: str = 'kb'\n"
        "tags_output_dir = 'x'\ntags_output_dir = compute()\n"
        "kb_glossary_file = 'g.yaml'\nkb_glossary_file += '.bak'\n"
        "html_theme = 'furo'\nhtml_theme = 'alabaster'\n"
        "a, b = 1, 2\nobj.attr = 3\n", encoding="utf-8")
    values, unreadable = read_settings(conf)
    assert values == {"kb_posts": ["notes/**"], "kb_output_dir": "kb", "html_theme": "alabaster"}
    assert unreadable == {"tags_output_dir", "kb_glossary_file"}
    project = Project(tmp_path, conf, values, unreadable)
    assert project.posts_folder() == tmp_path / "notes"
    with pytest.raises(CommandError, match="tags_output_dir is not a plain value"):
        project.generated_folders()


def test_conf_py_is_found_up_the_folders_and_in_docs(tmp_path: Path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "docs" / "posts").mkdir(parents=True)
    (tmp_path / "docs" / "conf.py").write_text("", encoding="utf-8")
    assert find_conf(tmp_path) == tmp_path / "docs" / "conf.py"
    assert find_conf(tmp_path / "docs" / "posts") == tmp_path / "docs" / "conf.py"


def test_posts_are_found_as_the_build_finds_them(tmp_path: Path):
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    names = ["posts/2025-01-01-a.md", "posts/sub/2025-01-02-b.md", "posts/_build/x.md", "posts/notes.txt",
             "posts/skip/2025-01-03-c.md", "other/2025-01-04-d.md", "_tags/x.md", "posts/.#lock.md",
             "posts/2025-01-05-draft.md", "index.md"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("---\ntitle: x\n---\n", encoding="utf-8")
    (tmp_path / "posts/2025-01-05-draft.md").write_text("---\npublished: false\n---\n", encoding="utf-8")
    settings = {"kb_posts": ["posts/**", "_tags/**"], "exclude_patterns": ["posts/skip"]}
    (tmp_path / "conf.py").write_text("extensions = ['sphinx_kb']\n" + "".join(
        f"{name} = {value!r}\n" for name, value in settings.items()), encoding="utf-8")
    project = Project(tmp_path, tmp_path / "conf.py", *read_settings(tmp_path / "conf.py"))
    ours = [docname for _, docname in project.post_paths()]
    app = SphinxTestApp("html", srcdir=tmp_path, status=StringIO(), warning=StringIO())
    try:
        scan = KbDomain.of(app.env).plan.scan
        assert ours == sorted([*scan.posts, *scan.left_out])
    finally:
        app.cleanup()
    assert ours == ["posts/2025-01-01-a", "posts/2025-01-05-draft", "posts/_build/x", "posts/sub/2025-01-02-b"]


def test_the_command_starts_without_sphinx():
    """kb new, stats and serve (and a pre-commit hook's kb check) start fast: no Sphinx,
    docutils or Markdown parser is imported to build the command or read a project."""
    import subprocess
    import sys

    code = ("import sys, sphinx_kb.cli as cli, sphinx_kb.cli.project, sphinx_kb.core.nearnames, "
            "sphinx_kb.core.newpost, sphinx_kb.core.aliases; cli.parser(); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'sphinx', 'docutils', 'markdown_it', 'myst_parser'}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
