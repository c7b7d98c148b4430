"""``kb check`` and a build agree: the same files, lines and messages, the same citations.

Two ways. The command, run as a user runs it, on bad posts (every kind of problem it
reports, and hostile files), against the warnings of a real build of the same folder.
And the citations of real posts (the sample site, every test root, Jekyll's news blog
moved in, a benchmark corpus): what ``checking`` finds in each post without Sphinx,
against what the build's collector kept, citation by citation (address, text, line,
finding); and the placeholders ``kb check`` reports, which parses only the posts that
could hold one, against the build's warnings (its shortcut must never lose one).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, ROOTS, build, copy_root, warnings
from sphinx_kb.checking.post import check_post
from sphinx_kb.cli import posts as cli_posts
from sphinx_kb.cli.project import Project, read_settings
from sphinx_kb.core.sources import warning
from sphinx_kb.state.domain import KbDomain
from support.shared import shared

SUBTYPES = ("frontmatter", "liquid", "placeholder", "posts")
WARNING = re.compile(r"^(?P<file>.+?):(?P<line>\d+): WARNING: (?P<message>.*) \[kb\.(?P<subtype>\w+)\]$")
JEKYLL_NEWS = shared("corpora", "jekyll-news")


def build_problems(srcdir: Path) -> list[tuple[str, int, str, str]]:
    """The build's warnings of the kinds kb check reports: (file, line, message, subtype)."""
    app, _ = build(srcdir)
    found = []
    for line in warnings(app):
        match = WARNING.match(line)
        if match and match["subtype"] in SUBTYPES:
            found.append((str(Path(match["file"]).resolve()), int(match["line"]), match["message"], match["subtype"]))
    return sorted(found)


def check_problems(srcdir: Path) -> tuple[list[tuple[str, int, str, str]], subprocess.CompletedProcess]:
    result = subprocess.run([sys.executable, "-m", "sphinx_kb", "check", "--no-names", "--format", "json"],
                            cwd=srcdir, capture_output=True, text=True, encoding="utf-8", timeout=300,
                            env={**os.environ, "KB_CACHE_DIR": "", "PYTHONIOENCODING": "utf-8"})
    assert "Traceback" not in result.stderr, result.stderr
    data = json.loads(result.stdout)
    found = [(str((srcdir / p["file"]).resolve()), p["line"], p["message"], p["subtype"]) for p in data["problems"]]
    return sorted(found), result


def test_kb_check_reports_what_the_build_warns_on_bad_posts(tmp_path: Path):
    root = copy_root("check", tmp_path)
    posts = root / "posts"
    (posts / "2025-01-10-binary.md").write_bytes(b"---\ntitle: x\n---\nbin\x00ary")
    (posts / "2025-01-11-latin.md").write_bytes("---\ntitle: Latin\n---\n\ncafé\n".encode("latin-1"))
    (posts / ("2025-01-12-" + "long" * 60 + ".md")).write_text("---\ntitle: Long\n---\n", encoding="utf-8")
    built = build_problems(root)
    checked, result = check_problems(root)
    assert checked == built
    assert result.returncode == 1
    # and the two found what is there (both could miss the same thing)
    assert {subtype for *_, subtype in built} == set(SUBTYPES)
    lines = {(Path(file).name, line, subtype) for file, line, _, subtype in built}
    assert ("2025-01-01-front-matter.md", 3, "frontmatter") in lines  # the impossible date
    assert ("2025-01-03-never-closed.md", 1, "frontmatter") in lines
    assert ("2025-01-04-liquid.md", 5, "liquid") in lines
    assert ("2025-01-08-crlf.md", 6, "placeholder") in lines  # CRLF lines counted as the build counts them
    assert ("2025-01-11-latin.md", 5, "posts") in lines  # not UTF-8, at the line of the first bad byte
    placeholders = {line for file, line, _, subtype in built if subtype == "placeholder" and "citations" in file}
    assert {6, 8, 11, 12, 14, 17, 22, 24, 26, 30, 31, 36, 40, 44, 51} <= placeholders
    assert not any("draft" in file for file, *_ in built)  # published: false: not read, not checked
    assert not any("example.net/kept" in message for *_, message, _ in built)  # kb_known_placeholders


JEKYLL_CONFIG = """\
url: https://www.example.org
baseurl: /blog
permalink: /:year/:month/:day/:title.html
"""
JEKYLL_POSTS = {
    "_posts/2024-01-01-first.md": """---
title: First
---

Old pages go to the old site, which is a reserved name here: [about](/about/) (a placeholder),
a post by old URL [second](https://www.example.org/blog/2024/01/02/second.html) and by
tag [again]({% post_url 2024-01-02-second %}) are internal, [a file](/assets/report.pdf) is copied,
[missing](/assets/missing.pdf) goes to the old site.
""",
    "_posts/2024-01-02-second.md": "---\ntitle: Second\n---\n\nNo links; {% assign x = 1 %} Liquid.\n",
    "_posts/notes.md": "---\ntitle: Not dated\n---\n\nJekyll takes no post from this file.\n",
}


