"""Issue 18's attacks on a whole build: ``python -m sphinx -W --keep-going`` on a copy of
``roots/site`` with the attack added, in a bounded child process.

Each test checks what a user would: the build finished, with exit code 1 and a warning
naming the file (and line), never a traceback; the rest of the site was built; nothing
outside the site was written; the user's own files are as they were.
"""

from __future__ import annotations

import sys
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from support.attacks import alias_bomb, many_names, post_text
from support.harness import assert_rest_built, Site, assert_finished, snapshot


# --- 1. YAML alias bombs --------------------------------------------------------------------


def test_a_post_that_is_an_alias_bomb_is_a_warning(site):
    site.post("2025-03-01-bomb.md", post_text("title: Bomb\n" + alias_bomb("tags")))
    run = site.build(memory=1024 * 2**20)
    site.check(run, warned=["2025-03-01-bomb.md:2:"])
    assert_rest_built(site)
    assert (site.doctrees / "environment.pickle").stat().st_size < 2 * 2**20


def test_an_alias_bomb_in_an_unknown_key_rebuilds_after_an_edit(site):
    """The clean build was fine; the rebuild after an edit of that post compared its
    last and new front matter, expanded (601 s)."""
    bomb = site.post("2025-03-01-bomb.md", post_text("title: Bomb\n" + alias_bomb("my_data", levels=10)))
    site.check(site.build(), warned=["2025-03-01-bomb.md:2:"])
    bomb.write_text(bomb.read_text(encoding="utf-8").replace("The body.", "The body, edited."), encoding="utf-8")
    site.check(site.build(timeout=30), warned=["2025-03-01-bomb.md:2:"])
    assert "The body, edited." in site.page("docs/posts/2025-03-01-bomb")


# --- 2. dates past the year range ------------------------------------------------------------


def test_dates_past_the_year_range_in_utc_are_warned_and_built(site):
    site.post("2025-03-01-late.md", post_text("title: Late\ndate: 9999-12-31 23:59:59 -12:00\ntags: [Genomics]\n"))
    site.post("2025-03-02-early.md", post_text("title: Early\ndate: 0001-01-01 00:00:00 +14:00\ntags: [Genomics]\n"))
    # dated in the year 9999, "late" is in the future: built with kb_future (Jekyll's future) only
    site.check(site.build("-D", "kb_future=1"), warned=["2025-03-01-late.md:3:", "2025-03-02-early.md:3:"])
    assert_rest_built(site)
    genomics = site.page("docs/tags/genomics")
    assert genomics.index("Late") < genomics.index("Alpha post") < genomics.index("Early")  # newest first
    assert (site.out / "docs/archive/9999.html").is_file() and (site.out / "docs/archive/0001.html").is_file()


# --- 3. invalid UTF-8 ---------------------------------------------------------------------------


def test_invalid_utf8_in_the_glossary_file_is_a_warning(site):
    (site.src / "docs/glossary.yaml").write_bytes(b"genomics:\n  definition: The study \xff of genomes.\n")
    site.check(site.build(), warned=["glossary.yaml:2:"])
    assert_rest_built(site)


def test_invalid_utf8_in_a_post_is_a_warning(site):
    site.post("2025-03-01-latin1.md", b"---\ntitle: Latin-1\n---\n\nCaf\xe9 au lait.\n")
    site.check(site.build(), warned=["2025-03-01-latin1.md:5:"])
    assert_rest_built(site)


# --- 4. file names too long for the outputs --------------------------------------------------------


@pytest.mark.parametrize("length", [251, 255])
def test_a_post_file_name_too_long_for_its_doctree_is_a_warning(site, length):
    """251 bytes: ``<stem>.doctree`` is 256, over the 255 of most file systems."""
    name = "2025-03-01-" + "a" * (length - len("2025-03-01-") - len(".md")) + ".md"
    assert len(name.encode()) == length
    site.post(name, post_text("title: Long\ntags: [Genomics]\n"))
    site.check(site.build(), warned=[name[:40]])
    assert_rest_built(site)


# --- 5. the user's own files in kb's folders --------------------------------------------------------

MINE = "# My own page\n\nWritten by hand: kb must never change it.\n"


