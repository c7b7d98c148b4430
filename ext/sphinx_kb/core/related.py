"""Related posts (Hugo's related content) and each post's older and newer neighbour.

Pure Python, no Sphinx. The input is kb's listing entries (``taxonomy.Entry``); names
are compared by ``names.name_key``, so case and spacing variants are one name (what
Hugo's ``toLower`` gives, always on here).

Hugo's rule (``related/inverted_index.go``, ``searchDate``), kept exactly: every name a
candidate shares with the post, in each index, adds that index's weight to the
candidate's total ``W`` and one to its match count ``M``. The candidate is kept when
``norm(W // M) >= threshold // M``, where ``norm`` maps a weight onto 0..100 between
``min(0, weights)`` and the largest weight (both divisions are Go's integer
divisions). Kept candidates are sorted by ``W``, then newest first, then by name
(kb: by docname); the post itself is never related to itself.

Hugo's defaults: indices ``keywords`` 100 and ``date`` 10 (the year), since 0.1xx
also ``tags`` 80; ``threshold`` 80; ``includeNewer`` false; ``toLower`` false. kb's:
keywords 100, tags 80, categories 60, threshold 80 (one shared keyword or tag is
enough; a shared category alone is not, with a tag or a second category it is), and
newer posts included: in a knowledge base the follow-up written later is the most
useful link, and an old post would otherwise never point anywhere new. When fewer
than ``limit`` candidates pass, the rest is filled with posts that share a category,
nearest in time first (then newest): what Hugo's ``date`` index adds to a shared
category's weight. A blog whose posts carry only categories (Jekyll's news) would
otherwise have no related post at all. Hugo's
``cardinalityThreshold`` (an index ignores a name that more than that percentage of
posts carry) is available per index, off by default as in Hugo.

Speed: a candidate's ``W`` and ``M`` depend only on how many names it shares in each
index, so kb does not score candidates one by one. Each name's posts are a bit set
(a Python int, bit = position in kb's newest-first order); for one post, bit-sliced
counting gives, per index, the set of candidates sharing exactly ``m`` names. Every
combination of counts is scored once, the combinations are walked by ``W`` from the
highest, and within one ``W`` the lowest bits are the newest posts: the first
``limit`` found are the answer. (Measured in the report: 1,000 and 10,000 posts.)
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from .names import name_key
from .taxonomy import Entry, newest_first

YEAR = "year"  # an index over the post's year (Hugo's ``date`` index with pattern "2006")


@dataclass(frozen=True)
class Index:
    """One kind of name and its weight (0 turns it off; negative weights are allowed)."""

    kind: str  # "keyword", "tag", "category", "author" (a kind of Entry.names) or "year"
    weight: int
    cardinality_threshold: int = 0  # percent of posts; 0: every name counts


DEFAULT_INDICES = (Index("keyword", 100), Index("tag", 80), Index("category", 60))


@dataclass(frozen=True)
class RelatedOptions:
    indices: tuple[Index, ...] = DEFAULT_INDICES
    threshold: int = 80  # 0..100, Hugo's
    include_newer: bool = True
    limit: int = 5  # kb_related_posts
    #: fill up with posts sharing a category, nearest in time (see the module's note)
    same_category_fallback: bool = False  # kb turns it on (readers.around); Hugo has none


@dataclass(frozen=True)
class Neighbours:
    older: str | None
    newer: str | None


def option_problems(options: RelatedOptions) -> list[str]:
    """What is wrong with the options, in words (the glue warns and uses defaults)."""
    problems = []
    if not 0 <= options.threshold <= 100:
        problems.append(f"the related posts threshold must be between 0 and 100, not {options.threshold}")
    if options.limit < 0:
        problems.append(f"the number of related posts cannot be negative ({options.limit})")
    for index in options.indices:
        if not 0 <= index.cardinality_threshold <= 100:
            problems.append(f"{index.kind}: cardinality threshold must be between 0 and 100")
    return problems


def neighbours(entries: Iterable[Entry]) -> dict[str, Neighbours]:
    """Each post's older and newer neighbour in kb's newest-first order (undated posts
    come after the oldest dated one, as in the archive); pages that are not posts
    take no part."""
    order = [e.docname for e in newest_first([e for e in entries if e.is_post])]
    return {
        docname: Neighbours(older=order[i + 1] if i + 1 < len(order) else None, newer=order[i - 1] if i else None)
        for i, docname in enumerate(order)
    }


def related(entries: Iterable[Entry], options: RelatedOptions = RelatedOptions()) -> dict[str, tuple[str, ...]]:
    """Every post's related posts, best first (at most ``options.limit``)."""
    found = RelatedPosts(entries, options)
    return {docname: found[docname] for docname in found}


