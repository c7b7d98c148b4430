"""What the build keeps of a read post, and what a listing needs of any document.

Pure Python.
"""

from __future__ import annotations

from dataclasses import dataclass

from .frontmatter import Post
from .taxonomy import Entry


@dataclass
class PostRecord:
    """What the environment keeps of a post once read."""

    post: Post
    excerpt: str
    minutes: int

    @property
    def description(self) -> str:
        return self.post.description or self.excerpt


def post_entry(docname: str, post: Post, title: str | None = None, description: str = "") -> Entry:
    """A post's entry in the taxonomy: its names, its date, and what listings show."""
    return Entry(
        docname=docname,
        title=title or post.title,
        sort_key=post.sort_key,
        date_text=post.date.isoformat() if post.date else "",
        description=description,
        names={
            "tag": post.tags,
            "category": post.categories,
            "author": tuple(author.name for author in post.authors),
            "keyword": post.keywords,
        },
    )


def tagged_page_entry(docname: str, title: str, tags: tuple[str, ...]) -> Entry:
    """A page that is not a post but carries tags (sphinx-tags' ``{tags}`` directive)."""
    return Entry(docname, title, is_post=False, names={"tag": tuple(tags)})
