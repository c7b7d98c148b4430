"""Retractions, corrections and expressions of concern, read from a Crossref work record.

Crossref's REST API (``/works/{doi}``) lists what happened to a work after publication in
its ``updated-by`` field: one entry per notice, each with

``type``      the kind of update (Crossmark's names: ``retraction``, ``correction``,
              ``expression_of_concern``, ``erratum``, ``withdrawal``…)
``label``     the same for display (``Retraction``)
``DOI``       the notice's own DOI
``source``    who asserted it: ``publisher`` (deposited with Crossref) or ``retraction-watch``
              (from the Retraction Watch database, which Crossref acquired in 2023)
``updated``   the date of the notice (``date-parts``, ``date-time``)
``record-id`` the Retraction Watch record, for that source

(Crossref's tutorial "Get Retraction Watch metadata from Crossref's API", 2025.) The
older form is the other end of the relation: the *notice* carries ``update-to`` pointing
at the work it updates. A work's own record shows that only when the publisher deposited
the notice under the work's own DOI, so an ``update-to`` entry naming the work itself is
read as an update too; ``update-to`` entries naming other works (the record is a notice)
are not updates of this work. Crossref's ``relation`` field carries no retractions.

A work's summary is the most serious of its updates: ``retracted`` > ``concern`` >
``corrected`` > ``""`` (nothing). Pure Python: no Sphinx, no network.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

RETRACTED, CONCERN, CORRECTED = "retracted", "concern", "corrected"
#: summaries, most serious first; "" is a work with no such update
SUMMARIES = (RETRACTED, CONCERN, CORRECTED)

#: update type -> the summary it gives. A partial retraction withdraws part of a work: a
#: reader must look, but the rest may stand, so it is a concern, not a retraction.
LEVELS = {
    "retraction": RETRACTED,
    "withdrawal": RETRACTED,
    "removal": RETRACTED,
    "partial_retraction": CONCERN,
    "expression_of_concern": CONCERN,
    "correction": CORRECTED,
    "corrigendum": CORRECTED,
    "erratum": CORRECTED,
    "addendum": CORRECTED,
    "clarification": CORRECTED,
}
REINSTATEMENT = "reinstatement"


@dataclass(frozen=True)
class Update:
    """One notice about a work: what kind, which notice, who says so, and when."""

    kind: str  # normalised type: "retraction", "expression_of_concern", "correction"…
    label: str = ""  # for display: "Retraction"
    notice: str = ""  # the notice's DOI, bare and lower-case
    source: str = ""  # "publisher", "retraction-watch", or "" when unknown
    date: str = ""  # ISO date of the notice, as precise as known: "2010-02-06", "2010-02", "2010"
    record_id: str = ""  # Retraction Watch's record number

    @property
    def level(self) -> str:
        """The summary this update gives on its own ("" for a new version, a reinstatement…)."""
        return LEVELS.get(self.kind, "")

    def as_dict(self) -> dict[str, str]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Update | None:
        """From ``as_dict``'s output (the results cache); None for anything else."""
        try:
            values = {name: str(data.get(name, "") or "") for name in cls.__dataclass_fields__}
        except AttributeError:
            return None
        return cls(**values) if values["kind"] else None


def kind_of(value: object) -> str:
    """``Expression of Concern`` and ``expression-of-concern`` are ``expression_of_concern``."""
    return "_".join(str(value).strip().lower().replace("-", " ").split())


def date_of(value: object) -> str:
    """A Crossref date (``{"date-parts": [[2010, 2, 6]]}`` or ``date-time``) as ISO text; "" if none."""
    if not isinstance(value, Mapping):
        return ""
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list):
        try:
            numbers = [int(part) for part in parts[0][:3] if part is not None]
        except (TypeError, ValueError):
            numbers = []
        if numbers and 1000 <= numbers[0] <= 9999:
            return "-".join([f"{numbers[0]:04d}", *(f"{n:02d}" for n in numbers[1:])])
    moment = value.get("date-time")
    return moment[:10] if isinstance(moment, str) and len(moment) >= 10 else ""


def _work(record: Mapping[str, Any]) -> Mapping[str, Any]:
    """The work itself, whether given the API's whole answer or its ``message``."""
    message = record.get("message")
    return message if isinstance(message, Mapping) else record


