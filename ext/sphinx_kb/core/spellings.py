"""When two keys are probably one name written two ways: the rules ``nearnames`` applies.

Pure Python. ``folded`` drops accents, spacing and punctuation; ``singulars`` gives a
key's English singulars; ``spelling_pair`` compares the parts two keys do not share
with a small optimal-string-alignment distance (RapidFuzz), within ``Thresholds``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA

__all__ = ["Thresholds", "differing_parts", "folded", "singulars", "spelling_pair"]


@dataclass(frozen=True)
class Thresholds:
    one_edit_from: int = 5  # the differing parts are at least this long: one edit
    two_edits_from: int = 10  # ... this long: two edits

    def allowed(self, length: int) -> int:
        return 2 if length >= self.two_edits_from else 1 if length >= self.one_edit_from else 0


_DROPPED = set(" .'’‘`´\"“”«»·‧,;:!?()[]{}")
_NUMBERS = re.compile(r"\d+")


@lru_cache(maxsize=1 << 14)
def folded(key: str) -> str:
    """``key`` without accents on Latin, Greek and Cyrillic letters, spaces, dashes,
    dots, quotes and brackets: equal folded keys are one name written two ways."""
    out: list[str] = []
    base = ""
    for char in unicodedata.normalize("NFKD", key):
        category = unicodedata.category(char)
        if category.startswith("M") and base and ord(base) < 0x0530:
            continue  # an accent on a Latin, Greek or Cyrillic letter
        if char in _DROPPED or category == "Pd" or category.startswith("Z"):
            continue
        base = char
        out.append(char)
    return unicodedata.normalize("NFC", "".join(out))


@lru_cache(maxsize=1 << 14)
def singulars(key: str) -> frozenset[str]:
    """The keys ``key`` would have if its last word were an English singular."""
    head, _, word = key.rpartition(" ")
    prefix = f"{head} " if head else ""
    found: set[str] = set()
    if len(word) < 3:
        return frozenset()
    if word.endswith("ies"):
        found.add(word[:-3] + "y")  # studies -> study
    if word.endswith("es"):
        found.add(word[:-2])  # boxes -> box, searches -> search
        found.add(word[:-2] + "is")  # analyses -> analysis, theses -> thesis
    if word.endswith("ices"):
        found |= {word[:-4] + "ex", word[:-4] + "ix"}  # indices -> index, matrices -> matrix
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        found.add(word[:-1])  # models -> model, LLMs -> LLM
    if word.endswith("a"):
        found |= {word[:-1] + "um", word[:-1] + "on"}  # data -> datum, criteria -> criterion
    if word.endswith("i"):
        found.add(word[:-1] + "us")  # loci -> locus
    return frozenset(prefix + singular for singular in found if singular)


def differing_parts(a: str, b: str) -> tuple[str, str]:
    """What is left of two keys once the words they share at both ends are set aside."""
    wa, wb = a.split(" "), b.split(" ")
    start = 0
    while start < min(len(wa), len(wb)) and wa[start] == wb[start]:
        start += 1
    end = 0
    while end < min(len(wa), len(wb)) - start and wa[-1 - end] == wb[-1 - end]:
        end += 1
    return " ".join(wa[start: len(wa) - end]), " ".join(wb[start: len(wb) - end])


def spelling_pair(a: str, b: str, thresholds: Thresholds) -> bool:
    part_a, part_b = differing_parts(a, b)
    if not part_a or not part_b:  # one only adds words to the other
        return False
    if part_a[0] != part_b[0] or _NUMBERS.findall(part_a) != _NUMBERS.findall(part_b):
        return False
    allowed = thresholds.allowed(min(len(part_a), len(part_b)))
    return allowed > 0 and OSA.distance(part_a, part_b, score_cutoff=allowed) <= allowed