def test_kb_check_reports_what_the_build_warns_on_a_jekyll_site(tmp_path: Path):
    root = tmp_path / "site"
    (root / "_jekyll" / "assets").mkdir(parents=True)
    (root / "_jekyll" / "_config.yml").write_text(JEKYLL_CONFIG, encoding="utf-8")
    (root / "_jekyll" / "assets" / "report.pdf").write_bytes(b"%PDF-1.4\n")
    (root / "conf.py").write_text('extensions = ["sphinx_kb"]\nkb_posts = ["posts/**"]\nexclude_patterns = ["_build"]\n'
                                  'kb_jekyll_config = "_jekyll/_config.yml"\n', encoding="utf-8")
    (root / "index.md").write_text("# Blog\n", encoding="utf-8")
    for name, text in JEKYLL_POSTS.items():
        (root / "posts" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "posts" / name).write_text(text, encoding="utf-8")
    built = build_problems(root)
    checked, _ = check_problems(root)
    assert checked == built
    messages = [(Path(file).name, line, message) for file, line, message, _ in built]
    assert ("2024-01-01-first.md", 5, "kb: placeholder citation https://www.example.org/about/ (example.org is a "
            "reserved domain, not a real site); replace it with the real source, or list it in "
            "kb_known_placeholders") in messages
    assert any(name == "2024-01-01-first.md" and "missing.pdf" in message for name, _, message in messages)
    assert not any("second" in message or "report.pdf" in message for _, _, message in messages)
    assert any(name == "notes.md" and "Jekyll takes as posts only files named" in message for name, _, message in messages)


# -- every citation of real posts ---------------------------------------------------------


def sample_site(tmp_path: Path) -> Path:
    root = tmp_path / "sample"
    (root / "docs").mkdir(parents=True)
    shutil.copy(REPO / "conf.py", root / "conf.py")
    shutil.copytree(REPO / "docs" / "posts", root / "docs" / "posts")
    shutil.copy(REPO / "docs" / "glossary.yaml", root / "docs" / "glossary.yaml")
    (root / "index.md").write_text("# Sample\n", encoding="utf-8")
    return root


def jekyll_news(tmp_path: Path) -> Path:
    corpus = tmp_path / "jekyll-news"
    shutil.copytree(JEKYLL_NEWS, corpus)  # read-only where it is
    root = tmp_path / "news"
    root.mkdir()
    (root / "conf.py").write_text('extensions = ["sphinx_kb"]\nkb_posts = ["posts/**"]\n', encoding="utf-8")
    (root / "index.md").write_text("# News\n", encoding="utf-8")
    imported = subprocess.run([sys.executable, "-m", "sphinx_kb", "import", str(corpus)], cwd=root,
                              capture_output=True, text=True, timeout=300)
    assert imported.returncode == 0, imported.stderr
    with (root / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("\n".join(re.findall(r"^  (kb_\w+ = .+)$", imported.stdout, flags=re.M)) + "\n")
    return root


def benchmark_corpus(tmp_path: Path) -> Path:
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import corpus
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    return corpus.write_sites(tmp_path / "bench", 40, sites=("kb",))["kb"]


def cited(source) -> tuple:
    return (source.url, source.text, source.line, source.finding.message() if source.finding else None,
            source.known is not None, source.doi)


SITES = {
    "sample site": sample_site,
    **{f"test root {name}": (lambda tmp, name=name: copy_root(name, tmp))
       for name in ("blog", "seed", "sources", "hostile", "check")},
    "Jekyll's news blog": jekyll_news,
    "benchmark corpus": benchmark_corpus,
}


@pytest.mark.parametrize("name", list(SITES))
def test_the_citations_of_real_posts_are_the_builds(name: str, tmp_path: Path):
    if name == "Jekyll's news blog" and not JEKYLL_NEWS.is_dir():
        pytest.fail(f"the shared corpus {JEKYLL_NEWS} is not beside this checkout")
    root = SITES[name](tmp_path)
    app, _ = build(root)
    domain = KbDomain.of(app.env)
    conf = root / "conf.py"
    project = Project(root, conf, *read_settings(conf))
    reader = cli_posts.reader(project)
    posts = cli_posts.read_posts(project, post_reader=reader, cache=False)
    rules = cli_posts.rules(project, reader, posts)
    published = [p for p in posts if p.published]
    assert sorted(p.docname for p in published) == sorted(domain.plan.scan.posts)
    total = 0
    for post in published:
        # (sphinxcontrib-bibtex's citations, which no site here has, are the build's alone)
        expected = [cited(s) for s in domain.sources.get(post.docname, []) if not s.bib_key]
        every = check_post(post.read, post.path, post.docname, rules, every_citation=True)
        assert [cited(s) for s in every.sources] == expected, post.docname
        quick = check_post(post.read, post.path, post.docname, rules)
        warned = [(s.line, warning(s)) for s in domain.sources.get(post.docname, []) if warning(s)]
        assert [(w.line, w.message) for w in quick.warnings if w.subtype == "placeholder"] == warned, post.docname
        total += len(expected)
    assert total > 0 or name in ("test root blog", "test root hostile")
