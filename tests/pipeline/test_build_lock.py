"""Issue 29: two builds at once on one tree. They shared the pickled environment and the
output (1 build of 14 crashed: ``searchindex.js.tmp`` renamed by the other build); now
the second one stops at once, "another build is running" (``pipeline.lock``).

Each build is a real ``python -m sphinx`` in a bounded child (``support.harness``). A
build is held open by a hook in its ``conf.py``: at ``env-updated`` (after the reading,
which ``-j 2`` does in forked workers) it writes a file and waits for another to appear.
"""

from __future__ import annotations

import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

from support.harness import BUILD_MEMORY, Site, assert_clean, kill_session, limits

HOLD_BOUND = 90.0  # seconds a held build waits for the test at most, and the test for it

HOOK = '''

import os as _os, time as _time
from pathlib import Path as _Path


def _hold(app, env):
    held = _os.environ.get("KB_TEST_HOLD")
    if held:
        _Path(held).write_text(str(_os.getpid()), encoding="utf-8")
        deadline = _time.monotonic() + {bound}
        while not _Path(held + ".release").exists() and _time.monotonic() < deadline:
            _time.sleep(0.05)
    return []


def setup(app):
    app.connect("env-updated", _hold)
'''


@pytest.fixture
def site(tmp_path):
    site = Site(tmp_path)
    with (site.src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(HOOK.format(bound=HOLD_BOUND))
    return site


def start_held(site: Site, *extra: str) -> tuple[subprocess.Popen, Path]:
    """A build that stops at env-updated until ``release``; (the process, its hold file)."""
    held = site.base / "held"
    process = subprocess.Popen(site.argv(*extra), cwd=site.src, env={**site.environ(), "KB_TEST_HOLD": str(held)},
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               preexec_fn=limits(BUILD_MEMORY), start_new_session=True)
    deadline = time.monotonic() + HOLD_BOUND
    while not held.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            kill_session(process)
            pytest.fail(f"the first build never reached its hold: exit {process.poll()}\n{process.stdout.read()}")
        time.sleep(0.05)
    return process, held


def release(process: subprocess.Popen, held: Path) -> tuple[int, str]:
    Path(f"{held}.release").touch()
    try:
        output, _ = process.communicate(timeout=HOLD_BOUND)
    except subprocess.TimeoutExpired:
        kill_session(process)
        pytest.fail("the held build did not end once released")
    return process.returncode, output


def test_a_second_build_stops_at_once_and_a_j2_build_keeps_the_lock_to_its_end(site):
    first, held = start_held(site, "-j", "2")  # read in forked workers, which have ended by env-updated
    try:
        second = site.build(timeout=HOLD_BOUND)
        assert first.poll() is None, "the first build ended before the second one was tried"
        assert second.returncode == 2, second.describe()
        assert "kb: another build is running on this tree (process " in second.stderr, second.describe()
        assert f"process {first.pid} holds" in second.stderr, second.describe()
        assert "Traceback" not in second.stdout + second.stderr, second.describe()
    finally:
        code, output = release(first, held)
    assert code == 0, output  # the -j 2 build, whose workers inherited the lock, still passes
    assert "build succeeded" in output, output
    assert re.search(r"reading sources\.\.\. \[ *\d+%\] \S+ \.\. ", output), output  # read by forked workers
    assert_clean(site.build(timeout=HOLD_BOUND))  # the lock was given back: a build passes


def test_a_killed_build_leaves_a_lock_file_that_holds_nothing(site):
    first, held = start_held(site)
    kill_session(first)
    first.wait()
    assert first.returncode == -signal.SIGKILL
    assert (site.doctrees / "kb-build.lock").exists()  # left behind, as by a crash or a power cut
    assert_clean(site.build(timeout=HOLD_BOUND))
    assert "Alpha" in site.page("index")  # a whole site, its posts listed
