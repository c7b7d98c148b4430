"""A hostile HTTP server on 127.0.0.1 for the linkcheck attacks (issue 18, item 7).

Standard library only: pytest-httpserver (werkzeug) cannot send a body that never
ends. Each request gets a thread of its own (daemon threads, so a client that stays
connected never keeps the test from ending), and ``stop()`` ends every body at once.

    /probe     200, a few bytes: the network probe
    /ok, /ok2  200, a page holding the anchor ``part``
    /stream    200, HTML that never ends (16 kB chunks), without the anchor
    /trickle   200, one byte every 0.2 s, forever: each read is well within any timeout
    /slow      200, the page, after ``slow_delay`` seconds (HEAD too): a check held open
    /wayback/available  the Wayback Machine's availability API (the server's URL is a
               ``kb_wayback_api``): "no snapshot", after ``archive_delay`` seconds

A query string is ignored (``/ok?n=1`` is ``/ok``: as many URLs as a test needs). The
times (``time.monotonic()``) at which ``/slow`` and ``/wayback/available`` were asked
are kept in ``asked_at``, with the ``url`` parameter of the latter.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

PAGE = b'<!DOCTYPE html><html><body><h2 id="part">Part</h2></body></html>'
CHUNK = b"<p>" + b"filler " * 2340 + b"</p>\n"  # about 16 kB


class _Handler(BaseHTTPRequestHandler):
    server: HostileServer

    def log_message(self, format, *args) -> None:  # quiet: the test reports what matters
        pass

    def _headers(self, length: int | None = None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.end_headers()

    def _path(self) -> str:
        parts = urlsplit(self.path)
        if parts.path in ("/slow", "/wayback/available"):
            self.server.asked_at.append((parts.path, parse_qs(parts.query).get("url", [""])[0], time.monotonic()))
        return parts.path

    def _wait(self, seconds: float) -> None:
        self.server.stopping.wait(seconds)

    def do_HEAD(self) -> None:
        path = self._path()
        self.server.requests[("HEAD", path)] += 1
        if path == "/slow":
            self._wait(self.server.slow_delay)
        self._headers(len(PAGE) if path in ("/probe", "/ok", "/ok2", "/slow") else None)

    def do_GET(self) -> None:
        path = self._path()
        self.server.requests[("GET", path)] += 1
        try:
            if path == "/slow":
                self._wait(self.server.slow_delay)
            if path == "/wayback/available":
                self._wait(self.server.archive_delay)
                body = json.dumps({"archived_snapshots": {}}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            elif path in ("/probe", "/ok", "/ok2", "/slow"):
                self._headers(len(PAGE))
                self.wfile.write(PAGE)
            elif path == "/stream":
                self._headers()
                while not self.server.stopping.is_set():
                    self.wfile.write(CHUNK)
                    time.sleep(0.002)  # some 8 MB/s: endless, yet gentle on a shared machine
            elif path == "/trickle":
                self._headers()
                while not self.server.stopping.is_set():
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.2)
            else:
                self.send_error(404)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up: what a bounded client does
        self.close_connection = True


class HostileServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: Counter[tuple[str, str]] = Counter()
        self.slow_delay = self.archive_delay = 0.0
        self.asked_at: list[tuple[str, str, float]] = []  # (path, url parameter, time.monotonic())
        self.stopping = threading.Event()
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"

    def start(self) -> HostileServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.shutdown()
        self.server_close()
