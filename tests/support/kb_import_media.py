"""One step for the media tests: a Jekyll site moved into a kb site of the user's (its
own conf.py, with its own address) as a user would: ``kb import``, which writes its
block of conf.py; nothing is done by hand."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CONF = 'extensions = ["sphinx_kb"]\nhtml_theme = "furo"\nkb_posts = ["posts/**"]\nproject = "Media"\nhtml_baseurl = "https://kb.example.org/"\n'
INDEX = "# Home\n\n```{kb-recent}\n```\n"


def run(*command: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(list(command), cwd=cwd, capture_output=True, text=True, timeout=600, check=False)


def import_jekyll_site(jekyll: Path, site: Path, conf: str = CONF) -> subprocess.CompletedProcess:
    """A kb site in ``site`` (conf.py, index.md) with the Jekyll site ``jekyll`` imported
    and conf.py configured; ``kb import``'s result (its exit code is the caller's to check)."""
    site.mkdir(parents=True, exist_ok=True)
    (site / "conf.py").write_text(conf, encoding="utf-8")
    (site / "index.md").write_text(INDEX, encoding="utf-8")
    return run(sys.executable, "-m", "sphinx_kb", "import", str(jekyll), cwd=site)


def sphinx_build(site: Path, *options: str) -> subprocess.CompletedProcess:
    """``sphinx-build -b html`` of ``site`` into ``site/_build/html``."""
    return run(sys.executable, "-m", "sphinx", "-b", "html", *options, ".", "_build/html", cwd=site)
