"""The ``{tags}`` of pages that are not read yet (sphinx-tags' directive), for the prescan.

sphinx-tags' own reader finds the directive's text anywhere, code blocks included;
this one skips fenced code, knows colon fences and reST indentation, and cleans names
as sphinx-tags does (``_compat.normalize_tag``).
"""

from __future__ import annotations

import re

from .. import _compat

__all__ = ["directive_tags"]

_MD_FENCE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})\s*(\{tags\})?\s*(.*)$")
_RST_TAGS = re.compile(r"^()\.\. tags::\s*(.*)$")  # top level only: indented text may be a code block


def directive_tags(text: str, markdown: bool) -> tuple[str, ...]:
    """The tags of every ``{tags}`` directive in a page's text."""
    found: list[str] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if markdown:
            match = _MD_FENCE.match(line)
            if not match:
                continue
            fence = match.group(1)
            block: list[str] = [match.group(3)] if match.group(2) else []
            while index < len(lines) and not (lines[index].strip().startswith(fence) and not lines[index].strip().strip(fence[0])):
                if match.group(2) and not lines[index].lstrip().startswith(":"):
                    block.append(lines[index])
                index += 1
            index += 1  # the closing fence
            if match.group(2):
                found += ",".join(block).split(",")
        else:
            match = _RST_TAGS.match(line)
            if not match:
                continue
            block = [match.group(2)]
            indent = len(match.group(1))
            while index < len(lines) and (not lines[index].strip() or len(lines[index]) - len(lines[index].lstrip()) > indent):
                if lines[index].strip() and not lines[index].lstrip().startswith(":"):
                    block.append(lines[index])
                elif not lines[index].strip() and len(block) > 1:
                    break
                index += 1
            found += ",".join(block).split(",")
    return tuple(t for t in (_compat.normalize_tag(tag) for tag in found) if t)
