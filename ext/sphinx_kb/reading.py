"""Reading a post: front matter out of the Markdown, its title in.

``source-read`` takes the front matter out of the text MyST sees (kb normalises
it instead), keeps every line's number, turns Liquid tags into Markdown and puts a
placeholder H1 in place of the opening fence (a post without front matter has no line
to spare: ``PostTransform`` makes that section itself). ``PostTransform`` then gives that H1
the post's title as a text node (never parsed as markup), puts the body's sections
under it, adds the ``<meta>`` tags and one ``kb_post_header`` node, which becomes the
byline and chips at write time (``postpage``).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from .core import liquid
from .autolinks import mark_keywords
from .core.frontmatter import Post, parse_front_matter, split_front_matter
from .core.text import excerpt
from .generate import PLACEHOLDER_TITLE
from .core.names import name_key

logger = logging.getLogger(__name__)


@dataclass
class PostRecord:
    """What the environment keeps of a post once read."""

    post: Post
    excerpt: str
    minutes: int

    @property
    def description(self) -> str:
        return self.post.description or self.excerpt


def is_post(app: Sphinx, docname: str) -> bool:
    """A published Markdown document matching ``kb_posts`` (as the prescan found)."""
    scan = getattr(app.env, "kb_scan", None)
    return scan is not None and docname in scan.posts


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    if not is_post(app, docname):
        return
    front, body, front_lines, split_problem = split_front_matter(source[0])
    scan = app.env.kb_scan
    if docname in scan.fronts and scan.fronts[docname][0] == front:  # parsed by the prescan
        post, problems = scan.posts[docname], scan.fronts[docname][1]
    else:
        post, problems = parse_front_matter(front, docname.rsplit("/", 1)[-1])
        problems = ([split_problem] if split_problem else []) + problems
    for problem in problems:
        logger.warning(problem.message, location=(docname, problem.line), type="kb", subtype="frontmatter")
    body, problems = liquid.convert(body, lambda name: _post_url(app, docname, name))
    for problem in problems:
        logger.warning(problem.message, location=(docname, problem.line), type="kb", subtype="liquid")
    if front_lines:
        lines = body.split("\n")
        lines[0] = f"# {PLACEHOLDER_TITLE}"  # the opening fence's line: no line moves
        body = "\n".join(lines)
    # without front matter there is no line to spare: PostTransform makes the title's section
    source[0] = body
    app.env.temp_data["kb_post"] = post


def _post_url(app: Sphinx, docname: str, name: str) -> str | None:
    scan = getattr(app.env, "kb_scan", None)
    if scan is None:
        return None
    for candidate in sorted(scan.posts):
        if candidate == name or candidate.endswith("/" + name):
            here = posixpath.dirname(scan.files.get(docname, docname))
            return posixpath.relpath(scan.files[candidate], here or ".")
    return None


def _text(text: str, classes: list[str] | None = None) -> nodes.inline:
    return nodes.inline(text, text, classes=classes or [])


def doc_link(docname: str, text: str, refdoc: str, classes: list[str]) -> nodes.inline:
    """A link to a document, in a span carrying ``classes`` (Sphinx drops the
    classes of a resolved ``doc`` reference's own content)."""
    xref = addnodes.pending_xref(
        "", _text(text), refdomain="std", reftype="doc", reftarget="/" + docname,
        refexplicit=True, refwarn=True, refdoc=refdoc,
    )
    return nodes.inline("", "", xref, classes=classes)


def term_link(term: str, refdoc: str, classes: list[str]) -> addnodes.pending_xref:
    return addnodes.pending_xref(
        "", _text(term, ["xref", "std", "std-term", *classes]), refdomain="std", reftype="term",
        reftarget=term, refexplicit=True, refwarn=True, refdoc=refdoc,
    )


class kb_post_header(nodes.General, nodes.Element):
    """Where a post's byline and chips go (filled in at write time)."""


class PostTransform(SphinxTransform):
    """A post's title, sections and meta tags; the titles of kb's own pages."""

    default_priority = 500

    def apply(self, **kwargs) -> None:
        temp = self.env.temp_data
        post: Post | None = temp.get("kb_post")
        title = post.title if post else temp.get("kb_title")
        if title is None:
            return
        first = next((s for s in self.document.findall(nodes.section)
                      if s.children and isinstance(s[0], nodes.title) and s[0].astext() == PLACEHOLDER_TITLE), None)
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
        # the byline and chips are added at write time (output.py): the doctree Sphinx
        # keeps and pickles holds one node for them; keyword mentions are marked now
        # (in the parallel read's workers) and get their addresses at write time
        first.insert(1, kb_post_header())
        if self.config.kb_glossary_autolink and post.keywords:
            mark_keywords(first, post.keywords)
        self._meta(record)

    def _title_section(self) -> nodes.section:
        """The section a placeholder H1 would have made, for a post without front matter
        (a line inserted for it would move every line number MyST reports)."""
        section = nodes.section(names=[PLACEHOLDER_TITLE])
        section += nodes.title(PLACEHOLDER_TITLE, PLACEHOLDER_TITLE)
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
        words = len(first.astext().split())
        return max(1, round(words / max(1, self.config.kb_words_per_minute)))

    def _meta(self, record: PostRecord) -> None:
        metas = []
        if record.description:
            metas.append(nodes.meta(content=record.description, name="description"))
        if record.post.keywords:
            metas.append(nodes.meta(content=", ".join(record.post.keywords), name="keywords"))
        for meta in reversed(metas):
            self.document.insert(0, meta)


