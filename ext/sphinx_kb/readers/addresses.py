"""The site's absolute address, and the settings of the extensions that need it.

Feeds, the sitemap, OpenGraph's ``og:url`` and ``og:image`` and the canonical link
need absolute addresses. The base is ``html_baseurl``, or on Read the Docs the
``READTHEDOCS_CANONICAL_URL`` its builders set (read here, in the glue:
``core.feeds.site_base_url`` decides). Without either, what needs one is skipped
and the build says so once, at its start, never per page.

At ``config-inited``, for the values the user did not set in conf.py:

* ``html_baseurl`` from Read the Docs' address, so Sphinx writes ``rel=canonical``;
* sphinxext-opengraph's ``ogp_site_url`` from the base, and its social cards off
  (they need matplotlib and draw one image per page);
* sphinx-notfound-page's ``notfound_urls_prefix``: the base's path (``/notes/``), or
  ``/``; its default (``/en/latest/`` off Read the Docs) breaks every link of the 404
  page elsewhere.
"""

from __future__ import annotations

import os
from urllib.parse import quote, urljoin, urlsplit

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from .. import _compat
from ..core.feeds import site_base_url

__all__ = ["WEB_BUILDERS", "absolute", "base_url", "for_the_web", "on_builder_inited", "on_config_inited", "page_url"]

logger = logging.getLogger(__name__)

READTHEDOCS_VARIABLE = "READTHEDOCS_CANONICAL_URL"
#: the builders that make a web site (feeds, a sitemap, link previews are for it; an
#: epub or a single page is no site, though its format is HTML too)
WEB_BUILDERS = ("html", "dirhtml")


def for_the_web(app: Sphinx) -> bool:
    return app.builder.name in WEB_BUILDERS


def base_url(config: Config) -> str | None:
    """The site's base address, ending in ``/``; None when there is none."""
    return site_base_url(config.html_baseurl, os.environ.get(READTHEDOCS_VARIABLE))


def absolute(base: str, path: str) -> str:
    """A path in the output folder (``posts/a.html``, ``feed.xml``) as an address."""
    return urljoin(base, quote(path.lstrip("/"), safe="/#%?=&"))


def page_url(app: Sphinx, base: str, pagename: str) -> str:
    """The absolute address of a page (its builder's URI: ``a.html``, ``a/`` for dirhtml)."""
    return absolute(base, app.builder.get_target_uri(pagename))


def on_config_inited(app: Sphinx, config: Config) -> None:
    base = base_url(config)
    if not config.html_baseurl and base is not None:
        config.html_baseurl = base
    if base is not None and not _compat.is_set_by_user(config, "ogp_site_url"):
        config.ogp_site_url = base
    if not _compat.is_set_by_user(config, "ogp_social_cards"):
        config.ogp_social_cards = {"enable": False}
    if not _compat.is_set_by_user(config, "notfound_urls_prefix"):
        config.notfound_urls_prefix = urlsplit(base).path if base is not None else "/"


def on_builder_inited(app: Sphinx) -> None:
    """The one message of an HTML build without the site's address."""
    if not for_the_web(app) or base_url(app.config) is not None:
        return
    logger.info("kb: no feeds and no sitemap.xml: they need the site's address (set html_baseurl in conf.py; "
                "on Read the Docs, %s gives it)", READTHEDOCS_VARIABLE)
