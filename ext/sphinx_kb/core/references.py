"""Formatted references from CSL-JSON metadata, with citeproc-py and a CSL style.

CSL-JSON is what doi.org answers by content negotiation for Crossref, DataCite and mEDRA
DOIs alike; citeproc-py (the Python CSL processor) turns it into text with any CSL style.
kb never joins names and titles by hand.

``format_references(items, style)`` gives, for each item in citation order, a
``Reference``: the bibliography entry as plain text and as safe HTML, and the in-text
citation (``(Jumper et al., 2021)``). The style is a bundled name (``kb-author-year``,
the default; ``harvard-cite-them-right``, which citeproc-py ships) or a path to a
``.csl`` file: styles are never downloaded (a URL is refused), so formatting works offline.

Safe HTML: citeproc-py copies field values into its HTML output as they are, so a title
holding ``<script>`` would stay markup. kb therefore renders plain text with private-use
marker characters where the style asks for italics, bold, superscript…, escapes
everything, then turns the markers into tags. Inline markup in the metadata itself
(CSL-JSON allows ``<i>``, ``<b>``, ``<sup>``, ``<sub>``: species names, chemical formulas)
becomes the same markers when ``csl.clean_item`` reads it; any other tag is dropped.

Pure Python: no Sphinx, no network (citeproc-py's parser is told not to use one).
"""

from __future__ import annotations

import functools
import html
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import markup
from .csl import CLOSE, OPEN, clean_item, plain_text

STYLES_DIR = Path(__file__).resolve().parent.parent / "styles"
DEFAULT_STYLE = "kb-author-year"


@dataclass(frozen=True)
class Reference:
    """One formatted reference: what a post shows after the link and in its References list."""

    key: str  # the item's id (kb uses the bare DOI)
    text: str  # plain text
    html: str  # safe HTML: escaped, with <i>… where the style or the metadata asks for it
    in_text: str = ""  # the style's in-text citation, plain text: "(Jumper et al., 2021)"
    marked: str = ""  # the entry with kb's markers for markup (see ``inlines``)

    def inlines(self) -> tuple[markup.Inline, ...]:
        """The entry as kb's markup: text runs, italics and the like as ``markup.Styled``."""
        return inlines(self.marked or self.text)


@dataclass
class References:
    entries: dict[str, Reference] = field(default_factory=dict)  # by key, in citation order
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Style:
    name: str  # as configured
    path: Path | None  # None when it could not be used (see problem)
    problem: str = ""


_MARKUP = re.compile(f"{OPEN}(/?)(i|b|sup|sub|sc|u){CLOSE}", re.IGNORECASE)
_TAGS = {"i": "i", "b": "b", "sup": "sup", "sub": "sub", "u": "u", "sc": 'span style="font-variant:small-caps"'}


# -- styles -------------------------------------------------------------------------------


def own_styles() -> dict[str, Path]:
    """Style name -> file, for the styles kb ships (valid CSL: a test loads each)."""
    return {path.stem: path for path in sorted(STYLES_DIR.glob("*.csl"))}


def is_own(style: Style) -> bool:
    """The style is one kb ships: nothing to check when a build starts."""
    return not style.problem and style.path is not None and style.path.parent == STYLES_DIR


def bundled_styles() -> dict[str, Path]:
    """Style name -> file: kb's own styles, then the ones citeproc-py ships."""
    found = own_styles()
    try:
        import citeproc

        found.update({p.stem: p for p in sorted(Path(citeproc.STYLES_PATH).glob("*.csl")) if p.stem not in found})
    except (ImportError, AttributeError):  # pragma: no cover - citeproc-py is a dependency
        pass
    return found


def resolve_style(spec: str | None, base: str | Path | None = None) -> Style:
    """A configured style (a bundled name, or a ``.csl`` path relative to ``base``) -> its file.

    An unusable value gives the default style and a problem to report, never an exception.
    """
    spec = (spec or "").strip() or DEFAULT_STYLE
    own = own_styles()
    if spec in own:  # without importing citeproc-py for its list (5 ms)
        return Style(spec, own[spec])
    bundled = bundled_styles()
    if spec in bundled:
        return Style(spec, bundled[spec])
    fallback = bundled.get(DEFAULT_STYLE)
    if re.match(r"^[a-z][a-z0-9+.-]*://", spec, re.IGNORECASE):
        return Style(spec, fallback, f"the CSL style {spec!r} is a URL: kb never downloads styles; "
                                     f"save the .csl file in the project and give its path")
    path = Path(base or ".") / spec
    if path.suffix == ".csl" and path.is_file():
        return Style(spec, path.resolve())
    names = ", ".join(sorted(bundled))
    return Style(spec, fallback, f"no CSL style {spec!r}: give a bundled style ({names}) or the path of a .csl file")


@functools.lru_cache(maxsize=8)
def _load(path: str, mtime: float) -> tuple[Any, str]:
    from citeproc import CitationStylesStyle

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            loaded = CitationStylesStyle(path, validate=True)
        except Exception as error:  # noqa: BLE001 - lxml and citeproc raise many kinds
            return None, f"cannot read the CSL style {path}: {error}"
    invalid = [str(w.message).splitlines()[0] for w in caught]
    return loaded, (f"the CSL style {path} is not valid CSL ({invalid[0]}); formatting may be wrong" if invalid else "")


