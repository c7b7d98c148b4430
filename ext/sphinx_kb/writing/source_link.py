"""The theme's "view this page" link, quoted when a file name needs it.

furo (through sphinx-basic-ng) writes ``{{ pathto('_sources/' + sourcename, true) }}``
into an ``href`` as it is: a post named ``x"><img …>.md`` becomes live markup, and
``c#sharp.md`` a link to ``c``. Sphinx quotes its own links (``c%23sharp.html``); for
pages whose source name needs it, kb gives the page context a ``pathto`` that quotes
the path of that source file the same way. The file itself keeps its name.
"""

from __future__ import annotations

from urllib.parse import quote

from sphinx.application import Sphinx

__all__ = ["on_html_page_context"]

_SAFE = "/._-~"


def on_html_page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    sourcename = context.get("sourcename") or ""
    pathto = context.get("pathto")
    if not sourcename or pathto is None or quote(sourcename, safe=_SAFE) == sourcename:
        return
    source = "_sources/" + sourcename

    def quoting_pathto(otheruri: str, resource: bool = False, baseuri=None):
        if otheruri == source and resource:
            # Sphinx's relative_uri would cut the path at a '#': the folder's address, then the name quoted
            return pathto("_sources/x", True)[:-1] + quote(sourcename, safe=_SAFE)
        return pathto(otheruri, resource) if baseuri is None else pathto(otheruri, resource, baseuri)

    context["pathto"] = quoting_pathto
