"""A post's sources (its citations), from its text blocks to the build's warnings. Pure Python.

The build (``sources.collect``) and ``kb check`` both turn a post into *blocks*: each
text block (paragraph, title, term…) holding an external link, as its text in order
with each external link one piece (``Block``), and the block's first line. From there
on everything is here, so the two cannot disagree: the citations of each block
(``placeholders.split_citations``), which are placeholders (``placeholders.check``),
which of those the site keeps on purpose (``kb_known_placeholders``), each one's DOI,
and the warning's words (``warning``).

``might_hold_placeholder`` is what lets ``kb check`` skip most posts: it looks at the
text MyST would read and says whether any block of it *could* give a placeholder.
It must never say no where the build would warn (it may say yes where the build
finds nothing), so it is generous; see its docstring for why each step is safe.
"""

from __future__ import annotations

import html
import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import unquote

from . import doi as dois
from . import placeholders
from .placeholders import RESERVED_DOMAINS, RESERVED_TOP_LEVEL, Finding, KnownPlaceholder, Piece

__all__ = ["Block", "Source", "might_hold_placeholder", "sources_of", "warning"]


@dataclass(frozen=True)
class Block:
    """One text block with at least one external link: its pieces, and its first line."""

    pieces: tuple[Piece, ...]
    first_line: int


@dataclass(frozen=True)
class Source:
    """One citation of a post, as the domain keeps it (``KbDomain.sources[docname]``)."""

    url: str
    text: str
    line: int
    finding: Finding | None = None
    known: KnownPlaceholder | None = None  # set for a known placeholder
    doi: str = ""  # the bare DOI (core.doi) of a resolver URL or of a "doi:" in the citation's text
    bib_key: str = ""  # a sphinxcontrib-bibtex citation: the entry's key…
    bib_ref: str = ""  # …and the id of the citation's node in the post


def sources_of(blocks: Iterable[Block], docname: str, markers: Sequence[str],
               known: Sequence[KnownPlaceholder]) -> list[Source]:
    """Every citation of the blocks, each with its finding when it is a placeholder, and
    its DOI (``core.doi.of_source``: a resolver URL, or ``doi:`` in its text)."""
    sources = []
    for block in blocks:
        for citation in placeholders.split_citations(block.pieces, block.first_line):
            finding = placeholders.check(citation, markers)
            entry = placeholders.find_known(known, docname, citation.url) if finding else None
            doi = dois.of_source(citation.url, f"{citation.text} {citation.after}")
            sources.append(Source(citation.url, citation.text, citation.line, finding, entry, doi.bare if doi else ""))
    return sources


def warning(source: Source) -> str | None:
    """The build's warning for a citation (``[kb.placeholder]``), or None."""
    if source.finding is None or source.known is not None:
        return None
    return (f"kb: {source.finding.message()}; replace it with the real source, "
            "or list it in kb_known_placeholders")


# -- which texts could hold a placeholder ------------------------------------------------

_RESERVED_NAMES = tuple(dict.fromkeys(name.split(".")[0] for name in (*RESERVED_DOMAINS, *RESERVED_TOP_LEVEL)))
_RESERVED_IN_TEXT = re.compile(
    r"(?:^|[^a-z0-9-])(?:" + "|".join(re.escape(d) for d in RESERVED_DOMAINS) + r")(?![a-z0-9-])"
    r"|[\w-]\.(?:" + "|".join(RESERVED_TOP_LEVEL) + r")(?![a-z0-9-])"
    r"|(?://|@)(?:" + "|".join(RESERVED_TOP_LEVEL) + r")(?![a-z0-9-])")
#: every character ``str.split`` takes for whitespace (``placeholders.find_markers`` splits
#: on them); a test checks the list against Python's own
WHITESPACE = ("\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
              "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
#: what a marker is sought without: ASCII punctuation (Markdown's markup and escapes),
#: whitespace, and what smart quotes write in place of ' " -- ... (Sphinx's ``smartquotes``)
_SQUEEZED_OUT = dict.fromkeys(map(ord, string.punctuation + WHITESPACE + "‘’‚‛“”„‟«»‹›–—…"))
#: text MyST reads from elsewhere: an included file (MyST's ``{include}``, rST's in ``{eval-rst}``)
_ELSEWHERE = re.compile(r"\{include\}|include::")


def _squeezed(text: str) -> str:
    return text.casefold().translate(_SQUEEZED_OUT)


def might_hold_placeholder(text: str, markers: Sequence[str], every_link: bool = False,
                           substitutions: bool = False) -> bool:
    """Could the blocks MyST reads from ``text`` give a placeholder citation? False only
    when none can.

    A placeholder is a citation whose address has a reserved name (``placeholders.
    reserved_name``: the host, lowercased) or whose link text or following text holds
    a marker phrase (``placeholders.find_markers``: case and spacing ignored). Every
    character of a block's text and address comes from ``text`` as written, except that
    Markdown may decode it (entities, backslash escapes, percent escapes in an address
    MyST decodes) and drop markup between words (``*``, `````, line breaks) or add
    typographic quotes and dashes. So the text is looked at three ways (as written,
    entities decoded, percent escapes decoded), casefolded; a marker is sought with
    punctuation, whitespace and typographic quotes removed from both (a word split by
    markup, ``re*pla*ce``, is still found); a reserved name where a host can have it
    (``example.com``, ``x.test``, ``//localhost``). Text read from elsewhere
    (an included file; MyST's substitutions, with ``substitutions``) may hold anything.
    ``every_link``: addresses can come from elsewhere (a Jekyll site whose own address is
    reserved, to which root-relative links are sent): then any text may.
    """
    if every_link or (substitutions and "{{" in text):
        return True
    plain = text.replace("\\", "")
    folded = plain.casefold()
    if _ELSEWHERE.search(folded):
        return True
    views = [folded]
    if "&" in plain:
        views.append(html.unescape(plain).casefold())
    if "%" in folded:
        views += [unquote(view).casefold() for view in list(views)]
    if any(name in view for name in _RESERVED_NAMES for view in views) and any(
            _RESERVED_IN_TEXT.search(view) for view in views):
        return True
    needles = [_squeezed(marker) for marker in markers]
    if any(not needle for needle in needles):
        return True  # a marker of punctuation only: cannot be sought this way
    squeezed = [_squeezed(view) for view in views]
    return any(needle in view for needle in needles for view in squeezed)
