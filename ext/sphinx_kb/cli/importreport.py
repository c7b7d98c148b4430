"""What ``kb import`` found and did (``cli.importing``): the files, and the report it prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core.text import plural


@dataclass
class Item:
    label: str  # where it is in the Jekyll site, for the report
    data: bytes
    dest: Path
    root: Path  # the folder dest must stay in
    mtime: float


@dataclass
class Report:
    items: list[tuple[str, Item]] = field(default_factory=list)  # (kind, item)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (label, reason)
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    guessed: list[str] = field(default_factory=list)  # links found by date and title (or ambiguous)


def print_report(report: Report, written: dict[str, int], kept: int) -> None:
    names = {"post": ("post", None), "draft": ("draft", None), "asset": ("file posts use", "files posts use"),
             "config": ("_config.yml", "_config.yml")}
    counts = ", ".join(plural(written.get(kind, 0), one, many) for kind, (one, many) in names.items())
    print(f"kb import: brought {counts}" + (f"; {kept} already there" if kept else ""))
    for note in report.notes:
        print(f"note: {note}")
    if report.refused:
        print(f"not brought ({len(report.refused)}):")
        for label, reason in sorted(report.refused):
            print(f"  {label}: {reason}")
    if report.guessed:
        print(f"links to no post's old URL, found by the post's date and title ({len(report.guessed)}):")
        for line in report.guessed:
            print(f"  {line}")
    if report.missing:
        print(f"used by posts but not in the site folder ({len(report.missing)}; the build will warn):")
        for line in report.missing:
            print(f"  {line}")
