"""Reading a post: front matter out of the Markdown, Liquid tags turned into Markdown.

``source-read`` takes the front matter out of the text MyST sees (kb normalises it
instead: MyST would drop a whole front matter for one impossible value, and parse a
title as Markdown), keeps every line's number, turns Liquid tags into Markdown, and
puts the stand-in heading on the opening fence's line (``posts.transform`` gives it
the title as text): ``core.postbody.myst_text``, which ``kb check`` uses too. A post
without front matter has no line to spare: the transform makes that heading's section
itself.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from ..core.frontmatter import split_front_matter
from ..core.postbody import myst_text
from ..state.domain import KbDomain

__all__ = ["is_post", "on_source_read"]

logger = logging.getLogger(__name__)


def is_post(app: Sphinx, docname: str) -> bool:
    """A published Markdown document matching ``kb_posts`` (as the prescan found)."""
    plan = KbDomain.of(app.env).plan
    return plan is not None and docname in plan.scan.posts


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    if not is_post(app, docname):
        return
    plan = KbDomain.of(app.env).plan
    scan = plan.scan
    front, body, front_lines, _ = split_front_matter(source[0])
    known = scan.sources.get(docname)
    if known is not None and known[0] == front:  # read by the prescan
        post, problems = known[1].post, list(known[1].problems)
    else:
        relpath = scan.files.get(docname, docname + ".md")
        mtime = dt.datetime.fromtimestamp(Path(app.srcdir, relpath).stat().st_mtime, dt.timezone.utc)
        read = plan.reader.read_text(source[0], relpath, mtime).source
        post, problems = read.post, list(read.problems)
    for problem in problems:
        logger.warning(problem.message, location=(docname, problem.line), type="kb", subtype="frontmatter")
    text, problems = myst_text(body, front_lines, plan.old_urls)  # as kb check reads it too
    for problem in problems:
        logger.warning(problem.message, location=(docname, problem.line), type="kb", subtype="liquid")
    source[0] = text
    app.env.current_document["kb_post"] = post
