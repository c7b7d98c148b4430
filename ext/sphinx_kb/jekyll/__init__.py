"""Moving a Jekyll blog in: every post read, links between posts kept, old URLs kept.

config     the Jekyll site's ``_config.yml`` (``kb_jekyll_config``)
links      links and images written the Jekyll way, made kb's when a page is read
assets     files of the old site that posts use, copied at their old paths
redirects  a redirect page at each post's old URL
emoji      jemoji's :tada: shown as the emoji, when the site used jemoji
lexers     code fences named as Rouge (Jekyll's highlighter) names languages
redirect_from  jekyll-redirect-from's redirect_from and redirect_to, redirects.json

Jekyll's rules themselves are in ``core.jekyll``; ``kb import`` is ``cli.importing``.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError

from .. import _compat
from ..core.postreader import JEKYLL_MARKDOWN
from ..state import add_config_values
from . import assets, emoji, lexers, links, redirect_from, redirects

__all__ = ["setup_jekyll"]

CONFIG_VALUES = [
    ("kb_jekyll_config", "", frozenset({str}), "env"),  # the Jekyll site's _config.yml, from the source folder
    ("kb_jekyll_site_url", "", frozenset({str}), "env"),  # the old site's address, for links to its other pages
    ("kb_static_root", "", frozenset({str}), "env"),  # where /assets/... files are; "": beside kb_jekyll_config
    ("kb_redirects", {}, frozenset({dict}), ""),  # old path -> docname or http(s) address
]


def add_markdown_suffixes(app: Sphinx) -> None:
    """Jekyll's Markdown extensions (``.markdown``, ``.mkd``…) are read as Markdown
    (a ``source_suffix`` of conf.py's own wins)."""
    for suffix in JEKYLL_MARKDOWN:
        try:
            app.add_source_suffix(suffix, "markdown")
        except ExtensionError:  # registered already (MyST's .md)
            pass


def jekyll_conventions(app: Sphinx, config: Config) -> None:
    """A migrated blog's headings follow kramdown, which takes any level after the
    title (the layout's) and gives every heading an id links may point at
    (``/x/#a-section``): MyST's warning about a skipped level is not shown, and MyST
    gives headings their anchors (``myst_heading_anchors = 6``) unless conf.py says
    otherwise."""
    if not config.kb_jekyll_config:
        return
    if "myst.header" not in config.suppress_warnings:
        config.suppress_warnings = [*config.suppress_warnings, "myst.header"]
    if not _compat.is_set_by_user(config, "myst_heading_anchors"):
        config.myst_heading_anchors = 6


def liquid_lexer(**options):
    """Pygments' Django (Jinja) lexer for ``liquid`` code, imported when a block is
    highlighted: importing it costs every build about 7 ms (19 ms when nothing else
    has loaded Pygments' template lexers), and most sites never show Liquid. Sphinx
    calls what ``add_lexer`` registered with the lexer's options, as it does its own
    ``functools.partial`` entries."""
    from pygments.lexers.templates import DjangoLexer

    return DjangoLexer(**options)


def setup_jekyll(app: Sphinx) -> None:
    add_config_values(app, CONFIG_VALUES)
    add_markdown_suffixes(app)
    app.connect("config-inited", jekyll_conventions)
    # Jekyll highlights {% highlight liquid %} with Rouge; Pygments' own Liquid lexer fails
    # on quoted filter arguments ({{ "x" | uri_escape }}), its Django (Jinja) lexer reads them
    app.add_lexer("liquid", liquid_lexer)  # type: ignore[arg-type]
    lexers.register(app)
    app.add_transform(links.LinksTransform)
    app.add_transform(emoji.EmojiTransform)
    app.connect("doctree-resolved", assets.on_doctree_resolved)
    app.connect("build-finished", assets.on_build_finished)
    app.connect("build-finished", redirects.on_build_finished)
    app.connect("env-get-outdated", redirect_from.on_env_get_outdated)
