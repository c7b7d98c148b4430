"""Files kb writes into the output folder besides Sphinx's pages (feeds, the sitemap,
redirect pages, citation files, a site's .bib, pictures, files of the old site): each
through ``core.safepaths.write_inside``, so none is written through a symbolic link or
outside the output folder, none half written; what is refused is a warning naming the
file and the reason (``kb.output``, or the feature's own subtype)."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from ..core.safepaths import write_inside

__all__ = ["write_output"]

logger = logging.getLogger(__name__)


def write_output(app: Sphinx, path: Path, data: bytes | str, what: str, subtype: str = "output",
                 location=None) -> bool:
    """Write ``data`` at ``path`` in the output folder; False (and a warning) when refused."""
    outdir = Path(app.outdir)
    why = write_inside(outdir, path, data)
    if why is None:
        return True
    try:
        shown = Path(path).relative_to(outdir).as_posix()
    except ValueError:
        shown = str(path)
    logger.warning("kb: no %s written at %s: %s", what, shown, why, location=location, type="kb", subtype=subtype)
    return False
