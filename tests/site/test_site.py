"""The real site: Read the Docs' own command line builds it, with no warning,
reading nothing but the site's content."""

from __future__ import annotations

import pickle
import re
import shutil
import subprocess
import sys

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import REPO

_TOOLING = shutil.ignore_patterns(".venv", ".nox", "_build", ".git", "__pycache__", ".pytest_cache", "*.egg-info", "build")
GENERATED = {"tags", "categories", "authors", "archive", "glossary"}  # kb's pages, under docs/


def IGNORE(folder: str, names: list[str]) -> set[str]:
    """What a fresh checkout would not have: tooling, and the pages kb generated in docs/."""
    ignored = set(_TOOLING(folder, names))
    if folder == str(REPO / "docs"):
        ignored |= GENERATED & set(names)
    return ignored


@pytest.fixture(scope="module")
def rtd_build(tmp_path_factory):
    """A copy of the repository built exactly as Read the Docs builds it."""
    checkout = tmp_path_factory.mktemp("rtd") / "kb"
    shutil.copytree(REPO, checkout, ignore=IGNORE)
    out = checkout.parent / "out"
    command = [sys.executable, "-m", "sphinx", "-T", "-b", "html", "-d", "_build/doctrees", "-D", "language=en", ".", str(out)]
    result = subprocess.run(command, cwd=checkout, capture_output=True, text=True, timeout=600)
    return checkout, out, result


def test_readthedocs_config_points_at_this_site():
    config = yaml.safe_load((REPO / ".readthedocs.yaml").read_text())
    assert config["version"] == 2
    assert (REPO / config["sphinx"]["configuration"]).resolve() == (REPO / "conf.py").resolve()
    assert {"method": "pip", "path": "."} in config["python"]["install"]


def test_readthedocs_command_builds_the_site_without_warnings(rtd_build):
    _, out, result = rtd_build
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr and "ERROR" not in result.stderr, result.stderr
    home = BeautifulSoup((out / "index.html").read_text(), "html.parser")
    assert home.find("h1").get_text().startswith("kb: a knowledge base")
    assert home.select(".kb-listing-title a"), "the home page lists recent posts"


def test_sphinx_reads_only_the_site_content(rtd_build):
    checkout, out, _ = rtd_build
    with open(checkout / "_build" / "doctrees" / "environment.pickle", "rb") as handle:
        env = pickle.load(handle)
    read = sorted(env.all_docs)
    assert "index" in read
    outside = [d for d in read if d != "index" and not d.startswith("docs/")]
    assert outside == []
    assert "docs/posts/2025-05-14-generative-ai-personalized-medicine" in read
    assert not (out / "README.html").exists() and not (out / "tests").exists()


def test_the_sites_dois_wait_for_make_linkcheck_offline(rtd_build):
    """The sample site's DOIs are recognised, and without a make linkcheck run (no
    network) they are not yet checked: no reference, no warning, nothing broken, and no
    "not yet checked" badge (an author's to-do; readers' view)."""
    checkout, out, result = rtd_build
    with open(checkout / "_build" / "doctrees" / "environment.pickle", "rb") as handle:
        env = pickle.load(handle)
    sources = env.domaindata["kb"]["sources"]
    dois = sorted(source.doi for found in sources.values() for source in found if source.doi)
    assert "10.1038/s41586-021-03819-2" in dois and "10.1021/acscentsci.7b00572" in dois and len(dois) == 9
    page = BeautifulSoup((out / "docs" / "posts" / "2025-06-02-generative-models-for-molecule-design.html").read_text(),
                         "html.parser")
    article = page.find("article")
    assert len(article.select('a[href^="https://doi.org/"]')) == 3
    assert article.select(".kb-source-status") == [] and "not yet checked" not in article.get_text()
    sources = BeautifulSoup((out / "docs" / "sources.html").read_text(), "html.parser").find("article").get_text(" ")
    assert "No link has been checked yet." in sources
    assert not re.search(r"not yet checked|\(line \d+\)|make linkcheck|Review queue", sources)
    assert article.select(".kb-reference") == [] and article.select_one(".kb-cite") is not None
    assert (out / "docs" / "posts" / "2025-06-02-generative-models-for-molecule-design.bib").is_file()
