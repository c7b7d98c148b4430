"""A problem found in a file: its 1-based line and what is wrong."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    line: int  # 1-based line in the file
    message: str
