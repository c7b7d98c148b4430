"""What a post page shows around its text, added at write time: the byline and the
chips of its categories, tags and keywords (``header``, as kb's markup; ``output``
writes it), and the addresses of kb's own pages (``href``, ``link``).

Built from the post's record in the environment, with links resolved here (the
targets are kb's own pages and glossary anchors), so the doctree that Sphinx keeps
in memory and pickles holds one placeholder node instead of some twenty
cross-references per post. A post whose chips or keyword links would point
elsewhere (a glossary entry moving to another page) is written again through its
signature (see ``pipeline.on_env_get_updated``).
"""

from __future__ import annotations

import functools

from docutils import nodes
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.util.osutil import relative_uri

from .core import markup
from .config import Paths
from .core.frontmatter import Post
from .core.text import human_date
from .core.names import letter_slug, name_key, slug
from .reading import PostRecord


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


def term_target(env: BuildEnvironment, name: str) -> tuple[str, str] | None:
    """(glossary page, anchor) a keyword, alias or spelling links to; None if it is no entry."""
    return env.kb_term_pages.get(name_key(name))


def link_targets(env: BuildEnvironment, docname: str) -> list:
    """Where a post's keyword links point: part of its signature."""
    record: PostRecord | None = env.kb_records.get(docname)
    if record is None:
        return []
    return [term_target(env, k) for k in record.post.keywords]


@functools.lru_cache(maxsize=1 << 14)
def _target_uri(builder, docname: str) -> str:
    """The builder's URI of a page (kb links to the same few hundred pages from every post)."""
    return builder.get_target_uri(docname)


def href(builder: Builder, fromdoc: str, todoc: str, anchor: str = "") -> str:
    """The address of a page (and an anchor in it) from another page."""
    try:
        uri = relative_uri(_target_uri(builder, fromdoc), _target_uri(builder, todoc))
    except NotImplementedError:  # a builder without URIs
        uri = ""
    return uri + (f"#{anchor}" if anchor else "")


def link(builder: Builder, fromdoc: str, todoc: str, text: str, classes: list[str] | tuple[str, ...] = (),
         anchor: str = "") -> nodes.reference:
    """A resolved link between two pages (kb's own pages need no cross-reference)."""
    ref = nodes.reference("", "", internal=True, refuri=href(builder, fromdoc, todoc, anchor), classes=list(classes))
    ref += nodes.Text(text)
    return ref


def _term(env: BuildEnvironment, name: str, classes: tuple[str, ...]) -> markup.Inline:
    target = term_target(env, name)
    if target is None:
        return markup.Span(name, classes)
    return markup.Link(target[0], name, classes, target[1])


def byline(config, record: PostRecord) -> markup.Para:
    post = record.post
    paths = Paths.of(config)
    parts: list[markup.Inline] = [markup.Span(format_date(post), ("kb-date",))]
    if post.authors:
        parts.append(" · by ")
        for i, author in enumerate(post.authors):
            if i:
                parts.append(", ")
            parts.append(markup.Link(paths.listing("author", slug(author.name)), author.name, ("kb-author",)))
    parts.append(f" · {record.minutes} min read")
    return markup.Para(tuple(parts), ("kb-byline",))


def chips(env: BuildEnvironment, post: Post) -> markup.Box | None:
    config = env.config
    paths = Paths.of(config)
    tags_label = config.tags_intro_text.rstrip(":") or "Tags"
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
                parts.append(_term(env, name, classes))
            elif kind == "tag" and not config.tags_create_tags:
                parts.append(markup.Span(name, classes))
            else:
                parts.append(markup.Link(paths.listing(kind, slug(name)), name, classes))
        rows.append(markup.Para(tuple(parts), ("kb-chips", f"kb-chips-{kind}")))
    if not rows:
        return None
    return markup.Box(tuple(rows), ("kb-post-chips",))


def header(env: BuildEnvironment, docname: str) -> list[markup.Block]:
    """A post's byline and chips, as kb's markup."""
    record: PostRecord | None = env.kb_records.get(docname)
    if record is None:
        return []
    return [block for block in (byline(env.config, record), chips(env, record.post)) if block is not None]
