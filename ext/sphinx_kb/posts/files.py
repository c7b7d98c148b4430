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
copied. The same goes for the files whose text a page shows: ``{include}`` (Sphinx's
public ``include-read`` event: the text is dropped) and ``{literalinclude}`` (the
directive, replaced by a subclass of Sphinx's that checks the path first).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.directives.code import LiteralInclude
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from ..core.text import shown_name
from ..state.domain import KbDomain

__all__ = ["GuardedLiteralInclude", "OutsideFiles", "on_include_read"]

logger = logging.getLogger(__name__)


class OutsideFiles(SphinxTransform):
    default_priority = 650  # after jekyll.links (600) points old-site images into the source folder

    def apply(self, **kwargs) -> None:
        roots = _roots(self.env)
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


def _roots(env) -> list[Path]:
    """The folders a page may take files from: the source folder, and ``kb_static_root``."""
    plan = KbDomain.of(env).plan
    roots = [Path(env.srcdir).resolve()]
    if getattr(plan, "static_root", None) is not None:
        roots.append(Path(plan.static_root).resolve())
    return roots


def _inside(path: Path, roots: list[Path]) -> bool:
    try:
        real = path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a loop of links
        return False
    return any(real == root or root in real.parents for root in roots)


def on_include_read(app: Sphinx, relative_path: Path, parent_docname: str, content: list[str]) -> None:
    """``{include}`` of a file outside the site: its text is dropped, with a warning."""
    path = Path(app.srcdir) / relative_path
    if not _inside(path, _roots(app.env)):
        content[0] = ""
        logger.warning("kb: the included file %s leads out of the source folder, to %s: not published",
                       shown_name(str(relative_path)), shown_name(str(path.resolve())),
                       location=(app.env.docname, None), type="kb", subtype="files")  # the page read now: MyST's
        # include gives a parent_docname without its folder


class GuardedLiteralInclude(LiteralInclude):
    """Sphinx's ``literalinclude``, refusing a file outside the site."""

    def run(self) -> list[nodes.Node]:
        _, path = self.env.relfn2path(self.arguments[0])
        if _inside(Path(path), _roots(self.env)):
            return super().run()
        logger.warning("kb: the included file %s leads out of the source folder, to %s: not published",
                       shown_name(self.arguments[0]), shown_name(str(Path(path).resolve())),
                       location=self.get_location(), type="kb", subtype="files")
        return []


def _location(node: nodes.Node, docname: str) -> tuple[str, int | None]:
    """The node's document and line (an image of MyST's may have none: its paragraph's)."""
    while node is not None and not node.line:  # 0: some of MyST's images
        node = node.parent
    return docname, node.line if node is not None else None
