"""Retractions and corrections from Crossref work records, their summary, and the review queue."""

from __future__ import annotations

import datetime as dt

from sphinx_kb.core import updates
from sphinx_kb.core.updates import Update

#: Crossref's shape for a retracted paper (Wakefield et al. 1998, The Lancet), as the REST
#: API gives it since Retraction Watch's data joined it: a correction and a retraction
WAKEFIELD = {
    "status": "ok",
    "message-type": "work",
    "message": {
        "DOI": "10.1016/S0140-6736(97)11096-0",
        "title": ["RETRACTED: Ileal-lymphoid-nodular hyperplasia, non-specific colitis, and pervasive "
                  "developmental disorder in children"],
        "relation": {},
        "updated-by": [
            {"DOI": "10.1016/s0140-6736(04)15715-2", "type": "correction", "label": "Correction",
             "source": "retraction-watch", "record-id": "17269",
             "updated": {"date-parts": [[2004, 3, 6]], "date-time": "2004-03-06T00:00:00Z", "timestamp": 1078531200000}},
            {"DOI": "10.1016/s0140-6736(10)60175-4", "type": "retraction", "label": "Retraction",
             "source": "retraction-watch",
             "updated": {"date-parts": [[2010, 2, 6]], "date-time": "2010-02-06T00:00:00Z", "timestamp": 1265414400000}},
            {"DOI": "10.1016/S0140-6736(10)60175-4", "type": "retraction", "label": "Retraction",
             "source": "publisher", "updated": {"date-parts": [[2010, 2, 6]]}},
        ],
    },
}


def test_a_retracted_work_lists_its_notices_with_source_and_date():
    found = updates.from_work(WAKEFIELD)
    assert found == [
        Update("correction", "Correction", "10.1016/s0140-6736(04)15715-2", "retraction-watch", "2004-03-06", "17269"),
        Update("retraction", "Retraction", "10.1016/s0140-6736(10)60175-4", "retraction-watch", "2010-02-06"),
        Update("retraction", "Retraction", "10.1016/s0140-6736(10)60175-4", "publisher", "2010-02-06"),
    ]
    assert updates.summary(found) == "retracted"


def test_the_message_alone_works_as_well_as_the_whole_answer():
    assert updates.from_work(WAKEFIELD["message"]) == updates.from_work(WAKEFIELD)


def test_summary_is_the_most_serious_update():
    correction = Update("correction", date="2020-01-01")
    concern = Update("expression_of_concern", date="2021-01-01")
    retraction = Update("retraction", date="2022-01-01")
    assert updates.summary([]) == ""
    assert updates.summary([Update("new_version")]) == ""
    assert updates.summary([correction]) == "corrected"
    assert updates.summary([correction, concern]) == "concern"
    assert updates.summary([concern, retraction, correction]) == "retracted"
    assert updates.summary([Update("partial_retraction")]) == "concern"
    assert updates.summary([Update("erratum")]) == "corrected"


def test_a_later_reinstatement_undoes_a_retraction_but_leaves_a_concern():
    retraction = Update("retraction", date="2019-05-01")
    assert updates.summary([retraction, Update("reinstatement", date="2020-02-01")]) == "concern"
    assert updates.summary([retraction, Update("reinstatement", date="2018-02-01")]) == "retracted"


def test_types_are_normalised():
    record = {"DOI": "10.1/x", "updated-by": [{"type": "Expression of Concern"}, {"type": "expression-of-concern", "DOI": "10.1/n"}]}
    assert [u.kind for u in updates.from_work(record)] == ["expression_of_concern", "expression_of_concern"]
    assert updates.summary(updates.from_work(record)) == "concern"


def test_update_to_counts_only_when_it_names_the_work_itself():
    own_notice = {"DOI": "10.5555/Paper", "update-to": [
        {"DOI": "10.5555/paper", "type": "retraction", "updated": {"date-parts": [[2021, 4]]}}]}
    assert updates.from_work(own_notice) == [Update("retraction", notice="10.5555/paper", date="2021-04")]
    notice_of_another = {"DOI": "10.5555/notice", "type": "journal-article", "update-to": [
        {"DOI": "10.5555/paper", "type": "retraction"}]}
    assert updates.from_work(notice_of_another) == []  # citing a retraction notice is no retracted source


