"""Reading a post: front matter out of the Markdown, Liquid tags turned into Markdown.

``source-read`` takes the front matter out of the text MyST sees (kb normalises it
instead: MyST would drop a whole front matter for one impossible value, and parse a
title as Markdown), keeps every line's number, turns Liquid tags into Markdown, and
puts the stand-in heading on the opening fence's line (``posts.transform`` gives it
the title as text). A post without front matter has no line to spare: the
transform makes that heading's section itself.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from ..core import liquid
from ..core.frontmatter import split_front_matter
from ..core.pages import TITLE_STAND_IN
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
    front, body, front_lines, split_problem = split_front_matter(source[0])
    known = scan.sources.get(docname)
    if known is not None and known[0] == front:  # read by the prescan
        post, problems = known[1].post, list(known[1].problems)
    else:
        relpath = scan.files.get(docname, docname + ".md")
        mtime = dt.datetime.fromtimestamp(Path(app.srcdir, relpath).stat().st_mtime, dt.timezone.utc)
        read = plan.reader.read(front, relpath, mtime)
        post, problems = read.post, ([split_problem] if split_problem else []) + list(read.problems)
    for problem in problems:
        logger.warning(problem.message, location=(docname, problem.line), type="kb", subtype="frontmatter")
    index = plan.old_urls
    body, problems = liquid.convert(body, index.post_url_tag, link=index.link_tag, site=index.liquid_site)
    for problem in dict.fromkeys(problems):  # a tag twice on one line: one warning
        logger.warning(problem.message, location=(docname, problem.line), type="kb", subtype="liquid")
    if front_lines:
        lines = body.split("\n")
        lines[0] = f"# {TITLE_STAND_IN}"  # the opening fence's line: no line moves
        body = "\n".join(lines)
    source[0] = body
    app.env.current_document["kb_post"] = post
