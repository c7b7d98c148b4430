"""The posts' own formatted references, made before the pages need them
(``kb_citation_process``).

citeproc-py takes about a millisecond for a reference: in a clean build of 1,000 posts,
"Cite this post" cost the main process 1.8 s of formatting (sampled with py-spy), on
the critical path of a serial build. What a post's reference shows (title, authors,
date, the site's name, the address, language, DOI: ``citing.reference_item``) is known
from front matter before any post is read, so when a build starts with no environment
(every post will be written), a forked process formats them all at the lowest
priority, on the core a serial read leaves idle, and leaves them in a file in the
doctree folder. A page takes the one made for exactly its item (the first page waits
for the process, which on any site large enough to matter finished long before the
read did; after ``WAIT`` seconds it is stopped); anything else (an item that differs,
a process that failed) is formatted on the spot, as without this. ``-v`` says how many
were made beforehand.

No fork where the platform has none, or where the process runs other threads (a fork
could deadlock there: a server, a test runner; Python 3.12 warns); an incremental build
formats the few posts it writes itself.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
import time
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from ..core.citing import reference_item
from ..core.references import Reference, Style, format_references
from ..core.text import plural
from ..perf.background import threads
from ..state.domain import KbDomain

__all__ = ["Prefetch", "on_builder_inited", "on_build_finished"]

logger = logging.getLogger(__name__)

#: seconds the first page waits for the process; then it is stopped
WAIT = 10.0


class Prefetch:
    """A forked process formatting items; the first ``get`` waits for it (at most ``WAIT``)."""

    def __init__(self, items: dict[str, dict[str, Any]], style: Style, folder: Path) -> None:
        self.items = items
        self._results: dict[str, Reference | None] | None = None
        self.used = 0  # pages that took a reference made beforehand
        handle, name = tempfile.mkstemp(prefix="kb-citations-", suffix=".pickle", dir=folder)
        os.close(handle)
        self._path = Path(name)
        self._pid: int | None = os.fork()
        if self._pid == 0:  # the child: format, write, leave without running the parent's exit code
            code = 1
            try:
                with contextlib.suppress(OSError):
                    os.nice(19)
                formatted: dict[str, Reference | None] = {}
                for docname, item in items.items():
                    result = format_references([item], style, in_text=False)
                    if not result.problems:  # a problem is said by the build, formatting it again
                        formatted[docname] = next(iter(result.entries.values()), None)
                data = pickle.dumps(formatted, pickle.HIGHEST_PROTOCOL)
                self._path.write_bytes(data)
                code = 0
            finally:
                os._exit(code)

    def _finished(self, wait: float = 0.0) -> bool:
        """Is the process done (waiting for it up to ``wait`` seconds)? Its results are
        read once it is; a process still running after the wait is stopped."""
        if self._pid is None:
            return True
        deadline = time.monotonic() + wait
        while True:
            try:
                pid, status = os.waitpid(self._pid, os.WNOHANG)
            except ChildProcessError:
                pid, status = self._pid, 1
            if pid != 0 or time.monotonic() >= deadline:
                break
            time.sleep(0.005)
        if pid == 0:
            self.close()  # still running: the pages format their references themselves
            self._results = {}
            return True
        self._pid = None
        self._results = {}
        if os.waitstatus_to_exitcode(status) == 0:
            with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError):
                self._results = pickle.loads(self._path.read_bytes())
        self._path.unlink(missing_ok=True)
        return True

    def get(self, docname: str, item: dict[str, Any]) -> tuple[bool, Reference | None]:
        """(found, reference): found only if made for this very item. The first call waits
        for the process (it has long finished on any site large enough to matter)."""
        self._finished(wait=WAIT)
        if self.items.get(docname) != item or docname not in (self._results or {}):
            return False, None
        self.used += 1
        return True, self._results[docname]

    def close(self) -> None:
        """Stop the process if it still runs, and take its file away."""
        if self._pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, 9)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self._pid, 0)
            self._pid = None
        self._path.unlink(missing_ok=True)


def on_builder_inited(app: Sphinx) -> None:
    from .formatted import formatter
    from .post import post_as_work

    for stale in Path(app.doctreedir).glob("kb-citations-*.pickle"):  # left by a build stopped with Ctrl-C
        stale.unlink(missing_ok=True)
    domain = KbDomain.of(app.env)
    plan = domain.plan
    if (not app.config.kb_citation_process or not app.config.kb_cite_this_post or app.builder.format != "html"
            or not hasattr(os, "fork") or threads() > 1
            or plan is None or app.env.all_docs or not plan.scan.posts):
        return  # an environment already there: an incremental build writes few posts
    items = {docname: reference_item(post_as_work(app, docname, post)) for docname, post in plan.scan.posts.items()}
    folder = Path(app.doctreedir)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        formatter(app).prefetch = Prefetch(items, formatter(app).style, folder)
    except OSError:  # no fork here (a process limit): format on the spot
        return


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    citations = KbDomain.of(app.env).build.citations
    prefetch = getattr(citations, "prefetch", None)
    if prefetch is not None:
        prefetch.close()
        citations.prefetch = None
        logger.verbose("kb: %d of %s own references were formatted beforehand", prefetch.used,
                       plural(len(prefetch.items), "post's", "posts'"))
