"""The source files of kb's generated pages, written at ``builder-inited``.

Each file holds no user text and no data: a marker in its front matter, its label
(made of a slug), a stand-in heading and a ``{kb-page}`` directive, which looks up
what the page shows by its docname (``core.pages``). A file is written only when
missing or different and deleted when its page is no longer planned.

kb only ever writes, replaces or deletes files that carry its marker, and folders it
emptied itself. Any other file in its folders (a user's page at a generated page's
path, a leftover of sphinx-tags) is left as it is, with a warning naming it; kb never
writes through a symbolic link, nor into a folder that is one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..core.pages import TITLE_STAND_IN, Page
from ..core.paths import Paths
from ..core.safepaths import first_link

__all__ = ["MARKER", "Outcome", "is_generated", "page_source", "write"]

MARKER = "kb_generated: sphinx-kb"
SOURCE_SUFFIXES = (".md", ".rst", ".txt", ".ipynb")


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


def is_generated(path: Path) -> bool:
    """A regular file (not a link) carrying kb's marker in its front matter."""
    if path.is_symlink() or not path.is_file():
        return False
    try:
        with path.open(encoding="utf-8") as handle:
            head = handle.read(200)
    except (OSError, UnicodeDecodeError):
        return False
    return MARKER in head.split("\n---", 1)[0]


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
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        outcome.written += 1
    wanted = {root / f"{docname}.md" for docname in pages}
    emptied: dict[Path, Path] = {}  # folder kb emptied -> kb's top folder it is in
    for folder in paths.folders():
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
    return outcome


def _remove_empty(folder: Path, top: Path) -> None:
    """Remove a folder kb emptied, and its parents it leaves empty, up to kb's top folder."""
    while folder != top and top in folder.parents and folder.is_dir() and not folder.is_symlink():
        try:
            folder.rmdir()  # only succeeds when empty
        except OSError:
            return
        folder = folder.parent
