"""Hostile inputs of issue 18, as text, and small probes the bounded children call.

Importable by the tests and by ``harness.call_bounded``'s child processes (which
get this folder on their path), so a probe such as ``reparse_is_equal`` runs
inside the memory and time limits too.
"""

from __future__ import annotations

from sphinx_kb.core.frontmatter import read_post


def alias_bomb(key: str = "tags", levels: int = 9, width: int = 9) -> str:
    """YAML lines (no fences) whose ``key`` stands for ``width ** levels`` strings
    written in a few hundred bytes: ``&a0 [lol, ...]``, ``&a1 [*a0, *a0, ...]``…"""
    lines = [f"a0: &a0 [{', '.join(['lol'] * width)}]"]
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * width)}]")
    lines.append(f"{key}: [*a{levels - 1}]")
    return "\n".join(lines) + "\n"


def post_text(front_matter: str, body: str = "The body.\n") -> str:
    """A post file: ``front_matter`` (YAML lines, no fences) between fences, then ``body``."""
    return f"---\n{front_matter}---\n\n{body}"


def many_names(key: str, count: int) -> str:
    return f"{key}: [{', '.join(f'name {index}' for index in range(count))}]\n"


def reparse_is_equal(text: str, stem: str) -> bool:
    """Read a post twice and compare the two results, as a rebuild compares the last
    build's front matter with this one's (``pipeline._sources_unchanged``)."""
    return read_post(text, stem).post == read_post(text, stem).post


def sort_key_of(text: str, stem: str) -> str:
    """A post's sort key, computed in the child (it is a property: it could raise there)."""
    return read_post(text, stem).post.sort_key


def shown_lengths() -> list[int]:
    """How long ``text.shown`` makes values that are huge once walked: a bomb of shared
    lists (9**10 strings), a list inside itself, a long text, a wide map, long bytes."""
    from sphinx_kb.core.text import shown

    bomb: list = ["lol"] * 9
    for _ in range(9):
        bomb = [bomb] * 9
    endless: list = []
    endless.append(endless)
    values = [bomb, endless, "x" * 10**6, {"k" * 1000: ["v" * 1000] * 1000}, b"\x00" * 10**6]
    return [len(shown(value)) for value in values]


def write_pages_with_a_full_disk(srcdir: str, limit: int) -> tuple[int, list]:
    """page_files.write with every file larger than ``limit`` bytes refused, as a full
    disk refuses it (the write fails part way: EFBIG)."""
    import resource
    import signal
    from pathlib import Path as P

    from sphinx_kb.core.pages import Page
    from sphinx_kb.core.paths import Paths
    from sphinx_kb.pipeline.page_files import write

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails instead of killing the process
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    pages = {f"docs/archive/{year}": Page(f"docs/archive/{year}", str(year), label=f"kb_archive_{year}")
             for year in (2024, 2025)}
    outcome = write(P(srcdir), pages, Paths("docs/tags", "docs"))
    return outcome.written, outcome.problems