def test_user_files_at_generated_paths_are_kept_and_warned(site):
    mine = ["docs/tags/genomics.md", "docs/glossary/index.md", "docs/archive/2025.md"]
    for name in mine:
        (site.src / name).parent.mkdir(parents=True, exist_ok=True)
        (site.src / name).write_text(MINE, encoding="utf-8")
    site.check(site.build(), warned=mine)
    assert all((site.src / name).read_text(encoding="utf-8") == MINE for name in mine)


def test_a_user_file_added_where_kb_will_generate_a_page_is_kept(site):
    site.build()
    (site.src / "docs/tags/rare.md").write_text(MINE, encoding="utf-8")
    site.check(site.build(), warned=["docs/tags/rare.md"])  # a file of the user's in kb's folder
    site.post("2025-03-01-rare.md", post_text("title: Rare\ntags: [Rare]\n"))
    site.check(site.build(), warned=["docs/tags/rare.md"])
    assert (site.src / "docs/tags/rare.md").read_text(encoding="utf-8") == MINE


def test_a_user_file_replacing_a_generated_page_is_kept(site):
    site.build()
    (site.src / "docs/tags/genomics.md").write_text(MINE, encoding="utf-8")
    site.check(site.build(), warned=["docs/tags/genomics.md"])
    site.post("2025-03-01-more.md", post_text("title: More\ntags: [Genomics]\n"))  # the tag's page changes
    site.check(site.build(), warned=["docs/tags/genomics.md"])
    assert (site.src / "docs/tags/genomics.md").read_text(encoding="utf-8") == MINE


def test_an_empty_user_folder_in_a_generated_folder_is_kept(site):
    (site.src / "docs/tags/mine").mkdir(parents=True)
    for _ in range(2):
        assert_finished(site.build())
        assert (site.src / "docs/tags/mine").is_dir()


# --- 6. symlinks ----------------------------------------------------------------------------------


def test_a_symlink_at_a_generated_page_path_is_not_written_through(site):
    (site.outside / "target.md").write_text("outside the site\n", encoding="utf-8")
    (site.src / "docs/tags").mkdir(parents=True)
    (site.src / "docs/tags/genomics.md").symlink_to(site.outside / "target.md")
    site.freeze_outside()
    site.check(site.build(), warned=["docs/tags/genomics.md"])


def test_a_generated_folder_that_is_a_symlink_is_not_written_through(site):
    (site.outside / "tags").mkdir()
    (site.src / "docs/tags").symlink_to(site.outside / "tags", target_is_directory=True)
    site.freeze_outside()
    site.check(site.build(), warned=["docs/tags"])


def test_a_post_symlinked_outside_the_source_folder_is_not_published(site):
    (site.outside / "secret.md").write_text(post_text("title: Secret\n", "SECRET-TOKEN-4711\n"), encoding="utf-8")
    (site.src / "docs/posts/2025-03-01-secret.md").symlink_to(site.outside / "secret.md")
    (site.src / "docs/posts/2025-03-02-passwd.md").symlink_to("/etc/passwd")
    site.freeze_outside()
    site.check(site.build(), warned=["2025-03-01-secret.md", "2025-03-02-passwd.md"])
    published = b"".join(data or b"" for data in snapshot(site.out).values())
    assert b"SECRET-TOKEN-4711" not in published and b"root:x:0:0" not in published
    assert_rest_built(site)


@pytest.mark.parametrize("loops", [["loop"], ["a", "b"]])
def test_symlink_loops_in_the_posts_folder_read_each_post_once(site, loops):
    """One loop multiplied every post 40 times; two never finished."""
    for name in loops:
        (site.src / "docs/posts" / name).symlink_to(".", target_is_directory=True)
    site.check(site.build(timeout=12), warned=[f"docs/posts/{name}" for name in loops])
    assert not any((site.out / "docs/posts" / name).exists() for name in loops)
    assert "2 posts" in site.page("docs/tags/genomics")


# --- 9. file names that are markup ------------------------------------------------------------------


def test_file_names_with_a_quote_or_a_hash_make_no_markup_and_no_broken_link(site):
    """furo writes the source link kb gives it unescaped (``href="{{ url }}"``)."""
    site.post('2025-03-01-x"><img src=x onerror=alert(1)>.md', post_text("title: Quote\ntags: [Genomics]\n"))
    site.post("2025-03-02-c#sharp.md", post_text("title: Sharp\ntags: [Genomics]\n"))
    assert_finished(site.build())  # such names may be refused (a warning) or quoted (none)
    for page in site.out.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.find(attrs={"onerror": True}) is None, f"live markup from a file name in {page}"
        for link in soup.select(".view-this-page a[href]"):
            target = (page.parent / unquote(link["href"].split("#")[0])).resolve()
            assert target.is_file(), f"{page.relative_to(site.out)}: 'view this page' goes to {link['href']!r}"


