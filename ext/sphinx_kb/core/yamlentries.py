"""A YAML mapping read one top-level entry at a time, when it cannot be read whole.
Pure Python, no Sphinx.

One bad byte, one unclosed quote or one YAML bomb makes ``parse_yaml`` refuse a
whole document; for a data file of many independent entries (the glossary's
definitions) that lost every entry for one (issue 29). ``entries`` splits the text
where a top-level key starts (a line beginning at its first column with anything
but a space, ``#``, ``-``, ``:`` or a document marker) and reads each piece with
``parse_yaml``, its limits included. A piece that cannot be read on its own (the
broken one, or one using an alias defined in another piece) is lost; the others
are kept. The line numbers are the file's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .yamldata import parse_yaml

__all__ = ["Entry", "entries", "not_utf8"]

#: a byte that was not UTF-8, kept in the text by ``surrogateescape``
_UNDECODED = re.compile("[\udc80-\udcff]")
_CONTINUED = re.compile(r"^(?:[\s#:-]|\.\.\.|---|%|$)")


@dataclass(frozen=True)
class Entry:
    line: int  # 1-based, in the whole text
    data: dict[str, Any] | None  # None: this piece cannot be read on its own
    problems: tuple[tuple[int, str], ...]  # (1-based line in the whole text, message)


def not_utf8(text: str) -> tuple[int, int] | None:
    """(the byte, its 1-based line) of the first byte of ``text`` that was not UTF-8
    (decoded with ``surrogateescape``), or None."""
    found = _UNDECODED.search(text)
    if found is None:
        return None
    return ord(found.group()) - 0xDC00, text.count("\n", 0, found.start()) + 1


def entries(text: str) -> list[Entry]:
    """Each top-level entry of ``text`` read on its own."""
    lines = text.split("\n")
    starts = [index for index, line in enumerate(lines) if not _CONTINUED.match(line)]
    result = []
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(lines)
        piece = "\n".join(lines[start:end])
        bad = not_utf8(piece)
        if bad is not None:
            byte, line = bad
            result.append(Entry(start + 1, None, ((start + line, f"not UTF-8 text (byte {byte:#04x}); save the file as UTF-8"),)))
            continue
        data, found = parse_yaml(piece)
        problems = tuple((start + line + 1, message) for line, message in found)
        result.append(Entry(start + 1, data if isinstance(data, dict) else None, problems))
    return result