def _update(entry: object) -> Update | None:
    if not isinstance(entry, Mapping) or not entry.get("type"):
        return None
    return Update(
        kind=kind_of(entry["type"]),
        label=" ".join(str(entry.get("label") or "").split()),
        notice=str(entry.get("DOI") or "").strip().lower(),
        source=str(entry.get("source") or "").strip().lower(),
        date=date_of(entry.get("updated")),
        record_id=str(entry.get("record-id") or "").strip(),
    )


def from_work(record: Mapping[str, Any]) -> list[Update]:
    """Every update of a work, in the order Crossref lists them, each notice and source once."""
    if not isinstance(record, Mapping):
        return []
    work = _work(record)
    own = str(work.get("DOI") or "").strip().lower()
    entries = list(work.get("updated-by") or []) if isinstance(work.get("updated-by"), list) else []
    update_to = work.get("update-to")
    if isinstance(update_to, list):
        entries += [entry for entry in update_to
                    if isinstance(entry, Mapping) and own and str(entry.get("DOI") or "").strip().lower() == own]
    found: dict[tuple[str, str, str], Update] = {}
    for entry in entries:
        update = _update(entry)
        if update is not None:
            found.setdefault((update.kind, update.notice, update.source), update)
    return list(found.values())


def _latest(dates: Iterable[str]) -> str:
    known = sorted(date for date in dates if date)
    return known[-1] if known else ""


def summary(updates: Sequence[Update]) -> str:
    """``retracted``, ``concern``, ``corrected`` or ``""``: the most serious update.

    A reinstatement dated after every retraction (Retraction Watch records those) undoes
    them: the work stands again, but having been retracted once it stays a concern.
    """
    levels = {update.level for update in updates}
    if RETRACTED in levels:
        retracted = _latest(u.date for u in updates if u.level == RETRACTED)
        reinstated = _latest(u.date for u in updates if u.kind == REINSTATEMENT)
        if reinstated and retracted and reinstated > retracted:
            levels = (levels - {RETRACTED}) | {CONCERN}
    return next((level for level in SUMMARIES if level in levels), "")


# -- the review queue: what went wrong after a post was written ----------------------------


def latest_day(iso: str) -> dt.date | None:
    """The last day an ISO date or datetime can mean: ``2025-06`` is 30 June, ``2025`` 31 December.

    A review queue would rather show a post whose source may have broken after it was
    written than hide it, so a date known only to the month counts as that month's end.
    """
    text = (iso or "").strip()[:10]
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        if len(text) == 7:
            year, month = int(text[:4]), int(text[5:7])
            return dt.date(year, month, calendar.monthrange(year, month)[1])
        if len(text) == 4:
            return dt.date(int(text), 12, 31)
    except ValueError:
        return None
    return None


def since(previous_status: str, previous_since: str, status: str, checked: str) -> str:
    """When the current status began: kept from the last result while the status stays the
    same, else the time of this check. Store it beside each result to answer "since when"."""
    return previous_since if previous_status == status and previous_since else checked


def first_seen(history: Sequence[tuple[str, str]], status: str) -> str:
    """From ``(checked, status)`` pairs, oldest first: when the latest run of ``status`` began ("" if it is not current)."""
    start = ""
    for checked, seen in history:
        if seen == status:
            start = start or checked
        else:
            start = ""
    return start


@dataclass(frozen=True)
class Review:
    """Why a post belongs in the review queue: a source that broke or was retracted after it."""

    reason: str  # "broken" or "retracted"
    since: str  # ISO date or time the problem began, as far as kb knows


def after_post(post_date: dt.date | None, *, link_status: str = "", link_since: str = "",
               updates: Sequence[Update] = (), updates_seen: str = "") -> list[Review]:
    """The problems of one source that began after ``post_date``.

    ``link_status``/``link_since``: the link check's status and when it began (see ``since``).
    ``updates``: the source's Crossref updates; a retraction's own date counts, or, when the
    notice has none, ``updates_seen`` (when kb first saw the retraction). A post without a
    date is never in the queue: "after" means nothing for it.
    """
    if post_date is None:
        return []
    found = []
    began = latest_day(link_since)
    if link_status == "broken" and began is not None and began > post_date:
        found.append(Review("broken", link_since))
    if summary(updates) == RETRACTED:
        dates = [u.date or updates_seen for u in updates if u.level == RETRACTED]
        after = [d for d in dates if (day := latest_day(d)) is not None and day > post_date]
        if after:
            found.append(Review("retracted", min(after)))
    return found
