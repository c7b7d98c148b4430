"""The research results cache: JSON round trip, freshness, and what a failed check may not replace."""

from __future__ import annotations

import datetime as dt
import json

from sphinx_kb.core.updates import Update
from sphinx_kb.research.cache import (
    ArchiveRecord,
    MetadataRecord,
    ResearchCache,
    UpdatesRecord,
    is_fresh,
)

NOW = dt.datetime(2025, 7, 1, 12, 0, tzinfo=dt.timezone.utc)
DAY = 86400


def test_round_trip_through_json():
    cache = ResearchCache()
    cache.store("10.1038/nbt.4235", MetadataRecord("ok", NOW.isoformat(), 200, "", {"id": "10.1038/nbt.4235", "title": "T"}))
    cache.store("10.5555/gone", MetadataRecord("missing", NOW.isoformat(), 404, "the DOI does not exist"))
    cache.store("10.5555/r", UpdatesRecord("ok", NOW.isoformat(), 200, "", (Update("retraction", "Retraction", "10.5555/n",
                                                                                  "retraction-watch", "2024-01-02", "7"),)))
    cache.store("https://example.org/a", ArchiveRecord("ok", NOW.isoformat(), 200, "",
                                                       "https://web.archive.org/web/20250101000000/https://example.org/a",
                                                       "2025-01-01T00:00:00+00:00"))
    text = json.dumps(cache.to_json())
    again = ResearchCache.from_json(json.loads(text))
    assert again == cache
    assert again.updates["10.5555/r"].summary == "retracted"
    assert again.updates["10.5555/r"].since == NOW.isoformat()


def test_unreadable_entries_are_dropped_never_raised():
    data = {"version": 1,
            "metadata": {"a": {"status": "ok", "checked": "2025-01-01T00:00:00+00:00"}, "b": {"status": "bogus", "checked": "x"},
                         "c": "nonsense", "d": {"status": "ok"}, "e": {"status": "ok", "checked": "x", "csl": [1]},
                         "f": {"status": "ok", "checked": "x", "code": "abc"}},
            "updates": {"g": {"status": "ok", "checked": "x", "updates": [{"kind": "retraction"}, "junk", {"kind": ""}]}},
            "archive": [1, 2]}
    cache = ResearchCache.from_json(data)
    assert set(cache.metadata) == {"a"}
    assert cache.updates["g"].updates == (Update("retraction"),)
    assert cache.archive == {}
    for junk in (None, [], "x", {"version": 99, "metadata": {"a": {"status": "ok", "checked": "x"}}}):
        assert ResearchCache.from_json(junk) == ResearchCache()


def test_only_answers_are_fresh_and_only_until_max_age():
    ok = MetadataRecord("ok", (NOW - dt.timedelta(days=2)).isoformat())
    missing = MetadataRecord("missing", (NOW - dt.timedelta(days=2)).isoformat())
    assert is_fresh(ok, NOW, 7 * DAY) and is_fresh(missing, NOW, 7 * DAY)
    assert not is_fresh(ok, NOW, 1 * DAY)
    assert not is_fresh(ok, NOW, 0)
    for status in ("error", "rate-limited", "offline"):
        assert not is_fresh(MetadataRecord(status, NOW.isoformat()), NOW, 7 * DAY)
    assert not is_fresh(MetadataRecord("ok", "not a time"), NOW, 7 * DAY)
    assert not is_fresh(MetadataRecord("ok", (NOW + dt.timedelta(days=1)).isoformat()), NOW, 7 * DAY)  # from the future
    assert not is_fresh(None, NOW, 7 * DAY)


def test_no_answer_never_replaces_an_answer():
    cache = ResearchCache()
    good = MetadataRecord("ok", "2025-01-01T00:00:00+00:00", 200, "", {"id": "x", "title": "T"})
    cache.store("x", good)
    for status in ("error", "rate-limited", "offline"):
        assert cache.store("x", MetadataRecord(status, NOW.isoformat(), 0, "no")) == good
    assert cache.metadata["x"] == good
    newer = MetadataRecord("missing", NOW.isoformat(), 404)
    assert cache.store("x", newer) == newer  # a newer answer does
    cache.store("y", MetadataRecord("offline", NOW.isoformat()))
    assert cache.metadata["y"].status == "offline"  # kept when there is nothing better, but never fresh


def test_since_stays_while_the_summary_stays():
    cache = ResearchCache()
    first = "2025-01-01T00:00:00+00:00"
    retracted = (Update("retraction"),)
    cache.store("d", UpdatesRecord("ok", first, updates=retracted))
    cache.store("d", UpdatesRecord("ok", NOW.isoformat(), updates=retracted))
    assert cache.updates["d"].since == first
    cache.store("d", UpdatesRecord("ok", "2025-08-01T00:00:00+00:00", updates=()))
    assert cache.updates["d"].since == "2025-08-01T00:00:00+00:00"


def test_prune_forgets_what_no_post_cites():
    cache = ResearchCache()
    cache.store("a", MetadataRecord("ok", NOW.isoformat()))
    cache.store("b", UpdatesRecord("ok", NOW.isoformat()))
    cache.store("https://x.org/", ArchiveRecord("missing", NOW.isoformat()))
    cache.prune({"b"}, set())
    assert (set(cache.metadata), set(cache.updates), set(cache.archive)) == (set(), {"b"}, set())
