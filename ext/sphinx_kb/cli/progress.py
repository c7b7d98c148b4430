"""Progress of a long run, on standard error: a bar on a terminal, plain lines otherwise.

Nothing is shown for a run that ends within ``delay`` seconds (most runs), so
output stays quiet where it is read by tools; after that, a terminal gets one line
redrawn in place (``reading posts  [########----]  6,000/10,000``) and anything
else (a log, CI) a plain line at each tenth of the way. No dependency: this is all
kb needs of a progress library.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

BAR_WIDTH = 30


class Progress:
    def __init__(self, label: str, stream: TextIO | None = None, delay: float = 1.0,
                 clock: Callable[[], float] = time.monotonic, terminal: bool | None = None) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.delay = delay
        self.clock = clock
        self.terminal = terminal if terminal is not None else bool(getattr(self.stream, "isatty", lambda: False)())
        self.total = 0
        self.done = 0
        self.started = 0.0
        self.shown = False
        self.next_tenth = 1
        self.last_draw = 0.0

    def start(self, total: int) -> None:
        self.total, self.done, self.started = total, 0, self.clock()

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = self.clock()
        if now - self.started < self.delay or not self.total:
            return
        if self.terminal:
            if not self.shown or now - self.last_draw >= 0.1 or self.done >= self.total:
                self._draw()
                self.last_draw = now
        elif self.done * 10 >= self.next_tenth * self.total:
            self.next_tenth = self.done * 10 // self.total + 1
            self._write(f"{self.label}: {self.done:,}/{self.total:,}\n")

    def close(self) -> None:
        if self.shown and self.terminal:
            self._draw()
            self._write("\n")

    def _draw(self) -> None:
        filled = BAR_WIDTH * self.done // max(self.total, 1)
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        self._write(f"\r{self.label}  [{bar}]  {self.done:,}/{self.total:,}")

    def _write(self, text: str) -> None:
        self.shown = True
        self.stream.write(text)
        self.stream.flush()
