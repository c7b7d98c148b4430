"""kb's markup: one description of a listing, byline or chips, written as HTML text
(HTML builders) or as docutils nodes (other builders). The two must agree."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers import rst
from docutils.readers import doctree
from sphinx.util.docutils import new_document
from sphinx.writers.html import HTMLWriter

from conftest import build, copy_root
from sphinx_kb.writing.html import html_of
from sphinx_kb.writing.nodes import nodes_of
from sphinx_kb.core import markup

HOSTILE = '<script>alert("x")</script> & @me'

BLOCKS = [
    markup.Para(("3 posts, newest first.",), ("kb-listing-count",)),
    markup.Box((
        markup.Rubric(HOSTILE, ("kb-month",)),
        markup.Para((markup.Link("posts/2025-02-11-beta", HOSTILE), markup.Span("1 May 2025", ("kb-listing-date",)),
                     markup.Span(HOSTILE, ("kb-listing-description",))), ("kb-listing-item", "kb-listing-title")),
    ), ("kb-listing",)),
    markup.Para(("Pages: ", markup.Strong("1"), " ", markup.Link("index", "2", anchor="kb-title"), " "), ("kb-pager",)),
    markup.Items((markup.Para((markup.Link("_tags/tagsindex", "2025"), " (3 posts)")),), ("kb-archive",)),
    markup.Para((markup.Link("_tags/c", "C", ("kb-chip", "kb-chip-tag")),)),
    markup.Para(("Doe J (2021). ", markup.Styled(HOSTILE), " H", markup.Styled("2", "sub"), "O",
                 markup.Styled("+", "sup"), markup.Styled("bold", "strong")), ("kb-references",)),
]


def test_text_is_escaped_as_docutils_escapes_it():
    assert markup.escape(HOSTILE) == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#64;me"
    html = markup.to_html(BLOCKS, lambda target, anchor: f"{target}.html#{anchor}")
    assert "<script" not in html and "&lt;script&gt;" in html


def test_the_html_is_what_sphinx_writes_for_the_same_nodes(tmp_path):
    app, _ = build(copy_root("blog", tmp_path), freshenv=True)
    builder = app.builder
    docname = "_kb/archive/2025"
    settings = get_default_settings(doctree.Reader, rst.Parser, HTMLWriter)
    document = new_document(docname, settings)
    document += nodes.section("", *nodes_of(builder, docname, BLOCKS), ids=["s"])
    translator = builder.create_translator(document, builder)
    document.walkabout(translator)
    from_nodes = "".join(translator.fragment)
    from_markup = html_of(builder, docname, BLOCKS)
    assert from_nodes == f'<section id="s">\n{from_markup}</section>\n'
    assert 'href="../../posts/2025-02-11-beta.html"' in from_markup
    assert Path(app.outdir, "posts", "2025-02-11-beta.html").is_file()
