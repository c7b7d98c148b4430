"""The pre-commit files: valid for pre-commit itself, and running the ``kb`` command."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml
from pre_commit.clientlib import load_config, load_manifest

from sphinx_kb.core.postreader import JEKYLL_MARKDOWN

REPO = Path(__file__).resolve().parents[2]


def test_the_published_hook_is_a_valid_manifest_running_kb_check():
    [hook] = load_manifest(str(REPO / ".pre-commit-hooks.yaml"))
    assert hook["id"] == "kb-check" and hook["entry"] == "kb check" and hook["language"] == "python"
    assert hook["require_serial"] is True and hook["pass_filenames"] is True
    assert re.search(hook["files"], "docs/posts/2025-01-01-a.md") and not re.search(hook["files"], "conf.py")
    assert all(re.search(hook["files"], f"posts/a{suffix}") for suffix in JEKYLL_MARKDOWN)  # every post kb reads
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["kb"] == "sphinx_kb.cli:main"  # what `entry: kb ...` runs once pre-commit installs the package


def test_this_repositorys_config_runs_the_same_hook_on_its_posts():
    config = load_config(str(REPO / ".pre-commit-config.yaml"))
    [repo] = config["repos"]
    [hook] = repo["hooks"]
    [published] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert repo["repo"] == "local"
    assert (hook["id"], hook["entry"], hook["require_serial"]) == (published["id"], published["entry"], True)
    posts = sorted((REPO / "docs" / "posts").glob("*.md"))
    assert posts and all(re.search(hook["files"], p.relative_to(REPO).as_posix()) for p in posts)
    assert not re.search(hook["files"], "docs/design.md")
