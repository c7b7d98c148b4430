"""The feeds made by a low-priority process of their own while pages are written
(``kb_feeds_process``, ``perf.background``).

A feed holds what was read (titles, dates, authors, summaries): once the first document
is written, everything it shows is known, and the build leaves a core idle (a serial
build all along; with ``-j 2``, the writer's gaps and the main process's wait for it at
the end). So the feeds are forked then, at the lowest priority, and at build-finished
the main process waits for that process (before anything else there touches the
output) instead of making them. Measured at 1,000 posts: 0.36 s of the main process
at the end of every build that writes pages (131 feeds).

Not with ``kb_feed_full_content`` (an entry's HTML comes from its page, written later,
in a ``-j`` build by another process), nor for too little work (``MIN_SERIAL`` feeds in
a serial build); a process that failed or never ran leaves them to the main process,
as without this.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.errors import SphinxParallelError
from sphinx.util import logging

from ..perf.background import Background, use_background
from ..state.domain import KbDomain
from . import feeds

__all__ = ["on_build_finished", "on_doctree_resolved"]

logger = logging.getLogger(__name__)


def on_doctree_resolved(app: Sphinx, doctree, docname: str) -> None:
    """With the first document written: fork the feeds if there are enough of them."""
    domain = KbDomain.of(app.env)
    state = domain.build
    if state.feeds_process is not None:
        return
    state.feeds_process = False
    base = feeds.feeds_base(app, domain)
    if app.config.kb_feed_full_content or base is None:
        return
    if use_background(app, "kb_feeds_process", len(feeds.planned(app, domain))):
        old = feeds.previous(app)
        state.feeds_process = Background(lambda: feeds.make(app, domain, base, old))


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    """First of build-finished: wait for the process (or stop it, the build failed)."""
    state = KbDomain.of(app.env).build
    process, state.feeds_process = state.feeds_process, None
    if not process:
        return
    if exception is not None:
        process.terminate()
        return
    try:
        state.feeds_made_ahead = process.join()
    except SphinxParallelError as error:  # say why; readers.feeds makes them here
        logger.verbose("kb: the feeds' process failed: %s", error)
    if state.feeds_made_ahead:
        logger.verbose("kb: the feeds made by a process of their own")
