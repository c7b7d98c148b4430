"""Authors' names as an earlier build parsed them, kept in the doctree folder.

Every post written shows its authors split into family and given names (its
``citation_author`` meta tags, its BibTeX, RIS and CSL-JSON files, "Cite this post"):
``core.citing.person``, by nameparser, whose import alone takes 37 ms. A site has few
authors, so the names its posts' pages showed are kept in ``kb-names.json`` with the
version of kb and nameparser that parsed them; a rebuild takes them from there, and
one that writes posts by known authors never imports nameparser (at 1,000 posts, 37 ms
of a 1.6 s rebuild that reads one post). A name not in the file is parsed as before,
and the file written again, at build-finished, when it gained names. Another kb or
nameparser and the file is not used: every name is parsed again.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib.util
import json
import os
from pathlib import Path

from sphinx.application import Sphinx

from .. import __version__
from ..core import citing
from ..core.bibtex import Person
from ..state.domain import KbDomain

__all__ = ["on_build_finished", "on_builder_inited"]

FILE = "kb-names.json"


def _parser_stamp() -> str:
    """kb's version and nameparser's file (where and when installed), found without importing it."""
    spec = importlib.util.find_spec("nameparser")
    origin = spec.origin if spec is not None else None
    try:
        mtime = os.stat(origin).st_mtime_ns if origin else 0
    except OSError:
        mtime = 0
    return f"{__version__} {origin} {mtime}"


def _read(path: Path) -> dict[str, Person]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("parsed by") != _parser_stamp():
        return {}
    if not isinstance(data.get("names"), dict):
        return {}
    found = {}
    for name, fields in data["names"].items():
        if isinstance(name, str) and isinstance(fields, dict):
            with contextlib.suppress(TypeError):
                found[name] = Person(**{key: str(value) for key, value in fields.items()})
    return found


def on_builder_inited(app: Sphinx) -> None:
    kept = _read(Path(app.doctreedir) / FILE)
    KbDomain.of(app.env).build.names_kept = kept
    citing.remember_names(kept)


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    """The names of the posts this process showed, added to those kept."""
    state = KbDomain.of(app.env).build
    kept: dict[str, Person] = state.names_kept
    shown = citing.parsed_names(name for post in state.cited_posts.values() for name in post.authors)
    if all(kept.get(name) == parsed for name, parsed in shown.items()):
        return
    names = {**kept, **shown}
    fields = {name: {key: value for key, value in dataclasses.asdict(parsed).items() if value}
              for name, parsed in sorted(names.items())}
    data = {"parsed by": _parser_stamp(), "names": fields}
    path = Path(app.doctreedir) / FILE
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
