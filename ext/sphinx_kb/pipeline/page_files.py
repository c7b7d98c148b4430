"""The source files of kb's generated pages, written at ``builder-inited``.

Each file holds no user text and no data: a marker in its front matter, its label
(made of a slug), a stand-in heading and a ``{kb-page}`` directive, which looks up
what the page shows by its docname (``core.pages``). A file is written only when
missing or different and deleted when its page is no longer planned.

kb only ever writes, replaces or deletes its own files, and folders it emptied itself.
A file is kb's when its whole text is a page source kb writes (``is_page_source``: the
marker, an optional label made of a slug, the stand-in heading, the directive, nothing
else): a user's file that merely holds the marker line (quoted in a code block, in a
note about kb's output), or a file of kb's that the user edited, is the user's. Any
file that is not kb's (a user's page at a generated page's path, a leftover of
sphinx-tags) is left as it is, with a warning naming it; kb never writes through a
symbolic link, nor into a folder that is one.

A file is written atomically (a temporary file beside it, then renamed over it), so a
full disk or a killed build never leaves a half-written page that later builds would
take for the user's; a write that fails is a warning naming the file and the reason,
and the page is left out of this build. ``kb clean`` (``remove``) deletes kb's files by
the same rule.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..core.pages import TITLE_STAND_IN, Page
from ..core.paths import Paths
from ..core.safepaths import first_link, write_inside

__all__ = ["MARKER", "Outcome", "is_generated", "is_page_source", "page_source", "remove", "write"]

MARKER = "kb_generated: sphinx-kb"
SOURCE_SUFFIXES = (".md", ".rst", ".txt", ".ipynb")
#: every text ``page_source`` can give, and nothing else
_PAGE_SOURCE = re.compile("---\norphan: true\n" + re.escape(MARKER) + "\n---\n\n(?:\\([^\\s()`]{1,300}\\)=\n\n)?"
                          + re.escape(f"# {TITLE_STAND_IN}\n\n```{{kb-page}}\n```\n"))
_MAX_PAGE_SOURCE = 1000  # bytes: a longer file is never one of kb's


@dataclass
class Outcome:
    written: int = 0
    removed: int = 0
    #: (path relative to the source folder, what kb did about it)
    problems: list[tuple[str, str]] = field(default_factory=list)
    #: planned pages kb could not write (a user's file or a link is there)
    not_written: set[str] = field(default_factory=set)


def page_source(page: Page) -> str:
    out = ["---", "orphan: true", MARKER, "---", ""]
    if page.label:
        out += [f"({page.label})=", ""]
    out += [f"# {TITLE_STAND_IN}", "", "```{kb-page}", "```", ""]
    return "\n".join(out)


def is_page_source(text: str) -> bool:
    """Whether ``text`` is, whole, a page source kb writes."""
    return _PAGE_SOURCE.fullmatch(text) is not None


def is_generated(path: Path) -> bool:
    """A regular file (not a link) whose whole text is a page source kb writes."""
    if path.is_symlink() or not path.is_file():
        return False
    try:
        with path.open("rb") as handle:
            data = handle.read(_MAX_PAGE_SOURCE + 1)
        return len(data) <= _MAX_PAGE_SOURCE and is_page_source(data.decode("utf-8"))
    except (OSError, UnicodeDecodeError):
        return False




def write(srcdir: str | os.PathLike, pages: dict[str, Page], paths: Paths) -> Outcome:
    """Write missing or changed page files; delete kb's files that are no longer wanted."""
    root = Path(srcdir)
    outcome = Outcome()
    for docname, page in pages.items():
        path = root / f"{docname}.md"
        rel = path.relative_to(root).as_posix()
        link = first_link(root, path)
        if link is not None:
            outcome.problems.append((link.relative_to(root).as_posix(),
                                     "is a symbolic link where kb writes its pages; kb writes nothing through it"))
            outcome.not_written.add(docname)
            continue
        text = page_source(page)
        if path.exists():
            if not is_generated(path):
                outcome.problems.append((rel, f"is not kb's (it has no '{MARKER}' line): kb leaves it as it is, "
                                              "so that page is built from it; move it to let kb make the page"))
                outcome.not_written.add(docname)
                continue
            try:
                if path.read_text(encoding="utf-8") == text:
                    continue
            except (OSError, UnicodeDecodeError):
                pass
        why = write_inside(root, path, text)
        if why is not None:
            outcome.problems.append((rel, f"is not written: {why}; that page is left out of this build, and "
                                          "nothing was left half written"))
            outcome.not_written.add(docname)
            continue
        outcome.written += 1
    remove(root, paths.folders(), {root / f"{docname}.md" for docname in pages}, outcome)
    return outcome


def remove(root: Path, folders: list[str], wanted: set[Path], outcome: Outcome) -> None:
    """Delete kb's files in ``folders`` that are not ``wanted``, and the folders that
    leaves empty; name every other file there in ``outcome.problems``."""
    emptied: dict[Path, Path] = {}  # folder kb emptied -> kb's top folder it is in
    for folder in folders:
        base = root / folder
        if first_link(root, base) is not None or not base.is_dir():
            continue
        for path in sorted(p for p in base.rglob("*") if p.suffix in SOURCE_SUFFIXES or p.is_symlink()):
            if path in wanted:
                continue
            if is_generated(path):
                path.unlink()
                outcome.removed += 1
                emptied[path.parent] = base
            elif path.is_symlink() or path.is_file():
                outcome.problems.append((path.relative_to(root).as_posix(),
                                         "is not kb's but sits in a folder where kb writes its pages: kb leaves it "
                                         "as it is (a page left by sphinx-tags? delete it)"))
    for folder in sorted(emptied, key=lambda p: len(p.parts), reverse=True):
        _remove_empty(folder, emptied[folder])


def _remove_empty(folder: Path, top: Path) -> None:
    """Remove a folder kb emptied, and its parents it leaves empty, up to kb's top folder."""
    while folder != top and top in folder.parents and folder.is_dir() and not folder.is_symlink():
        try:
            folder.rmdir()  # only succeeds when empty
        except OSError:
            return
        folder = folder.parent
