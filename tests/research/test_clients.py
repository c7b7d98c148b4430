"""The research clients against a local server standing in for doi.org, api.crossref.org and
the Wayback Machine (127.0.0.1, started and stopped here; no test reaches the internet)."""

from __future__ import annotations

import datetime as dt
import json
import socket
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Response

from sphinx_kb.core.doi import Doi
from sphinx_kb.research.cache import ResearchCache
from sphinx_kb.research.check import Research
from sphinx_kb.research.clients import CSL_JSON, ResearchClients
from sphinx_kb.research.http import Fetcher, HttpSettings, retry_after

DATA = Path(__file__).parent.parent / "data"
ALPHAFOLD = json.loads((DATA / "alphafold.csl.json").read_text(encoding="utf-8"))
AF = Doi("10.1038/s41586-021-03819-2")
NOW = dt.datetime(2025, 7, 1, 12, 0, tzinfo=dt.timezone.utc)
MAILTO = "editors@kb.example.org"


@pytest.fixture
def site():
    """A server of the test's own: a slow handler of an earlier test, still answering after
    that test ended, once logged its request into a shared server's log (6 requests seen
    instead of 5 by a later test)."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


class Recorder:
    """Stands in for time.sleep: records the waits, waits for none of them."""

    def __init__(self):
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def clients(server: HTTPServer, sleep=None, **settings) -> ResearchClients:
    fetcher = Fetcher(HttpSettings(mailto=MAILTO, **settings), sleep=sleep or Recorder())
    return ResearchClients(fetcher, doi_resolver=server.url_for("/doi"), crossref_api=server.url_for("/crossref"),
                           wayback_api=server.url_for("/wayback"), wayback_save_api=server.url_for("/web"),
                           now=lambda: NOW)


def work(doi: str, **fields) -> dict:
    return {"status": "ok", "message-type": "work", "message": {"DOI": doi, "title": ["A paper"], **fields}}


# -- doi.org: content negotiation ---------------------------------------------------------------


def test_a_doi_with_metadata(site):
    site.expect_request(f"/doi/{AF.bare}", headers={"Accept": CSL_JSON}).respond_with_json(ALPHAFOLD)
    record = clients(site).metadata(AF)
    assert (record.status, record.code, record.checked) == ("ok", 200, NOW.isoformat())
    assert record.csl["id"] == AF.bare
    assert record.csl["title"] == "Highly accurate protein structure prediction with AlphaFold"
    assert len(record.csl["author"]) == 34
    [(request, _)] = site.log
    assert request.headers["User-Agent"].startswith("sphinx-kb/")
    assert f"(mailto:{MAILTO})" in request.headers["User-Agent"]


def test_the_resolver_redirects_to_the_registration_agency(site):
    site.expect_request(f"/doi/{AF.bare}").respond_with_response(
        Response(status=302, headers={"Location": site.url_for(f"/agency/{AF.bare}")}))
    site.expect_request(f"/agency/{AF.bare}", headers={"Accept": CSL_JSON}).respond_with_json(ALPHAFOLD)
    record = clients(site).metadata(AF)
    assert record.status == "ok" and record.csl["container-title"] == "Nature"


def test_a_doi_that_does_not_exist_is_missing(site):
    site.expect_request("/doi/10.5555/no-such-doi").respond_with_data(
        "<html><h1>DOI Not Found</h1></html>", status=404, content_type="text/html")
    record = clients(site).metadata(Doi("10.5555/no-such-doi"))
    assert (record.status, record.code) == ("missing", 404)
    assert "the DOI does not exist" in record.info


def test_a_404_after_the_redirect_is_no_metadata_not_a_missing_doi(site):
    site.expect_request("/doi/10.5555/exists").respond_with_response(
        Response(status=302, headers={"Location": site.url_for("/agency/10.5555/exists")}))
    site.expect_request("/agency/10.5555/exists").respond_with_data("not here", status=404)
    record = clients(site).metadata(Doi("10.5555/exists"))
    assert record.status == "error" and "after the resolver's redirect" in record.info


def test_a_landing_page_instead_of_json_is_no_metadata(site):
    site.expect_request("/doi/10.5555/html").respond_with_data("<html>landing page</html>", content_type="text/html")
    record = clients(site).metadata(Doi("10.5555/html"))
    assert record.status == "error" and "no CSL-JSON metadata (text/html" in record.info


@pytest.mark.parametrize("status, body, expected", [
    (500, "oops", "error"), (200, "{not json", "error"), (200, "[1, 2]", "error"), (503, "", "error"),
])
def test_bad_answers_are_errors_never_exceptions(site, status, body, expected):
    site.expect_request("/doi/10.5555/bad").respond_with_data(body, status=status, content_type="application/json")
    assert clients(site).metadata(Doi("10.5555/bad")).status == expected


# -- Crossref: retractions and corrections ----------------------------------------------------------


def test_a_retracted_work(site):
    site.expect_request("/crossref/works/10.5555/retracted", query_string={"mailto": MAILTO}).respond_with_json(
        work("10.5555/retracted", **{"updated-by": [
            {"DOI": "10.5555/retraction-notice", "type": "retraction", "label": "Retraction", "source": "retraction-watch",
             "record-id": "51234", "updated": {"date-parts": [[2025, 9, 3]], "date-time": "2025-09-03T00:00:00Z"}}]}))
    record = clients(site).updates(Doi("10.5555/retracted"))
    assert record.status == "ok" and record.summary == "retracted"
    [update] = record.updates
    assert (update.kind, update.source, update.date, update.notice) == (
        "retraction", "retraction-watch", "2025-09-03", "10.5555/retraction-notice")


def test_a_corrected_work(site):
    site.expect_request("/crossref/works/10.5555/corrected").respond_with_json(work("10.5555/corrected", **{"updated-by": [
        {"DOI": "10.5555/erratum", "type": "correction", "source": "publisher", "updated": {"date-parts": [[2024, 2, 1]]}}]}))
    assert clients(site).updates(Doi("10.5555/corrected")).summary == "corrected"


def test_a_work_without_updates_and_one_crossref_does_not_know(site):
    site.expect_request(f"/crossref/works/{AF.bare}").respond_with_json(work(AF.bare))
    site.expect_request("/crossref/works/10.5281/zenodo.1").respond_with_data("Resource not found.", status=404)
    record = clients(site).updates(AF)
    assert (record.status, record.updates, record.summary) == ("ok", (), "")
    record = clients(site).updates(Doi("10.5281/zenodo.1"))
    assert record.status == "missing" and "no Crossref record" in record.info


# -- rate limits -----------------------------------------------------------------------------------


def test_429_with_retry_after_is_waited_for_then_asked_again(site):
    answers = iter([Response("slow down", status=429, headers={"Retry-After": "1"}), None])

    def handler(request):
        answer = next(answers)
        return answer or Response(json.dumps(work(AF.bare)), content_type="application/json")

    site.expect_request(f"/crossref/works/{AF.bare}").respond_with_handler(handler)
    sleep = Recorder()
    record = clients(site, sleep=sleep).updates(AF)
    assert record.status == "ok"
    assert sleep.waits == [1.0]
    assert len(site.log) == 2


def test_a_wait_past_the_budget_is_rate_limited_without_waiting(site):
    site.expect_request(f"/crossref/works/{AF.bare}").respond_with_data("no", status=429, headers={"Retry-After": "3600"})
    sleep = Recorder()
    record = clients(site, sleep=sleep, max_wait=60).updates(AF)
    assert record.status == "rate-limited" and "asks for 3600s more" in record.info
    assert sleep.waits == [] and len(site.log) == 1


def test_429_again_and_again_ends(site):
    site.expect_request(f"/crossref/works/{AF.bare}").respond_with_data("no", status=429, headers={"Retry-After": "2"})
    sleep = Recorder()
    record = clients(site, sleep=sleep, max_retries=3, max_wait=60).updates(AF)
    assert record.status == "rate-limited"
    assert sleep.waits == [2.0, 2.0, 2.0] and len(site.log) == 4


def test_the_waits_for_one_host_add_up_to_the_budget(site):
    site.expect_request(f"/crossref/works/{AF.bare}").respond_with_data("no", status=429, headers={"Retry-After": "25"})
    sleep = Recorder()
    research_clients = clients(site, sleep=sleep, max_retries=10, max_wait=60)
    assert research_clients.updates(AF).status == "rate-limited"
    assert research_clients.updates(AF).status == "rate-limited"
    assert sum(sleep.waits) == 50.0  # 25 + 25; a third wait would pass 60


def test_retry_after_as_a_date():
    now = 1_000_000_000.0
    assert retry_after("Sun, 09 Sep 2001 01:46:50 GMT", now, 5.0) == 10.0
    assert retry_after("120", now, 5.0) == 120.0
    assert retry_after("soon", now, 5.0) == 5.0
    assert retry_after(None, now, 5.0) == 5.0


def test_x_rate_limit_headers_space_the_requests(site):
    site.expect_request(f"/crossref/works/{AF.bare}").respond_with_json(
        work(AF.bare), headers={"x-rate-limit-limit": "4", "x-rate-limit-interval": "1s"})
    sleep = Recorder()
    frozen = Fetcher(HttpSettings(), sleep=sleep, clock=lambda: 100.0)  # no time passes between requests
    research_clients = ResearchClients(frozen, crossref_api=site.url_for("/crossref"), now=lambda: NOW)
    research_clients.updates(AF)
    research_clients.updates(AF)
    assert sleep.waits == [0.25]  # 4 requests a second: a quarter of a second apart


# -- slow, endless and absent servers ----------------------------------------------------------------


def test_a_server_slow_to_answer_hits_the_deadline(site):
    def slow(request):
        time.sleep(1.5)
        return Response(json.dumps(ALPHAFOLD), content_type="application/json")

    site.expect_request(f"/doi/{AF.bare}").respond_with_handler(slow)
    record = clients(site, timeout=0.3).metadata(AF)
    assert record.status == "error" and "within 0.3s" in record.info


def test_a_fetcher_with_a_deadline_cuts_a_slow_answer_at_it_and_then_asks_nothing(site):
    """kb_archive_timeout's fetcher: a request under way ends at the deadline, not at its
    own timeout, and none is sent past it."""
    def slow(request):
        time.sleep(1.5)
        return Response(json.dumps({"archived_snapshots": {}}), content_type="application/json")

    site.expect_request("/wayback/wayback/available").respond_with_handler(slow)
    research_clients = clients(site, timeout=10)
    research_clients.fetcher.deadline = time.monotonic() + 0.4
    start = time.monotonic()
    record = research_clients.snapshot("https://example.org/a")
    assert record.status == "error" and "time limit" in record.info
    assert time.monotonic() - start < 1.2  # the deadline, not the 10 s timeout nor the 1.5 s answer
    assert research_clients.snapshot("https://example.org/b").info == "no answer within the time limit"
    assert research_clients.fetcher.requests == 1


@pytest.mark.parametrize("length", [None, "100000"])  # chunked, and with a Content-Length
def test_a_server_that_trickles_hits_the_deadline(site, length):
    def trickle(request):
        def drip():
            for _ in range(60):  # bounded: at most 3 s, long after the client gave up
                yield b" "
                time.sleep(0.05)
        headers = {"Content-Length": length} if length else {}
        return Response(drip(), content_type="application/json", headers=headers)

    site.expect_request(f"/doi/{AF.bare}").respond_with_handler(trickle)
    record = clients(site, timeout=0.5).metadata(AF)
    assert record.status == "error" and "not complete within 0.5s" in record.info


def test_a_server_that_streams_without_end_hits_the_size_cap(site):
    def endless(request):
        def flood():
            for _ in range(400):  # 25 MB at most, bounded so the server thread ends
                yield b"x" * 65536
        return Response(flood(), content_type="application/json")

    site.expect_request(f"/doi/{AF.bare}").respond_with_handler(endless)
    record = clients(site, max_bytes=1_000_000).metadata(AF)
    assert record.status == "error" and "larger than 1000000 bytes" in record.info


def test_no_server_at_all_is_offline():
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    research_clients = ResearchClients(Fetcher(HttpSettings(connect_timeout=2)), doi_resolver=f"http://127.0.0.1:{port}",
                                       crossref_api=f"http://127.0.0.1:{port}", now=lambda: NOW)
    assert research_clients.metadata(AF).status == "offline"
    assert research_clients.updates(AF).status == "offline"


# -- the Wayback Machine -----------------------------------------------------------------------------


def test_the_newest_snapshot(site):
    site.expect_request("/wayback/wayback/available", query_string={"url": "https://example.org/page",
                                                                    "timestamp": "20250701120000"}).respond_with_json(
        {"url": "https://example.org/page", "archived_snapshots": {"closest": {
            "status": "200", "available": True, "timestamp": "20250630080910",
            "url": "http://web.archive.org/web/20250630080910/https://example.org/page"}}})
    record = clients(site).snapshot("https://example.org/page")
    assert record.status == "ok"
    assert record.snapshot == "https://web.archive.org/web/20250630080910/https://example.org/page"
    assert record.snapshot_time == "2025-06-30T08:09:10+00:00"


def test_no_snapshot(site):
    site.expect_request("/wayback/wayback/available").respond_with_json({"archived_snapshots": {}})
    assert clients(site).snapshot("https://example.org/new").status == "missing"
    site.clear()
    site.expect_request("/wayback/wayback/available").respond_with_json({"archived_snapshots": {"closest": {
        "status": "404", "available": True, "timestamp": "20250101000000", "url": "http://web.archive.org/web/x"}}})
    record = clients(site).snapshot("https://example.org/gone")
    assert record.status == "missing" and "error page" in record.info


def test_save_asks_for_a_capture_and_reads_where_it_is(site):
    site.expect_request("/web/save/https://example.org/page").respond_with_data(
        "<html>the captured page</html>", headers={"Content-Location": "/web/20250701120005/https://example.org/page"})
    record = clients(site).save("https://example.org/page")
    assert record.status == "ok"
    assert record.snapshot == site.url_for("/web/20250701120005/https://example.org/page")
    assert record.snapshot_time == "2025-07-01T12:00:05+00:00" and record.saved == NOW.isoformat()


# -- the cache: a second run sends no request -------------------------------------------------------


def serve_everything(site):
    site.expect_request(f"/doi/{AF.bare}").respond_with_json(ALPHAFOLD)
    site.expect_request(f"/crossref/works/{AF.bare}").respond_with_json(work(AF.bare))
    site.expect_request("/doi/10.5555/no-such-doi").respond_with_data("not found", status=404)
    site.expect_request("/crossref/works/10.5555/no-such-doi").respond_with_data("not found", status=404)
    site.expect_request("/wayback/wayback/available").respond_with_json({"archived_snapshots": {"closest": {
        "status": "200", "available": True, "timestamp": "20250601000000",
        "url": "http://web.archive.org/web/20250601000000/https://doi.org/10.1038/s41586-021-03819-2"}}})


def run(site, cache, now, **options):
    research = Research(clients(site), cache, max_age=7 * 86400, now=now, **options)
    for doi in (AF, Doi("10.5555/no-such-doi")):
        research.metadata(doi)
        research.updates(doi)
    research.archive(AF.url, link_ok=True)
    return research


def test_a_second_run_sends_no_request(site):
    serve_everything(site)
    first = run(site, ResearchCache(), NOW)
    assert len(site.log) == 5 and len(first.asked) == 5 and first.unanswered == {}
    stored = json.loads(json.dumps(first.cache.to_json()))  # as the results file keeps it

    second = run(site, ResearchCache.from_json(stored), NOW + dt.timedelta(days=1))
    assert second.asked == [] and len(site.log) == 5
    assert second.cache.metadata[AF.bare].csl["title"].startswith("Highly accurate")
    assert second.cache.metadata["10.5555/no-such-doi"].status == "missing"

    # a week later the answers are stale, but the archived copy is never looked up again
    third = run(site, ResearchCache.from_json(stored), NOW + dt.timedelta(days=8))
    assert ("archive", AF.url) not in third.asked and len(third.asked) == 4


def test_offline_keeps_the_last_answers(site):
    serve_everything(site)
    first = run(site, ResearchCache(), NOW)
    site.clear()  # the local doi.org and Crossref now answer 500 to everything
    later = run(site, first.cache, NOW + dt.timedelta(days=8))
    assert set(later.unanswered) == {("metadata", AF.bare), ("updates", AF.bare),
                                     ("metadata", "10.5555/no-such-doi"), ("updates", "10.5555/no-such-doi")}
    assert later.cache.metadata[AF.bare].status == "ok"  # still the answer from the first run
    assert later.cache.metadata["10.5555/no-such-doi"].status == "missing"


def test_save_is_asked_only_when_enabled_and_there_is_no_copy(site):
    site.expect_request("/wayback/wayback/available").respond_with_json({"archived_snapshots": {}})
    site.expect_request("/web/save/https://example.org/new").respond_with_data(
        "", headers={"Content-Location": "/web/20250701120001/https://example.org/new"})
    research = Research(clients(site), ResearchCache(), max_age=86400, now=NOW)
    assert research.archive("https://example.org/new", link_ok=True).status == "missing"
    assert not any(r.path.startswith("/web/save") for r, _ in site.log)
    research = Research(clients(site), ResearchCache(), max_age=86400, now=NOW, save=True)
    assert research.archive("https://example.org/broken", link_ok=False).status == "missing"  # not saved: it is broken
    record = research.archive("https://example.org/new", link_ok=True)
    assert record.status == "ok" and record.snapshot.endswith("/web/20250701120001/https://example.org/new")
