"""Jekyll's Liquid tags in a post body, handled without running Liquid.

Pure Python, no Sphinx. Every line keeps its number (a tag written over several lines
is replaced on its first line and its line breaks are kept after the replacement; a link
destination may be followed by one line break in CommonMark):

* ``{% raw %}`` / ``{% endraw %}`` markers are dropped; what is between them is
  left exactly as written (no other tag inside is touched or reported);
* ``{% highlight lang %}`` ... ``{% endhighlight %}`` becomes a fenced code block;
* ``{% post_url name %}`` becomes the link destination ``post_url(name)`` returns, and
  ``{% link path %}`` the one ``link(path)`` returns (None from either: a problem, the tag
  is left as written). What a destination is, is the caller's choice: kb's Jekyll glue
  returns the post's old URL, as Jekyll 4 renders it (``baseurl`` included), and resolves
  every old URL later in one place (``jekyll.urls``), with its ``#anchor`` kept;
* ``{{ site.baseurl }}``, ``{{ site.url }}``, ``{{ site.KEY }}`` (a text value of
  ``_config.yml``) and a quoted path through ``relative_url``, ``absolute_url`` or
  ``prepend: site.baseurl`` are evaluated as Jekyll does (``evaluate_output``);
* any other tag (and any other ``{{ output }}``) is reported, once per occurrence with
  its line, and left visible as text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .problem import Problem

_NOT_AN_OPENER = r"(?:(?!%\}|\}\}|\{%|\{\{)[\s\S]){0,2000}?"
_TAG = re.compile(
    rf"\{{%-?\s*(?P<name>\w+)(?P<args>{_NOT_AN_OPENER})-?%\}}|\{{\{{-?(?P<output>{_NOT_AN_OPENER})-?\}}\}}"
)
_OPEN = re.compile(r"\{%|\{\{")
_LANG = re.compile(r"^[\w+#.-]{1,40}$")
_POST_NAME = re.compile(r"^[\w.\-/]{1,200}$")
_LINK_PATH = re.compile(r"^[^\s\"'<>{}|\\]{1,300}$")
_STRING = r"'[^']*'|\"[^\"]*\""
_ARGUMENT = re.compile(rf"^\s*(?:(?P<string>{_STRING})|site\.(?P<key>\w+))\s*$")
_FILTER = re.compile(r"^\s*(?P<name>relative_url|absolute_url|prepend)\s*(?::(?P<arg>.*))?$", re.DOTALL)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
#: characters a value from _config.yml may not bring into a post's Markdown
_MARKUP = re.compile(r"[<>`\[\]{}\\|\x00-\x1f\x7f]")


@dataclass(frozen=True)
class LiquidSite:
    """The ``site`` values Liquid output may use (Jekyll's defaults: empty)."""

    baseurl: str = ""
    url: str = ""
    variables: Mapping[str, str] = field(default_factory=dict)  # other top-level text values


def _leading_slash(text: str) -> str:
    return text if not text or text.startswith("/") else "/" + text


def relative_url(path: str, site: LiquidSite) -> str:
    """Jekyll's ``relative_url`` filter: ``baseurl`` + path (an absolute URL is kept)."""
    if _SCHEME.match(path):
        return path
    return _leading_slash(site.baseurl.rstrip("/")) + _leading_slash(path)


def absolute_url(path: str, site: LiquidSite) -> str:
    """Jekyll's ``absolute_url`` filter: ``url`` + ``baseurl`` + path."""
    if _SCHEME.match(path) or not site.url:
        return relative_url(path, site)
    return site.url.rstrip("/") + relative_url(path, site)


def _argument(text: str, site: LiquidSite) -> str | None:
    match = _ARGUMENT.match(text)
    if match is None:
        return None
    if match["string"] is not None:
        return match["string"][1:-1]
    key = match["key"]
    if key in ("baseurl", "url"):
        return getattr(site, key)
    value = site.variables.get(key)
    return value if value is not None and not _MARKUP.search(value) else None


def evaluate_output(expression: str, site: LiquidSite | None) -> str | None:
    """The text Jekyll renders for ``{{ expression }}``, for the link-making subset kb
    knows (see the module docstring); None for anything else."""
    site = site or LiquidSite()
    base, *filters = expression.split("|")
    value = _argument(base, site)
    for text in filters:
        match = _FILTER.match(text)
        if value is None or match is None:
            return None
        name, arg = match["name"], match["arg"]
        if name == "prepend":
            prefix = _argument(arg or "", site)
            if prefix is None:
                return None
            value = prefix + value
        elif arg is not None:
            return None
        else:
            value = relative_url(value, site) if name == "relative_url" else absolute_url(value, site)
    return None if value is None or _MARKUP.search(value) else value


def convert(
    body: str,
    post_url: Callable[[str], str | None],
    *,
    link: Callable[[str], str | None] | None = None,
    site: LiquidSite | None = None,
) -> tuple[str, list[Problem]]:
    """Rewrite the Liquid tags of ``body``.

    ``post_url(name)`` returns the link destination of the post named ``name`` (a file
    name without suffix, maybe with folders: ``2013-05-06-x``, ``dir/2013-05-06-x``), or None
    if unknown. ``link(path)`` does the same for ``{% link path %}`` (a path in the Jekyll
    site, ``_posts/2013-05-06-x.markdown``); without it, ``{% link %}`` is not run.
    ``site`` holds the values for ``{{ site.* }}`` (None: Jekyll's defaults, empty).
    """
    if "{%" not in body and "{{" not in body:
        return body, []
    problems: list[Problem] = []
    pieces: list[str] = []
    position, line, in_raw = 0, 1, False
    fence = "```"

    def gap(text: str, first_line: int) -> None:
        if not in_raw:
            for found in _OPEN.finditer(text):
                at = first_line + text.count("\n", 0, found.start())
                problems.append(Problem(at, "Liquid is not run: a tag that is not closed is shown as text"))
        pieces.append(text)

    for match in _TAG.finditer(body):
        name = match.group("name")
        if in_raw and name != "endraw":
            continue
        before = body[position : match.start()]
        gap(before, line)
        line += before.count("\n")
        position = match.end()
        original = match.group(0)
        breaks = "\n" * original.count("\n")
        args = (match.group("args") or "").split()
        replacement: str | None = None
        if name == "raw":
            in_raw, replacement = True, ""
        elif name == "endraw":
            in_raw, replacement = False, ""
        elif name == "highlight":
            replacement = fence + (args[0] if args and _LANG.match(args[0]) else "")
        elif name == "endhighlight":
            replacement = fence
        elif name == "post_url" or (name == "link" and link is not None):
            valid = _POST_NAME if name == "post_url" else _LINK_PATH
            callback = post_url if name == "post_url" else link
            target = callback(args[0]) if len(args) == 1 and valid.match(args[0]) else None
            if target is None:
                what = "post_url: no post named" if name == "post_url" else "link: no file"
                problems.append(Problem(line, f"{what} {' '.join(args)!r}"))
            replacement = target
        elif name is None:
            replacement = evaluate_output(match.group("output"), site)
        if replacement is None:
            if name not in ("post_url", "link") or (name == "link" and link is None):
                what = f"{{% {name} %}}" if name else f"{{{{ {' '.join(match.group('output').split())} }}}}"
                problems.append(Problem(line, f"Liquid is not run: {what} is shown as text"))
            replacement, breaks = original, ""
        pieces.append(replacement + breaks)
        line += original.count("\n")
    gap(body[position:], line)
    return "".join(pieces), problems
