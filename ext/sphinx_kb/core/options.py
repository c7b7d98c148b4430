"""The settings kb's pure core reads, taken once from Sphinx's configuration.

Pure Python: ``Options.of(config)`` reads attributes of any object (Sphinx's
``Config`` in the build, a namespace in tests), so the core never imports Sphinx.
"""

from __future__ import annotations

from dataclasses import dataclass

from .paths import Paths


@dataclass(frozen=True)
class Options:
    paths: Paths
    page_size: int = 50  # kb_page_size
    recent_posts: int = 10  # kb_recent_posts
    glossary_backlinks: int = 5  # kb_glossary_backlinks
    glossary_split: int = 150  # kb_glossary_split
    create_tag_pages: bool = True  # tags_create_tags
    tags_overview_title: str = "Tags"
    tags_page_title: str = "Tag"
    tags_intro_text: str = "Tags:"

    @classmethod
    def of(cls, config) -> Options:
        return cls(
            paths=Paths.of(config),
            page_size=config.kb_page_size,
            recent_posts=config.kb_recent_posts,
            glossary_backlinks=config.kb_glossary_backlinks,
            glossary_split=config.kb_glossary_split,
            create_tag_pages=config.tags_create_tags,
            tags_overview_title=config.tags_overview_title,
            tags_page_title=config.tags_page_title,
            tags_intro_text=config.tags_intro_text,
        )

    def name_kinds(self) -> list[str]:
        """The kinds of names that get pages (tags only with ``tags_create_tags``)."""
        return ["category", "author"] + (["tag"] if self.create_tag_pages else [])
