"""Cite this post: the post's own citation as BibTeX, RIS, CSL-JSON and Highwire meta tags.

From one ``CitedPost`` (what a post page knows of itself) kb writes

- **BibTeX** (``to_bibtex``): ``@online``, biblatex's type for a web page or blog post
  (classic BibTeX styles read it as ``@misc``); fields ``author``, ``title``, ``date``
  and ``year`` (for BibTeX styles, which know no ``date``), ``url``, ``organization``
  (the site), ``abstract``, ``keywords``, ``langid``, ``doi``. (No ``month``: BibTeX wants
  a macro there, biblatex a number; ``date`` says it for biblatex.) Written by bibtexparser 2;
  see ``bibtex`` for the escaping.
- **RIS** (``to_ris``): type ``BLOG``, written by rispy.
- **CSL-JSON** (``to_csl``): type ``post-weblog``, a list of one item (the form Zotero and
  citeproc processors import).
- **Highwire** ``citation_*`` meta tags (``highwire_tags``), as (name, content) pairs, the
  tags Zotero's "Embedded Metadata" translator reads (zotero/translators, 2024):
  ``citation_title``, one ``citation_author`` per author, ``citation_publication_date``
  (``YYYY/MM/DD``), ``citation_public_url``, ``citation_publisher`` (the site),
  ``citation_language``, ``citation_keywords``, ``citation_doi``. Not
  ``citation_journal_title``: Zotero then files the post as a journal article of a
  journal named after the site.

``sources_bib`` writes one BibTeX file of every cited work whose metadata is known.
Authors are given as plain names ("Jane Doe"); nameparser splits them into family and
given names (RIS and CSL-JSON want both); a one-word name stays one literal name.
Pure Python: no Sphinx, no network.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import rispy

from . import bibtex
from .bibtex import Person
from .csl import clean_item, plain_text
from .doi import Doi
from .text import clean_text

_BIBTEX_TYPES = {
    "article-journal": "article", "article-magazine": "article", "article-newspaper": "article",
    "paper-conference": "inproceedings", "chapter": "incollection", "book": "book", "report": "techreport",
    "thesis": "phdthesis",
}
_CONTAINER_FIELD = {"article": "journal", "inproceedings": "booktitle", "incollection": "booktitle"}


@dataclass(frozen=True)
class CitedPost:
    """What a post page knows of itself, as plain text."""

    title: str
    url: str  # the post's public address (absolute)
    site_name: str = ""
    authors: tuple[str, ...] = ()  # as written: "Jane Doe"
    date: dt.date | None = None
    description: str = ""
    keywords: tuple[str, ...] = ()
    language: str = ""  # "en"
    doi: str = ""  # the post's own DOI, bare, if it has one
    sources: tuple[str, ...] = ()  # the checked DOIs it cites, bare, in citation order


#: names parsed in this process, and those an earlier build parsed (``remember_names``)
_NAMES: dict[str, Person] = {}


def person(name: str) -> Person:
    """``"Jane Doe"`` -> family Doe, given Jane; ``"Doe, Jane"`` too; one word stays literal.

    Kept once parsed: a site has few authors, each cited in four formats per post, and
    nameparser takes about a millisecond a name (measured: 2,400 calls, 1.4 s of a
    300-post build). Imported only for a name with two words or more not parsed yet:
    loading nameparser takes 37 ms, which a rebuild that meets no new name does without."""
    found = _NAMES.get(name)
    if found is None:
        if len(_NAMES) >= 8192:  # one process building many sites (a test run)
            _NAMES.clear()
        found = _NAMES[name] = _parse(name)
    return found


def _parse(name: str) -> Person:
    name = clean_text(name)
    if not name:
        return Person()
    if len(name.replace(",", " ").split()) == 1:
        return Person(literal=name.strip(", "))
    from nameparser import HumanName

    parsed = HumanName(name)
    given = " ".join(filter(None, (parsed.first, parsed.middle)))
    if not parsed.last:
        return Person(literal=name)
    return Person(family=parsed.last, given=given, suffix=parsed.suffix)


def parsed_names(names: Iterable[str]) -> dict[str, Person]:
    """Those of the names parsed in this process, as parsed."""
    return {name: _NAMES[name] for name in names if name in _NAMES}


def remember_names(found: Mapping[str, Person]) -> None:
    """Names an earlier build parsed (with the same rules), taken as they were."""
    for name, parsed in found.items():
        _NAMES.setdefault(name, parsed)


def people(names: Sequence[str]) -> list[Person]:
    return [p for p in (person(name) for name in names) if p.display]


def citation_key(post: CitedPost) -> str:
    """The post's BibTeX key: ``doe2025generative`` (the site's name when there is no author)."""
    return bibtex.key_for(people(post.authors), post.date.year if post.date else None, post.title,
                          fallback=post.site_name or "kb")


def _csl_name(p: Person) -> dict[str, str]:
    if p.literal:
        return {"literal": p.literal}
    name = {"family": p.family, "given": p.given}
    if p.suffix:
        name["suffix"] = p.suffix
    return {k: v for k, v in name.items() if v}


def to_csl(post: CitedPost) -> list[dict[str, Any]]:
    item: dict[str, Any] = {"id": citation_key(post), "type": "post-weblog", "title": clean_text(post.title)}
    authors = [_csl_name(p) for p in people(post.authors)]
    if authors:
        item["author"] = authors
    if post.date:
        item["issued"] = {"date-parts": [[post.date.year, post.date.month, post.date.day]]}
    optional = {"container-title": post.site_name, "URL": post.url, "abstract": post.description,
                "keyword": ", ".join(clean_text(k) for k in post.keywords if clean_text(k)),
                "language": post.language, "DOI": post.doi}
    item.update({name: clean_text(value) for name, value in optional.items() if clean_text(value)})
    return [item]


def reference_item(post: CitedPost) -> dict[str, Any]:
    """The post's CSL-JSON item as its formatted reference uses it: without its abstract
    and keywords, which a reference does not show, so that it is known from front matter
    alone (``citations.prefetch`` formats it before the post is read)."""
    item = dict(to_csl(post)[0])
    item.pop("abstract", None)
    item.pop("keyword", None)
    if "author" in item:
        item["author"] = [_given_capitalised(name) for name in item["author"]]
    return {name: _as_text(value) if name not in ("id", "type") else value for name, value in item.items()}


def _given_capitalised(name: dict[str, str]) -> dict[str, str]:
    """A given name's words with a capital first letter: citeproc-py takes a lowercase one
    ("rkoots Bot") for a particle, and would neither initialise nor place it as the others
    ("Bot rkoots" beside "Lindqvist A"). Only the formatted reference's: the files keep it."""
    given = name.get("given", "")
    if not given or not any(word[:1].islower() for word in given.split()):
        return name
    return {**name, "given": " ".join(word[:1].upper() + word[1:] for word in given.split())}


