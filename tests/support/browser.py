"""A real browser for the tests: Debian's chromium, headless, against pages served on
127.0.0.1 by a server the test starts and stops. ``chromium()`` runs the browser's own
command line; ``playwright_chromium()`` drives it with Playwright's Python API (clicks,
the DOM, screenshots), on Debian's binary: Playwright downloads no browser.

Without chromium (or Playwright) a browser test fails under ``CI=true`` (``make test``
installs chromium as root); elsewhere it is skipped, saying why."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from bs4 import BeautifulSoup

from support.tools import unavailable

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
#: the flags this machine's closed network needs (no background connections)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def require_chromium() -> str:
    if CHROMIUM is None:
        unavailable("chromium is not installed: the browser tests cannot run (make test installs it as root)",
                    "chromium is not installed (make test installs it as root)")
    return CHROMIUM


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    #: the site's path on the server ("/notes/"), and the page answering a missing one
    prefix = "/"
    not_found: str | None = None

    def log_message(self, *args):
        pass

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / ".not-under-the-sites-prefix")
        return super().translate_path("/" + path[len(self.prefix):])

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / self.not_found if self.not_found else None
        if code != 404 or page is None or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def served(folder: Path, prefix: str = "/", not_found: str | None = None) -> Iterator[str]:
    """``folder`` served on 127.0.0.1 for the block, at ``prefix`` (``/notes/``), a missing
    page answered with ``not_found`` (``404.html``, status 404) when given; yields the
    site's base URL (ending in ``prefix`` without its last slash)."""
    handler = functools.partial(type("Handler", (QuietHandler,), {"prefix": prefix, "not_found": not_found}),
                                directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix.rstrip('/')}"
    finally:
        server.shutdown()
        server.server_close()


def chromium(*args: str) -> str:
    browser = require_chromium()
    with tempfile.TemporaryDirectory() as profile:
        command = [browser, *FLAGS, f"--user-data-dir={profile}", *args]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def rendered(url: str) -> BeautifulSoup:
    """The page's DOM after its scripts ran (and any redirect was followed)."""
    return BeautifulSoup(chromium("--virtual-time-budget=8000", "--dump-dom", url), "html.parser")


@contextlib.contextmanager
def playwright_chromium():
    """Debian's chromium, headless, driven by Playwright (``executable_path``; no
    browser of Playwright's own). Yields the ``Browser``."""
    executable = require_chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed: the browser tests cannot run (it is in the test extra)",
                    "playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True,
                                             args=[flag for flag in FLAGS if flag != "--headless"])
        try:
            yield browser
        finally:
            browser.close()
