"""The URL of a page of the old site that is not a post, for ``{% link path %}``.

Pure Python, no Sphinx. A post links to the old site's other pages with
``{% link _docs/history.md %}``; kb has not got those pages, but it can tell the URL the
old site served them at, so that the link becomes an external link to it:

* a collection document (``_docs/history.md``) takes its collection's ``permalink`` from
  ``_config.yml``, else ``/:collection/:path`` with the ending of the site's permalink
  style (``Collection#url_template``, ``Utils.add_permalink_suffix``); a collection without
  ``output: true`` has no pages (Jekyll's ``{% link %}`` fails on it);
* a page (``about.md``, ``docs/index.html``) is ``/:path/`` for an index, else
  ``/:path/:basename`` with the style's ending, ``/:path/:basename:output_ext`` when it is
  not HTML (``Page#template``); a page's own ``permalink:`` wins when the caller knows it;
* any other file is a static file, served at its own path.
"""

from __future__ import annotations

import datetime as dt
import posixpath

from .config import JekyllSite
from .permalinks import drop_values, generate_url, output_ext
from .urlparts import escape_path, sanitize_url

_HTML = (".html", ".xhtml", ".htm")


def add_permalink_suffix(template: str, style: str) -> str:
    """``Utils.add_permalink_suffix``: ``pretty`` adds ``/``; ``date``, ``ordinal`` and
    ``none`` add ``:output_ext``; a pattern adds whichever it ends with."""
    if style == "pretty":
        return template + "/"
    if style in ("date", "ordinal", "none"):
        return template + ":output_ext"
    if style.endswith("/"):
        template += "/"
    if style.endswith(":output_ext"):
        template += ":output_ext"
    return template


def page_url(relative_path: str, site: JekyllSite, permalink: str | None = None) -> str:
    """``Page#url`` for a page at ``relative_path`` in the site folder."""
    folder, name = posixpath.split(relative_path.lstrip("/"))
    basename, source_ext = posixpath.splitext(name)
    ext = output_ext(relative_path, permalink, site)
    if permalink:
        template = permalink
    elif ext not in _HTML:
        template = "/:path/:basename:output_ext"
    elif basename == "index":
        template = "/:path/"
    else:
        template = add_permalink_suffix("/:path/:basename", site.permalink_style)
    url = template  # URL#generate_url_from_hash: the keys in this order
    for key, value in (("path", folder), ("basename", basename), ("output_ext", ext)):
        if ":" not in url:
            break
        url = url.replace(":" + key, escape_path(value))
    return sanitize_url(url)


def collection_url(relative_path: str, site: JekyllSite, label: str) -> str | None:
    """``Document#url`` of a document in the collection ``label`` (None: not written)."""
    collection = site.collections.get(label)
    if collection is None or not collection.output:
        return None
    template = collection.permalink or add_permalink_suffix("/:collection/:path", site.permalink_style)
    source_ext = posixpath.splitext(relative_path)[1]
    path = relative_path[: len(relative_path) - len(source_ext)].replace(f"_{label}", "", 1).rstrip(".")
    basename = posixpath.basename(relative_path)[: -len(source_ext) or None]
    values = drop_values(dt.datetime(1970, 1, 1), basename, basename, [], path,
                         output_ext(relative_path, None, site), collection=label)
    url, _unknown = generate_url(template, values)
    return url


def link_url(relative_path: str, site: JekyllSite) -> str | None:
    """The URL ``{% link relative_path %}`` gives a file that is not a post (without
    ``baseurl``); None for a post (the index of posts answers those) or a file Jekyll does
    not publish. Whether the file exists is the caller's to check, when it can."""
    path = relative_path.strip().lstrip("/")
    if not path or "_posts/" in f"/{path}" or "/../" in f"/{path}/":
        return None
    first = path.split("/", 1)[0]
    if first.startswith("_"):
        return collection_url(path, site, first[1:]) if "/" in path else None
    if first.startswith("."):
        return None
    ext = posixpath.splitext(path)[1]
    if ext[1:].lower() in site.markdown_ext or ext in _HTML:
        return page_url(path, site)
    return sanitize_url(escape_path(path))

