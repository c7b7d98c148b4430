"""kb's configuration values (typed) and where each generated page lives."""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError

#: (name, default, types, rebuild). The ``tags_*`` names are sphinx-tags' own, so a
#: site already configured for sphinx-tags keeps its settings.
CONFIG_VALUES: list[tuple[str, object, frozenset[type], str]] = [
    ("kb_posts", ["posts/**"], frozenset({list, tuple}), "env"),
    ("kb_output_dir", "_kb", frozenset({str}), "env"),
    ("kb_page_size", 50, frozenset({int}), "env"),
    ("kb_recent_posts", 10, frozenset({int}), "env"),
    ("kb_words_per_minute", 200, frozenset({int}), "env"),
    ("kb_release_doctrees", True, frozenset({bool}), ""),
    ("kb_shared_navigation", True, frozenset({bool}), ""),  # one navigation tree per folder (navigation.py)
    ("kb_lean_parallel_read", True, frozenset({bool}), ""),  # workers send back their documents only (parallel_read.py)
    ("kb_glossary_file", "", frozenset({str}), "env"),
    ("kb_glossary_backlinks", 5, frozenset({int}), "env"),
    ("kb_glossary_split", 150, frozenset({int}), "env"),
    ("kb_glossary_autolink", False, frozenset({bool}), "env"),
    ("kb_glossary_warn_undefined", False, frozenset({bool}), "env"),
    ("kb_known_placeholders", [], frozenset({list, tuple}), "env"),
    ("kb_placeholder_markers", ["replace with actual", "replace with a real", "add link here", "link to be added", "citation needed"], frozenset({list, tuple}), "env"),
    ("kb_linkcheck_report", "", frozenset({str}), ""),  # results file; "": <builddir>/kb-linkcheck.json
    ("kb_linkcheck_max_age", 7 * 24 * 3600, frozenset({int, float}), ""),  # seconds a result stays fresh
    ("kb_linkcheck_probe", ["https://example.com/", "https://www.wikipedia.org/"], frozenset({list, tuple}), ""),
    ("tags_create_tags", True, frozenset({bool}), "env"),
    ("tags_output_dir", "_tags", frozenset({str}), "env"),
    ("tags_overview_title", "Tags", frozenset({str}), "env"),
    ("tags_extension", ["md"], frozenset({list, tuple}), "env"),
    ("tags_intro_text", "Tags:", frozenset({str}), "env"),
    ("tags_page_title", "Tag", frozenset({str}), "env"),
    ("tags_page_header", "With this tag", frozenset({str}), "env"),
    ("tags_index_head", "Tags", frozenset({str}), "env"),
    ("tags_create_badges", False, frozenset({bool}), "env"),
    ("tags_badge_colors", {}, frozenset({dict}), "env"),
]

KIND_TITLES = {"tag": "Tags", "category": "Categories", "author": "Authors"}


def register(app: Sphinx) -> None:
    if "sphinx_tags" in app.config.extensions:
        raise ExtensionError(
            "sphinx_kb takes the place of sphinx_tags: it uses sphinx-tags' directive and "
            "configuration names (tags_output_dir, tags_create_badges, ...) itself. "
            "Remove 'sphinx_tags' from `extensions` in conf.py; your tags_* settings, "
            "{tags} directives and tag page URLs keep working."
        )
    for name, default, types, rebuild in CONFIG_VALUES:
        app.add_config_value(name, default, rebuild, types=types)


def definitions_file(srcdir: str | os.PathLike, config: Config) -> Path | None:
    """The glossary's definitions file (``kb_glossary_file``), or None without one."""
    return Path(srcdir) / config.kb_glossary_file if config.kb_glossary_file else None


def _clean_dir(value: str) -> str:
    value = posixpath.normpath(value.replace("\\", "/")).strip("/")
    if value in ("", ".") or value.startswith(".."):
        raise ExtensionError(f"kb: output folder {value!r} must be a folder inside the source folder")
    return value


@dataclass(frozen=True)
class Paths:
    """Docnames of kb's pages; all of them derive from names alone."""

    tags: str
    root: str

    @classmethod
    def of(cls, config: Config) -> Paths:
        return cls(_clean_dir(config.tags_output_dir), _clean_dir(config.kb_output_dir))

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

    def folders(self) -> list[str]:
        return [self.tags, f"{self.root}/categories", f"{self.root}/authors",
                f"{self.root}/archive", f"{self.root}/glossary"]
