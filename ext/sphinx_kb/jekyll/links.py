"""Links written the Jekyll way, made kb's links when a page is read.

A post of a Jekyll blog links to another by its old URL (``/news/2013/05/05/x/``,
with or without ``baseurl``, the site's ``url``, ``.html``…; ``{% post_url %}`` and
``{% link %}`` render those too), and to files of the old site root-relatively
(``/assets/img/x.png``). ``LinksTransform`` looks each link and image of a page up
in the index of old URLs (``core.jekyll.urls``; for links, ``core.jekyll.links.fate``
decides, as it does for ``kb check``):

* a post's old URL: a link to the post's page, with its ``#anchor``, resolved and
  checked as MyST checks a link to a document;
* a file of the old site found in the static folder (``kb_static_root``): copied into
  the build at its old path (``jekyll.assets``); an image is also given to Sphinx;
* a page of the old site that is not a post, or a file not found here: a link to the
  old site (``url`` in ``_config.yml``, or ``kb_jekyll_site_url``), which
  ``make linkcheck`` checks; without a site address, a warning at the link's line;
* a link shaped like a post's old URL that no post has: a warning at its line; one
  whose date and title (``/2019/03/02/my-post.html``) one post alone has is a link to that
  post (``kb import`` lists those), several posts are a warning naming them.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from ..core.jekyll.links import fate
from ..core.jekyll.urls import NotAPost, OldUrlIndex, PostTarget
from ..state.domain import KbDomain

__all__ = ["ASSET", "LinksTransform"]

logger = logging.getLogger(__name__)

#: a reference's attribute naming a copied file (its path in the output folder); its
#: address is set at write time (``jekyll.assets``)
ASSET = "kb_asset"


class LinksTransform(SphinxTransform):
    default_priority = 600  # after posts' own transform, before Sphinx collects images

    def apply(self, **kwargs) -> None:
        domain = KbDomain.of(self.env)
        plan = domain.plan
        index: OldUrlIndex | None = getattr(plan, "old_urls", None)
        if index is None or self.env.docname in plan.pages:
            return
        docname = self.env.docname
        base = index.old_url(docname)
        counts: Counter = Counter()
        assets: set[str] = set()
        # findall with a class takes docutils' fast path (twice as fast as with a function)
        for node in [node for node in self.document.findall(nodes.Element) if _candidate(node)]:
            if isinstance(node, nodes.image):
                self._image(node, index, plan, assets, counts)
            else:
                self._link(node, index, base, plan, assets, counts)
        if counts or assets:
            self.env.current_document["kb_jekyll"] = (dict(counts), tuple(sorted(assets)))

    # -- links -----------------------------------------------------------------------

    def _link(self, node: nodes.Element, index: OldUrlIndex, base: str | None, plan, assets: set, counts: Counter):
        target = node.get("refuri") if isinstance(node, nodes.reference) else node["reftarget"]
        outcome = fate(index, target, base, lambda asset: _asset_file(plan, asset) is not None)
        if outcome is None:
            return
        if outcome.kind == "post":
            node.replace_self(_doc_reference(node, outcome.found, self.env.docname))
            counts["posts"] += 1
            return
        if outcome.kind == "file":
            reference = nodes.reference("", "", *_content(node), internal=True, refuri="", **{ASSET: outcome.asset})
            node.replace_self(reference)
            assets.add(outcome.asset)
            counts["files"] += 1
            return
        self._old_site(node, outcome.found, index, counts, outcome.asset is not None)

    def _old_site(self, node: nodes.Element, found: NotAPost, index: OldUrlIndex, counts: Counter, is_file: bool):
        if found.candidates:
            files = ", ".join(Path(self.env.doc2path(docname, False)).as_posix() for docname in found.candidates)
            logger.warning("kb: %s is the old URL of no post, and %d posts have its date and title: %s; "
                           "link to one of them by its old URL", found.path, len(found.candidates), files,
                           location=node, type="kb", subtype="jekyll")
        elif index.looks_like_post_url(found.path):
            logger.warning("kb: %s looks like the old URL of a post, but no post has it", found.path,
                           location=node, type="kb", subtype="jekyll")
        if found.url is None:
            what = "a file" if is_file else "a page"
            logger.warning("kb: %s is %s of the old site that kb does not have; set url in _config.yml or "
                           "kb_jekyll_site_url to link to it there", found.path, what,
                           location=node, type="kb", subtype="jekyll")
            node.replace_self(nodes.inline("", "", *_content(node)))
            return
        node.replace_self(nodes.reference("", "", *_content(node), refuri=found.url))
        counts["old site"] += 1

    # -- images ----------------------------------------------------------------------

    def _image(self, node: nodes.image, index: OldUrlIndex, plan, assets: set, counts: Counter) -> None:
        uri = node.get("uri", "")
        if not uri.startswith("/") and "://" not in uri:
            return
        asset = index.asset_path(uri)
        if asset is None:
            return
        found = _asset_file(plan, asset)
        if found is not None and plan.static_in_source is not None:
            node["uri"] = "/" + posixpath.join(plan.static_in_source, asset)  # Sphinx copies it, as any image
            assets.add(asset)
            counts["files"] += 1
            return
        parsed = index.lookup(uri)
        url = parsed.url if isinstance(parsed, NotAPost) else None
        if url is None:
            logger.warning("kb: image %s is not in %s; set kb_static_root to the folder that holds it", uri,
                           plan.static_root or "kb_static_root", location=node, type="kb", subtype="jekyll")
            return
        node["uri"] = url
        logger.info("kb: image %s is not in %s; shown from the old site, %s", uri, plan.static_root or "kb_static_root",
                    url, location=node)
        counts["old site files"] += 1


def _candidate(node: nodes.Node) -> bool:
    if isinstance(node, addnodes.pending_xref):
        return node.get("reftype") == "myst" and node.get("refdomain") != "doc"  # "doc": MyST found the file
    if isinstance(node, nodes.reference):
        return "refuri" in node and "://" in node["refuri"] and not node.get("internal")
    return isinstance(node, nodes.image)


def _content(node: nodes.Element) -> list[nodes.Node]:
    """The link's text, as written (MyST wraps a reference's content in an inline)."""
    if isinstance(node, addnodes.pending_xref) and len(node) == 1 and isinstance(node[0], nodes.inline):
        return list(node[0].children)
    return list(node.children)


def _doc_reference(node: nodes.Element, found: PostTarget, refdoc: str) -> addnodes.pending_xref:
    """A link to a post's page, as MyST writes ``[text](post.md#anchor)``: resolved, and
    warned about when the anchor is not there."""
    xref = addnodes.pending_xref("", nodes.inline("", "", *_content(node), classes=["xref", "myst"]),
                                 refdomain="doc", reftype="myst", reftarget=found.docname,
                                 reftargetid=found.anchor or None, refexplicit=bool(node.astext()), refdoc=refdoc)
    xref.source, xref.line = node.source, node.line
    return xref


def _asset_file(plan, asset: str) -> Path | None:
    root = plan.static_root
    if root is None:
        return None
    path = Path(root) / asset
    return path if path.is_file() and not path.is_symlink() else None
