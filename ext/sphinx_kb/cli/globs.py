"""Sphinx's glob patterns (``kb_posts``, ``include_patterns``, ``exclude_patterns``), without Sphinx.

The ``kb`` command must find the posts exactly as the build does, without importing
Sphinx (``kb check`` runs in a pre-commit hook and must start fast). These are
Sphinx's rules (``sphinx.util.matching``): ``*`` and ``?`` stop at ``/``, ``**``
does not, ``[...]`` is a character class; a test compares them with Sphinx's own.
"""

from __future__ import annotations

import re


def glob_regex(pattern: str) -> re.Pattern[str]:
    """Sphinx's glob rules (``sphinx.util.matching._translate_pattern``)."""
    out, i, n = [], 0, len(pattern)
    while i < n:
        char = pattern[i]
        i += 1
        if char == "*":
            if i < n and pattern[i] == "*":
                i += 1
                out.append(".*")
            else:
                out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            j = i
            if j < n and pattern[j] == "!":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            while j < n and pattern[j] != "]":
                j += 1
            if j >= n:
                out.append("\\[")
            else:
                stuff = pattern[i:j].replace("\\", "\\\\")
                i = j + 1
                stuff = "^/" + stuff[1:] if stuff[0] == "!" else "\\" + stuff if stuff[0] == "^" else stuff
                out.append(f"[{stuff}]")
        else:
            out.append(re.escape(char))
    return re.compile("".join(out) + "$")


def matcher(patterns: list[str], top_level_too: bool = True):
    """Sphinx's ``Matcher`` (a ``**/x`` pattern matches ``x`` at the top too), or with
    ``top_level_too=False`` the plain patterns ``get_matching_files`` uses."""
    extra = [p[3:] for p in patterns if p.startswith("**/")] if top_level_too else []
    compiled = [glob_regex(p) for p in [*patterns, *extra]]
    return lambda path: any(regex.match(path) for regex in compiled)


def literal_prefix(pattern: str) -> str:
    """The folders a pattern names before its first wildcard: ``docs/posts/**`` -> ``docs/posts``."""
    parts = []
    for part in pattern.replace("\\", "/").split("/")[:-1]:
        if any(char in part for char in "*?["):
            break
        parts.append(part)
    return "/".join(p for p in parts if p not in ("", "."))
