"""After writing: the output of removed documents deleted, a summary in the log.

Sphinx leaves the HTML of a removed document behind (a deleted post, an emptied
tag's page); kb deletes the output of the documents removed in this build.
"""

from __future__ import annotations

import os
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from ..core.text import plural
from ..state.domain import KbDomain

__all__ = ["on_build_finished"]

logger = logging.getLogger(__name__)


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not hasattr(app.builder, "get_outfilename"):
        return
    env = app.env
    domain = KbDomain.of(env)
    outdir = Path(app.outdir)
    plan = domain.plan
    for docname in sorted(domain.build.removed):
        if docname in env.all_docs:
            continue
        targets = [Path(app.builder.get_outfilename(docname))]
        source_suffix = Path(plan.scan.files.get(docname, docname + ".md")).suffix or ".md"
        targets.append(outdir / "_sources" / f"{docname}{source_suffix}{app.config.html_sourcelink_suffix}")
        for target in targets:
            if target.is_file():
                target.unlink()
                _prune(target.parent, outdir)
    if domain.site is not None:
        entries = domain.site.glossary.entries
        undefined = sum(1 for e in entries if not e.definition)
        logger.info("kb: glossary of %s, %d without a definition", plural(len(entries), "entry", "entries"), undefined)


def _prune(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_dir():
        try:
            os.rmdir(folder)
        except OSError:
            return
        folder = folder.parent
