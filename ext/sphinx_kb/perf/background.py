"""Work done by a low-priority process of its own, during a parallel build's writing
(``kb_further_pages_process``): kb's further listing pages.

With ``-j 2`` Sphinx resolves documents in the main process and writes them in one
writer process; once the main process has resolved the last one, it waits for the
writer, and a core is idle. Rendered after that (at ``html-collect-pages``), the
further pages would add their whole time to the build; forked when the first
document is written and run at the lowest CPU priority, they take mostly that idle
time (measured at 1,000 posts: 0.55 s off a 15.5 s ``-j 2`` build).
"""

from __future__ import annotations

import os
from collections.abc import Callable

from .. import _compat

__all__ = ["Background", "use_background"]


def use_background(app) -> bool:
    """A parallel build, with the setting on (and Sphinx's parallel tasks there)."""
    return (bool(app.config.kb_further_pages_process) and _compat.writes_in_parallel(app.builder)
            and _compat.parallel_tasks() is not None)


class Background:
    """One function run in a forked process at the lowest priority."""

    def __init__(self, work: Callable[[], None]) -> None:
        def run() -> None:
            try:
                os.nice(19)
            except OSError:  # not allowed here: run at the usual priority
                pass
            work()

        self._tasks = _compat.parallel_tasks()(1)
        self._tasks.add_task(run)

    def join(self) -> None:
        self._tasks.join()

    def terminate(self) -> None:
        self._tasks.terminate()
