"""A kb site made from a Jekyll site as a user makes it: ``kb import`` in an empty
folder, then ``sphinx-build`` (each a subprocess), with no step between: the import
makes the site (``kb init``) and writes its block of conf.py.

``import_and_build`` is the one place the tests do this, so that the tests comparing kb
with Jekyll (``tests/jekyll``) all move a blog in exactly as a user does."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote


@dataclass(frozen=True)
class ImportedSite:
    root: Path  # the kb project (conf.py)
    imported: subprocess.CompletedProcess  # kb import's run
    built: subprocess.CompletedProcess  # sphinx-build's run

    @property
    def html(self) -> Path:
        return self.root / "_build" / "html"


def run(*command: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(list(command), cwd=cwd, capture_output=True, text=True, timeout=600, check=False)


def import_and_build(jekyll_site: Path, dest: Path) -> ImportedSite:
    """``kb import jekyll_site`` into the empty folder ``dest``, then built into
    ``dest/_build/html`` with nothing done by hand between. Asserts the import brought
    every file (exit 0) and made the site; the build's outcome is the caller's to check."""
    dest.mkdir(parents=True, exist_ok=True)
    assert not any(dest.iterdir()), f"{dest} is not empty"
    imported = run(sys.executable, "-m", "sphinx_kb", "import", str(jekyll_site), cwd=dest)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert (dest / "conf.py").is_file() and (dest / "index.md").is_file(), imported.stdout
    built = run(sys.executable, "-m", "sphinx", "-b", "html", ".", "_build/html", cwd=dest)
    return ImportedSite(dest, imported, built)


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
    assert soup.find("a")["href"] == href and not soup.find("script")
    target = (file.parent / unquote(href.split("#")[0])).resolve()
    canonical = soup.find("link", rel="canonical")["href"]
    if canonical.startswith(("https://", "http://")):  # the site has an address (html_baseurl)
        assert unquote(canonical.split("#")[0]).endswith("/" + target.relative_to(html.resolve()).as_posix())
    else:
        assert canonical == href
    return target


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
