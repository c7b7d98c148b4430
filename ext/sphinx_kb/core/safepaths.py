"""Where kb may write: never through a symbolic link. Pure Python (``pathlib`` only)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["first_link", "writable_through"]


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
