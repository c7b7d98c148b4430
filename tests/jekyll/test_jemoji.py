"""Issue 28, item 8a: a Jekyll site that used jemoji keeps its emoji: ``:tada:`` in a
post's text shows as 🎉, never in code, an address or an attribute; a site without
jemoji keeps the text as written."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from support.kb_import_media import import_jekyll_site, sphinx_build

BODY = """Hello :tada: world :sparkles:, unknown :no_such_emoji: at 10:45:00.

Inline `:bug:` code and **bold :heart:**.

```
:wave: in a code block
```

A [link :smiley:](https://jekyllrb.com/:tada:/) and the address https://jekyllrb.com/a/:tada:/b shown.

<div class="x" title=":tada:">:bouquet: and <code>:bug:</code></div>
"""


def build(root, plugins: str):
    jekyll = root / "jekyll"
    (jekyll / "_posts").mkdir(parents=True)
    (jekyll / "_config.yml").write_text(f"title: Demo\n{plugins}", encoding="utf-8")
    (jekyll / "_posts/2024-01-02-party.md").write_text(f"---\ntitle: \"Party :tada:\"\n---\n{BODY}", encoding="utf-8")
    kb = root / "kb"
    imported = import_jekyll_site(jekyll, kb)
    assert imported.returncode == 0, imported.stdout
    done = sphinx_build(kb)
    assert done.returncode == 0 and "WARNING" not in done.stderr, done.stderr
    return BeautifulSoup((kb / "_build/html/posts/2024-01-02-party.html").read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def with_jemoji(tmp_path_factory):
    return build(tmp_path_factory.mktemp("jemoji"), "plugins:\n  - jekyll-feed\n  - jemoji\n")


def text_of(soup: BeautifulSoup) -> str:
    article = BeautifulSoup(str(soup.find("article")), "html.parser")  # a copy: code taken out
    for code in article.find_all(["code", "pre"]):
        code.decompose()
    return article.get_text(" ")


def test_shortcodes_in_text_are_emoji(with_jemoji):
    text = text_of(with_jemoji)
    assert "Hello 🎉 world ✨" in text and "bold ❤️" in text and "link 😃" in text
    assert ":no_such_emoji:" in text and "10:45:00" in text  # jemoji leaves what it does not know
    assert "💐" in text  # the text of a raw HTML block, as jemoji (it works on the HTML) does


def test_code_addresses_attributes_and_the_title_are_left_as_written(with_jemoji):
    article = with_jemoji.find("article")
    codes = [code.get_text() for code in article.find_all("code")]
    assert any(":bug:" == code.strip() for code in codes) and sum(":bug:" in code for code in codes) == 2
    assert ":wave: in a code block" in article.find("pre").get_text()
    assert article.find("a", string="link 😃")["href"] == "https://jekyllrb.com/:tada:/"
    assert "https://jekyllrb.com/a/:tada:/b" in article.get_text()
    assert article.find("div", class_="x")["title"] == ":tada:"
    assert with_jemoji.find("h1").get_text().rstrip("¶") == "Party :tada:"  # front matter is text


def test_the_description_has_the_emoji(with_jemoji):
    assert with_jemoji.find("meta", attrs={"name": "description"})["content"].startswith("Hello 🎉 world ✨")


def test_without_jemoji_the_text_stays(tmp_path):
    soup = build(tmp_path, "plugins:\n  - jekyll-feed\n")
    assert "Hello :tada: world :sparkles:" in text_of(soup) and "🎉" not in soup.find("article").get_text()
