"""Posts -> tags, categories, authors, keywords and the archive. Pure Python.

``build(entries)`` groups entries (posts, and pages that carry tags) by each kind
of name. A name's display spelling is its most used one (ties: the earliest
post's); its slug comes from ``names.slug`` alone. Every listing is newest first,
with the undated last and the docname as the final tie-breaker, so the result
does not depend on the order the entries were read in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .names import name_key, slug

KINDS = ("tag", "category", "author", "keyword")


@dataclass(frozen=True)
class Entry:
    """What a listing needs to know of one document."""

    docname: str
    title: str
    sort_key: str = ""  # ISO date-time; "" when undated
    date_text: str = ""  # the date as shown
    description: str = ""
    is_post: bool = True
    names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # kind -> names

    @property
    def year(self) -> str:
        return self.sort_key[:4]


@dataclass
class Term:
    kind: str
    key: str
    name: str
    slug: str
    docnames: list[str]  # newest first
    spellings: tuple[str, ...] = ()  # every spelling the entries used


@dataclass
class Taxonomy:
    entries: dict[str, Entry]
    terms: dict[str, dict[str, Term]]  # kind -> key -> Term
    years: dict[str, list[str]]  # "2025" -> docnames newest first; "" for undated
    recent: list[str]  # every post, newest first

    def term(self, kind: str, name: str) -> Term | None:
        return self.terms[kind].get(name_key(name))


def newest_first(entries: Iterable[Entry]) -> list[Entry]:
    dated = sorted((e for e in entries if e.sort_key), key=lambda e: e.docname)
    dated.sort(key=lambda e: e.sort_key, reverse=True)
    undated = sorted((e for e in entries if not e.sort_key), key=lambda e: e.docname)
    return dated + undated


def build(entries: Iterable[Entry]) -> Taxonomy:
    ordered = newest_first(list(entries))
    oldest_first = list(reversed([e for e in ordered if e.sort_key])) + [e for e in ordered if not e.sort_key]
    rank = {e.docname: i for i, e in enumerate(oldest_first)}
    terms: dict[str, dict[str, Term]] = {}
    for kind in KINDS:
        spellings: dict[str, Counter[str]] = {}
        first_seen: dict[tuple[str, str], int] = {}
        members: dict[str, list[str]] = {}
        for entry in ordered:
            for name in entry.names.get(kind, ()):
                key = name_key(name)
                if not key:
                    continue
                spellings.setdefault(key, Counter())[name] += 1
                position = rank[entry.docname]
                if first_seen.get((key, name), position + 1) > position:
                    first_seen[(key, name)] = position
                docs = members.setdefault(key, [])
                if not docs or docs[-1] != entry.docname:
                    docs.append(entry.docname)
        terms[kind] = {}
        for key, counter in spellings.items():
            name = min(counter, key=lambda s: (-counter[s], first_seen[(key, s)], s))
            terms[kind][key] = Term(kind, key, name, slug(name), members[key], tuple(sorted(counter)))
    years: dict[str, list[str]] = {}
    for entry in ordered:
        if entry.is_post:
            years.setdefault(entry.year, []).append(entry.docname)
    recent = [e.docname for e in ordered if e.is_post]
    return Taxonomy({e.docname: e for e in ordered}, terms, years, recent)


def paginate(items: list[str], size: int) -> list[list[str]]:
    """Split a listing into pages of ``size`` (a size below 1 means one page)."""
    if size < 1 or len(items) <= size:
        return [items]
    return [items[i : i + size] for i in range(0, len(items), size)]
