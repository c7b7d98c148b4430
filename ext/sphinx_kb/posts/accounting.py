"""Every file of a posts folder accounted for: built, used by a page, or named.

The prescan leaves out the posts Sphinx could not build and the Markdown files that
are no post (each a warning at builder-inited, ``pipeline.plan``), and keeps the
other files of the posts folders (images, ``.html`` posts, notes…). Once every
document is read, a file that no page uses (as an image, a download or an
``include``) is named in a warning, at every build, as Sphinx's own warnings about a
file are: nothing in a posts folder is dropped without a word. The log's last line
counts the posts built and the files not built.
"""

from __future__ import annotations

import os
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..core.text import plural
from ..state.domain import KbDomain

__all__ = ["on_build_finished", "on_env_check_consistency"]

logger = logging.getLogger(__name__)


def _used(env: BuildEnvironment) -> set[str]:
    """Files (from the source folder) that some page uses."""
    srcdir = Path(env.srcdir)
    found: set[str] = set()
    for name in (*env.images, *env.dlfiles):
        found.add(str(name).replace(os.sep, "/"))
    for files in env.dependencies.values():
        for name in files:
            path = Path(name)
            found.add((path.relative_to(srcdir) if path.is_absolute() and srcdir in path.parents else path).as_posix())
    return found


def unused_files(env: BuildEnvironment) -> list[str]:
    plan = KbDomain.of(env).plan
    if plan is None:
        return []
    used = _used(env)
    return [relpath for relpath in plan.scan.others if relpath not in used]


def on_env_check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    for relpath in unused_files(env):
        suffix = Path(relpath).suffix
        why = ("kb reads posts written in Markdown (.md, .markdown…)" if suffix in (".html", ".htm", ".textile")
               else "no page uses it")
        logger.warning("kb: %s is in a posts folder but not built: %s", relpath, why,
                       location=f"{Path(app.srcdir) / relpath}:1", type="kb", subtype="posts")


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None:
        return
    plan = KbDomain.of(app.env).plan
    if plan is None:
        return
    skipped = len(plan.scan.refused) + len(unused_files(app.env))
    logger.info("kb: %s built; %s of the posts folders not built%s", plural(len(plan.scan.posts), "post"),
                plural(skipped, "file"),
                " (named in the warnings above)" if skipped else "")
