"""Jekyll's Liquid tags in a post body, handled without running Liquid.

Pure Python, no Sphinx. Every line keeps its number:

* ``{% raw %}`` / ``{% endraw %}`` markers are dropped; what is between them is
  left exactly as written (no other tag inside is touched or reported);
* ``{% highlight lang %}`` ... ``{% endhighlight %}`` becomes a fenced code block;
* ``{% post_url name %}`` becomes a link target for the post ``name``;
* any other tag (and any ``{{ output }}``) is reported and left visible as text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .problem import Problem

_TAG = re.compile(r"\{%-?\s*(?P<name>\w+)(?P<args>.*?)-?%\}|\{\{-?(?P<output>.*?)-?\}\}")
_OPEN = re.compile(r"\{%|\{\{")
_LANG = re.compile(r"^[\w+#.-]{1,40}$")
_POST_NAME = re.compile(r"^[\w.\-/]{1,200}$")


def convert(body: str, post_url: Callable[[str], str | None]) -> tuple[str, list[Problem]]:
    """Rewrite the Liquid tags of ``body``.

    ``post_url(name)`` returns the link target (a Markdown link destination) of
    the post named ``name`` (its file name without suffix), or None if unknown.
    """
    if "{%" not in body and "{{" not in body:
        return body, []
    problems: list[Problem] = []
    out_lines: list[str] = []
    in_raw = False
    fence = "```"
    for number, line in enumerate(body.split("\n"), start=1):
        pieces: list[str] = []
        position = 0
        for match in _TAG.finditer(line):
            name = match.group("name")
            if in_raw and name != "endraw":
                continue
            pieces.append(line[position : match.start()])
            position = match.end()
            args = (match.group("args") or "").split()
            if name == "raw":
                in_raw = True
            elif name == "endraw":
                in_raw = False
            elif name == "highlight":
                lang = args[0] if args and _LANG.match(args[0]) else ""
                pieces.append(f"{fence}{lang}")
            elif name == "endhighlight":
                pieces.append(fence)
            elif name == "post_url":
                target = post_url(args[0]) if len(args) == 1 and _POST_NAME.match(args[0]) else None
                if target is None:
                    problems.append(Problem(number, f"post_url: no post named {' '.join(args)!r}"))
                    pieces.append(match.group(0))
                else:
                    pieces.append(target)
            else:
                what = f"{{% {name} %}}" if name else f"{{{{ {match.group('output').strip()} }}}}"
                problems.append(Problem(number, f"Liquid is not run: {what} is shown as text"))
                pieces.append(match.group(0))
        pieces.append(line[position:])
        if not in_raw and _OPEN.search(_TAG.sub("", line)):
            problems.append(Problem(number, "Liquid is not run: a tag that is not closed on its line is shown as text"))
        out_lines.append("".join(pieces))
    return "\n".join(out_lines), problems
