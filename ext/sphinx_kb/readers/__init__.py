"""For readers and search engines: feeds, a post's neighbours, related posts and
backlinks, Jekyll's publishing rules, link previews and structured data, the
sitemap, the 404 page, descriptions of names, search ranking.

addresses    the site's absolute address; the settings of the extensions that need it
publishing   which posts a build publishes (drafts, published: false, future dates)
around       each post's neighbours, related posts and backlinks, once per build
navigation   previous and next post by date (the theme's links), related posts
backlinks    "Linked from": the posts linking to a post, with each link's sentence
feeds        Atom and JSON Feed of the site, and of each tag and category
feeds_ahead  the feeds made by a process of their own while pages are written
jekyll_feeds a moved Jekyll blog's feeds at jekyll-feed's addresses, its entry ids
sharing      OpenGraph (sphinxext-opengraph), Twitter cards, BlogPosting JSON-LD
cards        the picture of a post's link preview, JSON-LD and JSON Feed entry
sitemap      sitemap.xml of every page
notfound     the 404 page (sphinx-notfound-page)
descriptions the descriptions file: names' descriptions, authors' profiles
files        the files front matter and the descriptions file point to, copied
search       the search's ranking (a Scorer file) when the search is Sphinx's
search_pages what Pagefind indexes of a page (posts' own text, filters), the search page
search_index Pagefind's index, made by its binary once the pages are written
unchanged    feeds and sitemap kept as they are when nothing they are made of changed
wayfinding   subscribe links, rel=prev/next on paginated listings
extras       copy buttons, $ math, robots.txt, the 404 page's search box, no empty copyright
"""

from __future__ import annotations

import contextlib
import io

from sphinx.application import Sphinx

from ..state import add_config_values
from . import (addresses, backlinks, cards, descriptions, feeds, feeds_ahead, files, navigation, search, search_index,
               search_pages, sharing, sitemap, unchanged, wayfinding)
from .extras import setup_extras
from .notfound import setup_notfound

__all__ = ["CONFIG_VALUES", "setup_readers"]

#: (name, default, types, rebuild)
CONFIG_VALUES = [
    ("kb_feeds", True, frozenset({bool}), "html"),
    ("kb_feed_length", 20, frozenset({int}), "html"),  # entries per feed; 0: every post
    ("kb_feed_full_content", False, frozenset({bool}), "html"),  # the post's HTML, not only its summary
    ("kb_feeds_process", True, frozenset({bool}), ""),  # made by a process of their own while pages are written
    ("kb_related_posts", 5, frozenset({int}), "html"),  # 0: none
    ("kb_backlinks", True, frozenset({bool}), "env"),  # links are collected when posts are read
    # not set in conf.py: the Jekyll site's future and show_drafts (kb_jekyll_config), else False
    ("kb_future", False, frozenset({bool}), "env"),
    ("kb_drafts", False, frozenset({bool}), "env"),
    ("kb_descriptions_file", "", frozenset({str}), "env"),
    ("kb_tags_allowed", False, frozenset({bool}), ""),
    ("kb_search", "pagefind", frozenset({str}), "html"),  # "pagefind" or "sphinx": the search page's engine
    ("kb_search_timeout", 300, frozenset({int, float}), ""),  # seconds Pagefind's indexer may take  # a tag the descriptions file does not list: a warning
]


def setup_opengraph(app: Sphinx) -> None:
    """sphinxext-opengraph prints a line about matplotlib (for social cards, which kb
    turns off) when it is first imported, in every build and every worker: imported
    here with that line caught."""
    with contextlib.redirect_stdout(io.StringIO()):
        import sphinxext.opengraph  # noqa: F401
    app.setup_extension("sphinxext.opengraph")


def setup_readers(app: Sphinx) -> None:
    add_config_values(app, CONFIG_VALUES)
    setup_opengraph(app)
    setup_notfound(app)
    setup_extras(app)
    app.connect("config-inited", addresses.on_config_inited)
    app.connect("config-inited", search_index.on_config_inited)
    app.connect("builder-inited", descriptions.on_builder_inited, priority=600)  # after pipeline.plan
    app.connect("builder-inited", search.on_builder_inited)
    app.connect("builder-inited", search_index.on_builder_inited)
    app.connect("builder-inited", addresses.on_builder_inited)
    app.add_transform(backlinks.LinkCollector)
    app.add_transform(sharing.ImageCheck)
    app.connect("env-updated", cards.on_env_updated)
    app.connect("env-get-outdated", backlinks.on_env_get_outdated, priority=600)  # after pipeline.plan's
    app.connect("env-get-updated", descriptions.on_env_get_updated, priority=600)  # after pipeline.derive
    app.connect("kb-page-shows", navigation.shows)
    app.connect("kb-page-shows", backlinks.shows)
    app.connect("kb-post-footer", navigation.footer, priority=700)
    app.connect("kb-post-footer", backlinks.footer, priority=710)
    app.connect("doctree-resolved", descriptions.on_doctree_resolved, priority=400)  # before writing.fill
    app.connect("html-page-context", navigation.on_html_page_context)
    app.connect("html-page-context", sharing.on_html_page_context, priority=sharing.PRIORITY)
    app.connect("html-page-context", sharing.on_html_page_context_late, priority=sharing.LATE)
    app.connect("html-page-context", feeds.on_html_page_context)
    app.connect("html-page-context", wayfinding.on_html_page_context)
    app.connect("doctree-resolved", wayfinding.on_doctree_resolved)
    app.connect("html-page-context", search_pages.on_html_page_context, priority=search_pages.PRIORITY)
    app.connect("doctree-resolved", unchanged.on_doctree_resolved)
    app.connect("doctree-resolved", feeds_ahead.on_doctree_resolved)
    app.connect("build-finished", feeds_ahead.on_build_finished, priority=100)  # before anything touches the output
    app.connect("build-finished", feeds.on_build_finished)
    app.connect("build-finished", sitemap.on_build_finished)
    app.connect("build-finished", files.on_build_finished)
    app.connect("build-finished", search_index.on_build_finished, priority=850)  # every page written; before continuity