def load_style(style: Style) -> tuple[Any, str]:
    """citeproc-py's style object (parsed once per file version) and a problem ("" if none)."""
    if style.path is None:
        return None, style.problem or "no CSL style"
    try:
        mtime = style.path.stat().st_mtime
    except OSError as error:
        return None, f"cannot read the CSL style {style.path}: {error}"
    return _load(str(style.path), mtime)


# -- formatting ---------------------------------------------------------------------------


def _wrapper(tag: str):
    return lambda text: f"{OPEN}{tag}{CLOSE}{text}{OPEN}/{tag}{CLOSE}"


class _MarkedFormatter:
    """citeproc-py formatter: plain text, markup as markers (escaped later, see module doc)."""

    preformat = staticmethod(lambda text: text)
    Italic = Oblique = staticmethod(_wrapper("i"))
    Bold = staticmethod(_wrapper("b"))
    Light = staticmethod(lambda text: text)
    Underline = staticmethod(_wrapper("u"))
    Superscript = staticmethod(_wrapper("sup"))
    Subscript = staticmethod(_wrapper("sub"))
    SmallCaps = staticmethod(_wrapper("sc"))


def as_html(marked: str) -> str:
    """Marked text -> escaped HTML with the markers as tags."""
    def tag(match: re.Match[str]) -> str:
        name = _TAGS[match.group(2).lower()]
        return f"</{name.split()[0]}>" if match.group(1) else f"<{name}>"

    return _MARKUP.sub(tag, html.escape(marked, quote=True))


def as_text(marked: str) -> str:
    return plain_text(marked)


#: a style's markup -> core.markup.Styled's styles; underline and small caps become plain text
_STYLED = {"i": "em", "b": "strong", "sup": "sup", "sub": "sub"}


def inlines(marked: str) -> tuple[markup.Inline, ...]:
    """Marked text -> kb's markup (``core.markup``, which escapes every text when written).

    Nested markup keeps the innermost style (italics inside bold is italics): a
    formatted reference rarely nests, and ``markup.Styled`` holds one style.
    """
    result: list[markup.Inline] = []
    open_tags: list[str] = []
    position = 0

    def add(text: str) -> None:
        if not text:
            return
        style = next((_STYLED[tag] for tag in reversed(open_tags) if tag in _STYLED), "")
        result.append(markup.Styled(text, style) if style else text)

    for match in _MARKUP.finditer(marked):
        add(_edges(marked[position:match.start()]))
        tag = match.group(2).lower()
        if match.group(1):
            if tag in open_tags:
                del open_tags[len(open_tags) - 1 - open_tags[::-1].index(tag)]
        else:
            open_tags.append(tag)
        position = match.end()
    add(_edges(marked[position:]))
    return tuple(result)


def _edges(text: str) -> str:
    """``plain_text`` drops leading and trailing spaces; a run keeps one at each end."""
    if not text:
        return ""
    core = plain_text(text)
    if not core:
        return " "
    return (" " if text[0].isspace() else "") + core + (" " if text[-1].isspace() else "")


def format_references(items: Sequence[Mapping[str, Any]], style: Style | None = None,
                      in_text: bool = True) -> References:
    """Each record in citation order (once per key) -> its formatted reference;
    ``in_text=False`` leaves the in-text citation out (half of citeproc-py's time).

    Records without a title are left out (the page shows the link as before); a record
    citeproc-py cannot format is left out with a problem; the call never raises.
    """
    from citeproc import Citation, CitationItem, CitationStylesBibliography
    from citeproc.source.json import CiteProcJSON

    result = References()
    style = style or resolve_style(None)
    if style.problem:
        result.problems.append(style.problem)
    loaded, problem = load_style(style)
    if problem:
        result.problems.append(problem)
    if loaded is None:
        return result
    records: dict[str, dict[str, Any]] = {}
    for item in items:
        clean = clean_item(item)
        if clean is not None:
            records.setdefault(str(clean["id"]).lower(), clean)  # citeproc-py lower-cases ids
    batches = [list(records.values())]
    while batches:
        batch = batches.pop(0)
        try:
            bibliography = CitationStylesBibliography(loaded, CiteProcJSON(batch), _MarkedFormatter)
            citations = [Citation([CitationItem(str(record["id"]).lower())]) for record in batch]
            for citation in citations:
                bibliography.register(citation)
            cites = [str(bibliography.cite(citation, lambda item: None)) if in_text else ""
                     for citation in citations]
            entries = [str(entry) for entry in bibliography.bibliography()]
        except Exception as error:  # noqa: BLE001 - citeproc-py fails on odd data in many ways
            if len(batch) > 1:  # format one by one: only the faulty record is lost
                batches = [[record] for record in batch] + batches
            else:
                result.problems.append(f"cannot format the reference {batch[0]['id']}: {type(error).__name__}: {error}")
            continue
        for record, cite, entry in zip(batch, cites, entries):
            key = str(record["id"])
            result.entries[key] = Reference(key, as_text(entry), as_html(entry), as_text(cite), entry)
    result.entries = {str(r["id"]): result.entries[str(r["id"])] for r in records.values() if str(r["id"]) in result.entries}
    return result


def format_reference(item: Mapping[str, Any], style: Style | None = None) -> Reference | None:
    """One record's reference, or None when it cannot be formatted."""
    entries = format_references([item], style).entries
    return next(iter(entries.values()), None)
