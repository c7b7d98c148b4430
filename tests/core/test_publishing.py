"""Jekyll's publishing rules: future posts, drafts and published: false."""

from __future__ import annotations

import datetime as dt

import pytest

from sphinx_kb.core.frontmatter import parse_front_matter
from sphinx_kb.core.publishing import (
    DRAFT, FUTURE, PUBLISHED, UNPUBLISHED, Decision, Rules, count_reasons, decide, due, in_drafts_folder,
    moment, next_due, summary,
)

UTC = dt.timezone.utc
TOKYO = dt.timezone(dt.timedelta(hours=9))
NOW = dt.datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def post(front_matter: str, stem: str = "2025-01-01-a-post"):
    result, problems = parse_front_matter(front_matter, stem)
    assert problems == []
    return result


def test_a_post_dated_in_the_past_is_published():
    assert decide(post("title: Old"), "posts/2025-01-01-a-post", NOW) == Decision(True, PUBLISHED)


def test_a_post_dated_in_the_future_is_left_out_unless_future_is_on():
    future = post("date: 2099-01-01")
    assert decide(future, "posts/x", NOW) == (False, FUTURE)
    assert decide(future, "posts/x", NOW, Rules(future=True)) == (True, PUBLISHED)


def test_exactly_now_is_published_one_second_later_is_not():
    assert decide(post("date: 2025-06-01 12:00:00 +0000"), "p", NOW).included
    assert not decide(post("date: 2025-06-01 12:00:01 +0000"), "p", NOW).included


def test_a_date_without_a_zone_is_in_the_sites_zone():
    today = post("date: 2025-06-01 20:00:00")  # 20:00 in Tokyo is 11:00 UTC: past
    assert decide(today, "p", NOW, Rules(zone=TOKYO)).included
    assert not decide(today, "p", NOW, Rules(zone=UTC)).included  # 20:00 UTC: later today
    tomorrow = post("title: t", stem="2025-06-02-tomorrow")  # midnight in the site's zone
    # 2025-06-02T00:00+09:00 is 2025-06-01T15:00Z: three hours after NOW, and due then
    assert not decide(tomorrow, "p", NOW, Rules(zone=TOKYO)).included
    assert decide(tomorrow, "p", dt.datetime(2025, 6, 1, 15, 0, tzinfo=UTC), Rules(zone=TOKYO)).included


def test_a_naive_now_is_read_in_the_sites_zone():
    noon_in_tokyo = dt.datetime(2025, 6, 1, 12, 0)
    assert decide(post("date: 2025-06-01 11:00:00"), "p", noon_in_tokyo, Rules(zone=TOKYO)).included
    assert not decide(post("date: 2025-06-01 13:00:00"), "p", noon_in_tokyo, Rules(zone=TOKYO)).included


@pytest.mark.parametrize("path", ["_drafts/idea", "posts/_drafts/idea", "a\\_drafts\\b"])
def test_drafts_are_left_out_unless_drafts_are_on(path):
    assert in_drafts_folder(path)
    draft = post("title: An idea", stem="idea")
    assert decide(draft, path, NOW) == (False, DRAFT)
    assert decide(draft, path, NOW, Rules(drafts=True)) == (True, PUBLISHED)


@pytest.mark.parametrize("path", ["_drafts", "posts/my_drafts/x", "posts/_drafts.md", "drafts/x"])
def test_only_a_folder_named_drafts_makes_a_draft(path):
    assert not in_drafts_folder(path)


@pytest.mark.parametrize("value", ["false", "'false'", "no", "off"])
def test_published_false_stays_out(value):
    hidden = post(f"published: {value}")
    assert decide(hidden, "posts/x", NOW) == (False, UNPUBLISHED)
    assert decide(hidden, "posts/x", NOW, Rules(future=True, drafts=True)) == (False, UNPUBLISHED)
    assert decide(hidden, "posts/x", NOW, Rules(unpublished=True)) == (True, PUBLISHED)


def test_one_reason_per_post_draft_first():
    everything = post("published: false\ndate: 2099-01-01")
    assert decide(everything, "_drafts/x", NOW).reason == DRAFT
    assert decide(everything, "posts/x", NOW).reason == UNPUBLISHED
    assert decide(everything, "_drafts/x", NOW, Rules(drafts=True, unpublished=True)).reason == FUTURE


def test_undated_posts_are_never_in_the_future():
    assert decide(post("title: No date", stem="no-date"), "posts/no-date", NOW).included


def test_when_a_future_post_becomes_due():
    later = post("date: 2025-07-04 08:30:00 -0400")
    assert due(later, "posts/x", NOW) == dt.datetime(2025, 7, 4, 12, 30, tzinfo=UTC)
    assert due(later, "posts/x", NOW, Rules(future=True)) is None  # published already
    assert due(post("date: 2099-01-01\npublished: false"), "posts/x", NOW) is None  # waiting will not help
    assert due(post("title: past"), "posts/x", NOW) is None
    rebuilt = due(later, "posts/x", NOW)
    assert decide(later, "posts/x", rebuilt).included  # a build at that moment publishes it


def test_next_due_is_the_earliest():
    posts = [(post("date: 2025-09-01"), "a"), (post("date: 2025-08-01"), "b"), (post("title: old"), "c"),
             (post("date: 2025-07-01"), "_drafts/d")]
    assert next_due(posts, NOW) == dt.datetime(2025, 8, 1, tzinfo=UTC)
    assert next_due([], NOW) is None


def test_moment():
    assert moment(dt.date(2025, 1, 2), None, TOKYO) == dt.datetime(2025, 1, 2, tzinfo=TOKYO)
    given = dt.time(10, 0, tzinfo=UTC)
    assert moment(dt.date(2025, 1, 2), given, TOKYO) == dt.datetime(2025, 1, 2, 10, 0, tzinfo=UTC)


def test_the_log_counts_by_reason():
    decisions = [Decision(True, PUBLISHED), Decision(False, FUTURE), Decision(False, DRAFT), Decision(False, FUTURE)]
    counts = count_reasons(decisions)
    assert counts == {DRAFT: 1, FUTURE: 2}
    assert summary(counts) == "3 posts left out: 1 draft, 2 dated in the future"
    assert summary({UNPUBLISHED: 1}) == "1 post left out: 1 with published: false"
    assert summary({}) == ""
