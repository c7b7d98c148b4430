"""A site as ``kb init`` writes it (its home page's toctree lists all five overview
pages), with posts that carry only categories, as the Jekyll news posts do: no tag,
no author, no keyword, an empty glossary file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sphinx_kb.core.newsite import NewSite, site_files

#: (date, category): three "news" posts and one "other"
POSTS = (("2025-01-10", "news"), ("2025-02-10", "news"), ("2025-03-10", "news"), ("2025-03-20", "other"))


def categories_only_site(folder: Path, baseurl: str = "https://example.org/notes/") -> Path:
    when = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
    files = site_files(NewSite("News", "", when, "sphinx-kb", baseurl=baseurl, first_post=False))
    for path, text in files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text, encoding="utf-8")
    (folder / "posts").mkdir(exist_ok=True)
    for i, (date, category) in enumerate(POSTS):
        (folder / f"posts/{date}-post-{i}.md").write_text(
            f"---\ntitle: Post {i}\ndate: {date}\ncategories: [{category}]\n---\n\nWhat happened, part {i}.\n",
            encoding="utf-8")
    return folder