class RelatedPosts(Mapping[str, tuple[str, ...]]):
    """Each post's related posts (``related``), worked out the first time they are asked.

    The names' bit sets are made once, for every post; a post's own answer (its
    candidates scored) only when asked: a rebuild that writes one post asks for one, a
    full build for all (measured at 1,000 posts: 27 ms for every post, 6 ms of it
    the bit sets; 0.1 ms a post after that)."""

    def __init__(self, entries: Iterable[Entry], options: RelatedOptions = RelatedOptions()) -> None:
        self._posts = newest_first([e for e in entries if e.is_post])
        self._rank = {post.docname: rank for rank, post in enumerate(self._posts)}
        self._options = options
        self._found: dict[str, tuple[str, ...]] = {}
        indices = [index for index in options.indices if index.weight != 0]
        weights = [index.weight for index in indices]
        low, high = (min(0, *weights), max(0, *weights)) if weights else (0, 0)  # Hugo's scale starts at 0
        # nothing can pass: no index, no room, or only negative or zero weights
        self._none = not self._posts or not indices or options.limit <= 0 or high == low
        if self._none:
            return
        self._index_keys = [[_keys(entry, index.kind) for entry in self._posts] for index in indices]
        self._postings = [_postings(keys, index, len(self._posts)) for keys, index in zip(self._index_keys, indices)]
        self._scorer = _Scorer(weights, low, high, options.threshold)
        self._first_of_date = _first_rank_of_each_date(self._posts)
        kinds = [index.kind for index in indices]
        self._category = kinds.index("category") if "category" in kinds and options.same_category_fallback else None
        self._everyone = (1 << len(self._posts)) - 1

    def __getitem__(self, docname: str) -> tuple[str, ...]:
        rank = self._rank[docname]  # KeyError: not a post of this site
        if self._none:
            return ()
        found = self._found.get(docname)
        if found is None:
            found = self._found[docname] = self._best_for(rank)
        return found

    def __iter__(self) -> Iterator[str]:
        return (post.docname for post in self._posts)

    def __len__(self) -> int:
        return len(self._posts)

    def _best_for(self, rank: int) -> tuple[str, ...]:
        post = self._posts[rank]
        allowed = self._everyone & ~(1 << rank)
        if not self._options.include_newer and post.sort_key:
            allowed &= ~((1 << self._first_of_date[post.sort_key]) - 1)  # strictly newer posts out
        per_index = [
            [bits[key] for key in keys[rank] if key in bits] for keys, bits in zip(self._index_keys, self._postings)
        ]
        found = _best(per_index, allowed, self._scorer, self._options.limit)
        if self._category is not None and len(found) < self._options.limit:
            found += self._nearest_in_category(rank, per_index[self._category], allowed, found)
        return tuple(self._posts[i].docname for i in found)

    def _nearest_in_category(self, rank: int, category_sets: list[int], allowed: int, found: list[int]) -> list[int]:
        """Posts sharing a category with the post and not already found, nearest in time."""
        members = 0
        for bits in category_sets:
            members |= bits
        members &= allowed
        for taken in found:
            members &= ~(1 << taken)
        here = _day(self._posts[rank].sort_key)
        candidates = []
        while members:
            lowest = members & -members
            other = lowest.bit_length() - 1
            members ^= lowest
            day = _day(self._posts[other].sort_key)
            apart = abs((day - here).days) if day is not None and here is not None else math.inf
            candidates.append((apart, other))  # ties: the lower rank, the newer post
        return [other for _, other in sorted(candidates)[: self._options.limit - len(found)]]


