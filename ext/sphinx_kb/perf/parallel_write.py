"""A ``-j N`` build whose main process writes pages too, rather than wait for its writers
(``kb_main_process_writes``).

Sphinx writes a ``-j N`` build in N-1 writer processes while the main process resolves
every document (cross-references, then the search index); it forks a writer for a chunk
of documents (108 at 1,000 posts) once it has resolved the whole chunk. At ``-j 2`` that
is a single writer, the slower of the two: the main process resolves the last document
while the writer still has chunks to go, and from then on it only waits. Measured at
1,000 posts, sampling the machine's two cores: after the main process was done, one
core stayed idle for about 2.7 s of the 9 s the pages took.

Here the main process gives a writer the documents it has resolved (up to Sphinx's
chunk size) as soon as that writer is free, and once every document is resolved it
writes what is left itself, from the last, while a writer that frees up takes a share
from the front. A writer is a process of Sphinx's own (``ParallelTasks``, forked as
Sphinx forks its writers), so what it logs and raises reaches the build as it does in
Sphinx's write; the main process writes a page as a serial build does. Set it to False
to keep Sphinx's own parallel write. Measured at 1,000 posts, ``-j 2``, 4 rounds
alternating on a noisy machine: 29.7 -> 27.3 s (medians), faster in every round
(by 1.2 to 3.6 s); in those rounds kb's gain over its serial build went from 1.26x
to 1.32x (the floor's 1.28x).
"""

from __future__ import annotations

import math
import multiprocessing
from collections import deque

from sphinx.application import Sphinx
from sphinx.locale import __
from sphinx.util import logging
from sphinx.util.console import bold
from sphinx.util.display import display_chunk

from .. import _compat

__all__ = ["on_builder_inited", "write_parallel"]

logger = logging.getLogger(__name__)

#: fewer documents than this are not worth a fork (Sphinx's ``make_chunks`` batch)
MIN_CHUNK = 10


def on_builder_inited(app: Sphinx) -> None:
    if app.config.kb_main_process_writes and _compat.parallel_tasks() is not None:
        builder = app.builder
        _compat.replace_parallel_write(builder, lambda docnames, nproc: write_parallel(builder, docnames, nproc))


def chunk_size(documents: int, writers: int) -> int:
    """The size of Sphinx's chunks (``sphinx.util.parallel.make_chunks``)."""
    size = documents // writers
    if size >= MIN_CHUNK:
        size = int(math.sqrt(documents / writers * MIN_CHUNK))
    return max(size, 1)


class _Writer:
    """A writer process writing one chunk of resolved documents."""

    def __init__(self, builder, docs: list) -> None:
        self.docs = docs
        finished = self._finished = multiprocessing.get_context("fork").RawValue("b", 0)

        def write(chunk: list) -> None:
            try:
                _compat.set_writing_phase(builder, True)
                for docname, doctree in chunk:
                    builder.write_doc(docname, doctree)
            finally:
                finished.value = 1

        self._tasks = _compat.start_task_process(write, docs)
        self.started = self._tasks is not None  # False: the fork failed, the main process writes them

    @property
    def finished(self) -> bool:
        return not self.started or bool(self._finished.value)

    def join(self) -> None:
        """Log what the writer logged; raise what it raised (``SphinxParallelError``)."""
        if self.started:
            self._tasks.join()

    def terminate(self) -> None:
        if self.started:
            self._tasks.terminate()


class _Progress:
    """Sphinx's "writing output... [ 42%] first .. last", per piece written."""

    def __init__(self, total: int) -> None:
        self.total, self.count = total, 0

    def written(self, docnames: list[str]) -> None:
        self.count += len(docnames)
        logger.info(bold(__("writing output... ")) + f"[{self.count / self.total: >4.0%}] ", nonl=True)
        logger.info(display_chunk(docnames), color="darkgreen")


def write_parallel(builder, docnames, nproc: int) -> None:
    """Write ``docnames`` (sorted, as Sphinx hands them) with ``nproc`` writer processes
    and the main process."""
    if not docnames:
        return
    first, rest = docnames[0], list(docnames[1:])
    _write_here(builder, first, _compat.resolve_for_writing(builder, first))  # warms up the templates, as Sphinx does
    if not rest:
        return
    size = chunk_size(len(rest), nproc)
    progress = _Progress(len(rest))
    ready: deque = deque()
    writers: list[_Writer] = []

    def hand(count: int) -> None:
        docs = [ready.popleft() for _ in range(count)]
        writers.append(_Writer(builder, docs))

    def free() -> int:
        for writer in [writer for writer in writers if writer.finished]:
            writers.remove(writer)
            writer.join()
            if writer.started:
                progress.written([docname for docname, _ in writer.docs])
            else:
                for docname, doctree in writer.docs:
                    _write_here(builder, docname, doctree)
                    progress.written([docname])
        return nproc - len(writers)

    try:
        for docname in rest:
            ready.append((docname, _compat.resolve_for_writing(builder, docname)))
            if len(ready) >= MIN_CHUNK and free():
                hand(min(size, len(ready)))
        while ready:
            idle = free()
            share = min(size, len(ready) * idle // (idle + 1))
            if share >= MIN_CHUNK:
                hand(share)
                continue
            docname, doctree = ready.pop()
            _write_here(builder, docname, doctree)
            progress.written([docname])
        while writers:
            writers[0].join()
            free()
    except BaseException:
        for writer in writers:
            writer.terminate()
        raise
    logger.info("")


def _write_here(builder, docname: str, doctree) -> None:
    _compat.set_writing_phase(builder, True)
    builder.write_doc(docname, doctree)
