"""Files of the old site that posts use (``/assets/img/x.png``), copied into the build
at their old paths, so the old addresses keep working as well.

The links to them get their address when the page is written (``doctree-resolved``:
relative to the page, for any builder's URIs); the files are copied when the build
has finished, only when missing or changed, never over a page of the build and never
through a symbolic link.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from ..core.text import plural
from ..state.domain import KbDomain
from ..writing.output import write_output
from .links import ASSET

__all__ = ["on_build_finished", "on_doctree_resolved"]

logger = logging.getLogger(__name__)


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if not KbDomain.of(app.env).jekyll.get(docname):
        return
    for node in doctree.findall(nodes.reference):
        if ASSET in node.attributes:
            try:
                node["refuri"] = relative_uri(app.builder.get_target_uri(docname), node[ASSET])
            except NotImplementedError:
                node["refuri"] = node[ASSET]
            del node[ASSET]


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    domain = KbDomain.of(app.env)
    plan = domain.plan
    root = getattr(plan, "static_root", None)
    wanted = sorted({asset for _, assets in domain.jekyll.values() for asset in assets})
    if root is None or not wanted:
        return
    outdir = Path(app.outdir)
    copied = 0
    for asset in wanted:
        source, target = Path(root) / asset, outdir / asset
        if not source.is_file() or source.is_symlink():
            continue
        if target.exists() and not target.is_symlink() and (
                target.suffix in (".html", ".htm") or target.stat().st_size == source.stat().st_size
                and target.stat().st_mtime >= source.stat().st_mtime):
            continue
        copied += write_output(app, target, source.read_bytes(), "file of the old site", "jekyll")
    logger.info("kb: %s of the old site used by posts (%d copied at their old paths)", plural(len(wanted), "file"),
                copied)
