"""The Atom and JSON feeds, read back the way a feed reader reads them (feedparser)."""

from __future__ import annotations

import datetime as dt
import json

import feedparser
import pytest

from sphinx_kb.core.feeds import (
    EPOCH, FeedEntry, FeedOptions, Person, FeedInfo, atom, json_feed, json_feed_data, site_base_url,
)

UTC = dt.timezone.utc
BASE = "https://kb.example.org/notes/"
SITE = FeedInfo(title="Notes & more", home_page_url=BASE, feed_url=BASE + "feed.xml", language="en")


def day(n: int) -> dt.datetime:
    return dt.datetime(2025, 1, 1, 9, 30, tzinfo=UTC) + dt.timedelta(days=n)


def entry(n: int, **changes) -> FeedEntry:
    values = dict(
        url=f"posts/post-{n:02d}.html", title=f"Post {n}", published=day(n),
        authors=(Person("Ada Lovelace", "https://ada.example.org/"),),
        categories=("research",), tags=("Machine Learning", "genomics"), summary=f"Summary of post {n}.",
        content_html=f"<p>Body of <em>post {n}</em>.</p>",
    )
    values.update(changes)
    return FeedEntry(**values)


ENTRIES = [entry(n) for n in (3, 1, 4, 2)]  # not in date order


def parsed_atom(entries=ENTRIES, options=FeedOptions(), site=SITE):
    result = feedparser.parse(atom(site, entries, options))
    assert not result.bozo, result.bozo_exception
    return result


def parsed_json(entries=ENTRIES, options=FeedOptions(), site=SITE):
    return json.loads(json_feed(site, entries, options).decode("utf-8"))


def test_atom_entries_are_newest_first_with_absolute_links():
    feed = parsed_atom()
    assert feed.version == "atom10"
    assert [e.title for e in feed.entries] == ["Post 4", "Post 3", "Post 2", "Post 1"]
    assert [e.link for e in feed.entries][0] == "https://kb.example.org/notes/posts/post-04.html"
    assert all(e.id == e.link and e.link.startswith(BASE) for e in feed.entries)
    assert feed.feed.title == "Notes & more"
    assert feed.feed.language == "en"
    assert {link.rel: link.href for link in feed.feed.links} == {"alternate": BASE, "self": BASE + "feed.xml"}


def test_atom_entry_carries_dates_authors_categories_tags_and_summary():
    first = parsed_atom().entries[0]
    assert first.published_parsed[:5] == (2025, 1, 5, 9, 30)
    assert first.updated_parsed[:5] == (2025, 1, 5, 9, 30)
    assert first.author_detail.name == "Ada Lovelace"
    assert first.author_detail.href == "https://ada.example.org/"
    assert [t.term for t in first.tags] == ["research", "Machine Learning", "genomics"]
    assert first.summary == "Summary of post 4."
    assert "content" not in first  # summary only unless full content is asked for


def test_feed_updated_is_the_newest_entry_unless_given():
    assert parsed_atom().feed.updated_parsed[:3] == (2025, 1, 5)
    given = FeedInfo(SITE.title, BASE, SITE.feed_url, updated=dt.datetime(2026, 2, 3, tzinfo=UTC))
    assert parsed_atom(site=given).feed.updated_parsed[:3] == (2026, 2, 3)
    assert parsed_json(site=given)["items"][0]["date_modified"].startswith("2025-01-05")


def test_an_updated_entry_keeps_its_published_date():
    changed = [entry(1, updated=day(30))]
    first = parsed_atom(changed).entries[0]
    assert first.published_parsed[:3] == (2025, 1, 2)
    assert first.updated_parsed[:3] == (2025, 1, 31)
    item = parsed_json(changed)["items"][0]
    assert item["date_published"].startswith("2025-01-02") and item["date_modified"].startswith("2025-01-31")


def test_feed_length_keeps_the_newest():
    many = [entry(n) for n in range(30)]
    assert len(parsed_atom(many).entries) == 20  # kb_feed_length's default
    assert [e.title for e in parsed_atom(many, FeedOptions(length=3)).entries] == ["Post 29", "Post 28", "Post 27"]
    assert len(parsed_json(many, FeedOptions(length=0))["items"]) == 30  # 0: every entry


def test_full_content_is_an_option():
    full = FeedOptions(full_content=True)
    first = parsed_atom(options=full).entries[0]
    assert first.content[0].value == "<p>Body of <em>post 4</em>.</p>"
    assert first.summary == "Summary of post 4."
    item = parsed_json(options=full)["items"][0]
    assert item["content_html"] == "<p>Body of <em>post 4</em>.</p>" and "content_text" not in item
    summary_only = parsed_json()["items"][0]
    assert summary_only["content_text"] == "Summary of post 4." and "content_html" not in summary_only


