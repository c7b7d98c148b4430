"""cli.progress: quiet for short runs; a bar on a terminal, plain lines in a log."""

from __future__ import annotations

import io

from sphinx_kb.cli.progress import Progress


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def run(terminal: bool, seconds_per_item: float, total: int = 100) -> str:
    stream, clock = io.StringIO(), Clock()
    progress = Progress("reading posts", stream, delay=1.0, clock=clock, terminal=terminal)
    progress.start(total)
    for _ in range(total):
        clock.now += seconds_per_item
        progress.advance()
    progress.close()
    return stream.getvalue()


def test_a_short_run_shows_nothing():
    assert run(terminal=True, seconds_per_item=0.001) == ""
    assert run(terminal=False, seconds_per_item=0.001) == ""


def test_a_long_run_in_a_log_gets_a_line_per_tenth():
    lines = run(terminal=False, seconds_per_item=0.05).splitlines()
    assert lines[0] == "reading posts: 20/100" and lines[-1] == "reading posts: 100/100"
    assert len(lines) == 9 and "\r" not in "".join(lines)


def test_a_long_run_on_a_terminal_redraws_one_line():
    text = run(terminal=True, seconds_per_item=0.05)
    assert text.endswith("\rreading posts  [" + "#" * 30 + "]  100/100\n")
    assert text.count("\n") == 1 and text.count("\r") > 5