# --- 10. the smaller ones -------------------------------------------------------------------------

UNREADABLE = '''
# hostile test: this file is unreadable. chmod 000 does that for anyone but root; for
# root (who reads every file) open() and os.access() are made to fail the same way.
import io as _io, os as _os
_PATH = _os.path.join(_os.path.dirname(_os.path.abspath(__file__)), {path!r})
if _os.geteuid() == 0:
    _real_open, _real_access = _io.open, _os.access

    def _open(file, *args, **kwargs):
        if isinstance(file, (str, _os.PathLike)) and _os.path.abspath(file) == _PATH:
            raise PermissionError(13, "Permission denied", _os.fspath(file))
        return _real_open(file, *args, **kwargs)

    def _access(path, mode, **kwargs):
        return False if _os.path.abspath(path) == _PATH else _real_access(path, mode, **kwargs)

    import builtins as _builtins
    _builtins.open = _io.open = _open
    _os.access = _access
'''


def test_a_post_made_unreadable_after_a_build_leaves_no_empty_listing(site):
    site.build()
    alpha = site.src / "docs/posts/2025-01-10-alpha.md"
    alpha.chmod(0)
    with (site.src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(UNREADABLE.format(path="docs/posts/2025-01-10-alpha.md"))
    run = site.build()
    site.check(run, warned=["2025-01-10-alpha.md"])
    assert not any("2025-01-10-alpha.rst" in line for line in run.warnings()), run.warnings()
    pages = [page for page in site.out.rglob("*.html") if "0 posts" in page.read_text(encoding="utf-8")]
    assert pages == [], f"listings of no post: {pages}"


def test_empty_tags_are_warned_at_their_line(site):
    site.post("2025-03-01-empty.md", post_text('title: Empty\ntags: [Genomics, "", "  "]\n'))
    site.check(site.build(), warned=["2025-03-01-empty.md:3:"])
    assert_rest_built(site)


def test_a_complex_key_in_the_glossary_keeps_the_other_definitions(site):
    glossary = site.src / "docs/glossary.yaml"
    glossary.write_text("? [a, list]\n: as a key\n" + glossary.read_text(encoding="utf-8"), encoding="utf-8")
    site.check(site.build(), warned=["glossary.yaml:1:"])
    assert "The study of whole genomes." in site.page("docs/glossary/index")


def test_a_removed_listing_page_leaves_no_empty_folder(site):
    site.build("-D", "kb_page_size=1")
    assert (site.out / "docs/tags/genomics/2.html").is_file()  # Genomics: 2 posts, 1 a page
    beta = site.src / "docs/posts/2025-02-11-beta.md"
    beta.write_text(beta.read_text(encoding="utf-8").replace("tags: [Genomics]", "tags: [Other]"), encoding="utf-8")
    assert_finished(site.build("-D", "kb_page_size=1"))
    assert not (site.out / "docs/tags/genomics").exists()


def test_a_hundred_thousand_tags_in_one_post_are_capped(site):
    site.post("2025-03-01-many.md", post_text("title: Many\n" + many_names("tags", 100_000)))
    site.check(site.build(timeout=120), warned=["2025-03-01-many.md:3:"])
    assert_rest_built(site)
    assert len(list((site.out / "docs/tags").glob("*.html"))) <= 200 + 3  # the cap, Genomics, ML, the index


def test_links_where_include_patterns_do_not_reach_are_left_alone(site):
    """kb's own site reads ``index.md`` and ``docs/**`` only; a virtual environment beside
    it (links to the system's Python) was walked and warned about, failing ``-W``."""
    conf = site.src / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + '\ninclude_patterns = ["index.md", "docs/**"]\n',
                    encoding="utf-8")
    (site.src / "tools" / "venv" / "bin").mkdir(parents=True)
    (site.src / "tools" / "venv" / "bin" / "python").symlink_to(sys.executable)
    (site.src / "docs/posts/2025-03-02-passwd.md").symlink_to("/etc/passwd")
    site.check(site.build(), warned=["2025-03-02-passwd.md"])
    assert "tools/venv" not in site.build(strict=False).stderr
    assert_rest_built(site)