def test_a_title_with_markup_is_text_in_both_feeds():
    hostile = [entry(1, title='<script>alert("x")</script> & </title>', summary="<b>not bold</b>")]
    raw = atom(SITE, hostile)
    assert b"<script>" not in raw and b"&lt;script&gt;" in raw
    first = feedparser.parse(raw).entries[0]
    assert first.title == '<script>alert("x")</script> & </title>'
    assert first.title_detail.type == "text/plain"
    assert first.summary_detail.type == "text/plain"
    assert parsed_json(hostile)["items"][0]["title"] == '<script>alert("x")</script> & </title>'


def test_characters_xml_cannot_hold_are_dropped_not_fatal():
    odd = [entry(1, title="bell\x07 and null\x00 end")]
    assert parsed_atom(odd).entries[0].title == "bell and null end"


def test_json_feed_has_the_required_fields_of_version_1_1():
    data = parsed_json()
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["title"] == "Notes & more"
    assert data["home_page_url"] == BASE and data["feed_url"] == BASE + "feed.xml"
    assert [item["title"] for item in data["items"]] == ["Post 4", "Post 3", "Post 2", "Post 1"]
    for item in data["items"]:
        assert item["id"] == item["url"] and item["url"].startswith(BASE)
        assert ("content_html" in item) or ("content_text" in item)
        dt.datetime.fromisoformat(item["date_published"])  # RFC 3339
        dt.datetime.fromisoformat(item["date_modified"])
    first = data["items"][0]
    assert first["authors"] == [{"name": "Ada Lovelace", "url": "https://ada.example.org/"}]
    assert first["tags"] == ["research", "Machine Learning", "genomics"]
    assert first["summary"] == "Summary of post 4."


def test_a_tag_and_a_category_of_one_name_are_one_tag():
    both = [entry(1, categories=("Genomics",), tags=("genomics", "ML"))]
    assert parsed_json(both)["items"][0]["tags"] == ["Genomics", "ML"]


def test_undated_entries_are_left_out():
    mixed = [entry(1), entry(2, published=None)]
    assert [item["title"] for item in parsed_json(mixed)["items"]] == ["Post 1"]


def test_relative_addresses_become_absolute():
    odd = [entry(1, url="../other/page.html", authors=(Person("Ann", "authors/ann.html"),))]
    first = parsed_atom(odd).entries[0]
    assert first.link == "https://kb.example.org/other/page.html"
    assert first.author_detail.href == "https://kb.example.org/notes/authors/ann.html"


def test_an_empty_feed_is_valid_and_the_same_every_time():
    empty = atom(SITE, [])
    assert empty == atom(SITE, [])
    feed = feedparser.parse(empty)
    assert not feed.bozo and feed.entries == []
    assert feed.feed.updated_parsed[:3] == EPOCH.timetuple()[:3]
    assert json_feed_data(SITE, [])["items"] == []


def test_the_feed_names_an_author_when_an_entry_has_none():
    anonymous = [entry(1, authors=())]
    assert parsed_atom(anonymous).feed.author_detail.name == "Notes & more"
    given = FeedInfo(SITE.title, BASE, SITE.feed_url, authors=(Person("The team"),))
    assert parsed_atom(anonymous, site=given).feed.author_detail.name == "The team"


def test_same_input_same_bytes():
    assert atom(SITE, ENTRIES) == atom(SITE, list(reversed(ENTRIES)))
    assert json_feed(SITE, ENTRIES) == json_feed(SITE, list(reversed(ENTRIES)))


@pytest.mark.parametrize(
    "html_baseurl, readthedocs, expected",
    [
        ("https://kb.example.org/notes", None, "https://kb.example.org/notes/"),
        ("https://kb.example.org/notes/", "https://rtd.example.org/en/latest/", "https://kb.example.org/notes/"),
        ("", "https://proj.readthedocs.io/en/latest/", "https://proj.readthedocs.io/en/latest/"),
        ("/notes/", None, None),  # not absolute
        ("ftp://kb.example.org/", None, None),
        ("", "", None),
        (None, None, None),
        ("https://kb.example.org", None, "https://kb.example.org/"),
        ("https://kb.example.org/a?x=1#f", None, "https://kb.example.org/a/"),
    ],
)
def test_site_base_url(html_baseurl, readthedocs, expected):
    assert site_base_url(html_baseurl, readthedocs) == expected
