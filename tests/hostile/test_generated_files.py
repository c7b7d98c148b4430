"""Issue 29, items 1 and 2: kb's generated page sources and the user's files beside them.

A file is kb's only when its whole text is a page source kb writes: a user's file that
quotes kb's marker line (in a code block, in a note about kb's output) is the user's,
never overwritten or deleted, by a build or by ``kb clean``; a write that fails (a full
disk, here a file-size limit) leaves no half-written file, and the next build makes the
page whole."""

from __future__ import annotations

import subprocess
import sys


from sphinx_kb.core.pages import Page
from sphinx_kb.pipeline.page_files import MARKER, is_generated, page_source
from support.harness import Site, call_bounded

QUOTING = f"# My notes on kb\n\nkb writes this line at the top of its pages:\n\n```\n---\norphan: true\n{MARKER}\n---\n```\n"


def test_a_users_file_quoting_the_marker_is_never_overwritten_nor_deleted(site):
    first = site.build()
    assert first.returncode == 0, first.describe()
    tags = site.src / "docs" / "tags"
    at_a_page = tags / "genomics.md"  # a page kb plans: the user's file stands there instead
    assert is_generated(at_a_page)
    at_a_page.write_text(QUOTING, encoding="utf-8")
    elsewhere = tags / "my-notes.md"  # in kb's folder, at no page of kb's
    elsewhere.write_text(QUOTING, encoding="utf-8")
    edited = site.src / "docs" / "archive" / "2025.md"  # kb's file, edited by the user
    edited.write_text(edited.read_text(encoding="utf-8") + "\nMy own line.\n", encoding="utf-8")
    run = site.build()
    assert run.returncode == 1, run.describe()  # -W: the warnings below
    for path in (at_a_page, elsewhere, edited):
        assert any(f"{path.relative_to(site.src).as_posix()} is not kb's" in w for w in run.warnings()), \
            (path, run.warnings())
    assert at_a_page.read_text(encoding="utf-8") == QUOTING
    assert elsewhere.read_text(encoding="utf-8") == QUOTING
    assert edited.read_text(encoding="utf-8").endswith("My own line.\n")
    # kb clean (make clean) deletes kb's pages only, and names the user's
    cleaned = subprocess.run([sys.executable, "-m", "sphinx_kb", "clean"], cwd=site.src, capture_output=True,
                             text=True, timeout=60, check=False)
    assert cleaned.returncode == 1, cleaned.stdout + cleaned.stderr
    assert at_a_page.read_text(encoding="utf-8") == QUOTING and elsewhere.is_file() and edited.is_file()
    assert "kept docs/tags/my-notes.md" in cleaned.stdout
    assert not (tags / "tagsindex.md").exists()  # kb's own: gone
    assert sorted(p.name for p in tags.iterdir()) == ["genomics.md", "my-notes.md"]


def test_a_failed_write_leaves_no_half_written_page_and_the_next_build_makes_it(tmp_path):
    written, problems = call_bounded("attacks:write_pages_with_a_full_disk", str(tmp_path), 60)
    assert written == 0
    assert {path for path, _ in problems} == {"docs/archive/2024.md", "docs/archive/2025.md"}
    assert all("it could not be written (File too large)" in problem and "nothing was left half written" in problem
               for _, problem in problems)
    left = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert left == []  # neither a 0-byte page nor a temporary file
    written, problems = call_bounded("attacks:write_pages_with_a_full_disk", str(tmp_path), 10**6)
    assert (written, problems) == (2, [])
    page = tmp_path / "docs" / "archive" / "2025.md"
    assert page.read_text(encoding="utf-8") == page_source(Page("docs/archive/2025", "2025", label="kb_archive_2025"))
    assert is_generated(page)


def test_a_truncated_page_of_kb_is_the_users_and_is_named(site):
    """What an older kb could leave after a full disk (a page cut short) is not taken
    for kb's: it is named, never silently built as an empty page of kb's."""
    site.build()
    page = site.src / "docs" / "archive" / "2025.md"
    page.write_bytes(page.read_bytes()[:20])
    assert not is_generated(page)
    run = site.build()
    assert any("docs/archive/2025.md is not kb's" in w for w in run.warnings()), run.warnings()
