"""`make linkcheck` runs for the tests: sites in private folders, a run as a subprocess,
its report read back; every service kb talks to is a local server on 127.0.0.1.

Every run is a subprocess with a generous timeout: whatever a server does (hang, loop,
rate-limit forever), a run must end. The sites live in private temporary folders (mode
0700): linkchecker started as root must still read them and its AnchorCheck plugin.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

from pytest_httpserver import HTTPServer

RUN_TIMEOUT = 120  # seconds; far above what any run takes

CONF = '''extensions = ["sphinx_kb"{extensions}]
html_theme = "furo"
linkcheck_timeout = 1
linkcheck_rate_limit_timeout = 2.0
linkcheck_allowed_redirects = {{r"http://127\\.0\\.0\\.1:\\d+/chain/allowed$": r"http://127\\.0\\.0\\.1:\\d+/final$"}}
kb_known_placeholders = {known!r}
# the services of the research step: local stand-ins, never the internet
kb_doi_resolver = "{base}/doi"
kb_crossref_api = "{base}/crossref"
kb_wayback_api = "{base}/wayback"
kb_wayback_save_api = "{base}/wayback-save"
kb_research_mailto = "kb-tests@example.org"
{extra}
'''


def private_folder():
    """A temporary folder only its owner can read (see the module docstring), removed afterwards."""
    path = Path(tempfile.mkdtemp(prefix="kb-linkcheck-"))
    assert path.stat().st_mode & 0o077 == 0
    yield path
    shutil.rmtree(path, ignore_errors=True)


def requests_to(server: HTTPServer, path: str) -> int:
    return sum(1 for request, _ in list(server.log) if request.path == path)


def no_snapshots(server: HTTPServer, base: str = "/r") -> str:
    """The Wayback Machine's availability API with no snapshot of anything; the base URL."""
    server.expect_request(f"{base}/wayback/wayback/available").respond_with_json({"archived_snapshots": {}})
    return server.url_for(base)


def post(title: str, *paragraphs: str, date: str = "2025-04-01") -> str:
    return f"---\ntitle: {title}\ndate: {date}\n---\n\n" + "\n\n".join(paragraphs) + "\n"


def make_site(folder: Path, posts: dict[str, str], base: str, known: list[dict] | None = None,
              pages: dict[str, str] | None = None, extra: str = "", extensions: tuple[str, ...] = ()) -> Path:
    """A site whose research services are at ``base`` (see ``CONF``), with a sources report page."""
    (folder / "posts").mkdir(parents=True, exist_ok=True)
    names = "".join(f", {name!r}" for name in extensions)
    (folder / "conf.py").write_text(CONF.format(known=known or [], base=base, extra=extra, extensions=names),
                                    encoding="utf-8")
    (folder / "index.md").write_text("# Site\n\n```{kb-recent}\n```\n\n```{toctree}\n:hidden:\n\nsources\n```\n",
                                     encoding="utf-8")
    (folder / "sources.md").write_text("# Sources\n\n```{kb-sources-report}\n```\n", encoding="utf-8")
    for name, text in {**posts, **(pages or {})}.items():
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
    return folder


class Run:
    def __init__(self, site: Path, done: subprocess.CompletedProcess):
        self.code = done.returncode
        self.output = done.stdout + done.stderr
        report = site / "_build" / "linkcheck" / "kb-sources.json"
        self.report = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}

    def rows(self, url: str) -> list[dict]:
        return [row for row in self.report["citations"] if row["url"] == url]

    def status(self, url: str) -> str:
        (status,) = {row["status"] for row in self.rows(url)}
        return status

    def info(self, url: str) -> str:
        return self.rows(url)[0]["info"]


def run(site: Path, probe: str, *options: str) -> Run:
    command = [sys.executable, "-m", "sphinx_kb", "linkcheck", "--srcdir", str(site),
               "--builddir", str(site / "_build"), "--probe-url", probe, *options]
    done = subprocess.run(command, cwd=site, capture_output=True, text=True, timeout=RUN_TIMEOUT, check=False)
    return Run(site, done)


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"
