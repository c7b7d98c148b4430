"""The alias map: names retired in favour of another (``LLMs`` -> ``LLM``). Pure Python.

When ``kb check`` finds one name written two ways, the writer keeps one and retires
the other, in conf.py::

    kb_aliases = {"LLMs": "LLM"}                           # for every kind of name
    kb_aliases = {"tags": {"ML": "Machine Learning"},      # for one kind only:
                  "authors": {"rkoots": "rkoots Bot"}}     # tags, categories, authors, keywords

(a flat entry and kind sections can be mixed; a kind's own entry wins over a flat one).
The same mapping can come from the descriptions file's ``aliases`` section. Names are
compared by ``names.name_key``, so ``llms`` and ``LLMs`` are one retired name. Chains
are followed (``A -> B``, ``B -> C`` gives ``A -> C``); a cycle is a problem and its
entries are dropped.

``apply`` renames a post's names before anything else sees them (the build, the
taxonomy, ``kb check``), so the retired name has no page of its own; ``redirects``
says which retired page URL leads to which kept one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .frontmatter import Author, Post
from .names import name_key, slug
from .text import clean_text, scalar_text

KINDS = ("tag", "category", "author", "keyword")
#: how a kind's section may be named in the map (front matter's own keys, and kb's kinds)
SECTION_NAMES = {
    "tags": "tag", "tag": "tag", "categories": "category", "category": "category",
    "authors": "author", "author": "author", "keywords": "keyword", "keyword": "keyword",
}


@dataclass(frozen=True)
class AliasMap:
    """kind -> retired name's key -> the kept name (as it should be spelled)."""

    by_kind: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def kept(self, kind: str, name: str) -> str:
        """The name to use for ``name``: its kept name, or itself when not retired."""
        return self.by_kind.get(kind, {}).get(name_key(name), name)

    def __bool__(self) -> bool:
        return any(self.by_kind.values())


@dataclass(frozen=True)
class Redirect:
    kind: str
    retired: str
    kept: str
    retired_slug: str
    kept_slug: str


def parse(value: object, where: str = "kb_aliases") -> tuple[AliasMap, list[str]]:
    """Read an alias map (conf.py's ``kb_aliases`` or a descriptions file's section).

    Never raises: an unreadable entry is left out with a message saying why."""
    problems: list[str] = []
    if value is None:
        return AliasMap(), problems
    if not isinstance(value, Mapping):
        return AliasMap(), [f"{where} must be a mapping of retired name: kept name, not a {type(value).__name__}"]
    flat: dict[str, str] = {}
    sections: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
    for raw_key, raw_value in value.items():
        if isinstance(raw_value, Mapping):
            kind = SECTION_NAMES.get(str(raw_key).strip().lower())
            if kind is None:
                problems.append(f"{where}: {raw_key!r} is not a kind of name (tags, categories, authors, keywords)")
                continue
            _entries(raw_value, sections[kind], problems, f"{where}[{raw_key!r}]")
        else:
            _entries({raw_key: raw_value}, flat, problems, where)
    by_kind: dict[str, dict[str, str]] = {}
    cycles: set[tuple[str, ...]] = set()
    for kind in KINDS:
        by_kind[kind] = _resolve({**flat, **sections[kind]}, cycles)
    problems += [f"{where}: {' -> '.join(cycle + cycle[:1])} is a cycle; those aliases are ignored"
                 for cycle in sorted(cycles)]
    return AliasMap({kind: table for kind, table in by_kind.items() if table}), problems


def _entries(mapping: Mapping, into: dict[str, str], problems: list[str], where: str) -> None:
    for raw_retired, raw_kept in mapping.items():
        retired, kept = scalar_text(raw_retired), scalar_text(raw_kept)
        if not retired or not kept or not name_key(retired) or not name_key(kept):
            problems.append(f"{where}: {raw_retired!r}: {raw_kept!r} is not a pair of names; ignored")
        elif name_key(retired) == name_key(kept):
            problems.append(f"{where}: {retired!r} and {kept!r} are already one name (case and spacing merge); ignored")
        else:
            into[name_key(retired)] = clean_text(kept)


def _resolve(table: dict[str, str], cycles: set[tuple[str, ...]]) -> dict[str, str]:
    """Follow chains to the name finally kept; leave out (and note) names in a cycle."""
    resolved: dict[str, str] = {}
    for retired in table:
        path = [retired]
        kept = table[retired]
        while name_key(kept) in table and name_key(kept) not in path:
            path.append(name_key(kept))
            kept = table[name_key(kept)]
        if name_key(kept) in path:
            loop = path[path.index(name_key(kept)):]
            first = loop.index(min(loop))
            cycles.add(tuple(loop[first:] + loop[:first]))
            continue
        resolved[retired] = kept
    return resolved


def apply_names(aliases: AliasMap, kind: str, names: Iterable[str]) -> tuple[str, ...]:
    """``names`` with retired ones replaced by their kept name, one per name key, in order."""
    table = aliases.by_kind.get(kind)
    result: list[str] = []
    seen: set[str] = set()
    for name in names:
        kept = table.get(name_key(name), name) if table else name
        key = name_key(kept)
        if key not in seen:
            seen.add(key)
            result.append(kept)
    return tuple(result)


def apply(aliases: AliasMap, post: Post) -> Post:
    """The post with its retired names replaced (the post itself is not changed)."""
    if not aliases:
        return post
    authors: list[Author] = []
    seen: set[str] = set()
    for author in post.authors:
        kept = aliases.kept("author", author.name)
        if name_key(kept) not in seen:
            seen.add(name_key(kept))
            authors.append(author if kept == author.name else Author(kept, author.url))
    return dataclasses.replace(
        post,
        tags=apply_names(aliases, "tag", post.tags),
        categories=apply_names(aliases, "category", post.categories),
        keywords=apply_names(aliases, "keyword", post.keywords),
        authors=tuple(authors),
    )


def redirects(aliases: AliasMap, used: Mapping[str, Iterable[str]] | None = None) -> list[Redirect]:
    """Each retired name's page and the kept name's page it should lead to.

    ``used``: kind -> the spellings posts actually wrote, so a redirect carries the
    retired name as posts spelled it (its slug depends on the key alone anyway)."""
    spelled: dict[tuple[str, str], str] = {}
    for kind, names in (used or {}).items():
        for name in names:
            spelled.setdefault((kind, name_key(name)), name)
    result = []
    for kind in KINDS:
        for retired_key, kept in sorted(aliases.by_kind.get(kind, {}).items()):
            retired = spelled.get((kind, retired_key), retired_key)
            result.append(Redirect(kind, retired, kept, slug(retired), slug(kept)))
    return result
