"""What a kb-linkcheck run leaves: ``kb-sources.txt`` and ``.json`` in its output folder.

One line (``.txt``) or record (``.json``) per citation: file, line, status, URL, and
what kb knows of the work (its DOI, a retraction or correction, an archived copy).
The ``.json`` also says what the run asked and what got no answer, for the
``kb linkcheck`` summary and for tools.
"""

from __future__ import annotations

import json
from dataclasses import asdict, replace

from ..badges import warn_retracted
from ..model import STATUSES, UPDATES, Row
from ..research import ResearchRun

__all__ = ["annotated", "research_notes", "warn_retracted", "write_report"]


def annotated(row: Row, not_checked: dict[str, str]) -> Row:
    """A row's note says when its source could not be checked in this run, and why."""
    reason = not_checked.get(row.url)
    if reason is None:
        return row
    last = f"; last result from {row.checked}" if row.checked else ""
    return replace(row, info=f"not checked: {reason}{last}")


def research_notes(row: Row, research: ResearchRun) -> str:
    """What this run asked of the row's work and got no answer for (asked again next run)."""
    notes = [f"{kind}: {research.unanswered[(kind, key)]}"
             for kind, key in (("metadata", row.doi), ("updates", row.doi), ("archive", row.url))
             if key and (kind, key) in research.unanswered]
    return "; ".join(notes)


def _line(row: Row, files: dict[str, str], research: ResearchRun) -> str:
    text = f"{files[row.post]}:{row.line}: [{STATUSES[row.status][0]}]"
    if row.update:
        text += f" [{UPDATES[row.update][0]}]"
    text += f" {row.url}"
    if row.info:
        text += f" - {row.info}"
    if row.update_info:
        text += f" - {row.update_info}"
    if row.archive:
        text += f" - archived copy: {row.archive}"
    notes = research_notes(row, research)
    if notes:
        text += f" - no answer: {notes}"
    return text


def write_report(builder, rows: list[Row]) -> None:
    env, config = builder.env, builder.config
    files = {row.post: str(env.doc2path(row.post, False)) for row in rows}
    unanswered = {f"{kind}:{key}" if key else kind: why for (kind, key), why in builder.research.unanswered.items()}
    data = {
        "results_file": str(builder.results_file),
        "max_age": config.kb_linkcheck_max_age,
        "offline": builder.offline,
        "checked_now": sorted(builder.checked),
        "not_checked": builder.not_checked,
        "research": {"asked": len(builder.research.asked), "requests": builder.research.requests,
                     "unanswered": unanswered, "archive_timeout": config.kb_archive_timeout},
        "citations": [{**asdict(row), "file": files[row.post], "unanswered": research_notes(row, builder.research)}
                      for row in rows],
    }
    (builder.outdir / "kb-sources.json").write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n",
                                                    encoding="utf-8")
    lines = [_line(row, files, builder.research) for row in rows]
    (builder.outdir / "kb-sources.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
