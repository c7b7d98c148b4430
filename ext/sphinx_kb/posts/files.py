"""Files a page names that lie outside the site are never published.

Sphinx copies every image and download a page names into the build (``_images``,
``_downloads``), from wherever the path leads: ``![](/assets/../../../etc/passwd)``,
``![](../../../etc/hostname)``, ``{download}`` and MyST's links to local files, or a
symbolic link in the source folder that points out, all put the build machine's files
on the site (issue 29). ``OutsideFiles`` runs when a page is read, before Sphinx
collects its images and downloads (its collectors listen to ``doctree-read``, after
the transforms): each local path is resolved as Sphinx resolves it
(``env.relfn2path``, public), as written, percent-decoded and without a ``file:``
scheme, then normalised with symbolic links followed. A path that leads outside the
source folder (and outside ``kb_static_root``) is refused: a warning naming the
file, line and path, and the image or link is replaced by its text, so nothing is
copied.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from ..core.text import shown_name
from ..state.domain import KbDomain

__all__ = ["OutsideFiles"]

logger = logging.getLogger(__name__)


class OutsideFiles(SphinxTransform):
    default_priority = 650  # after jekyll.links (600) points old-site images into the source folder

    def apply(self, **kwargs) -> None:
        plan = KbDomain.of(self.env).plan
        roots = [Path(self.env.srcdir).resolve()]
        if getattr(plan, "static_root", None) is not None:
            roots.append(Path(plan.static_root).resolve())
        for node in list(self.document.findall(nodes.image)):
            uri = node.get("uri", "")
            if self._refused("image", uri, node, roots):
                alt = node.get("alt", "")
                node.replace_self(nodes.inline("", alt) if alt else nodes.inline())
        for node in list(self.document.findall(addnodes.download_reference)):
            if self._refused("file", node.get("reftarget", ""), node, roots):
                node.replace_self(nodes.inline("", "", *node.children))

    def _refused(self, what: str, uri: str, node: nodes.Element, roots: list[Path]) -> bool:
        if not uri or "://" in uri or uri.startswith("data:"):
            return False  # not a file of this machine: Sphinx copies nothing
        outside = self._outside(uri, roots)
        if outside is None:
            return False
        logger.warning("kb: the %s %s leads out of the source folder, to %s: not published", what,
                       shown_name(uri), shown_name(outside), location=_location(node, self.env.docname),
                       type="kb", subtype="files")
        return True

    def _outside(self, uri: str, roots: list[Path]) -> str | None:
        """Where ``uri`` leads when that is outside every root (or nowhere), else None."""
        paths = []
        for spelling in dict.fromkeys((uri, unquote(uri))):
            if spelling.lower().startswith("file:"):  # a path of this machine, whatever the folder
                paths.append("/" + spelling[len("file:"):].lstrip("/"))
            else:  # "*": Sphinx's image.* (any format), in the folder the path names
                paths.append(self.env.relfn2path(spelling.replace("*", "x"), self.env.docname)[1])
        for path in paths:
            try:
                real = Path(path).resolve()
            except (OSError, RuntimeError):  # RuntimeError: a loop of links
                return str(path)
            if not any(real == root or root in real.parents for root in roots):
                return str(real)
        return None


def _location(node: nodes.Node, docname: str) -> tuple[str, int | None]:
    """The node's document and line (an image of MyST's may have none: its paragraph's)."""
    while node is not None and not node.line:  # 0: some of MyST's images
        node = node.parent
    return docname, node.line if node is not None else None
