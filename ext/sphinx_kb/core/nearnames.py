"""Names that are probably one name written two ways: ``LLM`` and ``LLMs``. Pure Python.

Case and spacing variants are already one name in kb (``names.name_key``). What is
left, and what a writer most often types by mistake, is found here, per kind of name
(tags, categories, authors, keywords), between the names posts use:

* **accents, punctuation or spacing**: the keys are equal once accents are dropped from
  Latin, Greek and Cyrillic letters, and spaces, dashes, dots, quotes and brackets are
  removed (``Génomique``/``Genomique``, ``health care``/``healthcare``, ``A.I.``/``AI``).
  Symbols that make another name stay (``C++`` and ``C#`` are not ``C``). kb keeps such
  names apart on purpose (accents are letters), so it only reports them.
* **plural**: the last word of one is an English plural of the other's
  (``LLM``/``LLMs``, ``model``/``models``, ``study``/``studies``, ``analysis``/``analyses``).
* **spelling**: a small edit distance between the parts that differ once the words
  both names share at their start and end are set aside (RapidFuzz's optimal string
  alignment distance: Damerau-Levenshtein where a swap of two neighbouring letters is
  one edit and no part is edited twice; 15 times faster than the unrestricted one), so
  ``de-identification``/``re-identification`` (``de`` against ``re``) and
  ``Clinical Cardiology``/``Clinical Radiology`` are not paired. One edit is allowed from
  ``Thresholds.one_edit_from`` characters, two from ``two_edits_from``. The differing
  parts must start with the same letter (a typo rarely hits the first letter; names
  that differ there are usually other words: ``Pediatrics``/``Geriatrics``), and names
  whose numbers differ (``Windows 10``/``Windows 11``) are never paired.
* **glossary alias**: the glossary's definitions file names both as one term
  (``large language models: {aliases: [LLM]}``), a plural of either counting too.

Pairs join into groups; each group lists every form with the posts (file and line) that
use it. ``distinct`` lists names the writer declared different: no pair among them.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .frontmatter import Post
from .glossary import Definition
from .names import name_key
from .spellings import Thresholds, folded, singulars, spelling_pair

KINDS = ("tag", "category", "author", "keyword")
KIND_PLURALS = {"tag": "tags", "category": "categories", "author": "authors", "keyword": "keywords"}
#: the front-matter keys each kind is read from (for the line of a name)
FRONT_MATTER_KEYS = {"tag": ("tags", "tag"), "category": ("categories", "category"),
                     "author": ("author", "authors"), "keyword": ("keywords",)}

#: why two names were paired, strongest first (a pair shows its strongest reason only)
REASONS = ("glossary alias", "accents, punctuation or spacing", "plural", "spelling")


@dataclass(frozen=True)
class NameUse:
    """One name as one post wrote it."""

    kind: str
    name: str
    file: str
    line: int


@dataclass(frozen=True)
class Form:
    """One name (one ``name_key``) of a group, shown in its most used spelling."""

    name: str
    key: str
    uses: tuple[NameUse, ...]

    @property
    def spellings(self) -> tuple[str, ...]:
        return tuple(sorted({use.name for use in self.uses}))


@dataclass(frozen=True)
class Pair:
    a: str  # display names
    b: str
    reason: str


@dataclass(frozen=True)
class Group:
    kind: str
    forms: tuple[Form, ...]  # most used first
    pairs: tuple[Pair, ...] = field(default=())

    @property
    def kept(self) -> Form:
        """The form to keep if the writer merges them: the most used one."""
        return self.forms[0]

    def message(self) -> str:
        names = ", ".join(repr(form.name) for form in self.forms)
        why = "; ".join(f"{pair.a!r}/{pair.b!r}: {pair.reason}" for pair in self.pairs)
        return f"{KIND_PLURALS[self.kind]} {names} are probably one name ({why})"


# -- finding ----------------------------------------------------------------------------


def find(uses: Iterable[NameUse], definitions: Sequence[Definition] = (),
         distinct: Iterable[Iterable[str]] = (), thresholds: Thresholds = Thresholds()) -> list[Group]:
    """The groups of names that are probably one, per kind, in a stable order."""
    by_kind: dict[str, dict[str, list[NameUse]]] = {kind: {} for kind in KINDS}
    for use in uses:
        key = name_key(use.name)
        if key and use.kind in by_kind:
            by_kind[use.kind].setdefault(key, []).append(use)
    apart = [{name_key(name) for name in names} for names in distinct]
    glossary_terms = [{name_key(d.name), *(name_key(a) for a in d.aliases)} for d in definitions]
    groups: list[Group] = []
    for kind in KINDS:
        found = by_kind[kind]
        pairs = [(a, b, reason) for a, b, reason in _pairs(sorted(found), glossary_terms, thresholds)
                 if not any(a in names and b in names for names in apart)]
        groups += _groups(kind, found, pairs)
    return groups


def _pairs(keys: list[str], glossary_terms: list[set[str]], thresholds: Thresholds):
    """(key, key, reason) for every pair of keys that are probably one name."""
    seen: set[tuple[str, str]] = set()

    def pair(a: str, b: str, reason: str):
        ordered = (a, b) if a < b else (b, a)
        if a != b and ordered not in seen:
            seen.add(ordered)
            return [(*ordered, reason)]
        return []

    present = set(keys)
    result = []
    # a term's keys (its name and aliases) and their plurals: a key is a term's when it is
    # one of them, or its singular is one of them
    named: dict[str, set[int]] = {}
    named_or_plural: dict[str, set[int]] = {}
    for index, term in enumerate(glossary_terms):
        for key in term:
            named.setdefault(key, set()).add(index)
            for form in {key, *singulars(key)}:
                named_or_plural.setdefault(form, set()).add(index)
    members: dict[int, list[str]] = {}
    for key in keys:
        terms = set(named_or_plural.get(key, ()))
        for singular in singulars(key):
            terms |= named.get(singular, set())
        for index in terms:
            members.setdefault(index, []).append(key)
    for index in sorted(members):
        used = members[index]
        result += [p for other in used[1:] for p in pair(used[0], other, REASONS[0])]
    by_fold: dict[str, list[str]] = {}
    for key in keys:
        by_fold.setdefault(folded(key), []).append(key)
    for same in by_fold.values():
        result += [p for other in same[1:] for p in pair(same[0], other, REASONS[1])]
    for key in keys:
        result += [p for singular in sorted(singulars(key)) if singular in present for p in pair(key, singular, REASONS[2])]
    result += [p for a, b in _close_spellings(keys, thresholds) for p in pair(a, b, REASONS[3])]
    return result


def _close_spellings(keys: list[str], thresholds: Thresholds) -> list[tuple[str, str]]:
    """Pairs within the spelling threshold. Only keys that can pair are compared: the
    same first letter (a spelling pair's differing parts start alike, and words both
    share start alike too) and nearly the same length (two edits allow no more)."""
    most = thresholds.allowed(10**6)
    if most == 0:
        return []
    by_letter: dict[str, list[str]] = {}
    for key in keys:
        if len(key) >= thresholds.one_edit_from:
            by_letter.setdefault(key[0], []).append(key)
    result = []
    for group in by_letter.values():
        group.sort(key=lambda k: (len(k), k))
        lengths = [len(k) for k in group]
        for index, key in enumerate(group):
            end = bisect.bisect_right(lengths, len(key) + most, lo=index + 1)
            if end == index + 1:
                continue
            for other, _, _ in process.extract(key, group[index + 1:end], scorer=OSA.distance,
                                               score_cutoff=most, limit=None):
                if spelling_pair(key, other, thresholds):
                    result.append((key, other))
    return result


def _groups(kind: str, found: dict[str, list[NameUse]], pairs: list[tuple[str, str, str]]) -> list[Group]:
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for a, b, _ in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[str, list[str]] = {}
    for key in parent:
        members.setdefault(root(key), []).append(key)
    forms = {key: _form(key, found[key]) for keys in members.values() for key in keys}
    groups = []
    for group_root, keys in members.items():
        ordered = sorted((forms[k] for k in keys), key=lambda f: (-len({u.file for u in f.uses}), f.key))
        group_pairs = tuple(Pair(forms[a].name, forms[b].name, reason)
                            for a, b, reason in pairs if root(a) == group_root)
        groups.append(Group(kind, tuple(ordered), group_pairs))
    return sorted(groups, key=lambda g: g.forms[0].key)


def _form(key: str, uses: list[NameUse]) -> Form:
    counts: dict[str, int] = {}
    for use in uses:
        counts[use.name] = counts.get(use.name, 0) + 1
    name = min(counts, key=lambda spelling: (-counts[spelling], spelling))
    return Form(name, key, tuple(sorted(uses, key=lambda u: (u.file, u.line))))


# -- where each name is written ---------------------------------------------------------


def uses_of(post: Post, file: str, lines: Sequence[str] = ()) -> list[NameUse]:
    """The names of one post, each with its line: the first line from its key's line on
    that holds the name as written (``lines``: the front matter's lines, from the
    file's first line), else the key's line."""
    result = []
    names = {"tag": post.tags, "category": post.categories, "keyword": post.keywords,
             "author": tuple(author.name for author in post.authors)}
    for kind in KINDS:
        key_line = next((post.key_lines[k] for k in FRONT_MATTER_KEYS[kind] if k in post.key_lines), 1)
        for name in names[kind]:
            line = next((number for number in range(key_line, len(lines) + 1)
                         if name in lines[number - 1]), key_line) if lines else key_line
            result.append(NameUse(kind, name, file, line))
    return result
