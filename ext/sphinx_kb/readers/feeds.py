"""The site's feeds: Atom and JSON Feed 1.1 of the newest posts, for the whole site
(``feed.xml``, ``feed.json``, jekyll-feed's address) and for each tag and category
(``<kb_output_dir>/feeds/tags/<slug>.xml``…, like jekyll-feed's per-tag feeds).

build-finished     every feed made from this build's site (``core.feeds``): only
                   published posts are in it, so a draft or a future post is in none.
                   A feed is made again only when what it holds changed (a signature
                   per feed, kept in the doctree folder with the list of files kb
                   wrote), and written only when its bytes changed; a feed no longer
                   wanted (an emptied tag) is deleted. By a process forked with the
                   first page written (``readers.feeds_ahead``), else in the main
                   process once the pages are: a parallel build gives the same feeds.
html-page-context  ``<link rel="alternate">`` to the site's feeds on every page, and to
                   a tag's or category's own on its listing pages; with
                   ``kb_feed_full_content``, the post's HTML (links made absolute, kb's
                   byline, chips and footer left out) kept in the doctree folder for
                   its entry, as a post is written only when it changed.

Feeds need absolute addresses (``readers.addresses``): without a base, none is made
(one message in the log). The web builders only (html, dirhtml); ``kb_feeds = False``
turns them off.
"""

from __future__ import annotations

import hashlib
import html
import json
from dataclasses import dataclass, replace
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from ..core import feeds, taxonomy
from ..core.feeds import FeedEntry, FeedInfo, FeedOptions, Person
from ..core.frontmatter import Author
from ..core.options import Options
from ..core.pages import term_title
from ..core.postmeta import updated_moment
from ..core.publishing import post_moment
from ..core.safepaths import writable_through
from ..writing.output import write_output
from ..state.domain import KbDomain
from . import jekyll_feeds
from .addresses import absolute, base_url, for_the_web, page_url
from .descriptions import author_person
from . import cards
from .sharing import image_url, zone
from .unchanged import MadeFrom

__all__ = ["enabled", "feeds_base", "make", "on_build_finished", "on_html_page_context", "planned", "previous"]

logger = logging.getLogger(__name__)

STATE_FILE = "kb-feeds.json"
CONTENT_FOLDER = "kb-feed-content"
SITE_FEED = "feed"
FOLDERS = {"tag": "tags", "category": "categories"}
FORMATS = ((".xml", "application/atom+xml", "Atom"), (".json", "application/feed+json", "JSON Feed"))
ATOM_ONLY = "="  # a state key so marked is one Atom file at that path (``jekyll_feeds``)
#: what a feed entry's full content leaves out: shown by the feed reader itself, or links to the site
LEFT_OUT = ("headerlink", "kb-byline", "kb-post-chips", "kb-related", "kb-linked-from", "kb-neighbours")


@dataclass(frozen=True)
class PlannedFeed:
    path: str  # in the output folder, without the suffix
    title: str
    home: str | None  # the page it belongs to (None: the site's)
    docnames: tuple[str, ...]


def enabled(app: Sphinx) -> bool:
    return bool(app.config.kb_feeds) and for_the_web(app)


def feeds_base(app: Sphinx, domain: KbDomain) -> str | None:
    """The site's address when this build makes feeds (turned on, for the web, with an
    address, after reading), else None."""
    base = base_url(app.config)
    return base if enabled(app) and base is not None and domain.site is not None else None


def planned(app: Sphinx, domain: KbDomain) -> list[PlannedFeed]:
    site = domain.site
    options = Options.of(app.config)
    project = app.config.project
    found = [PlannedFeed(SITE_FEED, project, None, tuple(site.taxonomy.recent))]
    for kind in ("tag", "category"):
        if kind not in options.name_kinds():
            continue
        for term in sorted(site.taxonomy.terms[kind].values(), key=lambda t: t.slug):
            posts = tuple(d for d in term.docnames if site.taxonomy.entries[d].is_post)
            found.append(PlannedFeed(f"{options.paths.root}/feeds/{FOLDERS[kind]}/{term.slug}",
                                     f"{project}: {term_title(kind, term.name, options)}",
                                     options.paths.listing(kind, term.slug), posts))
    return found