def _as_text(value: Any) -> Any:
    """Front matter is text: escaped, so the formatter (which reads CSL-JSON's inline
    markup, ``<i>``, ``<b>``…, in metadata) shows a title's ``<b>`` as written."""
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [_as_text(v) for v in value]
    if isinstance(value, dict):
        return {k: _as_text(v) for k, v in value.items()}
    return value


def to_csl_json(post: CitedPost) -> str:
    return json.dumps(to_csl(post), indent=2, ensure_ascii=False) + "\n"


def to_bibtex(post: CitedPost) -> str:
    date = post.date
    fields = [
        ("author", bibtex.authors_field(people(post.authors))),
        ("title", post.title),
        ("date", date.isoformat() if date else ""),
        ("year", str(date.year) if date else ""),
        ("url", post.url),
        ("organization", post.site_name),
        ("abstract", post.description),
        ("keywords", ", ".join(post.keywords)),
        ("langid", post.language),
        ("doi", post.doi),
    ]
    return bibtex.write([bibtex.entry("online", citation_key(post), fields)])


class _RisWriter(rispy.RisWriter):
    """rispy's writer without its "1." line before each record, which RIS readers do not expect."""

    def set_header(self, count: int) -> str | None:
        return None  # rispy 0.9 writes any header that is not None, later ones any that is not empty


def _ris_name(p: Person) -> str:
    if p.literal or not p.family:
        return p.display
    return ", ".join(filter(None, (p.family, p.given, p.suffix)))


