"""Sphinx's link checker, with bounds a hostile or slow server cannot stretch.

* **Waiting for a host that answers 429**: Sphinx honours ``Retry-After`` as long as
  the server asks, again and again; kb waits for one host no longer than
  ``linkcheck_rate_limit_timeout`` in all, then reports it broken.
* **Reading a body**: ``linkcheck_timeout`` bounds each read, not the request, so a
  body that streams forever, or trickles a byte at a time, kept a check with an
  ``#anchor`` going for ever (25 minutes at 99% CPU, seen). kb reads the body as it
  arrives (urllib3's ``read1``: a trickle cannot hold a read open), gives up
  ``TIME_FACTOR`` times ``linkcheck_timeout`` after the headers came or past
  ``MAX_BODY`` bytes, and either is reported as a timeout (broken).

Both rely on the workers' internals (``_compat.linkcheck_workers_replaceable``);
without them Sphinx's own checker is used, unbounded.
"""

from __future__ import annotations

import codecs
import contextlib
import time
from urllib.parse import urlsplit

from requests.exceptions import ReadTimeout
from sphinx.builders.linkcheck import HyperlinkAvailabilityChecker, HyperlinkAvailabilityCheckWorker

__all__ = ["BoundedChecker", "MAX_BODY", "TIME_FACTOR"]

TIME_FACTOR = 4
MAX_BODY = 10 * 2**20
CHUNK = 64 * 1024


def _pieces(response, deadline: float, max_body: int, limit: float):
    """The body as text, piece by piece as it arrives (never waiting to fill a chunk,
    which a server sending a byte at a time would make last for ever), until the
    deadline or ``max_body`` bytes."""
    raw = response.raw
    decoder = codecs.getincrementaldecoder(response.encoding or "utf-8")(errors="replace")
    read = 0
    while True:
        if time.monotonic() > deadline:
            raise ReadTimeout(f"the body was not read within {limit:g} s")
        piece = raw.read1(CHUNK, decode_content=True) if hasattr(raw, "read1") else raw.read(CHUNK, decode_content=True)
        if not piece:
            break
        read += len(piece)
        if read > max_body:
            raise ReadTimeout(f"the body is larger than {max_body // 2**20} MB; not read further")
        yield decoder.decode(piece)
    yield decoder.decode(b"", final=True)


def _bounded(method, limit: float, max_body: int):
    """``method`` (a session's ``get``/``head``) whose response body is read within
    ``limit`` seconds of its headers and up to ``max_body`` bytes."""

    @contextlib.contextmanager
    def call(*args, **kwargs):
        with method(*args, **kwargs) as response:
            deadline = time.monotonic() + limit

            def iter_content(chunk_size=1, decode_unicode=False):
                return _pieces(response, deadline, max_body, limit)

            response.iter_content = iter_content
            yield response

    return call


class _BoundedWorker(HyperlinkAvailabilityCheckWorker):
    waited: dict[str, float]

    def _retrieval_methods(self, check_anchors: bool, anchor: str):
        limit = TIME_FACTOR * float(self.timeout or 30)
        for method, kwargs in super()._retrieval_methods(check_anchors, anchor):
            yield _bounded(method, limit, MAX_BODY), kwargs

    def limit_rate(self, response_url: str, retry_after: str | None) -> float | None:
        next_check = super().limit_rate(response_url, retry_after)
        if next_check is None:
            return None
        host = urlsplit(response_url).netloc
        self.waited[host] = self.waited.get(host, 0.0) + max(0.0, next_check - time.time())
        if self.waited[host] > self.rate_limit_timeout:
            self.rate_limits.pop(host, None)
            return None  # reported as broken: "429 Too Many Requests"
        return next_check


class BoundedChecker(HyperlinkAvailabilityChecker):
    def invoke_threads(self) -> None:
        waited: dict[str, float] = {}
        for _ in range(self.num_workers):
            worker = _BoundedWorker(self.config, self.rqueue, self.wqueue, self.rate_limits)
            worker.waited = waited
            worker.start()
            self.workers.append(worker)
