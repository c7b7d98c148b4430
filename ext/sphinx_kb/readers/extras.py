"""What readers of every other blog have (issue 31): a copy button on code blocks,
``$…$`` math, a footer without an empty copyright, a search box on the 404 page,
``robots.txt``.

At ``config-inited``, for the values conf.py does not set:

* sphinx-copybutton is loaded (by ``setup_extras``); its defaults are kept;
* MyST's ``dollarmath`` is enabled when conf.py sets no ``myst_enable_extensions``
  (a site that lists its own keeps its choice: add ``"dollarmath"`` to have it).
  ``$$…$$`` inside a paragraph is inline math, as kramdown (Jekyll's Markdown) reads
  it, so a post written for Jekyll's MathJax keeps working (MyST makes it a display
  formula inside the paragraph, a ``<div>`` in a ``<p>``: ``InlineDoubleDollars`` makes
  it inline math); ``$`` next to a space or a digit opens or closes nothing
  (``$5 and $10`` stays a price);
* without ``copyright``, no copyright line: furo would show "Copyright ©" and nothing
  after it (kb makes up no owner or year);
* sphinx-notfound-page's ``notfound_context``: its page with a search box.

``robots.txt`` (as Jekyll writes one): allows everything and points to the sitemap,
written only with the site's address, and never over a ``robots.txt`` of the user's
(``html_extra_path``, or one kb did not write).
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms import SphinxTransform

from .. import _compat
from ..writing.output import write_output
from .addresses import absolute, base_url, for_the_web

__all__ = ["ROBOTS_HEAD", "InlineDoubleDollars", "on_build_finished", "on_config_inited", "setup_extras"]

ROBOTS = "robots.txt"
ROBOTS_HEAD = "# robots.txt written by kb (a robots.txt of your own in html_extra_path replaces it)\n"
MATH = ("dollarmath",)
#: MyST's dollarmath settings that read Jekyll's (kramdown's) math and leave prices alone
DOLLARMATH = {"myst_dmath_double_inline": True, "myst_dmath_allow_space": False, "myst_dmath_allow_digits": False}


def not_found_body(prefix: str) -> str:
    action = escape(f"{prefix.rstrip('/')}/search.html", quote=True)
    return ("<h1>Page not found</h1>\n\n<p>Nothing is at this address. Search the site:</p>\n"
            f'<form class="kb-404-search" action="{action}" method="get" role="search">'
            '<input type="search" name="q" aria-label="Search the site" placeholder="Search">'
            ' <button type="submit">Search</button></form>\n')


def on_config_inited(app: Sphinx, config: Config) -> None:
    if not _compat.is_set_by_user(config, "myst_enable_extensions"):
        config.myst_enable_extensions = {*config.myst_enable_extensions, *MATH}
    if "dollarmath" in config.myst_enable_extensions:
        for name, value in DOLLARMATH.items():
            if not _compat.is_set_by_user(config, name):
                setattr(config, name, value)
    if not config.copyright:
        config.html_show_copyright = False
    if not _compat.is_set_by_user(config, "notfound_context"):
        config.notfound_context = {"title": "Page not found", "body": not_found_body(config.notfound_urls_prefix or "/")}


class InlineDoubleDollars(SphinxTransform):
    """``$$…$$`` within a paragraph's text (kramdown's inline math) as inline math."""

    default_priority = 400

    def apply(self, **kwargs) -> None:
        for block in list(self.document.findall(nodes.math_block)):
            if isinstance(block.parent, nodes.TextElement):
                text = block.astext()
                block.replace_self(nodes.math(text, text))


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not for_the_web(app):
        return
    base = base_url(app.config)
    target = Path(app.outdir) / ROBOTS
    try:
        ours = target.is_file() and target.read_text(encoding="utf-8").startswith(ROBOTS_HEAD)
        if target.is_file() and not ours:
            return  # the user's own
    except (OSError, UnicodeDecodeError):
        return
    if base is None:
        if ours:
            target.unlink()  # an earlier build's, for an address the site no longer has
        return
    text = f"{ROBOTS_HEAD}User-agent: *\nAllow: /\n\nSitemap: {absolute(base, 'sitemap.xml')}\n"
    if not (target.is_file() and target.read_text(encoding="utf-8") == text):
        write_output(app, target, text, "robots.txt", "robots")


def setup_extras(app: Sphinx) -> None:
    app.setup_extension("sphinx_copybutton")
    app.add_transform(InlineDoubleDollars)
    app.connect("config-inited", on_config_inited, priority=600)  # after readers.addresses (notfound_urls_prefix)
    app.connect("build-finished", on_build_finished)
