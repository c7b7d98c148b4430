"""Plain-text helpers shared by the core: cleaning, YAML scalars as text, excerpts, dates.

Pure Python, no Sphinx. Every text kb takes from a front matter or a data file goes
through ``clean_text`` (Unicode NFC, no control characters, spacing collapsed).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

EXCERPT_LENGTH = 160


def clean_text(value: str) -> str:
    """Unicode NFC, control characters removed, whitespace collapsed."""
    if value.isascii() and value.isprintable():
        return " ".join(value.split())
    value = unicodedata.normalize("NFC", value)
    value = "".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in value)
    return " ".join(value.split())


def scalar_text(value: Any) -> str | None:
    """A YAML scalar as clean text (``true``/``false`` for booleans); None for a list or a map."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float, dt.date)):
        return clean_text(str(value))
    return None


def human_date(day: dt.date) -> str:
    """``14 May 2025``: how kb shows a date."""
    return f"{day.day} {day:%B %Y}"


def excerpt(text: str, limit: int = EXCERPT_LENGTH) -> str:
    """Plain-text excerpt of about ``limit`` characters, cut at a word boundary."""
    text = clean_text(text)
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0].rstrip(",;:.-–— ")
    return (cut or text[:limit]) + "…"
