"""DOIs: which sources are DOIs, and one spelling for each.

A source is a DOI when its URL is on the DOI resolver (``doi.org``, ``dx.doi.org`` or
``www.doi.org``, over http or https), or when its citation text says ``doi:10.…``.
Every spelling of one DOI gets one ``Doi``: its bare form (``10.1038/nbt.4235``) is the
key kb keeps results under, its ``url`` the canonical ``https://doi.org/…`` link.

Rules, and where they come from:

- The DOI Handbook (section 2.4, "case insensitive"): DOI names are matched without regard
  to ASCII case, so the bare form is lower-cased. Crossref's REST API lower-cases DOIs in
  its answers too.
- A DOI is ``10.`` + a registrant code of digits (dot-separated sub-codes allowed) + ``/`` +
  a suffix of any printable characters (Handbook 2.2). kb accepts registrant codes of 4 to
  9 digits, the range every registration agency issues, as Crossref's own DOI pattern does.
- In a URL the DOI is the path, percent-encoded (Handbook 2.5.2.4): ``%2F`` is ``/``; the
  query and the fragment are not part of it.
- In running text a DOI ends at whitespace; punctuation that closes the sentence or a
  bracket (``.`` ``,`` ``;`` ``:`` and a ``)`` or ``]`` without its opening partner) is
  not part of it, as in "(doi:10.1038/nbt.4235)."

Pure Python: no Sphinx, no network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

RESOLVER = "https://doi.org/"
RESOLVER_HOSTS = frozenset({"doi.org", "dx.doi.org", "www.doi.org"})

_DOI = re.compile(r"10\.\d{4,9}(?:\.\d+)*/\S+")
#: ``doi:10.…`` (also ``doi: 10.…`` and ``DOI 10.…``) in citation text
_DOI_IN_TEXT = re.compile(r"\bdoi:?\s*(10\.\d{4,9}(?:\.\d+)*/\S+)", re.IGNORECASE)
_RESOLVER_IN_TEXT = re.compile(r"\b(?:https?://)?(?:dx\.|www\.)?doi\.org/(10\.\S+)", re.IGNORECASE)
_TRAILING = ".,;:!?'\"»”’"
_PAIRS = {")": "(", "]": "[", "}": "{", ">": "<"}
#: characters kept as they are in the canonical URL's path; the rest is percent-encoded
_URL_SAFE = "/:;()[]@!$&'*+,=._~-"


@dataclass(frozen=True, order=True)
class Doi:
    """One DOI: ``bare`` is the lower-case ``10.xxxx/…`` form, the key for results."""

    bare: str

    @property
    def url(self) -> str:
        """The canonical link: ``https://doi.org/`` + the DOI, percent-encoded where a URL needs it."""
        return RESOLVER + quote(self.bare, safe=_URL_SAFE)

    @property
    def prefix(self) -> str:
        return self.bare.split("/", 1)[0]

    def __str__(self) -> str:
        return self.bare


def _trim(text: str) -> str:
    """Drop sentence punctuation and unbalanced closing brackets from the end of a DOI."""
    while text:
        last = text[-1]
        if last in _TRAILING:
            text = text[:-1]
        elif last in _PAIRS and text.count(last) > text.count(_PAIRS[last]):
            text = text[:-1]
        else:
            break
    return text


def normalise(text: str) -> Doi | None:
    """A bare DOI (``10.…/…``), in any case, percent-encoded or not -> ``Doi``; None if it is none."""
    text = _trim(unquote(text.strip()))
    if not _DOI.fullmatch(text) or not text.isprintable():
        return None
    return Doi(text.lower())


def from_url(url: str) -> Doi | None:
    """The DOI a resolver URL points to: ``https://doi.org/10.1038/NBT.4235`` -> ``10.1038/nbt.4235``.

    Any other URL (a publisher's landing page, ``doi.org`` without a DOI) gives None.
    A URL without a scheme (``doi.org/10.…``) is accepted, as people write it in text.
    """
    url = url.strip()
    if "doi.org" not in url.lower():  # every resolver host ends so: most URLs stop here
        return None
    if "://" not in url:
        url = "https://" + url
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:  # a malformed port or IPv6 literal
        return None
    if parts.scheme.lower() not in ("http", "https") or host not in RESOLVER_HOSTS:
        return None
    return normalise(parts.path.lstrip("/"))


def parse(text: str) -> Doi | None:
    """A DOI written in any of the usual ways: a resolver URL, ``doi:10.…``, or bare ``10.…``."""
    text = text.strip()
    if text.lower().startswith("doi:"):
        return normalise(text[4:])
    return from_url(text) if "doi.org" in text.lower() else normalise(text)


def find_in_text(text: str) -> list[Doi]:
    """Every DOI a citation's text names as ``doi:10.…`` or as a resolver address, in order, once each."""
    found: dict[Doi, None] = {}
    matches = [(m.start(), m.group(1)) for m in _DOI_IN_TEXT.finditer(text)]
    matches += [(m.start(), m.group(1)) for m in _RESOLVER_IN_TEXT.finditer(text)]
    for _, candidate in sorted(matches):
        doi = normalise(candidate)
        if doi is not None:
            found.setdefault(doi, None)
    return list(found)


def of_source(url: str, text: str = "") -> Doi | None:
    """The DOI of one cited source: its URL if that is a resolver address, else a ``doi:`` in its text."""
    doi = from_url(url) if url else None
    if doi is None and text:
        named = find_in_text(text)
        doi = named[0] if named else None
    return doi
