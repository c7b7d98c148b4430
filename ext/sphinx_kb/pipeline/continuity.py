"""Builds that follow an interrupted one, or an incremental one, give the site a clean
build gives, search index included.

* **An interrupted build** (Ctrl-C while reading or writing) leaves the environment
  and the output out of step: the next build would read and write only what changed,
  and the search index would miss every page the interrupted build had not written.
  kb leaves a mark in the doctree folder when a build starts and takes it away when
  the build has finished; a build that finds the mark reads and writes every document
  again (once), and says so.
* **The search index's entries** (glossary terms, index directives) of pages not
  written again are lost by Sphinx's incremental builds (sphinx-doc/sphinx#12599): kb
  keeps them beside the doctrees when a build has finished and gives them back to
  the next build's index before it writes (``_compat``).
"""

from __future__ import annotations

import json
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from .. import _compat
from ..state.domain import KbDomain

__all__ = ["on_build_finished", "on_builder_inited", "on_env_get_outdated", "on_html_collect_pages"]

logger = logging.getLogger(__name__)

UNFINISHED = "kb-build-unfinished"
INDEX_ENTRIES = "kb-search-index-entries.json"


def on_builder_inited(app: Sphinx) -> None:
    mark = Path(app.doctreedir) / UNFINISHED
    state = KbDomain.of(app.env).build
    state.after_interruption = mark.exists()
    mark.parent.mkdir(parents=True, exist_ok=True)
    mark.write_text("a kb build started and did not finish; the next one reads everything again\n", encoding="utf-8")


def on_env_get_outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                        removed: set[str]) -> list[str]:
    if not KbDomain.of(env).build.after_interruption:
        return []
    logger.info("kb: the last build did not finish; every document is read and written again")
    return sorted(env.found_docs - added - removed)


def on_html_collect_pages(app: Sphinx):
    """The pages are written and the search index is not dumped yet: the entries of the
    pages this build did not write come back. (At ``env-check-consistency`` they would
    not: Sphinx skips that step when no document was read, and a build with nothing to
    do would lose every entry.)"""
    path = Path(app.doctreedir) / INDEX_ENTRIES
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        saved = {}
    if isinstance(saved, dict):
        _compat.restore_search_index_entries(
            app.builder, {d: entries for d, entries in saved.items() if d in app.env.all_docs})
    return []


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None:
        return
    entries = _compat.search_index_entries(app.builder)
    if entries is not None:
        kept = {docname: found for docname, found in entries.items() if docname in app.env.all_docs}
        (Path(app.doctreedir) / INDEX_ENTRIES).write_text(json.dumps(kept, sort_keys=True), encoding="utf-8")
    (Path(app.doctreedir) / UNFINISHED).unlink(missing_ok=True)
