"""The results file: what ``make linkcheck`` found, read by ``make html``.

``<build folder>/kb-linkcheck.json`` by default (``kb_linkcheck_report``): a cache
of results by URL with the time each was checked, and under ``"research"`` what the
research checks found (``research.cache.ResearchCache``: DOI metadata, Crossref
updates, Wayback Machine snapshots); safe to delete.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path

from sphinx.config import Config
from sphinx.util import logging

from ..research.cache import ResearchCache
from .model import CHECK_STATUSES, Result, Results

__all__ = ["RESULTS_FILE", "load_results", "results_path", "save_results"]

logger = logging.getLogger(__name__)

RESULTS_FILE = "kb-linkcheck.json"
RESULTS_VERSION = 1


def results_path(config: Config, confdir: str | Path, outdir: str | Path) -> Path:
    """``kb_linkcheck_report`` (relative to conf.py), else ``<build folder>/kb-linkcheck.json``."""
    if config.kb_linkcheck_report:
        return Path(confdir) / config.kb_linkcheck_report
    return Path(outdir).parent / RESULTS_FILE


def load_results(path: Path) -> Results:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        by_url = {url: Result(**entry) for url, entry in data["results"].items()}
        return Results({url: r for url, r in by_url.items() if r.status in CHECK_STATUSES}, data.get("updated", ""),
                       ResearchCache.from_json(data.get("research")))
    except FileNotFoundError:
        return Results({})
    except (OSError, ValueError, KeyError, TypeError) as error:
        logger.warning("kb: cannot read the linkcheck results %s (%s); it is safe to delete it", path, error,
                       type="kb", subtype="linkcheck")
        return Results({})


def save_results(path: Path, results: Results) -> None:
    data = {"kb_linkcheck": RESULTS_VERSION, "updated": results.updated,
            "results": {url: asdict(result) for url, result in sorted(results.by_url.items())},
            "research": results.research.to_json()}
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(partial, path)  # a run stopped half way never leaves half a file
