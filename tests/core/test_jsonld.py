"""schema.org BlogPosting for a post, and its serialisation inside a script element."""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser

from sphinx_kb.core.jsonld import HEADLINE_LENGTH, Person, Publisher, blog_posting, script_json

URL = "https://kb.example.org/posts/2025-01-10-alpha.html"
WHEN = dt.datetime(2025, 1, 10, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def alpha(**changes):
    values = dict(url=URL, headline="Alpha post", date_published=WHEN,
                  authors=[Person("Ada Lovelace", "https://ada.example.org/"), Person("Grace Hopper")],
                  description="What alpha is about.", keywords=["genomics", "drug design"],
                  sections=["research"], images=["../_images/alpha.png"], language="en")
    values.update(changes)
    return blog_posting(**values)


def test_a_post_as_blog_posting():
    data = alpha()
    assert data["@context"] == "https://schema.org" and data["@type"] == "BlogPosting"
    assert data["headline"] == "Alpha post"
    assert data["datePublished"] == "2025-01-10T09:00:00+01:00"
    assert data["dateModified"] == data["datePublished"]  # not modified: the publication date
    assert data["author"] == [
        {"@type": "Person", "name": "Ada Lovelace", "url": "https://ada.example.org/"},
        {"@type": "Person", "name": "Grace Hopper"},
    ]
    assert data["keywords"] == ["genomics", "drug design"]
    assert data["articleSection"] == "research"
    assert data["image"] == ["https://kb.example.org/_images/alpha.png"]  # made absolute
    assert data["description"] == "What alpha is about."
    assert data["url"] == URL and data["mainEntityOfPage"] == {"@type": "WebPage", "@id": URL}
    assert data["inLanguage"] == "en"
    assert "publisher" not in data


def test_unknown_values_are_left_out_not_empty():
    data = blog_posting(url=URL, headline="Bare")
    assert set(data) == {"@context", "@type", "headline", "url", "mainEntityOfPage"}


def test_dates_may_be_plain_dates_and_a_modified_date_is_kept():
    data = alpha(date_published=dt.date(2025, 1, 10), date_modified=dt.date(2025, 3, 1))
    assert (data["datePublished"], data["dateModified"]) == ("2025-01-10", "2025-03-01")


def test_publisher_with_logo():
    data = alpha(publisher=Publisher("Notes", "/", "/_static/logo.png"))
    assert data["publisher"] == {"@type": "Organization", "name": "Notes", "url": "https://kb.example.org/",
                                 "logo": {"@type": "ImageObject", "url": "https://kb.example.org/_static/logo.png"}}


def test_a_long_title_is_cut_for_the_headline_and_kept_whole_as_name():
    title = "word " * 40
    data = alpha(headline=title.strip())
    assert len(data["headline"]) <= HEADLINE_LENGTH and data["headline"].endswith("…")
    assert data["name"] == title.strip()


class ScriptReader(HTMLParser):
    """What a browser's HTML parser finds in the page: script contents and any other tag."""

    def __init__(self):
        super().__init__()
        self.scripts, self.tags, self.inside = [], [], False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.inside = tag == "script"

    def handle_endtag(self, tag):
        self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.scripts.append(data)


def test_script_json_cannot_close_its_script_element():
    hostile = '</script><script>alert("x")</script><!-- & -->'
    data = alpha(headline=hostile, description="a < b && c > d", keywords=["</SCRIPT >"])
    text = script_json(data)
    assert "<" not in text and ">" not in text and "&" not in text
    page = f'<script type="application/ld+json">{text}</script><p>after</p>'
    reader = ScriptReader()
    reader.feed(page)
    assert reader.tags == ["script", "p"]  # one script element, then the paragraph
    assert json.loads("".join(reader.scripts)) == data  # the same data, every character kept
    assert json.loads(text)["headline"] == hostile


def test_line_separators_are_escaped_too():
    text = script_json(alpha(description="one\u2028two\u2029three"))
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text)["description"] == "one\u2028two\u2029three"