class _Scorer:
    """Hugo's pass/fail rule for a candidate with total weight ``W`` over ``M`` matches."""

    def __init__(self, weights: Sequence[int], low: int, high: int, threshold: int):
        self.weights = weights
        self.low = low
        self.span = high - low
        self.threshold = threshold

        self._groups: dict[tuple[int, ...], list[list[tuple[int, ...]]]] = {}

    def passes(self, total: int, matches: int) -> bool:
        average = _go_div(total, matches)
        normalised = math.floor((average - self.low) / self.span * 100 + 0.5)
        return normalised >= self.threshold // matches

    def groups(self, shape: tuple[int, ...]) -> list[list[tuple[int, ...]]]:
        """Every combination of shared counts up to ``shape[i]`` in index ``i`` that
        passes, grouped by total weight, highest first. Many posts have the same
        shape (the counts their candidates reach), so each is worked out once."""
        cached = self._groups.get(shape)
        if cached is None:
            by_total: dict[int, list[tuple[int, ...]]] = {}
            for combo in itertools.product(*(range(n + 1) for n in shape)):
                matches = sum(combo)
                total = sum(w * m for w, m in zip(self.weights, combo))
                if matches and self.passes(total, matches):
                    by_total.setdefault(total, []).append(combo)
            cached = self._groups[shape] = [by_total[total] for total in sorted(by_total, reverse=True)]
        return cached


def _best(per_index: list[list[int]], allowed: int, scorer: _Scorer, limit: int) -> list[int]:
    """The ranks of the best ``limit`` candidates (see the module's note on speed)."""
    exact = [_exact_counts(sets, allowed) for sets in per_index]
    # the largest count each index actually reaches: combinations above it are empty
    reached = tuple(max((m for m, members in enumerate(counts) if members), default=0) for counts in exact)
    found: list[int] = []
    for combos in scorer.groups(reached):
        group = 0
        for combo in combos:
            members = allowed
            for counts, m in zip(exact, combo):
                members &= counts[m]
                if not members:
                    break
            group |= members
        while group and len(found) < limit:
            lowest = group & -group
            found.append(lowest.bit_length() - 1)
            group ^= lowest
        if len(found) >= limit:
            break
    return found


def _exact_counts(sets: list[int], allowed: int) -> list[int]:
    """``result[m]``: the allowed candidates found in exactly ``m`` of ``sets``."""
    at_least = [allowed] + [0] * len(sets)  # at_least[m]: in m or more of the sets
    for seen, members in enumerate(sets, start=1):
        for m in range(seen, 0, -1):
            at_least[m] |= at_least[m - 1] & members
    return [at_least[m] & ~at_least[m + 1] for m in range(len(sets))] + [at_least[-1]]


def _keys(entry: Entry, kind: str) -> tuple[str, ...]:
    if kind == YEAR:
        return (entry.year,) if entry.year else ()
    return tuple(dict.fromkeys(k for name in entry.names.get(kind, ()) if (k := name_key(name))))


def _postings(keys_by_rank: list[tuple[str, ...]], index: Index, n_posts: int) -> dict[str, int]:
    """Each name's posts as a bit set; names over the cardinality threshold left out."""
    ranks: dict[str, list[int]] = {}
    for rank, keys in enumerate(keys_by_rank):
        for key in keys:
            ranks.setdefault(key, []).append(rank)
    result = {}
    for key, members in ranks.items():
        if index.cardinality_threshold and len(members) * 100 > index.cardinality_threshold * n_posts:
            continue
        bits = bytearray((n_posts + 7) // 8)
        for rank in members:
            bits[rank >> 3] |= 1 << (rank & 7)
        result[key] = int.from_bytes(bits, "little")
    return result


def _first_rank_of_each_date(posts: Sequence[Entry]) -> dict[str, int]:
    first: dict[str, int] = {}
    for rank, post in enumerate(posts):
        first.setdefault(post.sort_key, rank)
    return first


def _day(sort_key: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(sort_key[:10])
    except ValueError:
        return None


def _go_div(a: int, b: int) -> int:
    """Go's integer division (truncates toward zero; Python's ``//`` floors)."""
    quotient = abs(a) // abs(b)
    return quotient if (a >= 0) == (b > 0) else -quotient
