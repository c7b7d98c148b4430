"""Jekyll's Liquid tags in a post body, rewritten without running Liquid."""

from __future__ import annotations

import pytest

from sphinx_kb.core.liquid import convert

POSTS = {"2024-01-02-known-post": "../2024-01-02-known-post.html"}


def post_url(name: str) -> str | None:
    return POSTS.get(name)


def test_body_without_liquid_is_unchanged():
    body = "# Title\n\nSome text with {braces} and % signs.\n"
    assert convert(body, post_url) == (body, [])


def test_raw_markers_are_dropped_and_content_is_untouched():
    body = (
        "Before.\n"
        "{% raw %}\n"
        "{{ page.title }} and {% include x.html %}\n"
        "{% if a %}{{ b }}{% endif %}\n"
        "{% endraw %}\n"
        "After.\n"
    )
    text, problems = convert(body, post_url)
    assert problems == []
    assert text.split("\n") == [
        "Before.",
        "",
        "{{ page.title }} and {% include x.html %}",
        "{% if a %}{{ b }}{% endif %}",
        "",
        "After.",
        "",
    ]


def test_inline_raw():
    text, problems = convert("Write `{% raw %}{{ site.url }}{% endraw %}` here.", post_url)
    assert text == "Write `{{ site.url }}` here."
    assert problems == []


def test_highlight_becomes_a_fence_with_the_language():
    body = "Code:\n{% highlight python %}\nprint('hi')\n{% endhighlight %}\nDone.\n"
    text, problems = convert(body, post_url)
    assert problems == []
    assert text == "Code:\n```python\nprint('hi')\n```\nDone.\n"


def test_highlight_options_are_not_the_language():
    text, problems = convert("{% highlight ruby linenos %}\nputs 1\n{% endhighlight %}", post_url)
    assert text.split("\n")[0] == "```ruby"
    assert problems == []


def test_post_url_is_replaced_by_the_link_target():
    text, problems = convert("See [the post]({% post_url 2024-01-02-known-post %}).", post_url)
    assert text == "See [the post](../2024-01-02-known-post.html)."
    assert problems == []


def test_post_url_asks_for_the_named_post():
    asked = []

    def recorder(name):
        asked.append(name)
        return "target"

    convert("[a]({%- post_url 2023-05-06-other -%})", recorder)
    assert asked == ["2023-05-06-other"]


def test_unknown_post_url_is_a_problem_on_its_line():
    body = "Line one.\n\nSee [x]({% post_url 2020-01-01-missing %}).\n"
    text, problems = convert(body, post_url)
    assert [p.line for p in problems] == [3]
    assert "2020-01-01-missing" in problems[0].message
    assert text == body  # left as written


@pytest.mark.parametrize(
    "tag",
    ["{% include x.html %}", "{{ page.title }}", "{% assign a = 1 %}", "{{ site.url | append: '/x' }}"],
)
def test_other_liquid_is_reported_on_its_line_and_left_as_text(tag):
    body = f"First.\nSecond.\nThird {tag} here.\nFourth.\n"
    text, problems = convert(body, post_url)
    assert text == body
    assert len(problems) == 1
    assert problems[0].line == 3


def test_several_problems_keep_their_lines():
    body = "{{ a }}\nplain\n{% include b.html %} {{ c }}\n"
    _, problems = convert(body, post_url)
    assert [p.line for p in problems] == [1, 3, 3]


@pytest.mark.parametrize(
    "body",
    [
        "{% raw %}\na\nb\n{% endraw %}\n",
        "{% highlight js %}\nlet a = 1;\n{% endhighlight %}",
        "x {% post_url 2024-01-02-known-post %}\n{% post_url nope %}\n\n",
        "{% include a.html %}\n{{ b }}\n{% raw %}{{ c }}\n{% endraw %}\n",
        "{% raw %} never closed\n{{ x }}\n",
    ],
)
def test_line_count_never_changes(body):
    text, _ = convert(body, post_url)
    assert text.count("\n") == body.count("\n")


