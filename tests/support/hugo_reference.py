"""Hugo's related-content search written the plain way, candidate by candidate.

A transcription of ``searchDate`` in Hugo's ``related/inverted_index.go`` over kb's
entries, slow and obvious: the tests check that ``core.related`` (bit sets, counts
grouped) gives exactly what this gives."""

from __future__ import annotations

import math

from sphinx_kb.core.names import name_key
from sphinx_kb.core.related import YEAR, RelatedOptions
from sphinx_kb.core.taxonomy import newest_first


def go_div(a: int, b: int) -> int:
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


def keys(entry, kind):
    if kind == YEAR:
        return [entry.year] if entry.year else []
    return list(dict.fromkeys(name_key(n) for n in entry.names.get(kind, ()) if name_key(n)))


def hugo_related(entries, options: RelatedOptions = RelatedOptions()):
    posts = newest_first([e for e in entries if e.is_post])
    rank = {e.docname: i for i, e in enumerate(posts)}
    indices = [i for i in options.indices if i.weight != 0]
    weights = [i.weight for i in indices]
    low, high = min([0, *weights]), max([0, *weights])
    index = []
    for ix in indices:
        table = {}
        for post in posts:
            for key in keys(post, ix.kind):
                table.setdefault(key, []).append(post)
        if ix.cardinality_threshold:
            table = {k: v for k, v in table.items() if len(v) * 100 <= ix.cardinality_threshold * len(posts)}
        index.append(table)
    result = {}
    for post in posts:
        scores = {}  # docname -> [weight, matches]
        for ix, table in zip(indices, index):
            for key in keys(post, ix.kind):
                for other in table.get(key, []):
                    if other.docname == post.docname:
                        continue
                    if not options.include_newer and post.sort_key and other.sort_key > post.sort_key:
                        continue
                    score = scores.setdefault(other.docname, [0, 0])
                    score[0] += ix.weight
                    score[1] += 1
        kept = []
        for docname, (weight, matches) in scores.items():
            if high == low:
                continue
            normalised = math.floor((go_div(weight, matches) - low) / (high - low) * 100 + 0.5)
            if normalised >= options.threshold // matches:
                kept.append((-weight, rank[docname], docname))
        kept.sort()
        result[post.docname] = tuple(d for _, _, d in kept[: max(options.limit, 0)])
    return result
