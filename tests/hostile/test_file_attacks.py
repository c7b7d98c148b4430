"""Issue 29's attacks on the files a post names: images and downloads whose path leads
out of the source folder. Sphinx copied each into ``_images`` or ``_downloads``
(``/etc/passwd`` among them); kb refuses them with a warning at the post's line.

What a user would check: the build ends with exit 1 and a warning naming the post, its
line and the path; nothing of the files outside is in the build; the post and its
images that are inside the site are built.
"""

from __future__ import annotations

import pytest

from support.attacks import post_text
from support.harness import Site, snapshot

SECRET = b"SECRET-TOKEN-0451\n"


@pytest.fixture
def site(tmp_path) -> Site:
    site = Site(tmp_path)
    (site.outside / "secret.txt").write_bytes(SECRET)
    (site.outside / "secret.png").write_bytes(SECRET)
    (site.src / "docs/posts/inside.png").write_bytes(b"\x89PNG inside the site")
    site.freeze_outside()
    return site


def published(site: Site) -> bytes:
    return b"".join(data or b"" for data in snapshot(site.out).values())


#: the site is tmp/site, the folder outside tmp/outside; posts are in tmp/site/docs/posts
SPELLINGS = {
    "absolute-root": ("![secret](/assets/../../outside/secret.png)", "/assets/../../outside/secret.png"),
    "relative": ("![secret](../../../outside/secret.png)", "../../../outside/secret.png"),
    "percent-encoded": ("![secret](%2e%2e/%2e%2e/%2e%2e/outside/secret.png)", "%2e%2e/%2e%2e/%2e%2e/outside"),
    "download role": ("{download}`the secret <../../../outside/secret.txt>`", "../../../outside/secret.txt"),
    "download from the root": ("{download}`the secret </../../outside/secret.txt>`", "/../../outside/secret.txt"),
    "link to a local file": ("[the secret](../../../outside/secret.txt)", "../../../outside/secret.txt"),
    "file: URL": ("{download}`the secret <file:{outside}/secret.txt>`", "file:"),
}


@pytest.mark.parametrize("markup, shown", SPELLINGS.values(), ids=SPELLINGS.keys())
def test_a_file_outside_the_source_folder_is_refused_and_not_copied(site, markup, shown):
    markup = markup.replace("{outside}", str(site.outside))
    site.post("2025-03-01-files.md", post_text("title: Files\ntags: [Genomics]\n",
                                                f"Before.\n\n{markup}\n\n![inside](inside.png)\n"))
    run = site.build()
    site.check(run, warned=["2025-03-01-files.md:8: WARNING: kb: the "])
    warning = next(line for line in run.warnings() if "2025-03-01-files.md:8:" in line)
    assert shown in warning and "leads out of the source folder" in warning
    assert SECRET not in published(site)
    assert (site.out / "_images/inside.png").is_file()  # the image inside the site is still shown
    assert "Before." in site.page("docs/posts/2025-03-01-files")


def test_a_symlink_in_the_source_folder_pointing_out_is_refused(site):
    (site.src / "docs/posts/picture.png").symlink_to(site.outside / "secret.png")
    (site.src / "docs/posts/notes.txt").symlink_to(site.outside / "secret.txt")
    site.post("2025-03-01-files.md", post_text("title: Files\n", "![a picture](picture.png)\n\n{download}`notes.txt`\n"))
    site.check(site.build(), warned=["2025-03-01-files.md:5: WARNING: kb: the image picture.png leads out",
                                     "2025-03-01-files.md:7: WARNING: kb: the file notes.txt leads out"])
    assert SECRET not in published(site)


def test_the_build_machines_password_file_is_not_published(site):
    site.post("2025-03-01-files.md", post_text("title: Files\n", "![](/assets/../../../../../../../../etc/passwd)\n\n"
                                                                  "{download}`x <../../../../../../../../etc/passwd>`\n"))
    site.check(site.build(), warned=["2025-03-01-files.md:5:", "2025-03-01-files.md:7:"])
    assert b"root:x:0:0" not in published(site)


@pytest.mark.parametrize("directive", ["include", "literalinclude"])
def test_a_file_outside_included_in_a_page_is_refused(site, directive):
    """The text of ``/etc/passwd`` was shown in the page itself."""
    site.post("2025-03-01-files.md", post_text("title: Files\n", f"Before.\n\n```{{{directive}}} ../../../outside/secret.txt\n"
                                                                  "```\n\nAfter.\n"))
    site.check(site.build(), warned=["2025-03-01-files.md", "outside/secret.txt leads out of the source folder"])
    assert SECRET not in published(site)
    page = site.page("docs/posts/2025-03-01-files")
    assert "Before." in page and "After." in page
