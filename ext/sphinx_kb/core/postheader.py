"""A post's byline and the chips of its categories, tags and keywords, as kb's markup.

Pure Python. Made at write time from the post's record and the site (a keyword
chip links to wherever its glossary entry is in this build).
"""

from __future__ import annotations

from collections.abc import Mapping

from . import markup
from .frontmatter import Post
from .names import name_key, slug
from .options import Options
from .records import PostRecord
from .site import Site
from .text import human_date


def format_date(post: Post) -> str:
    return human_date(post.date) if post.date else "Undated"


def byline(record: PostRecord, options: Options, display_names: Mapping[str, str] | None = None) -> markup.Para:
    """Date, authors (linked to their pages; shown under their display name from the
    descriptions file, ``display_names``: name key -> name) and reading time."""
    post = record.post
    display_names = display_names or {}
    paths = options.paths
    parts: list[markup.Inline] = [markup.Span(format_date(post), ("kb-date",))]
    if post.authors:
        parts.append(" · by ")
        for i, author in enumerate(post.authors):
            if i:
                parts.append(", ")
            shown = display_names.get(name_key(author.name), author.name)
            parts.append(markup.Link(paths.listing("author", slug(author.name)), shown, ("kb-author",)))
    parts.append(f" · {record.minutes} min read")
    return markup.Para(tuple(parts), ("kb-byline",))


def _keyword(site: Site, name: str, classes: tuple[str, ...]) -> markup.Inline:
    target = site.term_target(name)
    if target is None:
        return markup.Span(name, classes)
    return markup.Link(target[0], name, classes, target[1])


def chips(site: Site, post: Post, options: Options) -> markup.Box | None:
    paths = options.paths
    tags_label = options.tags_intro_text.rstrip(":") or "Tags"
    rows = []
    for kind, label, names in (("category", "Categories", post.categories), ("tag", tags_label, post.tags),
                               ("keyword", "Keywords", post.keywords)):
        if not names:
            continue
        parts: list[markup.Inline] = [markup.Span(f"{label}:", ("kb-chips-label",))]
        for name in names:
            parts.append(" ")
            classes = ("kb-chip", f"kb-chip-{kind}")
            if kind == "keyword":
                parts.append(_keyword(site, name, classes))
            elif kind == "tag" and not options.create_tag_pages:
                parts.append(markup.Span(name, classes))
            else:
                parts.append(markup.Link(paths.listing(kind, slug(name)), name, classes))
        rows.append(markup.Para(tuple(parts), ("kb-chips", f"kb-chips-{kind}")))
    if not rows:
        return None
    return markup.Box(tuple(rows), ("kb-post-chips",))


def header(site: Site, record: PostRecord, options: Options,
           display_names: Mapping[str, str] | None = None) -> list[markup.Block]:
    """A post's byline and chips."""
    blocks = (byline(record, options, display_names), chips(site, record.post, options))
    return [block for block in blocks if block is not None]


def keyword_targets(site: Site, record: PostRecord | None) -> list:
    """Where a post's keyword links and chips point: part of its signature."""
    if record is None:
        return []
    return [site.term_target(k) for k in record.post.keywords]
