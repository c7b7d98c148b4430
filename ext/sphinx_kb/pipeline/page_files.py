"""The source files of kb's generated pages, written at ``builder-inited``.

Each file holds no user text and no data: a marker in its front matter, its label
(made of a slug), a stand-in heading and a ``{kb-page}`` directive, which looks up
what the page shows by its docname (``core.pages``). A file is written only when
missing or different and deleted when its page is no longer planned; only files
carrying kb's marker are ever deleted.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..core.pages import TITLE_STAND_IN, Page
from ..core.paths import Paths

__all__ = ["MARKER", "is_generated", "page_source", "write"]

MARKER = "kb_generated: sphinx-kb"


def page_source(page: Page) -> str:
    out = ["---", "orphan: true", MARKER, "---", ""]
    if page.label:
        out += [f"({page.label})=", ""]
    out += [f"# {TITLE_STAND_IN}", "", "```{kb-page}", "```", ""]
    return "\n".join(out)


def write(srcdir: str | os.PathLike, pages: dict[str, Page], paths: Paths) -> tuple[int, int]:
    """Write missing or changed page files; delete kb's files that are no longer wanted."""
    root = Path(srcdir)
    written = removed = 0
    for docname, page in pages.items():
        path = root / f"{docname}.md"
        text = page_source(page)
        try:
            if path.read_text(encoding="utf-8") == text:
                continue
        except (OSError, UnicodeDecodeError):
            pass
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written += 1
    wanted = {(root / f"{docname}.md").resolve() for docname in pages}
    for folder in paths.folders():
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*.md"), reverse=True):
            if path.resolve() in wanted or not is_generated(path):
                continue
            path.unlink()
            removed += 1
        for directory in sorted((p for p in base.rglob("*") if p.is_dir()), reverse=True):
            try:
                directory.rmdir()  # only succeeds when empty
            except OSError:
                pass
    return written, removed


def is_generated(path: Path) -> bool:
    """The file carries kb's marker in its front matter."""
    try:
        with path.open(encoding="utf-8") as handle:
            head = handle.read(200)
    except (OSError, UnicodeDecodeError):
        return False
    return MARKER in head.split("\n---", 1)[0]