def to_ris(post: CitedPost) -> str:
    record: dict[str, Any] = {"type_of_reference": "BLOG", "title": clean_text(post.title)}
    authors = [_ris_name(p) for p in people(post.authors)]
    if authors:
        record["authors"] = authors
    if post.date:
        record["date"] = post.date.strftime("%Y/%m/%d")
        record["year"] = str(post.date.year)
    optional = {"secondary_title": post.site_name, "abstract": post.description, "language": post.language,
                "doi": post.doi}
    record.update({name: clean_text(value) for name, value in optional.items() if clean_text(value)})
    if post.url:
        record["urls"] = [post.url]
    keywords = [clean_text(k) for k in post.keywords if clean_text(k)]
    if keywords:
        record["keywords"] = keywords
    return rispy.dumps([record], implementation=_RisWriter)


def highwire_tags(post: CitedPost) -> list[tuple[str, str]]:
    """``<meta name=… content=…>`` pairs, in the order pages conventionally give them."""
    tags = [("citation_title", clean_text(post.title))]
    tags += [("citation_author", p.display) for p in people(post.authors)]
    if post.date:
        tags.append(("citation_publication_date", post.date.strftime("%Y/%m/%d")))
    tags += [("citation_public_url", post.url), ("citation_publisher", clean_text(post.site_name)),
             ("citation_language", post.language), ("citation_doi", post.doi)]
    keywords = [clean_text(k).replace(";", ",") for k in post.keywords if clean_text(k)]
    if keywords:
        tags.append(("citation_keywords", "; ".join(keywords)))
    return [(name, content) for name, content in tags if content]


def jsonld_citations(post: CitedPost, metadata: Mapping[str, Mapping[str, Any]] | None = None) -> list[dict[str, Any]]:
    """schema.org ``citation`` values for the post's JSON-LD: one ``ScholarlyArticle`` per
    checked DOI source, named after its title when the metadata (by bare DOI) is known."""
    found = []
    for bare in dict.fromkeys(post.sources):
        url = Doi(bare).url
        entry: dict[str, Any] = {"@type": "ScholarlyArticle", "@id": url, "url": url, "identifier": f"doi:{bare}"}
        item = clean_item((metadata or {}).get(bare) or {})
        if item:
            entry["name"] = plain_text(item["title"])
        found.append(entry)
    return found


# -- sources.bib ------------------------------------------------------------------------------


def _year(item: Mapping[str, Any]) -> int | None:
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    return parts[0][0] if parts and parts[0] else None


def _source_entry(item: Mapping[str, Any], key: str) -> Any:
    entry_type = _BIBTEX_TYPES.get(item.get("type", ""), "misc")
    names = [Person(literal=n["literal"]) if "literal" in n else Person(n.get("family", ""), n.get("given", ""),
             n.get("suffix", "")) for n in item.get("author", [])]
    year = _year(item)
    doi = item.get("DOI", "")
    fields = [
        ("author", bibtex.authors_field(names)),
        ("title", item.get("title", "")),
        (_CONTAINER_FIELD.get(entry_type, "howpublished"), item.get("container-title", "")),
        ("year", str(year) if year else ""),
        ("volume", item.get("volume", "")),
        ("number", item.get("issue", "")),
        ("pages", re.sub(r"\s*[-‐‑–—]+\s*", "--", item.get("page", ""))),
        ("publisher", item.get("publisher", "") if entry_type not in ("article",) else ""),
        ("doi", doi),
        ("url", item.get("URL", "") or (f"https://doi.org/{doi}" if doi else "")),
    ]
    return bibtex.entry(entry_type, key, fields)


def sources_bib(items: Sequence[Mapping[str, Any]]) -> str:
    """Every cited work with metadata (CSL-JSON), once each, in the order given."""
    records, seen = [], set()
    for raw in items:
        item = clean_item(raw)
        if item is None or str(item["id"]).lower() in seen:
            continue
        seen.add(str(item["id"]).lower())
        records.append(item)
    plain = [{k: plain_text(v) if isinstance(v, str) else v for k, v in r.items()} for r in records]
    keys = bibtex.unique_keys(
        bibtex.key_for([Person(n.get("family", ""), literal=n.get("literal", "")) for n in r.get("author", [])],
                       _year(r), r.get("title", ""), fallback="anon") for r in plain)
    return bibtex.write([_source_entry(r, key) for r, key in zip(plain, keys)]) if plain else ""
