"""Jekyll's publishing rules for the prescan: which posts this build publishes.

``publisher(app, reader)`` gives ``posts.scan`` the decision for each post
(``core.publishing.decide``): drafts (a ``_drafts`` folder) out unless ``kb_drafts``,
``published: false`` out (unless the Jekyll site's ``unpublished``), a post dated after
now out unless ``kb_future``. Without a value in conf.py, ``kb_future`` and
``kb_drafts`` are the Jekyll site's ``future`` and ``show_drafts`` (``kb_jekyll_config``),
else off, as in Jekyll.

"Now" is read once per build. The environment variable ``KB_NOW`` (an ISO date-time,
UTC when it gives no offset) stands in for the clock: it is for tests, which build
"on a later day" without waiting for one. The scan decides again at every build, so
a post whose date has come is published by the next build, whatever else changed.
"""

from __future__ import annotations

import datetime as dt
import os

from sphinx.application import Sphinx
from sphinx.util import logging

from .. import _compat
from ..core.postreader import PostReader
from ..core.publishing import DRAFT, FUTURE, NOW_VARIABLE, UNPUBLISHED, Rules, decide, parse_now, summary
from ..posts.scan import Publish, Scan

__all__ = ["NOW_VARIABLE", "build_now", "log_left_out", "publisher", "rules"]

logger = logging.getLogger(__name__)


def build_now() -> dt.datetime:
    """This build's "now", aware: ``KB_NOW`` when set (and valid), else the clock."""
    value = os.environ.get(NOW_VARIABLE, "").strip()
    if value:
        moment = parse_now(value)
        if moment is not None:
            return moment
        logger.warning("kb: %s=%r is not an ISO date-time; the clock is used", NOW_VARIABLE, value,
                       type="kb", subtype="publishing")
    return dt.datetime.now(dt.timezone.utc)


def rules(app: Sphinx, reader: PostReader) -> Rules:
    """kb_future and kb_drafts, or the Jekyll site's future and show_drafts."""
    site = reader.site
    config = app.config

    def chosen(name: str, jekyll: bool) -> bool:
        return bool(config[name]) if _compat.is_set_by_user(config, name) or site is None else jekyll

    return Rules(
        future=chosen("kb_future", site is not None and site.future),
        drafts=chosen("kb_drafts", site is not None and site.show_drafts),
        unpublished=bool(site is not None and site.unpublished),
        zone=reader.jekyll.zone,
    )


def publisher(app: Sphinx, reader: PostReader) -> Publish:
    now = build_now()
    chosen = rules(app, reader)
    return lambda post, relpath: decide(post, relpath, now, chosen)


def log_left_out(scanned: Scan) -> None:
    """One line: how many posts this build leaves out, by reason."""
    counts: dict[str, int] = {}
    for reason in scanned.left_out.values():
        counts[reason] = counts.get(reason, 0) + 1
    line = summary({reason: counts[reason] for reason in (DRAFT, UNPUBLISHED, FUTURE) if reason in counts})
    if line:
        logger.info("kb: %s (not built, listed nowhere)", line)
