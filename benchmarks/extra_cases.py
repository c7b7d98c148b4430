"""Cases the benchmark adds to kb's full build, each compared with kb's own full build
of the same repetition (``bench.py`` runs them after the main cases).

* ``full-links``: the same posts, each with one more link, to another post by that
  post's old (Jekyll) URL, which kb makes an internal link (issue 14: at most 1.1x);
* ``full-readers-off``: the same build without feeds, related posts and backlinks;
  the target is kb's full build over it (issue 15: they cost at most 10%);
* ``full-search-sphinx``: the same build with Sphinx's search instead of Pagefind's;
  the target is kb's full build over it (issue 31: Pagefind costs at most 10%).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "ext"))


@dataclass(frozen=True)
class Case:
    name: str  # the case's name in results.json
    label: str  # its row in results.md
    limit: float  # at most this many times kb's full build
    prepare: Callable[[Path], None] = lambda folder: None
    args: tuple[str, ...] = field(default=())  # more sphinx-build arguments (-D name=value)
    #: the target is kb's full build over this case (a feature turned off), not the other way
    inverse: bool = False


def add_old_url_links(folder: Path) -> None:
    """Each post gets one link to the next post, by the URL Jekyll would have given it."""
    from sphinx_kb.core.frontmatter import split_front_matter
    from sphinx_kb.core.postreader import PostReader

    reader = PostReader(None, "posts")
    posts = sorted((folder / "posts").glob("*.md"))
    urls = []
    for post in posts:
        front = split_front_matter(post.read_text(encoding="utf-8"))[0]
        urls.append(reader.read(front, f"posts/{post.name}").old_url)
    for index, post in enumerate(posts):
        other = urls[(index + 1) % len(posts)]
        with post.open("a", encoding="utf-8") as handle:
            handle.write(f"\nSee also [the next post]({other}).\n")


CASES = [
    Case("full-links", "one link by old URL per post, kb / kb without them", 1.10, add_old_url_links),
    Case("full-readers-off", "feeds, related posts and backlinks off, kb with them / kb without", 1.10,
         args=("-D", "kb_feeds=0", "-D", "kb_related_posts=0", "-D", "kb_backlinks=0"), inverse=True),
    Case("full-search-sphinx", "Pagefind's index, kb with it / kb with Sphinx's search", 1.10,
         args=("-D", "kb_search=sphinx"), inverse=True),
]
