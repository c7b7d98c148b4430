"""What a reader sees, in a real browser (Debian's chromium, headless)."""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import tempfile
import threading

import pytest
from bs4 import BeautifulSoup

from conftest import build, copy_root

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make test installs it as root)")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    srcdir = copy_root("blog", tmp_path_factory.mktemp("browser"))
    app, _ = build(srcdir, freshenv=True)
    handler = functools.partial(QuietHandler, directory=str(app.outdir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def chromium(*args: str) -> str:
    with tempfile.TemporaryDirectory() as profile:
        command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                   "--disable-background-networking", "--disable-component-update", "--disable-sync",
                   f"--user-data-dir={profile}", *args]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def rendered(url: str) -> BeautifulSoup:
    """The page's DOM after its scripts ran."""
    return BeautifulSoup(chromium("--virtual-time-budget=8000", "--dump-dom", url), "html.parser")


def test_a_reader_sees_the_post_title_byline_and_chips(served):
    page = rendered(f"{served}/posts/2025-01-10-alpha.html")
    article = page.find("article")
    assert article.find("h1").get_text().rstrip("¶") == "Alpha post"
    assert "10 January 2025" in article.select_one(".kb-byline").get_text()
    assert [a.get_text() for a in article.select(".kb-chips-tag a")] == ["Machine Learning", "Genomics"]


def test_search_finds_a_glossary_entry_and_a_tag_page(served):
    page = rendered(f"{served}/search.html?q=genomics")
    results = [a.get("href", "") for a in page.select("#search-results a")]
    assert any("_kb/glossary/index.html" in href for href in results), results
    assert any("_tags/genomics.html" in href for href in results), results


def test_a_screenshot_of_the_glossary_is_not_blank(served, tmp_path):
    shot = tmp_path / "glossary.png"
    chromium("--window-size=1200,900", f"--screenshot={shot}", f"{served}/_kb/glossary/index.html")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000  # a rendered page, not an empty canvas
