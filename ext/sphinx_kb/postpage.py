"""What a post page shows around its text, added at write time: the byline, the
chips of its categories, tags and keywords, and links from the first mention of
each keyword to its glossary entry.

Built at ``doctree-resolved`` from the post's record in the environment, with
links resolved here (the targets are kb's own pages and glossary anchors), so the
doctree that Sphinx keeps in memory and pickles holds one placeholder node
instead of some twenty cross-references per post. A post whose chips would point
elsewhere (a glossary entry moving to another page) is written again through its
signature (see ``pipeline.on_env_get_updated``).
"""

from __future__ import annotations

import functools
import re

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.util.osutil import relative_uri

from .config import Paths
from .frontmatter import Post, human_date
from .names import clean_text, letter_slug, name_key, slug
from .reading import PostRecord, kb_post_header


def format_date(post: Post) -> str:
    return human_date(post.date) if post.date else "Undated"


def term_pages(env: BuildEnvironment) -> dict[str, tuple[str, str]]:
    """name key -> (glossary page, anchor) for every keyword, alias and spelling."""
    paths = Paths.of(env.config)
    split = len(env.kb_glossary.entries) > env.config.kb_glossary_split
    pages: dict[str, tuple[str, str]] = {}
    for entry in env.kb_glossary.entries:
        page = f"{paths.folder('glossary')}/{letter_slug(entry.letter)}" if split else paths.overview("glossary")
        for key in entry.keys:
            pages[key] = (page, entry.anchor)
        for alias in entry.aliases:
            pages[name_key(alias)] = (page, f"term-{slug(alias)}")
    return pages


def link_targets(env: BuildEnvironment, docname: str) -> list:
    """Where a post's keyword links point: part of its signature."""
    record: PostRecord | None = env.kb_records.get(docname)
    if record is None:
        return []
    return [env.kb_term_pages.get(name_key(k)) for k in record.post.keywords]


@functools.lru_cache(maxsize=1 << 14)
def _target_uri(builder, docname: str) -> str:
    """The builder's URI of a page (kb links to the same few hundred pages from every post)."""
    return builder.get_target_uri(docname)


def link(builder: Builder, fromdoc: str, todoc: str, text: str, classes: list[str] | None = None,
         anchor: str = "") -> nodes.reference:
    """A resolved link between two pages (kb's own pages need no cross-reference)."""
    try:
        uri = relative_uri(_target_uri(builder, fromdoc), _target_uri(builder, todoc))
    except NotImplementedError:  # a builder without URIs
        uri = ""
    ref = nodes.reference("", "", internal=True, refuri=uri + (f"#{anchor}" if anchor else ""), classes=classes or [])
    ref += nodes.Text(text)
    return ref


def _term(builder: Builder, docname: str, name: str, classes: list[str]) -> nodes.Node:
    target = builder.env.kb_term_pages.get(name_key(name))
    if target is None:
        return nodes.inline(name, name, classes=classes)
    return link(builder, docname, target[0], name, classes, target[1])


def byline(builder: Builder, docname: str, record: PostRecord) -> nodes.paragraph:
    post = record.post
    paths = Paths.of(builder.config)
    para = nodes.paragraph(classes=["kb-byline"])
    para += nodes.inline("", format_date(post), classes=["kb-date"])
    if post.authors:
        para += nodes.Text(" · by ")
        for i, author in enumerate(post.authors):
            if i:
                para += nodes.Text(", ")
            para += link(builder, docname, paths.listing("author", slug(author.name)), author.name, ["kb-author"])
    para += nodes.Text(f" · {record.minutes} min read")
    return para


def chips(builder: Builder, docname: str, post: Post) -> nodes.container | None:
    paths = Paths.of(builder.config)
    tags_label = builder.config.tags_intro_text.rstrip(":") or "Tags"
    rows = []
    for kind, label, names in (("category", "Categories", post.categories), ("tag", tags_label, post.tags),
                               ("keyword", "Keywords", post.keywords)):
        if not names:
            continue
        row = nodes.paragraph(classes=["kb-chips", f"kb-chips-{kind}"])
        row += nodes.inline("", f"{label}:", classes=["kb-chips-label"])
        for name in names:
            row += nodes.Text(" ")
            classes = ["kb-chip", f"kb-chip-{kind}"]
            if kind == "keyword":
                row += _term(builder, docname, name, classes)
            elif kind == "tag" and not builder.config.tags_create_tags:
                row += nodes.inline(name, name, classes=classes)
            else:
                row += link(builder, docname, paths.listing(kind, slug(name)), name, classes)
        rows.append(row)
    if not rows:
        return None
    return nodes.container("", *rows, classes=["kb-post-chips"])


def populate(builder: Builder, header: kb_post_header, docname: str) -> None:
    """The byline and chips in place of the header, and the keyword links after it."""
    record: PostRecord | None = builder.env.kb_records.get(docname)
    if record is None:
        return
    header.extend(n for n in (byline(builder, docname, record), chips(builder, docname, record.post)) if n is not None)
    if builder.config.kb_glossary_autolink and record.post.keywords and header.parent is not None:
        autolink_keywords(builder, header.parent, docname, record.post.keywords)


def visit_post_header(translator, node: kb_post_header) -> None:
    """HTML: filled in by the translator, which runs in the worker processes of a
    parallel build (Sphinx resolves every doctree in the main process)."""
    populate(translator.builder, node, translator.builder.current_docname)


def depart_post_header(translator, node: kb_post_header) -> None:
    pass


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Other builders (text, LaTeX, linkcheck…): the same nodes, put in the doctree."""
    if app.builder.format == "html":
        return
    for header in list(doctree.findall(kb_post_header)):
        populate(app.builder, header, docname)
        header.replace_self(header.children[:] or [])


_SKIP = (nodes.title, nodes.literal, nodes.literal_block, nodes.reference, nodes.raw, addnodes.pending_xref,
         nodes.target, nodes.comment, nodes.math, nodes.math_block, nodes.FixedTextElement)


def autolink_keywords(builder: Builder, section: nodes.Element, docname: str, keywords: tuple[str, ...]) -> None:
    """Link the first mention of each keyword in the body text to its glossary entry.

    One pass over the text nodes outside code, links, titles and kb's own chips,
    with one pattern for all the post's keywords, longest first (so a keyword
    inside a longer one already linked is not linked there)."""
    wanted = {clean_text(k).casefold(): k for k in keywords if name_key(k) in builder.env.kb_term_pages}
    if not wanted:
        return
    alternatives = "|".join(re.escape(k) for k in sorted(wanted, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)({alternatives})(?!\w)", re.IGNORECASE)
    for text in _linkable_texts(section):
        value = str(text)
        pieces: list[nodes.Node] = []
        position = 0
        for match in pattern.finditer(value):
            keyword = wanted.pop(match.group(0).casefold(), None)
            if keyword is None:
                continue  # linked earlier
            if match.start() > position:
                pieces.append(nodes.Text(value[position : match.start()]))
            page, anchor = builder.env.kb_term_pages[name_key(keyword)]
            pieces.append(link(builder, docname, page, match.group(0), ["kb-autolink"], anchor))
            position = match.end()
        if not pieces:
            continue
        if position < len(value):
            pieces.append(nodes.Text(value[position:]))
        text.parent.replace(text, pieces)
        if not wanted:
            return


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
