"""CSL-JSON metadata, cleaned: what kb keeps of a DOI's record, and how its text is read.

doi.org's content negotiation answers with CSL-JSON (the Citation Style Language's data
format), whichever agency registered the DOI; Crossref's REST API uses nearly the same
names. ``clean_item`` keeps the CSL variables formatting and citing need (Crossref's
answer also holds the whole reference list, licences, funders…: kilobytes per DOI in the
results cache for nothing), every value as clean text.

Inline markup in values (CSL-JSON allows ``<i>``, ``<b>``, ``<sup>``, ``<sub>`` and
``<span class="nocase">``) becomes private-use marker characters that ``references``
turns into tags after escaping; any other tag is dropped and entities are decoded, so no
markup from a server reaches a page. Pure Python: no Sphinx, no network.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from .text import clean_text

#: CSL variables kept from a metadata record; the rest (Crossref's reference lists,
#: licences, funders, counts…) only costs memory and cache space
TEXT_VARIABLES = (
    "id", "type", "title", "title-short", "container-title", "container-title-short", "collection-title",
    "volume", "issue", "page", "number", "edition", "publisher", "publisher-place", "genre", "event",
    "DOI", "URL", "ISSN", "ISBN", "language", "source", "medium", "version", "note", "abstract", "keyword",
)
NAME_VARIABLES = ("author", "editor", "container-author", "collection-editor", "translator")
DATE_VARIABLES = ("issued", "accessed", "original-date", "event-date")
NAME_PARTS = ("family", "given", "literal", "dropping-particle", "non-dropping-particle", "suffix")
KNOWN_TYPES = frozenset({
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book", "broadcast",
    "chapter", "dataset", "entry", "entry-dictionary", "entry-encyclopedia", "figure", "graphic",
    "interview", "legal_case", "legislation", "manuscript", "map", "motion_picture", "musical_score",
    "pamphlet", "paper-conference", "patent", "personal_communication", "post", "post-weblog", "report",
    "review", "review-book", "song", "speech", "thesis", "treaty", "webpage", "software", "standard",
})

#: Crossref's REST type names -> CSL's (content negotiation answers with CSL's already)
CROSSREF_TYPES = {
    "journal-article": "article-journal", "proceedings-article": "paper-conference", "book-chapter": "chapter",
    "posted-content": "article", "dissertation": "thesis", "monograph": "book", "edited-book": "book",
    "reference-book": "book", "reference-entry": "entry", "peer-review": "review",
}

# marker characters (Unicode private use area) standing for markup until the text is escaped
OPEN, CLOSE = "\ue000", "\ue001"
MARKERS = re.compile("[\ue000-\ue003]")
_INLINE = re.compile(r"<(/?)(i|em|b|strong|sup|sub)\s*>", re.IGNORECASE)
_NOCASE = re.compile(r'<span\s+class="nocase"\s*>(.*?)</span>', re.IGNORECASE | re.DOTALL)
#: what looks like a tag (so "p < 0.05 and q > 1" is kept as text)
_ANY_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>")
_KEEP = frozenset(OPEN + CLOSE + "\ue002\ue003")
_SAME = {"em": "i", "strong": "b"}
_MARKUP_MARKERS = re.compile(f"{OPEN}/?[a-z]+{CLOSE}", re.IGNORECASE)
_NOCASE_TAGS = re.compile(r'</?span(?:\s+class="nocase")?\s*>', re.IGNORECASE)


def plain_text(value: str) -> str:
    """A cleaned value without kb's markers and nocase spans: for BibTeX, RIS and plain text."""
    text = _NOCASE_TAGS.sub("", _MARKUP_MARKERS.sub("", value))
    return " ".join(MARKERS.sub("", text).split())


def _clean(text: str) -> str:
    """``clean_text``, but keeping kb's markers (private-use characters, which it would drop)."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch if ch in _KEEP or unicodedata.category(ch)[0] not in "CZ" else " " for ch in text)
    return " ".join(text.split())


def rich(value: object, markup: bool = True) -> str:
    """Metadata text -> plain text, with markers for the inline markup CSL-JSON allows."""
    text = MARKERS.sub("", str(value))
    nocase: list[str] = []

    def keep_nocase(match: re.Match[str]) -> str:
        nocase.append(match.group(1))
        return f"\ue002{len(nocase) - 1}\ue003"

    def marker(match: re.Match[str]) -> str:
        tag = match.group(2).lower()
        return f"{OPEN}{match.group(1)}{_SAME.get(tag, tag)}{CLOSE}" if markup else ""

    text = _NOCASE.sub(keep_nocase, text)
    text = _clean(html.unescape(_ANY_TAG.sub("", _INLINE.sub(marker, text))))
    # citeproc-py reads <span class="nocase"> itself (text it must not re-case)
    return re.sub("\ue002(\\d+)\ue003",
                  lambda m: f'<span class="nocase">{rich(nocase[int(m.group(1))], markup)}</span>', text)


def _names(value: object) -> list[dict[str, str]]:
    names = []
    for entry in value if isinstance(value, list) else []:
        if not isinstance(entry, Mapping):
            continue
        name = {part: rich(entry[part], markup=False) for part in NAME_PARTS if isinstance(entry.get(part), (str, int))}
        if not name and isinstance(entry.get("name"), str):  # Crossref's form for an organisation
            name = {"literal": rich(entry["name"], markup=False)}
        name = {part: text for part, text in name.items() if text}
        if "literal" in name or "family" not in name:
            literal = name.get("literal") or " ".join(filter(None, (name.get("given"), name.get("family"))))
            name = {"literal": literal} if literal else {}
        if name:
            names.append(name)
    return names


def _date(value: object) -> dict[str, Any] | None:
    if not isinstance(value, Mapping):
        return None
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list):
        try:
            numbers = [int(part) for part in parts[0][:3] if part not in (None, "")]
        except (TypeError, ValueError):
            numbers = []
        if numbers and 0 < numbers[0] < 10000:
            return {"date-parts": [numbers]}
    literal = value.get("literal") or value.get("raw")
    return {"literal": clean_text(str(literal))} if isinstance(literal, str) and literal.strip() else None


def clean_item(item: Mapping[str, Any], key: str | None = None) -> dict[str, Any] | None:
    """A CSL-JSON record reduced to what formatting needs, every value clean; None if unusable.

    ``key`` (kb passes the bare DOI) replaces the record's ``id``. A record without a title
    is unusable: a reference without one would mislead more than help.
    """
    if not isinstance(item, Mapping):
        return None
    clean: dict[str, Any] = {}
    for name in TEXT_VARIABLES:
        value = item.get(name)
        if isinstance(value, list):  # some agencies send container-title, ISSN… as lists
            value = next((v for v in value if isinstance(v, (str, int)) and str(v).strip()), None)
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
            clean[name] = rich(value)
    for name in NAME_VARIABLES:
        names = _names(item.get(name))
        if names:
            clean[name] = names
    for name in DATE_VARIABLES:
        date = _date(item.get(name))
        if date:
            clean[name] = date
    if not clean.get("title"):
        return None
    clean["id"] = key or clean.get("id") or clean.get("DOI") or clean["title"]
    kind = CROSSREF_TYPES.get(clean.get("type", ""), clean.get("type", ""))
    clean["type"] = kind if kind in KNOWN_TYPES else "article"
    return clean
