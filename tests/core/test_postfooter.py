"""core.postfooter: related posts, backlinks and neighbours as kb's markup, text escaped."""

from __future__ import annotations

from sphinx_kb.core import markup
from sphinx_kb.core.postfooter import backlinks_block, neighbours_block, related_block


def html(blocks) -> str:
    return markup.to_html(blocks, lambda target, anchor: f"/{target}.html")


def test_related_posts_best_first_with_dates():
    shown = html(related_block([("posts/b", "Beta <b>", "2025-02-11"), ("posts/a", "Alpha", "")]))
    assert shown.index("Beta &lt;b&gt;") < shown.index("Alpha") and "11 February 2025" in shown
    assert related_block([]) == []


def test_linked_from_shows_each_sentence_as_text():
    shown = html(backlinks_block([("posts/b", "Beta", "2025-02-11", "It builds on <script>alpha</script>.")]))
    assert "Linked from" in shown and "&lt;script&gt;alpha&lt;/script&gt;" in shown and "<script>" not in shown


def test_neighbours():
    assert "Older post" in html(neighbours_block(("posts/a", "A", ""), None))
    both = html(neighbours_block(("posts/a", "A", ""), ("posts/c", "C", "")))
    assert both.index("/posts/a.html") < both.index("/posts/c.html")
    assert neighbours_block(None, None) == []