@pytest.mark.parametrize("tag", ["{% include figure.html\n   src='a.png' %}", "{{ page.title\n}}"])
def test_multi_line_liquid_is_reported_on_its_first_line(tag):
    body = f"First.\n{tag}\nLast.\n"
    text, problems = convert(body, post_url)
    assert text == body
    assert [p.line for p in problems] == [2]


# -- links the Jekyll way: {% link %}, {{ site.* }}, relative_url, absolute_url -----

from sphinx_kb.core.liquid import LiquidSite, absolute_url, evaluate_output, relative_url  # noqa: E402

SITE = LiquidSite(baseurl="/blog", url="https://example.org", variables={"repository": "https://github.com/o/r", "bad": "<b>x</b>"})


def link(path: str) -> str | None:
    return {"_posts/2024-01-02-known-post.md": "/blog/2024/01/02/known-post/"}.get(path)


def test_link_tag_becomes_the_target_link_returns():
    text, problems = convert("[a]({% link _posts/2024-01-02-known-post.md %}#part)", post_url, link=link)
    assert text == "[a](/blog/2024/01/02/known-post/#part)"
    assert problems == []


def test_unknown_link_is_a_problem_and_without_a_callback_link_is_not_run():
    _, problems = convert("\n[a]({% link _posts/nope.md %})", post_url, link=link)
    assert [(p.line, p.message) for p in problems] == [(2, "link: no file '_posts/nope.md'")]
    _, problems = convert("[a]({% link _posts/2024-01-02-known-post.md %})", post_url)
    assert [p.message for p in problems] == ["Liquid is not run: {% link %} is shown as text"]


def test_a_tag_over_two_lines_is_replaced_and_keeps_the_line_count():
    body = "For some it was their [first\ncontribution]({% link\n_posts/2024-01-02-known-post.md %}) here.\nNext line.\n"
    text, problems = convert(body, post_url, link=link)
    assert problems == []
    assert text == "For some it was their [first\ncontribution](/blog/2024/01/02/known-post/\n) here.\nNext line.\n"


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("site.baseurl", "/blog"),
        ("site.url", "https://example.org"),
        ("site.repository", "https://github.com/o/r"),
        ("'/docs/x/' | relative_url", "/blog/docs/x/"),
        ('"docs/x" | relative_url', "/blog/docs/x"),
        ("'/docs/x/' | absolute_url", "https://example.org/blog/docs/x/"),
        ("'https://else.org/' | relative_url", "https://else.org/"),
        ("'/assets/a.png' | prepend: site.baseurl", "/blog/assets/a.png"),
        ("site.bad", None),  # markup from _config.yml is not brought into a post
        ("site.missing", None),
        ("page.title", None),
        ("site.url | append: '/x'", None),
        ("'/x' | relative_url: 3", None),
    ],
)
def test_evaluate_output(expression, expected):
    assert evaluate_output(f" {expression} ", SITE) == expected


def test_site_values_in_a_body():
    body = "[x]({{ site.baseurl }}/2024/a/) [y]({{ site.repository }}/issues/1) [z]({{ '/docs/' | relative_url }})"
    text, problems = convert(body, post_url, site=SITE)
    assert problems == []
    assert text == "[x](/blog/2024/a/) [y](https://github.com/o/r/issues/1) [z](/blog/docs/)"


def test_without_a_site_baseurl_and_url_are_jekyll_defaults_and_other_values_unknown():
    text, problems = convert("[x]({{ site.baseurl }}/a/) {{ site.title }}", post_url)
    assert text == "[x](/a/) {{ site.title }}"
    assert [p.message for p in problems] == ["Liquid is not run: {{ site.title }} is shown as text"]


def test_url_filters_follow_jekyll():
    site = LiquidSite(baseurl="blog/", url="")
    assert relative_url("x/y", site) == "/blog/x/y"
    assert absolute_url("/x", site) == "/blog/x"
    assert relative_url("/x", LiquidSite()) == "/x"
