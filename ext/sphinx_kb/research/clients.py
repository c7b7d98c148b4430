"""The research clients: DOI metadata, Crossref updates, Wayback Machine snapshots.

All three return a record (``cache``) and never raise; all base URLs are parameters (the
documented configuration values ``kb_doi_resolver``, ``kb_crossref_api``,
``kb_wayback_api``), so tests point them at local servers.

``metadata(doi)``   ``GET {resolver}/{doi}`` with ``Accept: application/vnd.citationstyles
                    .csl+json``: doi.org redirects to the registration agency (Crossref,
                    DataCite, mEDRA…), which answers CSL-JSON (DOI content negotiation,
                    citation.doi.org/docs.html). A 404 *from the resolver itself* means the
                    DOI does not exist: ``missing``, whatever a landing page would show. A 404
                    after the redirect, or an HTML page instead of JSON (some agencies do not
                    negotiate), is ``error``: the DOI exists, its metadata is not to be had.
``updates(doi)``    ``GET {crossref}/works/{doi}``: the work's ``updated-by`` notices
                    (``core.updates``). A 404 means no Crossref record (a DataCite DOI, say):
                    ``missing``, i.e. no update information, not a broken source.
``snapshot(url)``   ``GET {wayback}/wayback/available?url=…&timestamp=<now>``: the capture
                    closest to now, i.e. the newest (archive.org/help/wayback_api.php).
                    No capture, or only of an error page: ``missing``.
``save(url)``       ``GET {wayback_save}/save/{url}``: asks the Wayback Machine to capture
                    the page (off unless ``kb_archive_save``); the new capture's address
                    comes back in ``Content-Location`` or ``Location``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from urllib.parse import quote, urlsplit

from ..core.csl import clean_item
from ..core.doi import Doi
from ..core.updates import from_work
from .cache import (
    ERROR,
    MISSING,
    OK,
    ArchiveRecord,
    MetadataRecord,
    UpdatesRecord,
    utc_now,
)
from .http import Fetched, Fetcher

DOI_RESOLVER = "https://doi.org"
CROSSREF_API = "https://api.crossref.org"
WAYBACK_API = "https://archive.org"
WAYBACK_SAVE_API = "https://web.archive.org"
CSL_JSON = "application/vnd.citationstyles.csl+json"
_DOI_SAFE = "/:;()[]@!$&'*+,=._~-"
_SNAPSHOT = re.compile(r"/web/(\d{14})/")


def _json(fetched: Fetched) -> object:
    try:
        return json.loads(fetched.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None


def _host(url: str) -> str:
    return urlsplit(url).netloc or url


def wayback_time(timestamp: str) -> str:
    """``20130919044612`` -> ``2013-09-19T04:46:12+00:00``; "" if it is not one."""
    try:
        return dt.datetime.strptime(timestamp, "%Y%m%d%H%M%S").replace(tzinfo=dt.timezone.utc).isoformat()
    except (TypeError, ValueError):
        return ""


def _https(url: str) -> str:
    """Wayback answers ``http://web.archive.org/…``; the same page is served over https."""
    return "https://" + url[len("http://"):] if url.startswith("http://web.archive.org/") else url


