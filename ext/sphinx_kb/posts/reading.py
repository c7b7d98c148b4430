"""Reading a post: front matter out of the Markdown, Liquid tags turned into Markdown.

``source-read`` takes the front matter out of the text MyST sees (kb normalises it
instead: MyST would drop a whole front matter for one impossible value, and parse a
title as Markdown), keeps every line's number, turns Liquid tags into Markdown, and
puts the stand-in heading on the opening fence's line (``posts.transform`` gives it
the title as text). A post without front matter has no line to spare: the
transform makes that heading's section itself.
"""

from __future__ import annotations

import posixpath

from sphinx.application import Sphinx
from sphinx.util import logging

from ..core import liquid
from ..core.frontmatter import parse_front_matter, split_front_matter
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
    scan = KbDomain.of(app.env).plan.scan
    front, body, front_lines, split_problem = split_front_matter(source[0])
    if docname in scan.fronts and scan.fronts[docname][0] == front:  # parsed by the prescan
        post, problems = scan.posts[docname], scan.fronts[docname][1]
    else:
        post, problems = parse_front_matter(front, docname.rsplit("/", 1)[-1])
        problems = ([split_problem] if split_problem else []) + problems
    for problem in problems:
        logger.warning(problem.message, location=(docname, problem.line), type="kb", subtype="frontmatter")
    body, problems = liquid.convert(body, lambda name: _post_url(scan, docname, name))
    for problem in problems:
        logger.warning(problem.message, location=(docname, problem.line), type="kb", subtype="liquid")
    if front_lines:
        lines = body.split("\n")
        lines[0] = f"# {TITLE_STAND_IN}"  # the opening fence's line: no line moves
        body = "\n".join(lines)
    source[0] = body
    app.env.temp_data["kb_post"] = post


def _post_url(scan, docname: str, name: str) -> str | None:
    """``{% post_url name %}``: the relative path of the post's file, which MyST resolves."""
    for candidate in sorted(scan.posts):
        if candidate == name or candidate.endswith("/" + name):
            here = posixpath.dirname(scan.files.get(docname, docname))
            return posixpath.relpath(scan.files[candidate], here or ".")
    return None
