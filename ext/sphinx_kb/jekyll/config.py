"""The Jekyll site a migrated blog came from: its ``_config.yml`` (``kb_jekyll_config``).

Read once per build, at ``builder-inited``; its problems are warnings at its own lines.
Without ``kb_jekyll_config``, kb reads posts with its own rules and works out their
old URLs with Jekyll's defaults.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from ..core.jekyll.config import JekyllSite, read_config

__all__ = ["config_file", "load_site", "static_root"]

logger = logging.getLogger(__name__)


def config_file(app: Sphinx) -> Path | None:
    value = app.config.kb_jekyll_config
    return Path(app.srcdir) / value if value else None


def load_site(app: Sphinx) -> JekyllSite | None:
    """The Jekyll site's configuration, or None without ``kb_jekyll_config``. A
    ``kb_jekyll_site_url`` stands in for (or overrides) its ``url``."""
    path = config_file(app)
    if path is None:
        return None
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        logger.warning("kb: cannot read the Jekyll configuration %s (%s); posts are read with kb's own rules",
                       path, error, location=f"{path}:1", type="kb", subtype="jekyll")
        return None
    site, problems = read_config(text)
    for problem in problems:
        logger.warning("kb: %s", problem.message, location=f"{path}:{problem.line}", type="kb", subtype="jekyll")
    if app.config.kb_jekyll_site_url:
        from dataclasses import replace

        site = replace(site, url=app.config.kb_jekyll_site_url.rstrip("/"))
    return site


def static_root(app: Sphinx) -> Path | None:
    """Where root-relative files (``/assets/x.png``) are looked for: ``kb_static_root``,
    else the folder of ``kb_jekyll_config``."""
    if app.config.kb_static_root:
        return Path(app.srcdir) / app.config.kb_static_root
    path = config_file(app)
    return path.parent if path is not None else None
