"""Helpers for the ``kb`` command's tests: each runs the command as a user would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ROOTS = REPO / "tests" / "roots"


def run_kb(*args: str, cwd: Path, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """``python -m sphinx_kb ARGS`` in ``cwd``; output as text. Whatever the input,
    the command never shows a traceback (checked on every run). The commands' cache of
    read posts is off (``KB_CACHE_DIR=""``) unless ``env`` gives a folder for it."""
    environment = {**os.environ, "PYTHONIOENCODING": "utf-8", "KB_CACHE_DIR": "", **(env or {})}
    result = subprocess.run([sys.executable, "-m", "sphinx_kb", *args], cwd=cwd, env=environment,
                            capture_output=True, text=True, encoding="utf-8", timeout=timeout)
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, result.stderr
    return result


@pytest.fixture
def kb():
    """Run the ``kb`` command: ``kb("new", "Title", cwd=folder)``."""
    return run_kb


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of the sample site: conf.py, the posts and the glossary (no build)."""
    root = tmp_path / "site"
    (root / "docs").mkdir(parents=True)
    shutil.copy(REPO / "conf.py", root / "conf.py")
    shutil.copytree(REPO / "docs" / "posts", root / "docs" / "posts")
    shutil.copy(REPO / "docs" / "glossary.yaml", root / "docs" / "glossary.yaml")
    return root
