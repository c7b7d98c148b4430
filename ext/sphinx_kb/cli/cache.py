"""What a command read of each post, kept for the next run (a post unchanged is not read again).

Reading a post's front matter (YAML, Jekyll's rules, kb's normalisation) is most of the
time ``kb check`` takes on a site whose posts hold no placeholder: some 0.7 ms a post.
The build keeps the same in its environment, by file (``posts.scan``), which cannot be
read without Sphinx; so the commands keep their own, in the user's cache folder
(platformdirs' ``user_cache_dir("kb")``, or ``KB_CACHE_DIR``), one file per project:
nothing is written into the project. An entry is used only when the file's
modification time (in nanoseconds) and size, and how posts are read (the reader's
settings), are those it was made with; the whole file is dropped when kb's code (the
``core`` package, ``cli.posts``) or Python changed, or when it cannot be read.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

from .. import __version__

__all__ = ["PostCache"]

CACHE_VERSION = 1
_PACKAGE = Path(__file__).resolve().parents[1]


def _code_stamp() -> str:
    """kb's version, Python's, and the size and time of every module a read runs (the
    core, and ``cli.posts``): what an entry depends on besides the file."""
    digest = hashlib.blake2s(f"{CACHE_VERSION} {__version__} {sys.version}".encode())
    for path in sorted([*(_PACKAGE / "core").rglob("*.py"), _PACKAGE / "cli" / "posts.py"]):
        stat = path.stat()
        digest.update(f"{path.relative_to(_PACKAGE)} {stat.st_mtime_ns} {stat.st_size}".encode())
    return digest.hexdigest()


def cache_folder() -> Path | None:
    """``KB_CACHE_DIR`` (empty: no cache), else the user's cache folder for kb."""
    given = os.environ.get("KB_CACHE_DIR")
    if given is not None:
        return Path(given) if given else None
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("kb", appauthor=False))


class PostCache:
    """Entries by file path: ``(stamp, value)``; ``get`` answers only for the same stamp."""

    def __init__(self, srcdir: Path, enabled: bool = True) -> None:
        folder = cache_folder() if enabled else None
        name = hashlib.blake2s(str(srcdir.resolve()).encode()).hexdigest()[:20]
        self.path = folder / f"posts-{name}.pickle" if folder is not None else None
        self.code = _code_stamp() if self.path is not None else ""
        self.old: dict[str, tuple] = self._load()
        self.new: dict[str, tuple] = {}

    def _load(self) -> dict[str, tuple]:
        if self.path is None:
            return {}
        try:
            with open(self.path, "rb") as stream:
                code, entries = pickle.load(stream)
        except Exception:  # missing, truncated, from another version: start again
            return {}
        return entries if code == self.code and isinstance(entries, dict) else {}

    def get(self, key: str, stamp: tuple) -> Any | None:
        entry = self.old.get(key)
        if entry is not None and entry[0] == stamp:
            self.new[key] = entry
            return entry[1]
        return None

    def put(self, key: str, stamp: tuple, value: Any) -> None:
        self.new[key] = (stamp, value)

    def save(self) -> None:
        """Write the entries of this run (posts removed since are forgotten); a cache that
        cannot be written is no error, the next run reads the posts again."""
        if self.path is None or self.new == self.old:
            return
        temporary = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(handle, "wb") as stream:
                pickle.dump((self.code, self.new), stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
            temporary = None
        except (OSError, pickle.PicklingError):
            pass
        finally:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
