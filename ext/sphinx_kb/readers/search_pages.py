"""What Pagefind indexes of a page, and the search page that shows its results.

Pagefind (``readers.search_index`` runs it) indexes only the pages that hold an
element marked ``data-pagefind-body``, and only that element's text. kb marks:

- a post's article: its title and body; not the byline, the tag, category and keyword
  chips, a source's status badge, the cite box, related posts or "Linked from"
  (``data-pagefind-ignore`` on each);
- an ordinary page (``about``, a guide page) and the glossary: their text is what a
  reader may look for;
- not the listing pages (home page, tags, categories, authors, archive, the pages of
  kb's further listings, the index, the 404 page): they repeat the posts' titles and
  excerpts, and would come before the post itself.

A post's tags, categories, authors and year are its filters
(``data-pagefind-filter``), its title (kb's, without the heading's ``¶``) its
``data-pagefind-meta="title"``, in a hidden element Pagefind reads but does not index.
The snippet Pagefind shows is then the sentence of the body that matched.

The search page (``search.html``, where furo's sidebar form leads) is kb's
``kb-search.html`` template: ``static/kb-search.js`` loads Pagefind's own UI from
``pagefind/`` (relative to the page: the site may be served below ``/en/latest/``).
When the page is opened from disk (``file://``: Pagefind fetches its index, which a
browser refuses there) or the bundle is missing (the indexer failed), it loads
Sphinx's ``searchtools.js`` and ``searchindex.js`` instead: Sphinx's search is the
fallback, and otherwise the reader never downloads ``searchindex.js``.
"""

from __future__ import annotations

import html
import re

from sphinx.application import Sphinx

from ..core.paths import Paths
from ..state.domain import KbDomain
from . import search_index

__all__ = ["IGNORED", "indexed", "mark", "on_html_page_context"]

TEMPLATE = "kb-search.html"
PRIORITY = 900  # after every listener that reads or adds to the body (feeds: 500)

#: the classes of what a post shows around its text: kept out of the index
IGNORED = frozenset({"kb-byline", "kb-post-chips", "kb-chips", "kb-cite", "kb-related", "kb-linked-from",
                     "kb-source-status", "kb-source-update", "headerlink", "kb-listing", "kb-backlinks",
                     "kb-letter-nav", "kb-letter"})

_OPENING = re.compile(r'<([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s>]+)*?\s+class="([^"]*)")')


def indexed(app: Sphinx, pagename: str) -> bool:
    """Whether Pagefind indexes the page: posts, ordinary pages and the glossary."""
    if KbDomain.of(app.env).records.get(pagename) is not None:
        return True
    paths = Paths.of(app.config)
    listings = [folder for folder in paths.folders() if folder != f"{paths.root}/glossary"]
    if pagename in (app.config.root_doc, "404", "genindex", "search"):
        return False
    if any(spec.kind != "backlinks" for spec in KbDomain.of(app.env).listings.get(pagename) or ()):
        return False  # a page showing a listing of posts (the glossary's "used in" lists are not one)
    return not any(pagename == folder or pagename.startswith(folder + "/") for folder in listings)


def _ignore(match: re.Match) -> str:
    if IGNORED.isdisjoint(match.group(3).split()):
        return match.group(0)
    return f"{match.group(0)} data-pagefind-ignore"


def mark(body: str, title: str, filters: list[tuple[str, str]]) -> str:
    """The page's body as Pagefind indexes it: its own text, its title and filters."""
    hidden = [f'<span data-pagefind-meta="title">{html.escape(title)}</span>'] if title else []
    hidden += [f'<span data-pagefind-filter="{name}">{html.escape(value)}</span>' for name, value in filters]
    head = f'<div hidden data-pagefind-ignore>{"".join(hidden)}</div>' if hidden else ""
    return f"<div data-pagefind-body>{head}{_OPENING.sub(_ignore, body)}</div>"


def post_filters(app: Sphinx, pagename: str) -> list[tuple[str, str]]:
    record = KbDomain.of(app.env).records.get(pagename)
    if record is None:
        return []
    post = record.post
    found = [("tag", name) for name in post.tags] + [("category", name) for name in post.categories]
    found += [("author", author.name) for author in post.authors]
    if post.date is not None:
        found.append(("year", str(post.date.year)))
    return list(dict.fromkeys(found))


def on_html_page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree):
    if not search_index.pagefind_on(app):
        return None
    if pagename == "search" and templatename == "search.html":
        return TEMPLATE
    if doctree is None or "body" not in context or not indexed(app, pagename):
        return None
    domain = KbDomain.of(app.env)
    entry = domain.site.taxonomy.entries.get(pagename) if domain.site is not None else None
    title = entry.title if entry is not None else html.unescape(re.sub(r"<[^>]+>", "", context.get("title", "")))
    context["body"] = mark(context["body"], title, post_filters(app, pagename))
    return None
