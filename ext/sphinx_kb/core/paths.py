"""Where kb's generated pages live: every docname derives from names alone.

Pure Python. ``Paths`` maps (kind, slug, page) to a docname; a generated page
carries nothing but its docname, and what it shows is looked up by it
(``core.pages``).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

#: kinds of names that have a page of their own per name
NAME_KINDS = ("tag", "category", "author")


class PathError(ValueError):
    """A configured output folder that is not a folder inside the source folder."""


def clean_folder(value: str) -> str:
    value = posixpath.normpath(value.replace("\\", "/")).strip("/")
    if value in ("", ".") or value.startswith(".."):
        raise PathError(f"kb: output folder {value!r} must be a folder inside the source folder")
    return value


@dataclass(frozen=True)
class Paths:
    """Docnames of kb's pages, from ``tags_output_dir`` and ``kb_output_dir``."""

    tags: str
    root: str

    @classmethod
    def of(cls, config) -> Paths:
        return cls(clean_folder(config.tags_output_dir), clean_folder(config.kb_output_dir))

    def folder(self, kind: str) -> str:
        return {
            "tag": self.tags,
            "category": f"{self.root}/categories",
            "author": f"{self.root}/authors",
            "keyword": f"{self.root}/glossary/keywords",
            "year": f"{self.root}/archive",
            "glossary": f"{self.root}/glossary",
        }[kind]

    def overview(self, kind: str) -> str:
        return f"{self.tags}/tagsindex" if kind == "tag" else f"{self.folder(kind)}/index"

    def listing(self, kind: str, slug: str, page: int = 1) -> str:
        base = f"{self.folder(kind)}/{slug}"
        return base if page == 1 else f"{base}/{page}"

    def letter(self, slug: str) -> str:
        return f"{self.folder('glossary')}/{slug}"

    def folders(self) -> list[str]:
        """The folders kb writes its pages into (as sources)."""
        return [self.tags, f"{self.root}/categories", f"{self.root}/authors",
                f"{self.root}/archive", f"{self.root}/glossary"]
