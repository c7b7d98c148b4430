"""A closed output pipe (``kb check | head -1``) ends any subcommand quietly: no
traceback, no "Exception ignored" line, the code a shell shows for SIGPIPE (141)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOTS


@pytest.mark.parametrize("args", [
    ("check", "--format", "json"),
    ("check",),
    ("stats",),
    ("stats", "--format", "json"),
    ("--help",),
])
def test_a_closed_pipe_ends_the_command_quietly(tmp_path: Path, args):
    root = shutil.copytree(ROOTS / "test-check", tmp_path / "site")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "KB_CACHE_DIR": ""}
    process = subprocess.Popen([sys.executable, "-m", "sphinx_kb", *args], cwd=root, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # the reader is gone before the command writes a byte, as `| head -c 0` would be
    stderr = process.stderr.read().decode("utf-8")
    code = process.wait(timeout=120)
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr and "Exception ignored" not in stderr, stderr
    # argparse swallows the error of its own help's write, and exits 0: quiet all the same
    assert code == (0 if args == ("--help",) else 141), stderr


def test_head_shows_the_first_line_and_nothing_else(tmp_path: Path):
    root = shutil.copytree(ROOTS / "test-check", tmp_path / "site")
    env = {**os.environ, "KB_CACHE_DIR": ""}
    kb = f"{sys.executable} -m sphinx_kb check --format json"
    result = subprocess.run(["sh", "-c", f"{kb} | head -1"], cwd=root, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.stdout == "{\n" and "Traceback" not in result.stderr, result.stderr