def test_a_corrected_work():
    # 10.5555 is Crossref's test prefix: no real paper is said to be corrected here
    record = {"DOI": "10.5555/corrected", "updated-by": [
        {"DOI": "10.5555/correction-notice", "type": "correction", "label": "Correction", "source": "publisher",
         "updated": {"date-parts": [[2018, 11, 2]]}}]}
    found = updates.from_work(record)
    assert updates.summary(found) == "corrected"
    assert found[0].date == "2018-11-02"


def test_malformed_records_give_no_updates_and_never_raise():
    for record in [{}, {"message": None}, {"updated-by": "retraction"}, {"updated-by": [None, 3, {"type": ""}, {}]},
                   {"updated-by": [{"type": "retraction", "updated": {"date-parts": [["x"]]}}]}, [], None]:
        found = updates.from_work(record)  # type: ignore[arg-type]
        assert all(u.kind == "retraction" and u.date == "" for u in found)


def test_updates_round_trip_through_the_cache():
    update = Update("retraction", "Retraction", "10.1/n", "retraction-watch", "2010-02-06", "42")
    assert Update.from_dict(update.as_dict()) == update
    assert Update.from_dict({"kind": ""}) is None
    assert Update.from_dict("nonsense") is None  # type: ignore[arg-type]


def test_since_is_kept_while_the_status_stays():
    assert updates.since("ok", "2025-01-01T00:00:00+00:00", "ok", "2025-02-01T00:00:00+00:00") == "2025-01-01T00:00:00+00:00"
    assert updates.since("ok", "2025-01-01T00:00:00+00:00", "broken", "2025-02-01T00:00:00+00:00") == "2025-02-01T00:00:00+00:00"
    assert updates.since("", "", "ok", "2025-02-01") == "2025-02-01"
    history = [("2025-01-01", "ok"), ("2025-02-01", "broken"), ("2025-03-01", "ok"), ("2025-04-01", "broken"),
               ("2025-05-01", "broken")]
    assert updates.first_seen(history, "broken") == "2025-04-01"
    assert updates.first_seen(history, "ok") == ""


def test_review_queue_broken_after_the_post():
    post = dt.date(2025, 6, 2)
    assert updates.after_post(post, link_status="broken", link_since="2025-09-01T10:00:00+00:00") == [
        updates.Review("broken", "2025-09-01T10:00:00+00:00")]
    assert updates.after_post(post, link_status="broken", link_since="2025-05-01T10:00:00+00:00") == []
    assert updates.after_post(post, link_status="ok", link_since="2025-09-01") == []
    assert updates.after_post(None, link_status="broken", link_since="2025-09-01") == []


def test_review_queue_retracted_after_the_post():
    retracted = [Update("retraction", date="2025-10")]
    assert updates.after_post(dt.date(2025, 6, 2), updates=retracted) == [updates.Review("retracted", "2025-10")]
    # retracted long before the post was written: a warning, but not "after the post"
    assert updates.after_post(dt.date(2025, 6, 2), updates=updates.from_work(WAKEFIELD)) == []
    # a month-only date counts as the month's end: the post of 2 October may predate it
    assert updates.after_post(dt.date(2025, 10, 2), updates=retracted) == [updates.Review("retracted", "2025-10")]
    undated = [Update("retraction")]
    assert updates.after_post(dt.date(2025, 6, 2), updates=undated, updates_seen="2025-07-01T00:00:00+00:00") == [
        updates.Review("retracted", "2025-07-01T00:00:00+00:00")]
    assert updates.after_post(dt.date(2025, 6, 2), updates=[Update("correction", date="2025-10-01")]) == []


def test_latest_day_of_partial_dates():
    assert updates.latest_day("2024-02") == dt.date(2024, 2, 29)
    assert updates.latest_day("2025") == dt.date(2025, 12, 31)
    assert updates.latest_day("2025-06-02T23:00:00+00:00") == dt.date(2025, 6, 2)
    assert updates.latest_day("garbage") is None
    assert updates.latest_day("") is None
