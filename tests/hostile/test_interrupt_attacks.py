"""Issue 18, item 8: after an interrupted build, the next build gives the site a clean
build gives, byte for byte, search index included.

A site of generated posts (``benchmarks/corpus.py``, a few titles and tags edited) is
built, and that build (the first one, or a rebuild after the edits) is interrupted
with Ctrl-C half way through reading or half way through writing. The build after
that must equal a clean build of the edited posts. Seen before the fix: the search
index missing every page the interrupted build had written (95 of 187 documents at 40
posts), and tag pages of the old tags left behind.

Found while writing these: the same edits built incrementally *without* any interrupt
already give a search index that differs from a clean build's: ``indexentries`` lacks
the glossary terms of every page not written again. That is Sphinx's own bug (9.0.4,
sphinx-doc/sphinx#12599, open: the index entries live in the environment, which is
pickled before the pages are written and fed to the index, and ``IndexBuilder.load``
does not read them back), seen with a plain Sphinx project too;
``test_an_incremental_build...`` shows it alone, and kb must work around it.
"""

from __future__ import annotations

import json

import os
import re
import sys
from pathlib import Path

import pytest

from support.harness import BUILD_MEMORY, REPO, run_bounded, run_interrupted

sys.path.insert(0, str(REPO / "benchmarks"))
from corpus import write_sites  # noqa: E402

#: as few posts as still show the bug: the interrupt lands half way through a phase
POSTS = 12
EDITED = 6
TIMEOUT = 120.0


def html_argv(src: Path) -> list[str]:
    return [sys.executable, "-m", "sphinx", "-b", "html", "-T", "-q", "-d", str(src / "_build" / "doctrees"),
            str(src), str(src / "_build" / "html")]


def environ(src: Path) -> dict[str, str]:
    return dict(os.environ, PYTHONUNBUFFERED="1", PYTHONHASHSEED="0", TMPDIR=str(src.parent))


def build(src: Path) -> None:
    run = run_bounded(html_argv(src), timeout=TIMEOUT, memory=BUILD_MEMORY, cwd=src, env=environ(src))
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.describe()


def edit(src: Path) -> None:
    """New titles and a new tag for some posts: their listings and the search index change."""
    for index, post in enumerate(sorted((src / "posts").glob("*.md"))[:EDITED]):
        text = post.read_text(encoding="utf-8")
        text = text.replace('title: "', 'title: "Edited ', 1).replace("tags: [", f"tags: [Edited {index}, ", 1)
        post.write_text(text, encoding="utf-8")


def search_index_difference(got: bytes, want: bytes) -> str:
    """Which parts of two ``searchindex.js`` differ, for the failure message."""
    import json

    def parts(raw: bytes) -> dict:
        text = raw.decode("utf-8")
        return json.loads(text[text.index("(") + 1:text.rindex(")")])

    mine, theirs = parts(got), parts(want)
    lines = []
    for key in sorted(set(mine) | set(theirs)):
        if mine.get(key) != theirs.get(key):
            a, b = mine.get(key), theirs.get(key)
            if isinstance(a, dict) and isinstance(b, dict):
                keys = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
                lines.append(f"{key}: {len(keys)} entries differ, e.g. "
                             + "; ".join(f"{k!r}: {a.get(k)!r} != {b.get(k)!r}" for k in keys[:3]))
            else:
                lines.append(f"{key}: {str(a)[:300]} != {str(b)[:300]}")
    return "\n".join(lines)


def output(src: Path) -> dict[str, bytes]:
    """Every file of the output; of Pagefind's bundle, whose bytes vary from run to run
    on the same pages (tests/support/outputs.py), how many pages it indexed."""
    outdir = src / "_build" / "html"
    found = {path.relative_to(outdir).as_posix(): path.read_bytes()
             for path in sorted(outdir.rglob("*")) if path.is_file() and path.name != ".buildinfo.bak"
             and "pagefind" not in path.relative_to(outdir).parts}
    entry = outdir / "pagefind" / "pagefind-entry.json"
    if entry.is_file():
        languages = json.loads(entry.read_text(encoding="utf-8"))["languages"].values()
        found["pagefind (pages indexed)"] = str(sum(language["page_count"] for language in languages)).encode()
    return found


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> dict[str, bytes]:
    """The edited site built from scratch."""
    src = write_sites(tmp_path_factory.mktemp("clean"), POSTS, sites=("kb",))["kb"]
    edit(src)
    build(src)
    return output(src)


@pytest.mark.parametrize("edited, phase", [
    pytest.param(False, "reading sources", id="first build, reading"),
    pytest.param(False, "writing output", id="first build, writing"),  # issue 18's own case
    pytest.param(True, "reading sources", id="rebuild after edits, reading"),
    pytest.param(True, "writing output", id="rebuild after edits, writing"),
])
def test_the_build_after_an_interrupted_one_equals_a_clean_build(tmp_path, clean, edited, phase):
    src = write_sites(tmp_path, POSTS, sites=("kb",))["kb"]
    if edited:
        build(src)
    edit(src)
    half_way = re.compile(rb"%s\.\.\. \[\s*(?:[5-9]\d|100)%%\]" % phase.encode())
    argv = html_argv(src)
    argv.remove("-q")  # the progress lines say where the build is
    run, sent = run_interrupted(argv, half_way, timeout=TIMEOUT, memory=BUILD_MEMORY, cwd=src, env=environ(src))
    assert sent and not run.timed_out, f"not interrupted while {phase}: {run.describe()}"
    assert run.returncode != 0 and "Interrupted" in run.stdout, f"the build finished anyway: {run.describe()}"
    build(src)
    got = output(src)
    assert sorted(set(got) ^ set(clean)) == [], "files only in one of the two builds"
    different = [name for name in clean if got[name] != clean[name]]
    detail = search_index_difference(got["searchindex.js"], clean["searchindex.js"]) \
        if "searchindex.js" in different else ""
    assert different == [], f"different from a clean build: {different}\n{detail}"

def test_an_incremental_build_equals_a_clean_build_search_index_included(tmp_path, clean):
    src = write_sites(tmp_path, POSTS, sites=("kb",))["kb"]
    build(src)
    edit(src)
    build(src)
    got = output(src)
    assert sorted(set(got) ^ set(clean)) == [], "files only in one of the two builds"
    assert [name for name in clean if got[name] != clean[name]] == []


def test_a_build_with_nothing_to_do_keeps_the_search_index(tmp_path, clean):
    """Sphinx skips its consistency step when no document was read: the index entries
    of every page (the glossary's terms) were lost by a second ``make html``."""
    src = write_sites(tmp_path, POSTS, sites=("kb",))["kb"]
    edit(src)
    build(src)
    build(src)
    got = output(src)
    assert got["searchindex.js"] == clean["searchindex.js"], \
        search_index_difference(got["searchindex.js"], clean["searchindex.js"])
    build(src)
    assert output(src)["searchindex.js"] == clean["searchindex.js"]
