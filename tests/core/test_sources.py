"""core.sources, core.postbody, core.jekyll.links, PostReader.read_text: the steps the
build and ``kb check`` share, on their own (no Sphinx, no docutils)."""

from __future__ import annotations

from sphinx_kb.core.sources import Block, sources_of, warning
from sphinx_kb.core.jekyll.config import read_config
from sphinx_kb.core.jekyll.links import fate
from sphinx_kb.core.jekyll.urls import IndexedPost, OldUrlIndex
from sphinx_kb.core.placeholders import KnownPlaceholder, Piece
from sphinx_kb.core.postbody import myst_text
from sphinx_kb.core.postreader import DEFAULT_SITE, PostReader

MARKERS = ["replace with actual"]


def test_sources_of_blocks_with_findings_and_known_placeholders():
    blocks = [Block((Piece("See "), Piece("a", "https://www.example.com/a"), Piece(" and\n"),
                     Piece("b", "https://b.org/"), Piece(" (replace with actual)")), 7)]
    known = [KnownPlaceholder("posts/x", "https://www.example.com/a", "kept")]
    first, second = sources_of(blocks, "posts/x", MARKERS, known)
    assert (first.url, first.line, first.known is not None, warning(first)) == ("https://www.example.com/a", 7, True, None)
    assert (second.url, second.line) == ("https://b.org/", 8)
    assert warning(second) == ('kb: placeholder citation https://b.org/ ("replace with actual" after the link); '
                               "replace it with the real source, or list it in kb_known_placeholders")
    assert sources_of(blocks, "posts/other", MARKERS, known)[0].known is None  # known for its own post only


def index() -> OldUrlIndex:
    site, _ = read_config("url: https://old.example.org\nbaseurl: /blog\n")
    post = IndexedPost("posts/2024-01-02-b", "_posts/2024-01-02-b.md", "/2024/01/02/b.html", None, "b")
    built, _ = OldUrlIndex.build(site, [post])
    return built


def test_the_fate_of_links_to_the_old_site():
    idx = index()
    assert fate(idx, "https://www.nature.com/x", None, lambda asset: True) is None  # another site
    assert fate(idx, "/blog/2024/01/02/b.html#part", None, lambda asset: False).kind == "post"
    assert fate(idx, "https://old.example.org/blog/2024/01/02/b.html", None, lambda asset: False).kind == "post"
    assert fate(idx, "/blog/assets/r.pdf", None, lambda asset: asset == "assets/r.pdf") == ("file", fate(
        idx, "/blog/assets/r.pdf", None, lambda asset: True).found, "assets/r.pdf")
    missing = fate(idx, "/blog/assets/gone.pdf", None, lambda asset: False)
    assert missing.kind == "old site" and missing.found.url == "https://old.example.org/blog/assets/gone.pdf"
    assert fate(idx, "/about/", None, lambda asset: False).found.url == "https://old.example.org/about/"


def test_myst_text_keeps_every_line_and_reports_liquid_once_per_line():
    empty, _ = OldUrlIndex.build(DEFAULT_SITE, [])
    body = "\n\n\n\nText {% include a %} {% include a %}\n{{ page.title }}\n"
    text, problems = myst_text(body, 3, empty)
    assert text.split("\n")[0] == "# kb-title" and len(text.split("\n")) == len(body.split("\n"))
    assert [(p.line, p.message) for p in problems] == [(5, "Liquid is not run: {% include %} is shown as text"),
                                                       (6, "Liquid is not run: {{ page.title }} is shown as text")]
    no_front, _ = myst_text("First line\n", 0, empty)
    assert no_front == "First line\n"  # no front matter: no line to spare, no stand-in


def test_read_text_splits_as_the_build_and_keeps_the_split_problem_first():
    read = PostReader().read_text("\ufeff---\r\ntitle: x\r\ndate: 2025-13-01\r\n", "posts/2025-01-01-a.md")
    assert read.front is None and read.front_lines == 0
    assert read.source.problems[0].message.startswith("front matter starts with '---' but is never closed")
    good = PostReader().read_text("---\ntitle: T\ndate: 2025-13-01\n---\nBody\n", "posts/2025-01-01-a.md")
    assert (good.front, good.front_lines, good.body.split("\n")[4]) == ("title: T\ndate: 2025-13-01", 4, "Body")
    assert [p.line for p in good.source.problems] == [3]
