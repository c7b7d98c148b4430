"""A hostile HTTP server on 127.0.0.1 for the linkcheck attacks (issue 18, item 7).

Standard library only: pytest-httpserver (werkzeug) cannot send a body that never
ends. Each request gets a thread of its own (daemon threads, so a client that stays
connected never keeps the test from ending), and ``stop()`` ends every body at once.

    /probe     200, a few bytes: the network probe
    /ok, /ok2  200, a page holding the anchor ``part``
    /stream    200, HTML that never ends (16 kB chunks), without the anchor
    /trickle   200, one byte every 0.2 s, forever: each read is well within any timeout
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

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

    def do_HEAD(self) -> None:
        self.server.requests[("HEAD", self.path)] += 1
        self._headers(len(PAGE) if self.path in ("/probe", "/ok", "/ok2") else None)

    def do_GET(self) -> None:
        path = self.path.split("#")[0]
        self.server.requests[("GET", path)] += 1
        try:
            if path in ("/probe", "/ok", "/ok2"):
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
