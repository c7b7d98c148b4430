"""What Sphinx must not find in the source folder: links out of it or in loops, and
files it cannot read.

Sphinx finds documents by walking the source folder and following every link
(``os.walk(followlinks=True)``): a post linked to ``/etc/passwd`` is published, a link
to its own folder multiplies every post forty times, and two such links never finish.
A file it cannot read it skips with a warning that names the wrong file
(``post.rst`` for ``post.md``). The only way to keep Sphinx from a path is
``exclude_patterns``, so at ``config-inited`` (before Sphinx looks for documents, and
the same way at every build, so the configuration does not change from one build to
the next) kb walks the source folder without following links and excludes each link
that leads out of the source folder, to nothing, or back into a folder that contains
it, and each file that cannot be read; each is a warning naming it. Links that stay
inside and loop nowhere are followed, as Sphinx does.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging
from sphinx.util.matching import Matcher

__all__ = ["exclude_what_sphinx_must_not_read", "kept_out"]

logger = logging.getLogger(__name__)

#: folders never worth walking (Sphinx's own exclusions, and tooling)
ALWAYS_SKIPPED = {".git", ".hg", ".svn", ".venv", ".nox", ".tox", "node_modules", "__pycache__", "_build"}


def _reachable(include: list[str]):
    """(folder -> can the include patterns match anything in it?, path -> does one match it?).

    Sphinx reads only what ``include_patterns`` match: a link or file elsewhere (a
    virtual environment beside the site, say) is none of kb's business, and walking it
    would cost a build its time."""
    if not include or "**" in include:
        return (lambda folder: True), (lambda rel: True)
    matches = Matcher(include)
    heads: list[tuple[str, bool]] = []
    for pattern in include:
        wildcard = re.search(r"[*?\[]", pattern)
        heads.append((pattern if wildcard is None else pattern[:wildcard.start()], wildcard is not None))

    def folder_reachable(folder: str) -> bool:
        for head, wild in heads:
            if head.startswith(folder + "/"):
                return True  # on the way to what the pattern names
            if wild and (folder + "/").startswith(head[:head.rfind("/") + 1]):
                return True  # inside where the pattern's wildcard reaches
        return False

    return folder_reachable, (lambda rel: matches(rel) or folder_reachable(rel))


def kept_out(srcdir: Path, include: list[str], exclude: list[str]) -> list[tuple[str, str]]:
    """(path from the source folder, why) for every link and file kb keeps Sphinx from,
    folder by folder from the top, each folder's entries by name.

    ``os.scandir`` says which entries are links and folders without a system call of
    their own (at 1,000 posts: 5 ms a build, where ``os.walk`` and ``pathlib`` took 17)."""
    excluded = Matcher(exclude)
    folder_reachable, readable = _reachable(include)
    real_src = srcdir.resolve()
    found: list[tuple[str, str]] = []
    pending = [""]  # folders to walk, from the source folder ("": itself)
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(os.path.join(srcdir, folder)) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:  # a folder that cannot be listed: Sphinx skips it too
            continue
        inside = []
        for entry in entries:
            rel = f"{folder}/{entry.name}" if folder else entry.name
            if excluded(rel) or not readable(rel):
                continue
            if entry.is_symlink():
                why = _why(Path(entry.path), real_src)
                if why:
                    found.append((rel, f"is a symbolic link that {why}: not read, and kb writes nothing through it"))
            elif entry.is_dir(follow_symlinks=False):
                if entry.name not in ALWAYS_SKIPPED and folder_reachable(rel):
                    inside.append(rel)
            elif not os.access(entry.path, os.R_OK):
                found.append((rel, "cannot be read (no permission): not built"))
        pending.extend(reversed(inside))
    return found


def _why(link: Path, real_src: Path) -> str | None:
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):  # RuntimeError: a loop of links
        return "leads nowhere (or round in a loop of links)"
    if target != real_src and real_src not in target.parents:
        return f"leads out of the source folder, to {target}"
    if target.is_dir():
        parent = link.parent.resolve()
        if target == parent or target in parent.parents:
            return "leads back into a folder that contains it (Sphinx would read that folder again and again)"
    return None


def exclude_what_sphinx_must_not_read(app: Sphinx, config: Config) -> None:
    srcdir = Path(app.srcdir)
    found = kept_out(srcdir, list(config.include_patterns), list(config.exclude_patterns))
    if not found:
        return
    patterns = list(config.exclude_patterns)
    for rel, why in found:
        logger.warning("kb: %s %s", rel, why, location=f"{srcdir / rel}:1", type="kb", subtype="files")
        patterns += [rel, f"{rel}/**"]
    config.exclude_patterns = patterns
