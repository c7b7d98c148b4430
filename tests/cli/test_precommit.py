"""pre-commit runs this repository's hook (``.pre-commit-hooks.yaml``) in a blog's git
repository: a commit with a bad post fails, the same commit with the post fixed passes.

The hook is the published one, key for key, run by pre-commit itself from
``git commit``, with one difference: ``language: system``, so pre-commit runs the
``kb`` of this checkout. With ``language: python`` pre-commit would install kb and
its dependencies from the package index into a fresh environment, which a test here
cannot reach (no network).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from .conftest import REPO

CONF = 'extensions = ["sphinx_kb"]\nkb_posts = ["posts/**"]\n'
GOOD = "---\ntitle: Good\ntags: [notes]\n---\n\nA [real source](https://www.who.int/).\n"
BAD = "---\ntitle: Bad\ndate: 2025-02-30\n---\n\nA [study](https://www.example.com/study) (citation needed).\n"


def run(*command: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(list(command), cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_the_hook_fails_on_a_bad_post_and_passes_once_it_is_fixed(tmp_path: Path):
    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    blog = tmp_path / "blog"
    (blog / "posts").mkdir(parents=True)
    (blog / "conf.py").write_text(CONF, encoding="utf-8")
    (blog / "posts" / "2025-01-01-good.md").write_text(GOOD, encoding="utf-8")
    (blog / "README.md").write_text("Not a post: the hook skips it.\n", encoding="utf-8")
    config = {"repos": [{"repo": "local", "hooks": [{**hook, "language": "system"}]}]}
    (blog / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1", "PRE_COMMIT_HOME": str(tmp_path / "pc"),
           "KB_CACHE_DIR": "", "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
           "GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@b.c", "GIT_COMMITTER_NAME": "A", "GIT_COMMITTER_EMAIL": "a@b.c"}
    assert run("git", "init", "-q", cwd=blog, env=env).returncode == 0
    installed = run(sys.executable, "-m", "pre_commit", "install", cwd=blog, env=env)
    assert installed.returncode == 0, installed.stderr
    run("git", "add", ".", cwd=blog, env=env)
    first = run("git", "commit", "-q", "-m", "a good post", cwd=blog, env=env)
    assert first.returncode == 0, first.stdout + first.stderr

    (blog / "posts" / "2025-01-02-bad.md").write_text(BAD, encoding="utf-8")
    run("git", "add", ".", cwd=blog, env=env)
    refused = run("git", "commit", "-q", "-m", "a bad post", cwd=blog, env=env)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0
    assert "posts/2025-01-02-bad.md:3: impossible date '2025-02-30'" in output
    assert "posts/2025-01-02-bad.md:6: kb: placeholder citation https://www.example.com/study" in output
    assert "kb check" in output and "Failed" in output
    assert run("git", "rev-list", "--count", "HEAD", cwd=blog, env=env).stdout.strip() == "1"

    (blog / "posts" / "2025-01-02-bad.md").write_text(BAD.replace("2025-02-30", "2025-01-02").replace(
        "https://www.example.com/study) (citation needed)", "https://www.nature.com/articles/s41586-021-03819-2)"),
        encoding="utf-8")
    run("git", "add", ".", cwd=blog, env=env)
    fixed = run("git", "commit", "-q", "-m", "the post fixed", cwd=blog, env=env)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "kb check" in fixed.stdout + fixed.stderr and "Passed" in fixed.stdout + fixed.stderr
    assert run("git", "rev-list", "--count", "HEAD", cwd=blog, env=env).stdout.strip() == "2"
