"""Reading a post: front matter out of the Markdown, its title, byline and chips in.

``source-read`` takes the front matter out of the text MyST sees (kb normalises
it instead), keeps every line's number, turns Liquid tags into Markdown and puts a
placeholder H1 in place of the opening fence. ``PostTransform`` then gives that H1
the post's title as a text node (never parsed as markup), puts the body's sections
under it and adds the byline, the chips and the ``<meta>`` tags.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from . import liquid
from .config import Paths
from .frontmatter import Post, excerpt, read_post
from .generate import PLACEHOLDER_TITLE
from .names import clean_text, name_key, slug

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
    parsed = read_post(source[0], docname.rsplit("/", 1)[-1])
    for problem in parsed.problems:
        logger.warning(problem.message, location=(docname, problem.line), type="kb", subtype="frontmatter")
    body, problems = liquid.convert(parsed.body, lambda name: _post_url(app, docname, name))
    for problem in problems:
        logger.warning(problem.message, location=(docname, problem.line), type="kb", subtype="liquid")
    lines = body.split("\n")
    if parsed.front_matter_lines:
        lines[0] = f"# {PLACEHOLDER_TITLE}"  # the opening fence's line: no line moves
    else:
        lines.insert(0, f"# {PLACEHOLDER_TITLE}")
    source[0] = "\n".join(lines)
    app.env.temp_data["kb_post"] = parsed.post


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


def format_date(post: Post) -> str:
    return f"{post.date.day} {post.date:%B %Y}" if post.date else "Undated"


class PostTransform(SphinxTransform):
    """Title, byline, chips and meta tags of a post; titles of kb's own pages."""

    default_priority = 500

    def apply(self, **kwargs) -> None:
        temp = self.env.temp_data
        post: Post | None = temp.get("kb_post")
        title = post.title if post else temp.get("kb_title")
        if title is None:
            return
        first = next((s for s in self.document.findall(nodes.section)
                      if s.children and isinstance(s[0], nodes.title) and s[0].astext() == PLACEHOLDER_TITLE), None)
        if first is None:
            return
        first[0].children = []
        first[0] += nodes.Text(title)
        if post is None:
            return
        self._gather_sections(first, post.title)
        paths = Paths.of(self.config)
        docname = self.env.docname
        record = PostRecord(post, self._excerpt(first), self._minutes(first))
        temp["kb_record"] = record
        position = 1
        for node in (self._byline(record, paths, docname), self._chips(post, paths, docname)):
            if node is not None:
                first.insert(position, node)
                position += 1
        self._meta(record)
        if self.config.kb_glossary_autolink and post.keywords:
            autolink_keywords(first, post.keywords, docname)
        self.document["kb_post"] = True

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

    def _byline(self, record: PostRecord, paths: Paths, docname: str) -> nodes.paragraph:
        post = record.post
        byline = nodes.paragraph(classes=["kb-byline"])
        byline += _text(format_date(post), ["kb-date"])
        if post.authors:
            byline += nodes.Text(" · by ")
            for i, author in enumerate(post.authors):
                if i:
                    byline += nodes.Text(", ")
                byline += doc_link(paths.listing("author", slug(author.name)), author.name, docname, ["kb-author"])
        byline += nodes.Text(" · ")
        byline += _text(f"{record.minutes} min read", ["kb-reading-time"])
        return byline

    def _chips(self, post: Post, paths: Paths, docname: str) -> nodes.container | None:
        rows = []
        kinds = [("category", "Categories", post.categories), ("tag", self.config.tags_intro_text.rstrip(":") or "Tags", post.tags),
                 ("keyword", "Keywords", post.keywords)]
        for kind, label, names in kinds:
            if not names:
                continue
            row = nodes.paragraph(classes=["kb-chips", f"kb-chips-{kind}"])
            row += _text(f"{label}:", ["kb-chips-label"])
            for name in names:
                row += nodes.Text(" ")
                classes = ["kb-chip", f"kb-chip-{kind}"]
                if kind == "keyword":
                    row += term_link(name, docname, classes)
                elif kind == "tag" and not self.config.tags_create_tags:
                    row += _text(name, classes)
                else:
                    row += doc_link(paths.listing(kind, slug(name)), name, docname, classes)
            rows.append(row)
        if not rows:
            return None
        container = nodes.container(classes=["kb-post-chips"])
        container.extend(rows)
        return container

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


_SKIP = (nodes.title, nodes.literal, nodes.literal_block, nodes.reference, nodes.raw,
         addnodes.pending_xref, nodes.target, nodes.comment, nodes.math, nodes.math_block)


def autolink_keywords(section: nodes.section, keywords: tuple[str, ...], docname: str) -> None:
    """Link the first mention of each keyword in the body text to its glossary entry.

    One pass over the text nodes outside code, links, titles and kb's own chips,
    with one pattern for the keywords not linked yet (longest first)."""
    wanted = {clean_text(k).casefold(): k for k in keywords}
    pattern = _keyword_pattern(wanted)
    for text in _linkable_texts(section):
        value = str(text)
        pieces: list[nodes.Node] = []
        position = 0
        for match in pattern.finditer(value):
            keyword = wanted.pop(match.group(0).casefold(), None)
            if keyword is None:
                continue  # linked earlier in this text node
            if match.start() > position:
                pieces.append(nodes.Text(value[position : match.start()]))
            link = term_link(match.group(0), docname, ["kb-autolink"])
            link["reftarget"] = keyword
            pieces.append(link)
            position = match.end()
        if not pieces:
            continue
        if position < len(value):
            pieces.append(nodes.Text(value[position:]))
        text.parent.replace(text, pieces)
        if not wanted:
            return
        pattern = _keyword_pattern(wanted)


def _keyword_pattern(keys) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    return re.compile(rf"(?<!\w)({alternatives})(?!\w)", re.IGNORECASE)


def _linkable_texts(node: nodes.Node) -> list[nodes.Text]:
    """Text nodes in document order, outside the subtrees autolinks never enter."""
    found: list[nodes.Text] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, nodes.Text):
            found.append(current)
            continue
        if isinstance(current, _SKIP) or any(c.startswith("kb-") for c in current.get("classes", [])):
            continue
        stack.extend(reversed(current.children))
    return found
