"""Where kb may write: never through a symbolic link, never outside the folder it
writes into, and a file whole or not at all. Pure Python (``pathlib`` and ``os``)."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["first_link", "writable_through", "write_inside"]


def first_link(root: Path, path: Path) -> Path | None:
    """The first symbolic link on the way from ``root`` down to ``path`` (``path``
    itself included), or None. ``path`` must be below ``root``."""
    current = root
    for part in path.relative_to(root).parts:
        current = current / part
        if current.is_symlink():
            return current
    return None


def writable_through(root: Path, path: Path) -> bool:
    """No symbolic link between ``root`` and ``path``: writing there stays below ``root``."""
    return first_link(root, path) is None


def write_inside(root: Path, path: Path, data: bytes | str) -> str | None:
    """Write ``data`` at ``path``, a file below the folder ``root``, unless it holds it
    already: None when done, else why nothing was written. Never through a symbolic
    link (``path`` itself or a folder on the way), never outside ``root`` (whatever the
    spelling: ``..`` is resolved first), and whole or not at all (a temporary file beside
    it, renamed over it: a full disk leaves the old file, never half a new one)."""
    root = Path(os.path.abspath(root))
    path = Path(os.path.abspath(path))
    if path == root or root not in path.parents:
        return f"it is outside {root}"
    link = first_link(root, path)
    if link is not None:
        return f"a symbolic link is on its way ({link.relative_to(root).as_posix()})"
    raw = data.encode("utf-8") if isinstance(data, str) else data
    temporary = path.with_name(f".{path.name}.kb-{os.getpid()}.tmp")
    try:
        if path.is_file() and path.stat().st_size == len(raw) and path.read_bytes() == raw:
            return None
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "xb") as stream:
            stream.write(raw)
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        return f"it could not be written ({error.strerror or error})"
    return None
