"""The descriptions file (``kb_descriptions_file``): what a tag or category is about,
and who an author is, shown on their pages and in the byline.

builder-inited     the file read (``core.descriptions``; its problems are warnings at
                   its lines); authors' display names for the byline
                   (``BuildState.display_names``); with ``kb_tags_allowed``, each tag
                   of a post the file does not list is a warning at the post's
                   ``tags:`` line (at every build, from the prescan: the list is only
                   right if every post is checked against the file as it is now)
doctree-resolved   on a tag's, category's or author's page, before its listing: the
                   description, or the author's photo, display name, bio and link
                   (docutils nodes: the search index finds their words)
env-get-updated    when the file changed, the pages it changed (the names' pages,
                   the posts whose byline shows a changed author) are written again;
                   nothing is read again
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from ..core.descriptions import AuthorProfile, Descriptions, load_descriptions, unknown_names
from ..core.frontmatter import Author
from ..state.domain import KbDomain
from ..writing.standins import kb_listing
from .files import find_file

__all__ = ["author_person", "on_builder_inited", "on_doctree_resolved", "on_env_get_updated"]

logger = logging.getLogger(__name__)

#: the kinds of names the file describes, with a page each
KINDS = ("tag", "category", "author")


def descriptions_file(app: Sphinx) -> Path | None:
    value = app.config.kb_descriptions_file
    return Path(app.srcdir) / value if value else None


def load(app: Sphinx) -> Descriptions:
    path = descriptions_file(app)
    if path is None:
        return Descriptions()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        logger.warning("kb: cannot read the descriptions file %s (%s)", path, error, location=f"{path}:1",
                       type="kb", subtype="descriptions")
        return Descriptions()
    found, problems = load_descriptions(text)
    for problem in problems:
        logger.warning("kb: %s", problem.message, location=f"{path}:{problem.line}", type="kb", subtype="descriptions")
    return found


def on_builder_inited(app: Sphinx) -> None:
    domain = KbDomain.of(app.env)
    found = load(app)
    domain.build.descriptions = found
    domain.build.display_names = {key: profile.display_name for key, profile in found.authors.items()}
    path = descriptions_file(app)
    for profile in dict.fromkeys(found.authors.values()):
        if profile.photo and "://" not in profile.photo and find_file(app.env, profile.photo) is None:
            logger.warning("kb: author %r: photo %s is not an image file of the source folder (nor of kb_static_root)",
                           profile.name, profile.photo, location=f"{path}:{profile.line}", type="kb",
                           subtype="descriptions")
    if not app.config.kb_tags_allowed:
        return
    if descriptions_file(app) is None:
        logger.warning("kb: kb_tags_allowed needs kb_descriptions_file, the file that lists the tags",
                       type="kb", subtype="descriptions")
        return
    scan = domain.plan.scan
    srcdir = Path(app.srcdir)
    for docname, post in sorted(scan.posts.items()):
        for problem in unknown_names(post, found, "tag"):
            logger.warning("kb: %s", problem.message, location=f"{srcdir / scan.files[docname]}:{problem.line}",
                           type="kb", subtype="tags")


def author_person(domain: KbDomain, author: Author) -> tuple[str, str | None]:
    """(display name, http(s) link or None) of a post's author."""
    profile: AuthorProfile | None = (domain.build.descriptions or Descriptions()).author(author.name)
    if profile is None:
        return author.name, author.url
    return profile.display_name, profile.link or author.url


def _term_of(domain: KbDomain, docname: str):
    """(kind, term) of a name's own first page, or None."""
    page = domain.plan.pages.get(docname) if domain.plan is not None else None
    spec = page.listing if page is not None else None
    if spec is None or spec.kind != "term" or spec.type not in KINDS or domain.site is None:
        return None
    term = domain.site.terms_by_slug[spec.type].get(spec.slug)
    return (spec.type, term) if term is not None else None


def shown(domain: KbDomain, docname: str, found: Descriptions):
    """What a page shows of the file: a name's description or profile, a post's
    authors' names and links (its byline, its JSON-LD)."""
    record = domain.records.get(docname)
    if record is not None:
        return [repr(found.author(author.name)) for author in record.post.authors]
    term = _term_of(domain, docname)
    if term is None:
        return None
    kind, found_term = term
    return repr(found.author(found_term.name) if kind == "author" else found.describe(kind, found_term.name))


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    domain = KbDomain.of(env)
    new = domain.build.descriptions or Descriptions()
    old = domain.data.get("descriptions")
    domain.data["descriptions"] = new
    if not isinstance(old, Descriptions) or old == new or domain.site is None:
        return []
    candidates = set(domain.records) | {d for d in domain.plan.pages if _term_of(domain, d) is not None}
    return sorted(d for d in candidates if d in env.all_docs and shown(domain, d, old) != shown(domain, d, new))


def _intro(app: Sphinx, domain: KbDomain, docname: str, kind: str, name: str) -> list[nodes.Node]:
    found = domain.build.descriptions or Descriptions()
    if kind != "author":
        described = found.describe(kind, name)
        if described is None or not described.description:
            return []
        return [nodes.paragraph("", described.description, classes=["kb-term-description"])]
    profile = found.author(name)
    if profile is None:
        return []
    box = nodes.container(classes=["kb-author-profile"])
    if profile.photo:
        uri = profile.photo if "://" in profile.photo else _relative(app, docname, profile.photo)
        # "?": Sphinx's mark for an image it does not copy (readers.files copies it)
        box += nodes.image(uri=uri, alt=profile.display_name, candidates={"?": uri}, classes=["kb-author-photo"])
    if profile.display_name != profile.name or profile.bio or profile.link:
        box += nodes.paragraph("", "", nodes.strong("", profile.display_name), classes=["kb-author-name"])
    if profile.bio:
        box += nodes.paragraph("", profile.bio, classes=["kb-author-bio"])
    if profile.link:
        box += nodes.paragraph("", "", nodes.reference("", profile.link, refuri=profile.link), classes=["kb-author-link"])
    return [box] if len(box) else []


def _relative(app: Sphinx, docname: str, path: str) -> str:
    """A file of the output folder's address from a page."""
    try:
        return relative_uri(app.builder.get_target_uri(docname), path)
    except NotImplementedError:  # a builder without addresses
        return path


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    domain = KbDomain.of(app.env)
    term = _term_of(domain, docname)
    if term is None:
        return
    kind, found_term = term
    intro = _intro(app, domain, docname, kind, found_term.name)
    listing = next(iter(doctree.findall(kb_listing)), None)
    if not intro or listing is None:
        return
    parent = listing.parent
    index = parent.index(listing)
    for offset, node in enumerate(intro):
        parent.insert(index + offset, node)
