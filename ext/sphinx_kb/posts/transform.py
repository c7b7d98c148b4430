"""A post's title, sections and meta tags, and the stand-in of its byline and chips.

``PostTransform`` gives the stand-in heading (``core.pages.TITLE_STAND_IN``) its
title as a text node, never parsed as markup: a post's title from its front matter,
a generated page's from the plan (``env.current_document["kb_title"]``, set by ``{kb-page}``).
For a post it then puts the body's sections under the title, records the post
(``core.records.PostRecord``), adds the ``<meta>`` description and keywords, one
``kb_post_header`` node (filled with the byline and chips at write time), one
``kb_post_footer`` after the text (filled by the ``kb-post-footer`` event), and marks
the first mention of each keyword (``posts.keywords``).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms import SphinxTransform

from ..core.frontmatter import Post
from ..core.names import name_key
from ..core.pages import TITLE_STAND_IN
from ..core.records import PostRecord
from ..core.text import excerpt
from ..writing.standins import kb_post_footer, kb_post_header
from .keywords import mark_keywords

__all__ = ["PostTransform"]


class PostTransform(SphinxTransform):
    default_priority = 500

    def apply(self, **kwargs) -> None:
        temp = self.env.current_document
        post: Post | None = temp.get("kb_post")
        title = post.title if post else temp.get("kb_title")
        if title is None:
            return
        first = next((s for s in self.document.findall(nodes.section)
                      if s.children and isinstance(s[0], nodes.title) and s[0].astext() == TITLE_STAND_IN), None)
        if first is None and post is not None:
            first = self._title_section()
        if first is None:
            return
        first[0].children = []
        first[0] += nodes.Text(title)
        if post is None:
            return
        self._gather_sections(first, post.title)
        record = PostRecord(post, self._excerpt(first), self._minutes(first))
        temp["kb_record"] = record
        # the byline and chips are added at write time: the doctree Sphinx keeps and
        # pickles holds one node for them; keyword mentions are marked now (in the
        # parallel read's workers) and get their addresses at write time
        first.insert(1, kb_post_header())
        first.append(kb_post_footer())
        if self.config.kb_glossary_autolink and post.keywords:
            mark_keywords(first, post.keywords)
        self._meta(record)

    def _title_section(self) -> nodes.section:
        """The section a stand-in heading would have made, for a post without front
        matter (a line inserted for it would move every line number MyST reports)."""
        section = nodes.section(names=[TITLE_STAND_IN])
        section += nodes.title(TITLE_STAND_IN, TITLE_STAND_IN)
        section.source = section[0].source = self.document.get("source")
        section.line = section[0].line = 1
        self.document.insert(0, section)
        self.document.note_implicit_target(section, section)
        return section

    def _gather_sections(self, first: nodes.section, title: str) -> None:
        """Sections after the title go under it; a body H1 equal to the title is dropped."""
        parent = first.parent
        index = parent.index(first)
        for section in list(parent.children[index + 1 :]):
            parent.remove(section)
            if isinstance(section, nodes.section) and section.children and name_key(section[0].astext()) == name_key(title):
                first.extend(section.children[1:])
            else:
                first.append(section)

    @staticmethod
    def _excerpt(first: nodes.section) -> str:
        for paragraph in first.findall(nodes.paragraph):
            if any(c.startswith("kb-") for c in paragraph["classes"]):
                continue
            parent = paragraph.parent
            if isinstance(parent, (nodes.section, nodes.document)) and paragraph.astext().strip():
                return excerpt(paragraph.astext())
        return ""

    def _minutes(self, first: nodes.section) -> int:
        """Reading time from MyST's word count (words of the text, code left out;
        ``env.metadata[docname]["wordcount"]``), or the section's words without it."""
        counted = self.env.metadata[self.env.docname].get("wordcount", {}).get("words")
        words = counted if isinstance(counted, int) else len(first.astext().split())
        return max(1, round(words / max(1, self.config.kb_words_per_minute)))

    def _meta(self, record: PostRecord) -> None:
        metas = []
        if record.description:
            metas.append(nodes.meta(content=record.description, name="description"))
        # the tags too: Sphinx's search adds a page's meta keywords to its words (readers.search)
        words: dict[str, str] = {}
        for name in (*record.post.keywords, *record.post.tags):
            words.setdefault(name_key(name), name)
        if words:
            metas.append(nodes.meta(content=", ".join(words.values()), name="keywords"))
        for meta in reversed(metas):
            self.document.insert(0, meta)
