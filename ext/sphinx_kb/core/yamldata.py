"""Safe YAML for front matter and kb's data files. Pure Python, no Sphinx.

``parse_yaml`` never raises: it returns the data (or None) and the problems found,
each with its 0-based line in the text. Timestamps stay text (an impossible date
must not make the whole front matter unreadable; dates are parsed where they are
used), and a key given twice is reported (YAML alone silently keeps the last).

Hostile YAML is refused or cut down to what can be read, never expanded:

* **Aliases.** ``&a [*b, *b, ...]`` nine levels deep is 420 bytes of text and
  billions of items once expanded; Python shares the repeated lists, but anything
  that walks the value (a message quoting it, ``==``, a repr) does not. So the
  document is composed first (nodes, no Python objects) and the nodes its aliases
  add are counted, each alias counting every node of what it repeats (memoised per
  node, so a bomb is counted in as many steps as it has lines). Beyond
  ``MAX_ALIAS_NODES`` the document is refused, as is an alias inside the very list
  or map it names (an endless value). A document without aliases is never refused:
  its size is the text's. (libyaml limits nesting depth itself.)
* **Complex keys.** A list or a map used as a key (``? [a, b]``) cannot be a Python
  dict key; PyYAML then refuses the whole document. Here only that entry is
  dropped, with a problem at its line.
* **Values their tag cannot make.** PyYAML's constructors raise plain Python errors
  for ``!!float hello``, an empty ``!!int`` or ``!!bool maybe`` (``ValueError``,
  ``IndexError``, ``KeyError``): each becomes a problem at that value's line (at the
  document's start for a malformed ``!!omap`` or ``!!pairs``, which PyYAML fills in
  after the fact).
* **Huge integers.** Python refuses to convert an integer of more than 4,300 digits
  from or to text (a ``ValueError``, not a YAML error: ``title: 111…1`` stopped the
  build). An integer written with more than ``MAX_INT_DIGITS`` characters stays the
  text it is.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .text import shown

try:  # the C loader is about 10x faster; the pure-Python one is the fallback
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader

#: The most nodes a document's aliases may add once expanded (each alias counts the
#: whole of what it repeats). A front matter or a glossary has no use for more;
#: a YAML bomb needs billions.
MAX_ALIAS_NODES = 10_000
#: An integer written longer than this stays text (see the module's docstring).
MAX_INT_DIGITS = 1000

#: what PyYAML's constructors raise for a value their tag cannot make
_CONSTRUCTION_ERRORS = (ValueError, TypeError, IndexError, KeyError, OverflowError)


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader that leaves timestamps as text, notes keys given twice and drops
    entries whose key is a list or a map (noted too)."""

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep=deep)
        except _CONSTRUCTION_ERRORS as error:
            tag = node.tag.rsplit(":", 1)[-1]
            raise yaml.constructor.ConstructorError(
                None, None, f"{shown(node.value)} is not a valid !!{tag} ({shown(str(error))})", node.start_mark,
            ) from None

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)  # merge keys (<<) first, so merged entries are checked too
            kept = []
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    kept.append((key_node, value_node))
                else:
                    what = "list" if isinstance(key_node, yaml.SequenceNode) else "map"
                    self.complex_keys.append((what, key_node.start_mark.line))
            node.value = kept
        seen: set = set()
        for key_node, _ in node.value:
            key = key_node.value
            if key in seen:
                self.duplicates.append((key, key_node.start_mark.line))
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_Loader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


def _construct_int(loader: _Loader, node: yaml.ScalarNode):
    if len(node.value) > MAX_INT_DIGITS:
        return loader.construct_scalar(node)
    return loader.construct_yaml_int(node)


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return node.value
    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair]
    return []


def alias_growth(root: yaml.Node) -> int | None:
    """How many nodes the document's aliases add once expanded; None when an alias
    lies inside what it names (the value would be endless).

    The composed document is a graph in which an alias is the very node it names;
    the expanded size of a node is 1 plus that of its children, computed once per
    node (depth first, without recursion), so the count is cheap however large the
    expansion is."""
    sizes: dict[int, int] = {}
    started: set[int] = set()  # being counted: the ancestors of the node at hand
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            started.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in _children(node))
            continue
        if key in sizes:
            continue
        started.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in started:
                return None
            if id(child) not in sizes:
                stack.append((child, False))
    return sizes[id(root)] - len(sizes)


def _expansion_problem(root: yaml.Node) -> tuple[int, str] | None:
    growth = alias_growth(root)
    line = root.start_mark.line
    if growth is None:
        return line, "invalid YAML: an alias (*name) lies inside the list or map it names, an endless value; refused"
    if growth > MAX_ALIAS_NODES:
        return line, (f"invalid YAML: its aliases (*name) expand to {growth:,} more values, over kb's limit of "
                      f"{MAX_ALIAS_NODES:,} (a YAML bomb looks like this); refused")
    return None


def parse_yaml(text: str) -> tuple[Any, list[tuple[int, str]]]:
    """Safe-load YAML; problems are ``(0-based line in text, message)``."""
    loader = _Loader(text)
    loader.duplicates = []
    loader.complex_keys = []
    try:
        root = loader.get_single_node()
        if root is None:
            return None, []
        # an alias is written *name, after an anchor &name: without both, nothing to count
        refused = _expansion_problem(root) if "&" in text and "*" in text else None
        if refused is not None:
            return None, [refused]
        try:
            data = loader.construct_document(root)
        except _CONSTRUCTION_ERRORS as error:  # raised by a !!omap or !!pairs filled in after the fact
            return None, [(root.start_mark.line, f"invalid YAML: a value is not what its tag says ({shown(str(error))})")]
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
    problems = [(line, f"a {what} used as a key is not a name; that entry is ignored")
                for what, line in loader.complex_keys]
    problems += [(line, f"key {shown(key)} is given twice; the last one is used") for key, line in loader.duplicates]
    return data, sorted(set(problems))


_KEY = re.compile(r"^([^\s:#][^:]*?)\s*:")


def key_lines(text: str, first_line: int = 1) -> dict[str, int]:
    """The line of each top-level key, counting the text's first line as ``first_line``."""
    found: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=first_line):
        match = _KEY.match(line)
        if match:
            found.setdefault(match.group(1).strip("'\""), number)
    return found
