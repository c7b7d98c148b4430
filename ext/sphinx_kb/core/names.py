"""Names of tags, categories, authors and keywords: identity, display and slugs.

Pure Python, no Sphinx. Two rules carry everything else:

* ``name_key``: case, whitespace, hyphen and underscore variants of one name are
  one name (``Machine Learning``, ``machine  learning``, ``machine-learning``).
* ``slug``: a file and URL name derived from the name alone, so adding or removing
  any other name never changes it, and distinct names never share a slug.

A name whose key is made of letters and digits separated by single spaces
("plain") gets the readable slug ``machine-learning`` (the same URL sphinx-tags
gives it). Any other name gets a readable part plus a short hash of its key:
``C++`` is ``c-plus-plus-1b3c…``, ``C#`` is ``c-sharp-…``. Plain slugs never end in
such a hash, so the two families cannot collide. Letters of every script are kept
(``機械学習`` stays readable) and accents are kept: ``Génomique`` and
``Genomique`` are two names.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

from slugify import slugify

from .text import clean_text

#: Page names Sphinx or the HTML output already use, and names Windows cannot hold.
RESERVED_SLUGS = frozenset(
    {
        "index", "genindex", "search", "searchindex", "py-modindex", "modindex",
        "objects", "glossary", "tagsindex", "page", "_static", "_sources",
        "_images", "_downloads", "_modules", "con", "prn", "aux", "nul",
        *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10)),
    }
)

MAX_SLUG_LENGTH = 60
HASH_LENGTH = 8

_FOLD = re.compile(r"[\s_\-‐-―]+")
_PLAIN = re.compile(r"[^\W_]+(?: [^\W_]+)*")
#: a plain key may not end in what looks like kb's hash, or it could spell out a hashed slug
_HASH_WORD = re.compile(rf"(?:^| )[0-9a-f]{{{HASH_LENGTH}}}$")

#: Symbols that slug libraries drop, given words so ``C++`` and ``C`` stay apart.
SYMBOL_WORDS = (
    ("+", " plus "),
    ("#", " sharp "),
    ("&", " and "),
    ("@", " at "),
    ("%", " percent "),
    ("*", " star "),
    ("=", " equals "),
    ("<", " lt "),
    (">", " gt "),
    ("/", " slash "),
    (".", " dot "),
)


@functools.lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """The identity of a name: case, spacing, hyphen and underscore variants are one."""
    return _FOLD.sub(" ", clean_text(name).casefold()).strip()


def short_hash(text: str) -> str:
    return hashlib.blake2s(text.encode("utf-8"), digest_size=16).hexdigest()[:HASH_LENGTH]


def slug(name: str) -> str:
    """A readable, bounded, collision-free file/URL name for ``name``."""
    key = name_key(name)
    if _PLAIN.fullmatch(key) and not _HASH_WORD.search(key):
        readable = key.replace(" ", "-")
        if len(readable) <= MAX_SLUG_LENGTH and readable not in RESERVED_SLUGS:
            return readable
    readable = slugify(
        key,
        allow_unicode=True,
        replacements=SYMBOL_WORDS,
        max_length=MAX_SLUG_LENGTH - HASH_LENGTH - 1,
        word_boundary=True,
    )
    digest = short_hash(key)
    return f"{readable}-{digest}" if readable else f"h-{digest}"


def letter(name: str) -> str:
    """The A-Z group of a name: accents folded (É is E), digits and symbols ``#``,
    other scripts grouped by their first character."""
    text = clean_text(name)
    if not text:
        return "#"
    first = unicodedata.normalize("NFKD", text[0])[0].upper()[0]
    if "A" <= first <= "Z":
        return first
    if first.isalpha():
        return text[0].upper()[0]
    return "#"


def letter_slug(group: str) -> str:
    return "symbols" if group == "#" else slug(group)
