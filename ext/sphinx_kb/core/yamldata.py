"""Safe YAML for front matter and kb's data files. Pure Python, no Sphinx.

``parse_yaml`` never raises: it returns the data (or None) and the problems found,
each with its 0-based line in the text. Timestamps stay text (an impossible date
must not make the whole front matter unreadable; dates are parsed where they are
used), and a key given twice is reported (YAML alone silently keeps the last).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

try:  # the C loader is about 10x faster; the pure-Python one is the fallback
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader that leaves timestamps as text and notes keys given twice."""

    def construct_mapping(self, node, deep=False):
        seen: set = set()
        for key_node, _ in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is not None and key in seen:
                self.duplicates.append((key, key_node.start_mark.line))
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_Loader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


def parse_yaml(text: str) -> tuple[Any, list[tuple[int, str]]]:
    """Safe-load YAML; problems are ``(0-based line in text, message)``."""
    loader = _Loader(text)
    loader.duplicates = []
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        # an unclosed quote or bracket is noticed at the end of the text: point at its start
        if error.context_mark is not None and (mark is None or mark.index >= len(text.rstrip())):
            mark = error.context_mark
        what = " ".join(filter(None, [error.context, error.problem]))
        return None, [(mark.line if mark is not None else 0, f"invalid YAML: {what}")]
    except yaml.YAMLError as error:
        return None, [(0, f"invalid YAML: {error}")]
    finally:
        loader.dispose()
    return data, [(line, f"key {key!r} is given twice; the last one is used") for key, line in loader.duplicates]


_KEY = re.compile(r"^([^\s:#][^:]*?)\s*:")


def key_lines(text: str, first_line: int = 1) -> dict[str, int]:
    """The line of each top-level key, counting the text's first line as ``first_line``."""
    found: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=first_line):
        match = _KEY.match(line)
        if match:
            found.setdefault(match.group(1).strip("'\""), number)
    return found
