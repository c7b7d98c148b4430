"""Work done by a low-priority process of its own while pages are written: kb's further
listing pages (``kb_further_pages_process``) and the posts' citation files
(``kb_citation_files_process``).

With ``-j 2`` Sphinx resolves documents in the main process and writes them in one
writer process; once the main process has resolved the last one, it waits for the
writer, and a core is idle. A serial build leaves the other cores idle all along.
Work that needs only what was read (every page's data is known once the first
document is written) is forked then and run at the lowest CPU priority, on the time
the build leaves idle: measured at 1,000 posts, the further pages took 0.55 s off a
15.5 s ``-j 2`` build; in a serial build, the further pages and the citation files
together took 1.8 s (py-spy) off the main process.

A serial build forks only for enough work (``MIN_SERIAL`` items: below it, a fork
costs more than doing them on the spot) and only when the process runs no other
thread (a forked child inherits the locks other threads hold: a server, a test
runner; Python 3.12 warns). No fork where the platform has none.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

from .. import _compat

__all__ = ["Background", "MIN_SERIAL", "threads", "use_background"]

#: items (pages, posts) a serial build needs to fork for
MIN_SERIAL = 32


def threads() -> int:
    """Threads of this process, the native ones included where the system says (a
    library's own threads hold locks a forked child would inherit held)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


def use_background(app, setting: str, items: int) -> bool:
    """Fork for ``items`` pieces of work? The setting on, Sphinx's parallel tasks there,
    and a parallel build with work to do, or a serial one with enough of it and no other
    thread."""
    if not items or not getattr(app.config, setting) or _compat.parallel_tasks() is None or not hasattr(os, "fork"):
        return False
    if _compat.writes_in_parallel(app.builder):
        return True
    return items >= MIN_SERIAL and threads() == 1


class Background:
    """One function run in a forked process at the lowest priority; what it logs is
    logged by the build when it is joined."""

    def __init__(self, work: Callable[[], None]) -> None:
        def run() -> None:
            try:
                os.nice(19)
            except OSError:  # not allowed here: run at the usual priority
                pass
            work()
            return True

        def finished(_arg, result) -> None:
            self.done = result is True

        self.done = False
        self._tasks = _compat.start_task_process(run, result_func=finished)
        self.started = self._tasks is not None  # False: the fork failed, the main process does the work

    def join(self) -> bool:
        """Wait for it: did the work run to its end? False if the process could not be
        started; a failure in it is raised here (``SphinxParallelError``)."""
        if self.started:
            self._tasks.join()
        return self.done

    def terminate(self) -> None:
        if self.started:
            self._tasks.terminate()
