"""Jekyll's text-to-URL helpers, as Jekyll 4.x writes them. Pure Python, no Sphinx.

* ``slugify(text, mode, cased)``: ``Jekyll::Utils.slugify`` (lib/jekyll/utils.rb): every run
  of characters outside the mode's set becomes one ``-``, one leading and one trailing
  ``-`` are dropped, and the result is lower-cased unless ``cased``. Ruby's ``[:alnum:]`` on
  a UTF-8 string is Unicode's Letter, Mark and Decimal_Number (Onigmo), not ASCII only.
* ``escape_path(value)``: ``Jekyll::URL.escape_path`` (lib/jekyll/url.rb): a placeholder's
  value is kept when it is made of ``[a-zA-Z0-9./-]``, otherwise percent-encoded the way
  ``Addressable::URI.encode`` does (each of path, query and fragment with its own set of
  allowed characters, upper-case hex), then its first ``#`` becomes ``%23``.
* ``sanitize_url(url)``: ``Jekyll::URL#sanitize_url``: a leading ``/``, every ``..`` turned
  into ``/``, every ``./`` removed, runs of ``/`` squeezed into one.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

SLUGIFY_MODES = ("raw", "default", "pretty", "ascii", "latin")
_PRETTY_KEPT = frozenset("._~!$&'()+,;=@")
_ASCII_ALNUM = re.compile(r"[^A-Za-z0-9]+")
_SPACES = re.compile(r"\s+")
_EDGE_HYPHENS = re.compile(r"^-|-$", re.MULTILINE)  # Ruby's ^ and $ are line anchors

#: characters Addressable leaves as they are in a path (RFC 3986 pchar and "/")
_PATH_SAFE = "-._~!$&'()*+,;=:@/"
_QUERY_SAFE = _PATH_SAFE + "?"
_PLAIN_VALUE = re.compile(r"^[a-zA-Z0-9./-]+$")


def _is_alnum(char: str) -> bool:
    """Onigmo's ``[[:alnum:]]`` for Unicode strings: Letter | Mark | Decimal_Number."""
    category = unicodedata.category(char)
    return category[0] in "LM" or category == "Nd"


def _replace_runs(text: str, keep) -> str:
    out: list[str] = []
    in_run = False
    for char in text:
        if keep(char):
            out.append(char)
            in_run = False
        elif not in_run:
            out.append("-")
            in_run = True
    return "".join(out)


def slugify(text: str | None, mode: str | None = None, cased: bool = False) -> str | None:
    """``Jekyll::Utils.slugify``; None stays None (Jekyll then falls back to the file name).

    ``latin`` transliterates with ``I18n`` in Jekyll; here accents are dropped by Unicode
    decomposition, which is the same for Latin letters (other scripts differ: Jekyll
    turns them into ``?`` before slugifying, so they become hyphens there too)."""
    if text is None:
        return None
    mode = mode or "default"
    if mode not in SLUGIFY_MODES:
        return text if cased else text.lower()
    if mode == "raw":
        slug = _SPACES.sub("-", text)
    elif mode == "ascii":
        slug = _ASCII_ALNUM.sub("-", text)
    elif mode == "pretty":
        slug = _replace_runs(text, lambda ch: _is_alnum(ch) or ch in _PRETTY_KEPT)
    else:
        if mode == "latin":
            decomposed = unicodedata.normalize("NFKD", text)
            text = "".join(ch if ch.isascii() else "?" for ch in decomposed if not unicodedata.combining(ch))
        slug = _replace_runs(text, _is_alnum)
    slug = _EDGE_HYPHENS.sub("", slug)
    return slug if cased else slug.lower()


def escape_path(value: str) -> str:
    """``Jekyll::URL.escape_path``: one placeholder's value, made safe for a URL."""
    if not value or _PLAIN_VALUE.match(value):
        return value
    rest, hash_mark, fragment = value.partition("#")
    path, question, query = rest.partition("?")
    encoded = quote(path, safe=_PATH_SAFE)
    if question:
        encoded += "?" + quote(query, safe=_QUERY_SAFE)
    if hash_mark:
        encoded += "#" + quote(fragment, safe=_QUERY_SAFE)
    return encoded.replace("#", "%23", 1)


def sanitize_url(url: str) -> str:
    """``Jekyll::URL#sanitize_url``: what Jekyll does to every generated URL."""
    result = ("/" + url).replace("..", "/").replace("./", "")
    return re.sub("/+", "/", result)
