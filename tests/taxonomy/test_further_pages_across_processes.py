"""A rebuild with nothing to do renders no further listing page, whatever the process.

Their fingerprint holds the HTML configuration; Sphinx has set-valued settings
(``c_extra_keywords``) whose ``repr`` changes with each process's hash seed, so every
``make html`` rendered every further page again (0.9 s of a 2.8 s no-op rebuild at
1,000 posts). Builds in one test process share a seed: these run as separate processes
with different seeds, as a user's builds do.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO
from sphinx_kb.core.text import stable_repr

sys.path.insert(0, str(REPO / "benchmarks"))
from corpus import write_sites  # noqa: E402


def build(src: Path, seed: int) -> str:
    env = dict(os.environ, PYTHONHASHSEED=str(seed))
    run = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-D", "kb_page_size=3", str(src),
                          str(src / "_build" / "html")], capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_a_rebuild_with_nothing_to_do_renders_no_further_page(tmp_path):
    src = write_sites(tmp_path, 30, sites=("kb",))["kb"]
    assert "further listing pages written" in build(src, 1)
    page = next((src / "_build" / "html" / "_kb" / "categories").rglob("2.html"))
    before = page.stat().st_mtime_ns
    for seed in (2, 3):
        log = build(src, seed)
        assert "further listing pages written" not in log, log
    assert page.stat().st_mtime_ns == before


def test_stable_repr_is_the_same_for_a_set_in_any_order():
    assert stable_repr({"b", "a", "c"}) == stable_repr({"c", "b", "a"}) == "set({'a', 'b', 'c'})"
    assert stable_repr(frozenset({2, 1})) == "frozenset({1, 2})"
    assert stable_repr({"k": {"y", "x"}, "l": [1, ("a",)]}) == "{'k': set({'x', 'y'}), 'l': [1, ('a')]}"
