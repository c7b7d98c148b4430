"""Issue 29, items 5 and 6: every file kb writes into the output folder besides Sphinx's
pages (feeds, the sitemap, redirect pages, citation files, pictures, files of the old
site) goes through one guard: a symbolic link at the file or on the way to it is never
written through, and the warning names the file and why. Each path has its own case,
so that breaking the guard for one of them fails a test.

The attack: a first build, then each file (or the folder it is in) replaced by a link
into ``outside``; a second build from fresh doctrees, which writes every file again."""

from __future__ import annotations

import shutil

import pytest

from support.harness import Site, snapshot

CONF = '''
html_baseurl = "https://example.org/"
kb_redirects = {"/old/": "docs/posts/2025-01-10-alpha"}
kb_static_root = "static"
'''
PICTURE = b"\x89PNG\r\n\x1a\n picture"


@pytest.fixture
def site(tmp_path) -> Site:
    site = Site(tmp_path)
    with (site.src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(CONF)
    post = site.src / "docs" / "posts" / "2025-01-10-alpha.md"
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace("---\n", "---\nimage: /img/pic.png\n", 1) + "\n![old](/assets/old.png)\n",
                    encoding="utf-8")
    (site.src / "img").mkdir()
    (site.src / "img" / "pic.png").write_bytes(PICTURE)
    (site.src / "static" / "assets").mkdir(parents=True)
    (site.src / "static" / "assets" / "old.png").write_bytes(PICTURE)
    first = site.build()
    assert first.returncode == 0, first.describe()
    return site


#: (a file of the output, how the warning names what was not written)
CASES = [
    ("feed.xml", "no feed written at feed.xml: a symbolic link is on its way (feed.xml)"),
    ("feed.json", "no feed written at feed.json: a symbolic link is on its way (feed.json)"),
    ("docs/feeds/tags/genomics.xml", "no feed written at docs/feeds/tags/genomics.xml: a symbolic link is on its way"),
    ("sitemap.xml", "no sitemap written at sitemap.xml: a symbolic link is on its way (sitemap.xml)"),
    ("old/index.html", "no redirect at /old/: a symbolic link is on its way (old/index.html)"),
    ("docs/posts/2025-01-10-alpha.bib", "cannot write the citation file"),
    ("img/pic.png", "no picture written at img/pic.png: a symbolic link is on its way (img/pic.png)"),
    ("assets/old.png", "no file of the old site written at assets/old.png: a symbolic link is on its way"),
]


@pytest.mark.parametrize("relative, warned", CASES, ids=[case[0] for case in CASES])
def test_a_symbolic_link_at_a_file_kb_writes_is_never_written_through(site, relative, warned):
    target = site.out / relative
    assert target.is_file(), f"the first build did not write {relative}"
    bait = site.outside / "bait"
    bait.write_bytes(b"untouched")
    target.unlink()
    target.symlink_to(bait)
    site.freeze_outside()
    shutil.rmtree(site.doctrees)  # every file written again
    run = site.build()
    site.check(run)
    assert bait.read_bytes() == b"untouched"
    assert any(warned in line for line in run.warnings()), (warned, run.warnings())
    if relative.endswith(".bib"):
        assert any(relative in line and "a symbolic link is on its way" in line for line in run.warnings())


@pytest.mark.parametrize("folder, warned", [
    ("docs/feeds", "no feed written at docs/feeds/tags/genomics.xml: a symbolic link is on its way (docs/feeds)"),
    ("old", "no redirect at /old/: a symbolic link is on its way (old)"),
    ("img", "no picture written at img/pic.png: a symbolic link is on its way (img)"),
])
def test_a_folder_of_the_output_that_is_a_link_is_never_written_through(site, folder, warned):
    shutil.rmtree(site.out / folder)
    (site.outside / "folder").mkdir()
    (site.out / folder).symlink_to(site.outside / "folder", target_is_directory=True)
    site.freeze_outside()
    shutil.rmtree(site.doctrees)
    run = site.build()
    site.check(run)
    assert snapshot(site.outside / "folder") == {}
    assert any(warned in line for line in run.warnings()), (warned, run.warnings())


def test_kb_import_never_writes_through_a_link_in_the_posts_folder(tmp_path):
    """The fourth place kb writes: ``kb import`` into a kb site whose posts folder holds a
    link (here the category folder ``news`` a post of the Jekyll site goes into)."""
    import subprocess
    import sys

    jekyll = tmp_path / "jekyll"
    (jekyll / "news" / "_posts").mkdir(parents=True)
    (jekyll / "news" / "_posts" / "2024-01-01-x.md").write_text("---\ntitle: X\n---\nx\n", encoding="utf-8")
    (jekyll / "_posts").mkdir()
    (jekyll / "_posts" / "2024-01-02-y.md").write_text("---\ntitle: Y\n---\ny\n", encoding="utf-8")
    kb = tmp_path / "kb"
    (kb / "posts").mkdir(parents=True)
    (kb / "conf.py").write_text('extensions = ["sphinx_kb"]\nkb_posts = ["posts/**"]\n', encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (kb / "posts" / "news").symlink_to(outside, target_is_directory=True)
    done = subprocess.run([sys.executable, "-m", "sphinx_kb", "import", str(jekyll)], cwd=kb, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 1, done.stdout + done.stderr
    assert ("  news/_posts/2024-01-01-x.md: posts/news/_posts/2024-01-01-x.md: not written: "
            "a symbolic link is on its way (news)") in done.stdout.splitlines()
    assert list(outside.iterdir()) == []
    assert (kb / "posts" / "2024-01-02-y.md").is_file()  # the rest is brought
