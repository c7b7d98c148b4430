"""kb writes and deletes only its own page files; anything else in its folders is the
user's, left as it is, with a warning naming it."""

from __future__ import annotations

from conftest import build, copy_root, warnings


def test_a_users_file_at_a_generated_pages_path_is_never_overwritten(tmp_path):
    srcdir = copy_root("blog", tmp_path)
    build(srcdir, freshenv=True)
    mine = srcdir / "_tags" / "genomics.md"
    mine.write_text("# My genomics page\n\nWritten by hand.\n", encoding="utf-8")
    app, _ = build(srcdir)
    assert mine.read_text(encoding="utf-8") == "# My genomics page\n\nWritten by hand.\n"
    found = [w for w in warnings(app) if "_tags/genomics.md" in w and "[kb.pages]" in w]
    assert found and "is not kb's" in found[0] and found[0].startswith(str(mine))
    assert "Written by hand." in (app.outdir / "_tags" / "genomics.html").read_text(encoding="utf-8")
    app, _ = build(srcdir, freshenv=True)  # a clean build does not overwrite it either
    assert mine.read_text(encoding="utf-8").startswith("# My genomics page")


def test_a_leftover_of_sphinx_tags_is_named_and_kept(tmp_path):
    srcdir = copy_root("blog", tmp_path)
    leftover = srcdir / "_tags" / "old-tag.rst"
    leftover.parent.mkdir(parents=True)
    leftover.write_text("Old tag\n=======\n", encoding="utf-8")
    app, _ = build(srcdir, freshenv=True)
    assert leftover.is_file()
    assert any(w.startswith(f"{leftover}:1: WARNING: kb: _tags/old-tag.rst is not kb's") for w in warnings(app))


def test_only_folders_kb_emptied_are_removed(tmp_path):
    srcdir = copy_root("blog", tmp_path)
    users = srcdir / "_tags" / "drafts-of-mine"
    users.mkdir(parents=True)
    build(srcdir, freshenv=True)
    glossary_letters = srcdir / "_kb" / "glossary"
    assert (glossary_letters / "index.md").is_file()
    app, _ = build(srcdir, confoverrides={"tags_create_tags": False})
    assert users.is_dir()  # empty, but the user's
    assert not (srcdir / "_tags" / "genomics.md").exists()  # kb's own page file: deleted

