"""``kb check`` parses only the posts that could hold a placeholder: that shortcut never
loses one. Markdown made of markers, reserved hosts, markup between and inside words,
entities, escapes, line breaks and quotes is parsed by MyST as the build would; whenever
that finds a placeholder, ``might_hold_placeholder`` must have said the text could."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from myst_parser.config.main import MdParserConfig

from sphinx_kb.checking.myst import MystReader
from sphinx_kb.checking.post import Rules, citations_of
from sphinx_kb.core.sources import WHITESPACE, might_hold_placeholder, warning
from sphinx_kb.core.jekyll.urls import OldUrlIndex
from sphinx_kb.core.postreader import DEFAULT_SITE

MARKERS = ("replace with actual", "citation needed", "add link here", "don't cite")
WORDS = ["replace", "with", "actual", "citation", "needed", "add", "link", "here", "don't", "cite", "repl", "ace",
         "example", "test", "for", "the", "localhost", "invalid", "Example", "REPLACE", "cit", "ation"]
MARKUP = ["*", "**", "_", "`", "\\", "&#101;", "&#x61;", "&amp;", "&nbsp;", "\n", "  \n", "\\\n", " -- ", "...",
          '"', "'", "’", "<b>", "</b>", "<!-- c -->", "[", "]", "(", ")", "%20", "{sub}`x`", "$x$", "\u00a0", ""]
HOSTS = ["example.com", "www.example.org", "a.example", "x.test", "localhost:8000", "q.invalid", "EXAMPLE.COM",
         "&#101;xample.com", "%65xample.com", "example\\.net", "journal.org", "examples.com", "example.com.au",
         "bücher.test", "user@localhost", "who.int", "test", "testing.org"]


@st.composite
def links(draw) -> str:
    host = draw(st.sampled_from(HOSTS))
    text = draw(st.lists(st.sampled_from(WORDS + MARKUP), max_size=4))
    form = draw(st.sampled_from(["[{t}](https://{h}/p)", "<https://{h}/a>", "[{t}][r]\n\n[r]: https://{h}/r",
                                 "[{t}](<https://{h}/s> \"title\")", "![{t}](https://{h}/i.png)",
                                 "[![{t}](i.png)](http://{h})"]))
    return form.format(t=" ".join(text), h=host)


texts = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(MARKUP), links()), min_size=1, max_size=30).map(
    lambda parts: "".join(p if p in MARKUP else f" {p}" for p in parts))


def rules(folder: Path) -> Rules:
    index, _ = OldUrlIndex.build(DEFAULT_SITE, [])
    return Rules(index, MARKERS, (), lambda: MystReader(MdParserConfig(enable_extensions={"colon_fence", "deflist"}),
                                                          folder, (".md",)))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts)
def test_a_text_with_a_placeholder_is_never_skipped(tmp_path: Path, text: str):
    found = [s for s in citations_of(text, tmp_path / "post.md", "post", rules(tmp_path)) if warning(s)]
    if found:
        assert might_hold_placeholder(text, MARKERS), (text, found)


def test_what_is_skipped():
    assert not might_hold_placeholder("A [real](https://www.nature.com/x) source, for example.", MARKERS)
    assert not might_hold_placeholder("The latest test results (see [x](https://testing.org/)).", MARKERS)
    assert might_hold_placeholder("[x](https://sub.example.org/) here", MARKERS)
    assert might_hold_placeholder("[x](https://a.org/) (re*pla*ce with act&#117;al)", MARKERS)
    assert might_hold_placeholder("```{include} other.md\n```", MARKERS)  # text from elsewhere
    assert might_hold_placeholder("{{ key }}", MARKERS, substitutions=True)
    assert not might_hold_placeholder("{{ key }}", MARKERS)
    assert might_hold_placeholder("[x](/about/)", MARKERS, every_link=True)
    assert might_hold_placeholder("[x](https://a.org/) ???", ["???"])  # a marker of punctuation only


def test_whitespace_is_what_str_split_splits_on():
    assert set(WHITESPACE) == {chr(c) for c in range(0x110000) if chr(c).isspace()}