def feed_pages(app: Sphinx, domain: KbDomain) -> dict[str, PlannedFeed]:
    """Listing page (first and further) -> its feed; once per build."""
    cached = domain.build.readers.get("feed_pages")
    if cached is not None and cached[0] is domain.site:
        return cached[1]
    size = Options.of(app.config).page_size
    pages: dict[str, PlannedFeed] = {}
    for feed in planned(app, domain)[1:]:
        pages[feed.home] = feed
        for number in range(2, len(taxonomy.paginate(list(feed.docnames), size)) + 1):
            pages[f"{feed.home}/{number}"] = feed
    domain.build.readers["feed_pages"] = (domain.site, pages)
    return pages


def _links(base: str, feed: PlannedFeed) -> str:
    return "".join(f'<link rel="alternate" type="{kind}" title="{html.escape(f"{feed.title} ({name})")}" '
                   f'href="{html.escape(absolute(base, feed.path + suffix))}" />\n'
                   for suffix, kind, name in FORMATS)


def _content_file(app: Sphinx, docname: str) -> Path:
    digest = hashlib.blake2s(docname.encode("utf-8"), digest_size=12).hexdigest()
    return Path(app.doctreedir) / CONTENT_FOLDER / f"{digest}.html"


def feed_content(body: str, url: str) -> str:
    """A post's HTML for a feed reader: every address absolute, kb's additions out
    (lxml.html imported here, by the sites that want full content only)."""
    from lxml import html as lxml_html

    fragment = lxml_html.fragment_fromstring(body, create_parent="div")
    for name in LEFT_OUT:
        for element in fragment.xpath(f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"):
            element.drop_tree()
    title = next(iter(fragment.xpath("//h1")), None)
    if title is not None:
        title.drop_tree()
    fragment.make_links_absolute(url, resolve_base_href=False)
    inner = (fragment.text or "") + "".join(lxml_html.tostring(child, encoding="unicode") for child in fragment)
    return inner.strip() + "\n"


def on_html_page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    domain = KbDomain.of(app.env)
    base = feeds_base(app, domain)
    if base is None:
        return
    links = _links(base, PlannedFeed(SITE_FEED, app.config.project, None, ()))
    own = feed_pages(app, domain).get(pagename)
    if own is not None:
        links += _links(base, own)
    context["metatags"] = context.get("metatags", "") + links
    if app.config.kb_feed_full_content and doctree is not None and pagename in domain.records:
        path = _content_file(app, pagename)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(feed_content(context.get("body", ""), page_url(app, base, pagename)), encoding="utf-8")


def _entries(app: Sphinx, domain: KbDomain, base: str) -> dict[str, FeedEntry]:
    """Every published post as a feed entry, by docname."""
    site = domain.site
    options = Options.of(app.config)
    author_pages = "author" in options.name_kinds()
    here = zone(domain)
    people: dict[Author, Person] = {}  # a site has few authors, each in many posts

    def person(author: Author) -> Person:
        found = people.get(author)
        if found is None:
            name, link = author_person(domain, author)
            term = site.term("author", author.name)
            if link is None and term is not None and author_pages:
                link = page_url(app, base, options.paths.listing("author", term.slug))
            found = people[author] = Person(name, link)
        return found

    found = {}
    ids = jekyll_feeds.entry_ids(app, domain)
    for docname in site.taxonomy.recent:
        record = domain.records.get(docname)
        if record is None:
            continue
        post = record.post
        image, _ = cards.card(app.env, post)
        found[docname] = FeedEntry(
            url=app.builder.get_target_uri(docname), id=ids.get(docname), title=site.taxonomy.entries[docname].title,
            published=post_moment(post, here), updated=updated_moment(post, here)[0],
            authors=tuple(person(author) for author in post.authors),
            categories=post.categories, tags=post.tags, summary=record.description,
            image=image_url(app, base, docname, image))
    return found


def _with_content(app: Sphinx, docname: str, entry: FeedEntry, contents: dict[str, str | None]) -> FeedEntry:
    """The entry with the post's HTML, kept when its page was written (read once per
    build, for the entries a feed shows)."""
    if docname not in contents:
        try:
            contents[docname] = _content_file(app, docname).read_text(encoding="utf-8")
        except OSError:
            contents[docname] = None  # written with the post's page; the summary stands in until then
    return replace(entry, content_html=contents[docname])


def _signature(*parts) -> str:
    return hashlib.blake2s(json.dumps(parts, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def _write(app: Sphinx, path: Path, data: bytes) -> bool:
    return write_output(app, path, data, "feed", "feeds")


def _files(key: str) -> list[str]:
    """The files of a feed, by its key in the state file."""
    return [key[len(ATOM_ONLY):]] if key.startswith(ATOM_ONLY) else [key + suffix for suffix, _, _ in FORMATS]


def _remove(outdir: Path, paths) -> None:
    """Feeds kb wrote and no longer wants; folders they leave empty too."""
    for path in sorted(paths):
        for file in _files(path):
            target = outdir / file
            if not writable_through(outdir, target) or not target.is_file():
                continue
            target.unlink()
            folder = target.parent
            while folder != outdir and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent


def previous(app: Sphinx) -> dict[str, str]:
    """The feeds kb wrote last, and their signatures."""
    try:
        old = json.loads((Path(app.doctreedir) / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return old if isinstance(old, dict) else {}


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not for_the_web(app):
        return
    domain = KbDomain.of(app.env)
    base = feeds_base(app, domain)
    old = previous(app)
    outdir = Path(app.outdir)
    if base is None:
        if old:  # feeds turned off, or the address gone: those written before go
            _remove(outdir, old)
            (Path(app.doctreedir) / STATE_FILE).unlink(missing_ok=True)
        return
    made_from = MadeFrom(app, "feeds", repr(jekyll_feeds.settings(domain)))  # _config.yml's feed: too
    if made_from.unchanged(outdir / file for path in old for file in _files(path)):
        return
    if not domain.build.feeds_made_ahead:  # readers.feeds_ahead
        make(app, domain, base, old)
    made_from.made()


def make(app: Sphinx, domain: KbDomain, base: str, old: dict[str, str]) -> None:
    """Each feed made again if what it holds changed, and written if its bytes did;
    those no longer wanted (in ``old``, the feeds written last) removed; the signatures saved."""
    outdir = Path(app.outdir)
    state_path = Path(app.doctreedir) / STATE_FILE
    options = FeedOptions(jekyll_feeds.feed_length(app, domain), app.config.kb_feed_full_content)
    entries = _entries(app, domain, base)
    docnames = {entry.url: docname for docname, entry in entries.items()}
    contents: dict[str, str | None] = {}
    # an entry is in several feeds (the site's, its tags', its categories'): its digest is
    # taken once; the entry is kept with it, so that no other object takes its id
    digests: dict[int, tuple[FeedEntry, str]] = {}

    def entry_digest(entry: FeedEntry) -> str:
        if id(entry) not in digests:
            digests[id(entry)] = (entry, _signature(entry))
        return digests[id(entry)][1]

    new: dict[str, str] = {}
    made = 0
    for feed in planned(app, domain):
        chosen = feeds.select([entries[d] for d in feed.docnames if d in entries], options.length)
        if options.full_content:
            chosen = [_with_content(app, docnames[entry.url], entry, contents) for entry in chosen]
        home = base if feed.home is None else page_url(app, base, feed.home)
        infos = [FeedInfo(feed.title, home, absolute(base, feed.path + suffix), app.config.language or None)
                 for suffix, _, _ in FORMATS]
        signature = _signature(infos, [entry_digest(entry) for entry in chosen], options)
        new[feed.path] = signature
        files = [outdir / (feed.path + suffix) for suffix, _, _ in FORMATS]
        if old.get(feed.path) == signature and all(f.is_file() for f in files):
            continue
        if not (_write(app, files[0], feeds.atom(infos[0], chosen, options))
                & _write(app, files[1], feeds.json_feed(infos[1], chosen, options))):
            del new[feed.path]  # made again next time
            continue
        made += 1
    own = {file for path in new for file in _files(path)}
    for jekyll in jekyll_feeds.planned(app, domain, own):
        chosen = feeds.select([entries[d] for d in jekyll.docnames if d in entries], options.length)
        if options.full_content:
            chosen = [_with_content(app, docnames[entry.url], entry, contents) for entry in chosen]
        info = FeedInfo(jekyll.title, base, absolute(base, jekyll.atom_file), app.config.language or None)
        key, target = ATOM_ONLY + jekyll.atom_file, outdir / jekyll.atom_file
        signature = _signature(info, [entry_digest(entry) for entry in chosen], options)
        if old.get(key) == signature and target.is_file() and writable_through(outdir, target):
            new[key] = signature
        elif _write(app, target, feeds.atom(info, chosen, options)):
            new[key] = signature
            made += 1
    _remove(outdir, set(old) - set(new))
    state_path.parent.mkdir(parents=True, exist_ok=True)
    state_path.write_text(json.dumps(new, sort_keys=True), encoding="utf-8")
    if made or set(old) != set(new):
        logger.info("kb: feeds: %d made again, %d removed (%d in all)", made, len(set(old) - set(new)), len(new))
