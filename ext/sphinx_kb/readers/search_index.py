"""Pagefind's index of the site, made by Pagefind's own binary once the pages are
written (``kb_search = "pagefind"``, the default).

Pagefind is a program, not a library: its indexer reads the written HTML and writes
the bundle (``pagefind/``: the index in chunks, one fragment per page, its WebAssembly
search and its default UI) that the search page loads piece by piece, as the query
needs them. kb runs it as a subprocess at ``build-finished``, the one process kb
starts during a build, in the output folder, bounded by ``kb_search_timeout``
seconds. The binary comes from the ``pagefind-bin`` package (a dependency), else
``pagefind`` on ``PATH``.

A rebuild that reads, removes and writes no document under the same configuration
and binary keeps the bundle as it is (``readers.unchanged``): it would be the same.

Nothing here stops a build: without the binary, a warning when the build starts and
the search page stays Sphinx's; when the indexer fails or runs out of time, a warning
and no bundle, and kb's search page loads Sphinx's search instead
(``search_pages``). Sphinx's ``searchindex.js`` is written as always (Sphinx's
builder and its incremental builds keep it); the search page downloads it only then,
or when opened from disk.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from .addresses import for_the_web
from .unchanged import MadeFrom

__all__ = ["BUNDLE", "CHOICES", "TEMPLATES", "find_binary", "on_build_finished", "on_builder_inited",
           "on_config_inited", "pagefind_on", "run_pagefind"]

logger = logging.getLogger(__name__)

BUNDLE = "pagefind"
TEMPLATES = Path(__file__).parent.parent / "templates"  # the search page's
CHOICES = ("pagefind", "sphinx")


def find_binary() -> str | None:
    """Pagefind's indexer: the ``pagefind-bin`` package's, else one on ``PATH``."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        pass
    else:
        try:
            return str(get_executable())
        except (FileNotFoundError, OSError):
            pass
    return shutil.which("pagefind_extended") or shutil.which("pagefind")


def on_config_inited(app: Sphinx, config: Config) -> None:
    if config.kb_search not in CHOICES:
        logger.warning('kb_search is %r: it is "pagefind" or "sphinx"; Sphinx\'s search is used', config.kb_search,
                       type="kb", subtype="config")
        config.kb_search = "sphinx"
    config.templates_path = [*config.templates_path, str(TEMPLATES)]


def pagefind_on(app: Sphinx) -> bool:
    """Pagefind is the site's search in this build: ``kb_search``, a web builder, and
    its binary found (a lookup of some 15 us: nothing is kept on the app)."""
    return app.config.kb_search == "pagefind" and for_the_web(app) and find_binary() is not None


def on_builder_inited(app: Sphinx) -> None:
    if app.config.kb_search == "pagefind" and for_the_web(app) and find_binary() is None:
        logger.warning("kb_search: Pagefind's indexer is not installed (pip install 'pagefind-bin'): "
                       "the site's search stays Sphinx's", type="kb", subtype="search")


def run_pagefind(binary: str, outdir: Path, timeout: float) -> str | None:
    """Pagefind's bundle written into ``outdir/pagefind``, anew: None when done, else
    why not (what is left of a failed run is removed)."""
    bundle = outdir / BUNDLE
    if bundle.is_symlink() or (bundle.exists() and not bundle.is_dir()):
        return f"{BUNDLE} in the output folder is a symbolic link or a file: it is left as it is"
    shutil.rmtree(bundle, ignore_errors=True)
    command = [binary, "--site", str(outdir), "--output-subdir", BUNDLE, "--quiet"]
    try:
        result = subprocess.run(command, cwd=outdir, capture_output=True, text=True, timeout=timeout,
                                stdin=subprocess.DEVNULL, env={**os.environ, "NO_COLOR": "1"})
    except subprocess.TimeoutExpired:
        reason = f"it ran out of time (kb_search_timeout = {timeout:g} s)"
    except OSError as error:
        reason = f"it could not run ({error})"
    else:
        if result.returncode == 0 and (bundle / "pagefind-ui.js").is_file():
            return None
        said = (result.stderr or result.stdout).strip().splitlines()
        reason = f"it exited with status {result.returncode}" + (f": {said[-1]}" if said else "")
    shutil.rmtree(bundle, ignore_errors=True)
    return reason


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or not pagefind_on(app):
        return
    bundle = Path(app.outdir) / BUNDLE
    binary = find_binary()
    made_from = MadeFrom(app, BUNDLE, made_from=binary)
    if made_from.unchanged([bundle / "pagefind-entry.json", bundle / "pagefind-ui.js"]):
        return  # no page read, removed or written, the same settings and binary: the same index
    started = time.perf_counter()
    reason = run_pagefind(binary, Path(app.outdir), float(app.config.kb_search_timeout))
    if reason is not None:
        logger.warning("kb_search: Pagefind's indexer failed, %s; the search page uses Sphinx's search",
                       reason, type="kb", subtype="search")
        return
    made_from.made()
    logger.info("kb: search index by Pagefind written in %.1f s", time.perf_counter() - started)
