"""HTTP for the research checks: polite, bounded, and never raising.

Every request of kb's research clients goes through ``Fetcher.get``, which

- identifies kb (``User-Agent: sphinx-kb/<version> (mailto:<address>)``), as Crossref's
  REST API etiquette asks ("identify your client with a mailto"), so a problem can be
  reported to a person instead of the client being blocked;
- paces requests to each host by its ``x-rate-limit-limit`` / ``x-rate-limit-interval``
  headers (Crossref sends e.g. ``50`` and ``1s``: at most 50 requests a second);
- honours 429 with ``Retry-After`` (seconds or an HTTP date), but waits for one host no
  longer than ``max_wait`` seconds in all, as the kb-linkcheck builder does: past that the
  answer is ``rate-limited``, never a wait without end;
- bounds each request: ``connect_timeout`` to connect, then ``timeout`` seconds from the
  request's start for headers and body together, and ``max_bytes`` of body. A server that
  trickles or streams without end is cut off at the deadline or the size cap. (The check
  runs after each chunk; a chunk that never comes ends at the read timeout, so the worst
  case is about ``connect_timeout + 2 * timeout``.) Pieces are read as they arrive.

A fetcher may have a ``deadline`` (a ``clock()`` time; ``kb_archive_timeout`` gives the
Wayback Machine's one): past it no request is sent, and every timeout and 429 wait is
cut to the time left, so a run of requests ends by then (an answer cut off is ``error``,
"time limit").

The answer is a ``Fetched`` with a status (see ``cache``): ``ok`` for a 2xx answer read
in full, ``missing`` for a 404/410, ``error``, ``rate-limited`` or ``offline`` (no
connection: DNS, refused, unreachable) and a message; exceptions never reach the caller.
"""

from __future__ import annotations

import email.utils
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from urllib.parse import urlsplit

import requests
import urllib3

from .cache import ERROR, MISSING, OFFLINE, OK, RATE_LIMITED

#: the reason given for a request the fetcher's deadline cut short or never sent
TIME_LIMIT = "no answer within the time limit"


def _version() -> str:
    try:
        return metadata.version("sphinx-kb")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a checkout
        return "0"


@dataclass(frozen=True)
class HttpSettings:
    mailto: str = ""  # kb_research_mailto: who to write to about kb's requests
    timeout: float = 15.0  # seconds per request, headers and body
    connect_timeout: float = 10.0
    max_bytes: int = 5_000_000  # a work's record with its reference list is well under 1 MB
    max_wait: float = 60.0  # seconds of 429 waiting per host, in all
    max_retries: int = 3  # 429s answered with a wait, per request
    default_retry_after: float = 5.0  # a 429 without Retry-After

    @property
    def user_agent(self) -> str:
        contact = f" (mailto:{self.mailto})" if self.mailto else ""
        return f"sphinx-kb/{_version()}{contact}"


@dataclass(frozen=True)
class Fetched:
    status: str  # ok | missing | error | rate-limited | offline
    code: int = 0  # the HTTP status code, 0 without an answer
    info: str = ""
    url: str = ""  # the final URL, after redirects
    redirected: bool = False  # whether the answer came after a redirect
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""


def retry_after(value: str | None, now: float, default: float) -> float:
    """Seconds to wait from ``Retry-After``: a number or an HTTP date; ``default`` if unreadable."""
    if not value:
        return default
    value = value.strip()
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    return max(0.0, moment.timestamp() - now)


def _interval(headers: Mapping[str, str]) -> float:
    """Seconds between requests that ``x-rate-limit-limit``/``-interval`` allow; 0 if not said."""
    try:
        limit = int(headers.get("x-rate-limit-limit", "0"))
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*", headers.get("x-rate-limit-interval", ""))
    except ValueError:
        return 0.0
    if limit <= 0 or not match:
        return 0.0
    seconds = float(match.group(1)) * {"ms": 0.001, "s": 1, "m": 60, None: 1}[match.group(2)]
    return seconds / limit


