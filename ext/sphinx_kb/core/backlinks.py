"""Backlinks with context: which posts link to a post, and the sentence around each link.

Pure Python, no Sphinx. When a post is read, the glue finds its links to other
documents (Markdown links to a file, ``{doc}``, links by a Jekyll post's old URL) and gives each link's paragraph as plain text with the link's place in it;
``sentence_around`` cuts the sentence that holds the link out of it (the reader sees
why the other post links here, as Obsidian's and Roam's "linked mentions" show).
After reading, ``backlinks`` turns every post's links into each target's list of
linking posts, newest first (kb's listing order), one line per linking post.

Sentences end at ``.``, ``!``, ``?`` or ``…`` followed by a space (closing quotes and
brackets stay with their sentence), and at the ideographic full stops ``。！？``,
which need no space. A few abbreviations (``e.g.``, ``i.e.``, ``etc.``, ``Dr.``…) and
single initials (``A. Turing``) do not end a sentence. A sentence longer than
``limit`` characters is cut around the link, at words, with ``…`` where it was cut.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .text import clean_text

__all__ = ["Backlink", "backlinks", "sentence_around"]

CONTEXT_LENGTH = 240

_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)|[。！？]+[」』）]*")
_NO_END = re.compile(r"(?:\b(?:e\.g|i\.e|etc|vs|cf|al|Dr|Mr|Mrs|Ms|Prof|St|Fig|No|approx)|(?<![\w.])\w)\.$",
                     re.IGNORECASE)


@dataclass(frozen=True)
class Backlink:
    source: str  # the linking post's docname
    sentence: str  # the sentence around its (first) link here


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence holding ``text[start:end]`` begins and ends."""
    begin, finish = 0, len(text)
    for match in _END.finditer(text):
        if match.group().startswith(".") and _NO_END.search(text[: match.start() + 1]):
            continue
        if match.end() <= start:
            begin = match.end()
        elif match.start() >= end:
            finish = match.end()
            break
    return begin, finish


def sentence_around(text: str, start: int, end: int, limit: int = CONTEXT_LENGTH) -> str:
    """The sentence of ``text`` that holds ``text[start:end]`` (the link's text), as
    clean plain text, at most about ``limit`` characters. Never raises: offsets
    outside the text are clamped."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    begin, finish = _sentence_bounds(text, start, end)
    if finish - begin <= limit:
        return clean_text(text[begin:finish])
    # too long: a window of ``limit`` characters around the link, cut at spaces
    width = max(limit, end - start)
    left = max(begin, start - (width - (end - start)) // 2)
    right = min(finish, left + width)
    left = max(begin, right - width)
    if left > begin:
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    if right < finish:
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right
    shown = clean_text(text[left:right])
    return ("…" if left > begin else "") + shown + ("…" if right < finish else "")


def backlinks(links: Mapping[str, Iterable[tuple[str, str]]], order: Sequence[str]) -> dict[str, tuple[Backlink, ...]]:
    """Each target's linking posts: ``links`` maps a post to its (target docname,
    sentence) pairs, ``order`` lists the posts newest first. A post linking to itself,
    and a post not in ``order`` (not published), is left out; a post that links to the
    same target twice is listed once, with the sentence of its first link there."""
    rank = {docname: i for i, docname in enumerate(order)}
    found: dict[str, dict[str, str]] = {}
    for source in sorted(links, key=lambda d: (rank.get(d, len(rank)), d)):
        if source not in rank:
            continue
        for target, sentence in links[source]:
            if target != source:
                found.setdefault(target, {}).setdefault(source, sentence)
    return {target: tuple(Backlink(s, sentence) for s, sentence in sources.items()) for target, sources in found.items()}
