"""The glossary's definitions file (``kb_glossary_file``): loaded once per build, and
its problems reported at its own lines.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from ..core import glossary
from ..core.problem import Problem
from ..core.site import Site

__all__ = ["definitions_file", "load_definitions", "report_problems", "warn_undefined"]

logger = logging.getLogger(__name__)


def definitions_file(srcdir: str | Path, config: Config) -> Path | None:
    """The glossary's definitions file, or None without one."""
    return Path(srcdir) / config.kb_glossary_file if config.kb_glossary_file else None


def load_definitions(app: Sphinx) -> tuple[glossary.Definition, ...]:
    path = definitions_file(app.srcdir, app.config)
    if path is None:
        return ()
    try:
        data = path.read_bytes()
    except OSError as error:
        logger.warning("kb: cannot read the glossary definitions %s: %s", app.config.kb_glossary_file, error,
                       type="kb", subtype="glossary")
        return ()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:  # the entries with a bad byte are left out, named; the others kept
        text = data.decode("utf-8", "surrogateescape").lstrip("\ufeff")
    found, problems = glossary.load_definitions(text)
    report_problems(app, problems)
    return tuple(found)


def report_problems(app: Sphinx, problems: Iterable[Problem]) -> None:
    """Problems of the definitions file, each at its line there."""
    path = definitions_file(app.srcdir, app.config)
    for problem in problems:
        logger.warning(problem.message, location=f"{path}:{problem.line}", type="kb", subtype="glossary")


def warn_undefined(app: Sphinx, scan, site: Site) -> None:
    """One warning per keyword without a definition, at the oldest post that uses it."""
    for entry in site.glossary.entries:
        if entry.definition:
            continue
        docnames = site.keyword_posts[entry.slug]
        if not docnames:
            continue
        docname = docnames[-1]
        line = scan.posts[docname].key_lines.get("keywords", 1)
        logger.warning("kb: keyword %r has no definition in %s", entry.name, app.config.kb_glossary_file or "the glossary",
                       location=(docname, line), type="kb", subtype="undefined")