class Fetcher:
    """One session for all research requests; ``sleep`` and ``clock`` can be replaced in tests."""

    def __init__(self, settings: HttpSettings | None = None, session: requests.Session | None = None,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings or HttpSettings()
        self.session = session or requests.Session()
        self.session.max_redirects = 10
        self.sleep, self.clock = sleep, clock
        self.waited: dict[str, float] = {}  # host -> seconds waited for 429s
        self.spacing: dict[str, float] = {}  # host -> seconds between requests
        self.last: dict[str, float] = {}  # host -> clock() of the last request
        self.requests = 0  # requests sent, for reports and tests
        self.deadline: float | None = None  # clock() time past which nothing is asked (see the module)

    def time_left(self) -> float:
        return float("inf") if self.deadline is None else self.deadline - self.clock()

    def get(self, url: str, *, headers: Mapping[str, str] | None = None, params: Mapping[str, str] | None = None,
            allow_redirects: bool = True, read_body: bool = True) -> Fetched:
        try:
            return self._get(url, dict(headers or {}), params, allow_redirects, read_body)
        except Exception as error:  # noqa: BLE001 - the contract: never raise to the caller
            return Fetched(ERROR, info=f"{type(error).__name__}: {error}", url=url)

    def _get(self, url: str, headers: dict[str, str], params: Mapping[str, str] | None,
             allow_redirects: bool, read_body: bool) -> Fetched:
        settings = self.settings
        host = urlsplit(url).netloc
        headers.setdefault("User-Agent", settings.user_agent)
        for attempt in range(settings.max_retries + 1):
            self._pace(host)
            start, left = self.clock(), self.time_left()
            if left <= 0:
                return Fetched(ERROR, info=TIME_LIMIT, url=url)
            self.requests += 1
            try:
                response = self.session.get(url, headers=headers, params=params, stream=True,
                                            allow_redirects=allow_redirects,
                                            timeout=(min(settings.connect_timeout, left), min(settings.timeout, left)))
            except requests.exceptions.ConnectionError as error:
                return Fetched(OFFLINE, info=f"no connection to {host} ({type(error).__name__})", url=url)
            except requests.exceptions.Timeout:
                if left < settings.timeout:
                    return Fetched(ERROR, info=TIME_LIMIT, url=url)
                return Fetched(ERROR, info=f"no answer from {host} within {settings.timeout:g}s", url=url)
            except requests.exceptions.TooManyRedirects:
                return Fetched(ERROR, info="too many redirects", url=url)
            with response:
                for answer in (*response.history, response):
                    self._note_limits(urlsplit(answer.url).netloc, answer.headers)
                    self._note_limits(host, answer.headers)  # a resolver is paced like where it leads
                if response.status_code == 429:
                    if attempt == settings.max_retries:
                        break
                    wait = retry_after(response.headers.get("Retry-After"), time.time(), settings.default_retry_after)
                    if wait >= self.time_left():
                        return Fetched(RATE_LIMITED, 429, f"429 Too Many Requests: {host} asks for {wait:g}s; "
                                       f"{TIME_LIMIT}", response.url)
                    if self.waited.get(host, 0.0) + wait > settings.max_wait:
                        return Fetched(RATE_LIMITED, 429, f"429 Too Many Requests: {host} asks for {wait:g}s more; "
                                       f"kb waits {settings.max_wait:g}s per host in all", response.url)
                    self.waited[host] = self.waited.get(host, 0.0) + wait
                    self.sleep(wait)
                    continue
                return self._answer(response, start, read_body)
        return Fetched(RATE_LIMITED, 429, f"429 Too Many Requests from {host}, {settings.max_retries + 1} times", url)

    def _answer(self, response: requests.Response, start: float, read_body: bool) -> Fetched:
        code = response.status_code
        common = {"code": code, "url": response.url, "redirected": bool(response.history),
                  "headers": {k.lower(): v for k, v in response.headers.items()}}
        if code in (404, 410):
            return Fetched(MISSING, info=f"{code} {response.reason or ''}".strip(), **common)
        if not 200 <= code < 400:
            return Fetched(ERROR, info=f"{code} {response.reason or ''}".strip(), **common)
        if not read_body:
            return Fetched(OK, **common)
        body, problem = self._read(response, start)
        if problem:
            return Fetched(ERROR, info=problem, **common)
        return Fetched(OK, body=body, **common)

    def _read(self, response: requests.Response, start: float) -> tuple[bytes, str]:
        """The body, or a problem: past the deadline, past the size cap, or cut off.

        ``read1`` returns what has arrived instead of waiting for a full buffer, so a
        trickling server is noticed after each piece it sends (urllib3 >= 2.3).
        """
        settings, chunks, size = self.settings, [], 0
        deadline = start + settings.timeout
        limited = self.deadline is not None and self.deadline < deadline
        deadline = min(deadline, self.deadline) if limited else deadline
        raw = response.raw
        read = getattr(raw, "read1", None) or (lambda amount: raw.read(amount, decode_content=True))
        try:
            while chunk := read(65536):
                size += len(chunk)
                if size > settings.max_bytes:
                    return b"", f"answer larger than {settings.max_bytes} bytes: not read"
                if self.clock() > deadline:
                    return b"", TIME_LIMIT if limited else f"answer not complete within {settings.timeout:g}s"
                chunks.append(chunk)
        except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError, OSError) as error:
            return b"", f"answer cut off ({type(error).__name__})"
        return b"".join(chunks), ""

    def _pace(self, host: str) -> None:
        spacing = self.spacing.get(host, 0.0)
        if spacing and host in self.last:
            wait = min(self.last[host] + spacing - self.clock(), self.time_left())
            if wait > 0:
                self.sleep(wait)
        self.last[host] = self.clock()

    def _note_limits(self, host: str, headers: Mapping[str, str]) -> None:
        spacing = _interval({k.lower(): v for k, v in headers.items()})
        if spacing:  # the slowest pace any answer asked for; a wild header must not stall the check
            self.spacing[host] = min(max(spacing, self.spacing.get(host, 0.0)), 10.0)
