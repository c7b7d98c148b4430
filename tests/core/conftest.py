"""Shared helpers for the pure-core tests of the Jekyll corpus (read-only: tests copy it)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "jekyll-news"
if not CORPUS.is_dir():  # the worktree may sit elsewhere than beside shared/
    CORPUS = Path("/work/shared/corpora/jekyll-news")


@pytest.fixture(scope="session")
def jekyll_news(tmp_path_factory) -> Path:
    """A private copy of Jekyll's news blog (102 posts, MIT)."""
    target = tmp_path_factory.mktemp("corpus") / "jekyll-news"
    shutil.copytree(CORPUS, target)
    for path in target.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return target
