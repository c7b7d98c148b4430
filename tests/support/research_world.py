"""Local stand-ins for doi.org, api.crossref.org and the Wayback Machine, on one
pytest-httpserver (127.0.0.1), for `make linkcheck` runs (``support.linkcheck``).

Under ``<prefix>`` (the base URL the site's ``kb_*`` values point at):

``/doi/<doi>``                 the resolver: CSL-JSON to ``Accept: application/vnd.citationstyles
                               .csl+json``; anything else is redirected to ``/landing/<doi>``
                               (a publisher's page, 200). A DOI not in the world answers 404,
                               except one whose landing page answers 200 anyway (``landing_only``).
``/crossref/works/<doi>``      a Crossref work record (``message`` with ``updated-by``), or 404
``/wayback/wayback/available`` the availability API: a snapshot for the URLs in ``snapshots``
``/wayback-save/save/<url>``   a capture, its address in ``Content-Location``

``busy`` DOIs answer the first metadata request with 429 and ``Retry-After: 1``; ``slow``
ones take 3 seconds (more than the sites' ``linkcheck_timeout = 1``). Every request
is counted by kind and key (``World.asked``), with its headers kept for the checks of
politeness (mailto).
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Request, Response

DATA = Path(__file__).resolve().parent.parent / "data"
CSL = "application/vnd.citationstyles.csl+json"
ALPHAFOLD = "10.1038/s41586-021-03819-2"
GOMEZ = "10.1021/acscentsci.7b00572"


def paper(name: str) -> dict:
    """The hand-written record of a real paper (tests/data), as doi.org answers it."""
    return json.loads((DATA / f"{name}.csl.json").read_text(encoding="utf-8"))


def invented(doi: str, title: str, year: int = 2024) -> dict:
    """A record under Crossref's test prefix 10.5555: no real work is said to be retracted."""
    return {"type": "article-journal", "DOI": doi, "title": title, "container-title": "Journal of Tests",
            "author": [{"family": "Tester", "given": "Ada"}], "issued": {"date-parts": [[year, 3, 1]]},
            "volume": "1", "page": "1-10"}


def notice(kind: str, label: str, doi: str, date: tuple[int, ...], source: str = "publisher") -> dict:
    return {"type": kind, "label": label, "DOI": doi, "source": source, "updated": {"date-parts": [list(date)]}}


@dataclass
class World:
    server: HTTPServer
    prefix: str
    metadata: dict[str, dict] = field(default_factory=dict)  # bare DOI -> CSL-JSON
    updates: dict[str, list[dict]] = field(default_factory=dict)  # bare DOI -> updated-by entries
    snapshots: dict[str, str] = field(default_factory=dict)  # URL -> Wayback timestamp
    busy: set[str] = field(default_factory=set)
    slow: set[str] = field(default_factory=set)
    landing_only: set[str] = field(default_factory=set)  # no such DOI, but the resolver's page answers 200
    asked: Counter = field(default_factory=Counter)  # (kind, key) -> requests
    headers: list[tuple[str, dict, dict]] = field(default_factory=list)  # (kind, headers, query)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base(self) -> str:
        return self.server.url_for(self.prefix)

    def _note(self, kind: str, key: str, request: Request) -> int:
        with self.lock:
            self.asked[(kind, key)] += 1
            self.headers.append((kind, dict(request.headers), dict(request.args)))
            return self.asked[(kind, key)]

    def resolver(self, request: Request) -> Response:
        doi = unquote(request.path.split("/doi/", 1)[1]).lower()
        if CSL not in request.headers.get("Accept", ""):
            self._note("landing", doi, request)
            if doi in self.metadata or doi in self.landing_only:
                return Response("", status=302, headers={"Location": self.server.url_for(f"{self.prefix}/landing/{doi}")})
            return Response("DOI not found", status=404)
        count = self._note("metadata", doi, request)
        if doi in self.busy and count == 1:
            return Response("slow down", status=429, headers={"Retry-After": "1"})
        if doi in self.slow:
            time.sleep(3)
        if doi not in self.metadata:
            return Response("DOI not found", status=404)
        return Response(json.dumps(self.metadata[doi]), content_type=CSL)

    def crossref(self, request: Request) -> Response:
        doi = unquote(request.path.split("/works/", 1)[1]).lower()
        self._note("updates", doi, request)
        if doi not in self.metadata:
            return Response(json.dumps({"status": "error", "message": "Resource not found."}), status=404)
        work = {"DOI": doi, "title": [self.metadata[doi].get("title", "")]}
        if doi in self.updates:
            work["updated-by"] = self.updates[doi]
        return Response(json.dumps({"status": "ok", "message-type": "work", "message": work}),
                        content_type="application/json", headers={"x-rate-limit-limit": "50",
                                                                   "x-rate-limit-interval": "1s"})

    def available(self, request: Request) -> Response:
        url = request.args.get("url", "")
        self._note("archive", url, request)
        stamp = self.snapshots.get(url)
        if not stamp:
            return Response(json.dumps({"url": url, "archived_snapshots": {}}), content_type="application/json")
        closest = {"status": "200", "available": True, "timestamp": stamp,
                   "url": f"http://web.archive.org/web/{stamp}/{url}"}
        return Response(json.dumps({"url": url, "archived_snapshots": {"closest": closest}}),
                        content_type="application/json")

    def save(self, request: Request) -> Response:
        url = request.full_path.split("/save/", 1)[1].rstrip("?")
        self._note("save", url, request)
        return Response("saved", headers={"Content-Location": f"/web/20260101000000/{url}"})

    def landing(self, request: Request) -> Response:
        return Response("<html><body><h1>The article</h1></body></html>", content_type="text/html")


def start_world(server: HTTPServer, prefix: str = "/w") -> World:
    import re

    world = World(server, prefix)
    p = re.escape(prefix)
    server.expect_request(re.compile(p + r"/doi/.+")).respond_with_handler(world.resolver)
    server.expect_request(re.compile(p + r"/crossref/works/.+")).respond_with_handler(world.crossref)
    server.expect_request(f"{prefix}/wayback/wayback/available").respond_with_handler(world.available)
    server.expect_request(re.compile(p + r"/wayback-save/save/.+")).respond_with_handler(world.save)
    server.expect_request(re.compile(p + r"/landing/.+")).respond_with_handler(world.landing)
    server.expect_request(f"{prefix}/probe").respond_with_data("up")
    return world