class ResearchClients:
    def __init__(self, fetcher: Fetcher | None = None, *, doi_resolver: str = DOI_RESOLVER,
                 crossref_api: str = CROSSREF_API, wayback_api: str = WAYBACK_API,
                 wayback_save_api: str = WAYBACK_SAVE_API, now: Callable[[], dt.datetime] = utc_now) -> None:
        self.fetcher = fetcher or Fetcher()
        self.doi_resolver = doi_resolver.rstrip("/")
        self.crossref_api = crossref_api.rstrip("/")
        self.wayback_api = wayback_api.rstrip("/")
        self.wayback_save_api = wayback_save_api.rstrip("/")
        self.now = now

    def _stamp(self) -> str:
        return self.now().isoformat()

    # -- doi.org content negotiation ------------------------------------------------------

    def metadata(self, doi: Doi) -> MetadataRecord:
        url = f"{self.doi_resolver}/{quote(doi.bare, safe=_DOI_SAFE)}"
        fetched = self.fetcher.get(url, headers={"Accept": CSL_JSON})
        checked = self._stamp()
        if fetched.status == MISSING and not fetched.redirected:
            return MetadataRecord(MISSING, checked, fetched.code,
                                  f"the DOI does not exist: {_host(url)} answers {fetched.code}")
        if fetched.status == MISSING:
            return MetadataRecord(ERROR, checked, fetched.code,
                                  f"no metadata: {_host(fetched.url)} answers {fetched.code} after the resolver's redirect")
        if fetched.status != OK:
            return MetadataRecord(fetched.status, checked, fetched.code, fetched.info)
        data = _json(fetched)
        if not isinstance(data, dict):
            kind = fetched.headers.get("content-type", "no content type").split(";")[0]
            return MetadataRecord(ERROR, checked, fetched.code, f"no CSL-JSON metadata ({kind} from {_host(fetched.url)})")
        csl = clean_item(data, key=doi.bare)
        return MetadataRecord(OK, checked, fetched.code, "" if csl else "the metadata has no title", csl)

    # -- Crossref REST API ----------------------------------------------------------------

    def updates(self, doi: Doi) -> UpdatesRecord:
        url = f"{self.crossref_api}/works/{quote(doi.bare, safe=_DOI_SAFE)}"
        mailto = self.fetcher.settings.mailto
        fetched = self.fetcher.get(url, params={"mailto": mailto} if mailto else None,
                                   headers={"Accept": "application/json"})
        checked = self._stamp()
        if fetched.status == MISSING:
            return UpdatesRecord(MISSING, checked, fetched.code, "no Crossref record (not a Crossref DOI?)")
        if fetched.status != OK:
            return UpdatesRecord(fetched.status, checked, fetched.code, fetched.info)
        data = _json(fetched)
        if not isinstance(data, dict) or not isinstance(data.get("message"), dict):
            return UpdatesRecord(ERROR, checked, fetched.code, "not a Crossref work record")
        return UpdatesRecord(OK, checked, fetched.code, "", tuple(from_work(data)))

    # -- Wayback Machine --------------------------------------------------------------------

    def snapshot(self, url: str, at: dt.datetime | None = None) -> ArchiveRecord:
        moment = (at or self.now()).astimezone(dt.timezone.utc)
        fetched = self.fetcher.get(f"{self.wayback_api}/wayback/available",
                                   params={"url": url, "timestamp": moment.strftime("%Y%m%d%H%M%S")})
        checked = self._stamp()
        if fetched.status != OK:
            status = ERROR if fetched.status == MISSING else fetched.status  # a 404 of the API is no answer
            return ArchiveRecord(status, checked, fetched.code, fetched.info)
        data = _json(fetched)
        if not isinstance(data, dict) or not isinstance(data.get("archived_snapshots"), dict):
            return ArchiveRecord(ERROR, checked, fetched.code, "not an availability answer")
        closest = data["archived_snapshots"].get("closest")
        if not isinstance(closest, dict) or not closest.get("available") or not isinstance(closest.get("url"), str):
            return ArchiveRecord(MISSING, checked, fetched.code, "no archived copy")
        if not str(closest.get("status", "200")).startswith(("2", "3")):
            return ArchiveRecord(MISSING, checked, fetched.code, f"only a capture of an error page ({closest.get('status')})")
        when = wayback_time(str(closest.get("timestamp", "")))
        return ArchiveRecord(OK, checked, fetched.code, "", _https(closest["url"]), when)

    def save(self, url: str) -> ArchiveRecord:
        """Ask for a capture now. The body (the captured page) is not read."""
        fetched = self.fetcher.get(f"{self.wayback_save_api}/save/{url}", allow_redirects=False, read_body=False)
        checked = self._stamp()
        if fetched.status != OK:
            return ArchiveRecord(fetched.status if fetched.status != MISSING else ERROR, checked, fetched.code,
                                 fetched.info, saved=checked)
        where = fetched.headers.get("content-location") or fetched.headers.get("location") or ""
        match = _SNAPSHOT.search(where)
        if not match:
            return ArchiveRecord(MISSING, checked, fetched.code, "save requested; no capture address in the answer",
                                 saved=checked)
        if where.startswith("/"):  # a path on the save service's host
            base = urlsplit(self.wayback_save_api)
            where = f"{base.scheme}://{base.netloc}{where}"
        snapshot = _https(where)
        return ArchiveRecord(OK, checked, fetched.code, "", snapshot, wayback_time(match.group(1)), saved=checked)
