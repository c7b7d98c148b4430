"""A kb site made from a Jekyll site as a user makes it: ``kb import`` in an empty kb
project, the lines it prints added to conf.py, ``sphinx-build`` (each a subprocess).

``import_and_build`` is the one place the tests do this: when ``kb import`` changes how
it configures conf.py, this function changes and the tests that compare kb with Jekyll
(``tests/jekyll``) follow."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

CONF = '''extensions = ["sphinx_kb"]
html_theme = "furo"
kb_posts = ["posts/**"]
'''
INDEX = "# {title}\n\n```{{kb-recent}}\n```\n\n```{{toctree}}\n:hidden:\n_tags/tagsindex\n_kb/categories/index\n" \
        "_kb/authors/index\n_kb/archive/index\n_kb/glossary/index\n```\n"


@dataclass(frozen=True)
class ImportedSite:
    root: Path  # the kb project (conf.py)
    imported: subprocess.CompletedProcess  # kb import's run
    built: subprocess.CompletedProcess  # sphinx-build's run
    conf_lines: tuple[str, ...]  # what kb import said to add to conf.py

    @property
    def html(self) -> Path:
        return self.root / "_build" / "html"


def run(*command: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(list(command), cwd=cwd, capture_output=True, text=True, timeout=600, check=False)


def printed_conf_lines(stdout: str) -> list[str]:
    """The lines under ``add to conf.py:`` in kb import's report."""
    lines, inside = [], False
    for line in stdout.splitlines():
        if line == "add to conf.py:":
            inside = True
        elif inside and line.startswith("  "):
            lines.append(line[2:])
        else:
            inside = False
    return lines


def import_and_build(jekyll_site: Path, dest: Path, title: str = "Imported blog") -> ImportedSite:
    """``kb import jekyll_site`` into a new kb project ``dest``, conf.py completed as the
    import says, built into ``dest/_build/html``. Asserts the import brought every
    file (exit 0); the build's outcome is the caller's to check."""
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "conf.py").write_text(CONF, encoding="utf-8")
    (dest / "index.md").write_text(INDEX.format(title=title), encoding="utf-8")
    imported = run(sys.executable, "-m", "sphinx_kb", "import", str(jekyll_site), cwd=dest)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    lines = printed_conf_lines(imported.stdout)
    assert lines, imported.stdout
    with (dest / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("\n".join(lines) + "\n")
    built = run(sys.executable, "-m", "sphinx", "-b", "html", ".", "_build/html", cwd=dest)
    return ImportedSite(dest, imported, built, tuple(lines))


def redirect_target(html: Path, old_url: str) -> Path:
    """Where kb's redirect page at ``old_url`` (a path on the site, percent-encoded as
    Jekyll writes it) leads: the file its refresh, canonical link and plain link name."""
    from bs4 import BeautifulSoup

    path = unquote(old_url).lstrip("/")
    if not path or path.endswith("/"):
        path += "index.html"
    elif not Path(path).suffix:
        path += ".html"
    file = html / path
    assert file.is_file(), f"no redirect page at {old_url}"
    soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})
    assert refresh is not None, f"{old_url}: not a redirect page"
    href = refresh["content"].split("url=", 1)[1]
    assert soup.find("link", rel="canonical")["href"] == href and soup.find("a")["href"] == href
    assert not soup.find("script")
    return (file.parent / unquote(href.split("#")[0])).resolve()


def kb_categories(html: Path) -> dict[str, set[Path]]:
    """kb's category pages, as a reader goes through them: each category's name (its
    page's title) -> the post pages listed there, every page of the listing included
    (``release.html``, ``release/2.html``…)."""
    from bs4 import BeautifulSoup

    found: dict[str, set[Path]] = {}
    for page in (html / "_kb" / "categories").rglob("*.html"):
        article = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find("article")
        title = re.sub(r" \(page \d+ of \d+\)$", "", article.find("h1").get_text().rstrip("¶"))
        if title.startswith("Category: "):
            links = {(page.parent / unquote(a["href"].split("#")[0])).resolve() for a in article.find_all("a", href=True)}
            found.setdefault(title[len("Category: "):], set()).update(
                link for link in links if (html / "posts").resolve() in link.parents)
    return found


def kb_post_page(html: Path, jekyll_path: str) -> Path:
    """kb's page of the post at ``jekyll_path`` in the Jekyll site, as ``kb import`` lays
    posts out in ``posts/``: ``_posts/x.md`` -> ``posts/x.html``, ``blog/_posts/x.md`` ->
    ``posts/blog/_posts/x.html`` (the folder above ``_posts`` is a category)."""
    relative = jekyll_path[len("_posts/"):] if jekyll_path.startswith("_posts/") else jekyll_path
    return (html / "posts" / relative).with_suffix(".html").resolve()
