"""`make linkcheck` against a local HTTP server on 127.0.0.1; never the internet
(the runs and sites: ``support.linkcheck``)."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import Counter

import pytest
from bs4 import BeautifulSoup
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Response

from sphinx_kb.core.checks import classify, exit_code, format_duration, is_fresh, parse_duration
from sphinx_kb.sources.model import Result
from support.linkcheck import RUN_TIMEOUT, closed_port_url, make_site, no_snapshots, post, private_folder, requests_to, run


# -- pure helpers --------------------------------------------------------------------------


def test_durations():
    assert [parse_duration(text) for text in ("7d", "12h", "30m", "45s", "3600", " 2d ")] == [
        604800, 43200, 1800, 45, 3600, 172800]
    assert format_duration(604800) == "7d" and format_duration(90) == "90s"
    with pytest.raises(ValueError):
        parse_duration("soon")


def test_freshness():
    now = dt.datetime(2025, 11, 25, 12, tzinfo=dt.timezone.utc)
    result = Result("ok", "2025-11-25T11:00:00+00:00")
    assert is_fresh(result, now, 7200)
    assert not is_fresh(result, now, 1800)
    assert not is_fresh(result, now, 0)  # --no-cache
    assert not is_fresh(None, now, 7200)
    assert not is_fresh(Result("ok", "yesterday"), now, 7200)


def test_classification_and_exit_codes():
    assert classify("working", "") == ("ok", "")
    assert classify("redirected", "https://b/") == ("redirected", "redirects to https://b/")
    assert classify("timeout", "read timed out")[0] == "broken"
    assert classify("ignored", "service unavailable") is None
    assert exit_code(Counter(ok=3), offline=False) == 0
    assert exit_code(Counter(ok=3, broken=1), offline=True) == 1
    assert exit_code(Counter({"known-placeholder": 2}), offline=False) == 0
    assert exit_code(Counter(placeholder=1), offline=False) == 1
    assert exit_code(Counter(ok=1), offline=False, internal_problems=1) == 1
    assert exit_code(Counter(unchecked=2), offline=True) == 3
    assert exit_code(Counter(unchecked=2), offline=True, allow_unchecked=True) == 0


# -- a local server, sites, runs ---------------------------------------------------------------


@pytest.fixture(scope="module")
def server():
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture(scope="module")
def research(server):
    """The research step's services for these sites: no DOI cited, no snapshot anywhere."""
    return no_snapshots(server)


workdir = pytest.fixture(private_folder)
module_workdir = pytest.fixture(private_folder, scope="module", name="module_workdir")


# -- every kind of answer, one run ---------------------------------------------------------------


@pytest.fixture(scope="module")
def matrix(server, module_workdir, research):
    calls = Counter()

    def first_429_then_ok(request):
        calls["busy"] += 1
        if calls["busy"] == 1:
            return Response("slow down", status=429, headers={"Retry-After": "1"})
        return Response("fine")

    def slow(request):
        time.sleep(3)
        return Response("late")

    def redirect(to: str, status: int = 301):
        return lambda request: Response("", status=status, headers={"Location": to})

    s = server
    s.expect_request("/m/probe").respond_with_data("up")
    s.expect_request("/m/ok").respond_with_data("fine")
    s.expect_request("/m/marked").respond_with_data("fine")
    s.expect_request("/m/missing").respond_with_data("gone", status=404)
    s.expect_request("/chain/allowed").respond_with_handler(redirect("/chain/allowed-2", 301))
    s.expect_request("/chain/allowed-2").respond_with_handler(redirect("/final", 302))
    s.expect_request("/chain/other").respond_with_handler(redirect("/chain/other-2", 301))
    s.expect_request("/chain/other-2").respond_with_handler(redirect("/final", 302))
    s.expect_request("/final").respond_with_data("arrived")
    s.expect_request("/m/loop").respond_with_handler(redirect("/m/loop", 302))
    s.expect_request("/m/busy").respond_with_handler(first_429_then_ok)
    s.expect_request("/m/overloaded").respond_with_data("come back in an hour", status=429, headers={"Retry-After": "3600"})
    s.expect_request("/m/error").respond_with_data("oops", status=500)
    s.expect_request("/m/slow").respond_with_handler(slow)
    s.expect_request("/m/page").respond_with_data('<html><body><h2 id="present">Here</h2></body></html>',
                                                  content_type="text/html")
    u = s.url_for
    cases = {
        "ok": u("/m/ok"), "missing": u("/m/missing"), "allowed": u("/chain/allowed"), "other": u("/chain/other"),
        "loop": u("/m/loop"), "busy": u("/m/busy"), "overloaded": u("/m/overloaded"), "error": u("/m/error"),
        "slow": u("/m/slow"), "anchor": u("/m/page") + "#present", "no-anchor": u("/m/page") + "#absent",
    }
    links = [f"[{name}]({url})" for name, url in cases.items()]
    site = make_site(module_workdir, {
        "posts/2025-04-01-every-answer": post("Every answer", *links, f"[x]({u('/m/marked')}) (citation needed)",
                                              "[an example](https://www.example.com/x)"),
        "posts/2025-04-02-same-source": post("Same source", f"[again]({u('/m/ok')})"),
    }, research)
    started = time.monotonic()
    result = run(site, u("/m/probe"), "--skip-internal")
    return result, cases, time.monotonic() - started, site


@pytest.mark.parametrize(("case", "status"), [
    ("ok", "ok"), ("missing", "broken"), ("allowed", "ok"), ("other", "redirected"), ("loop", "broken"),
    ("busy", "ok"), ("overloaded", "broken"), ("error", "broken"), ("slow", "broken"),
    ("anchor", "ok"), ("no-anchor", "broken"),
])
def test_each_kind_of_answer(matrix, case, status):
    result, cases, _, _ = matrix
    assert result.status(cases[case]) == status, result.output


def test_what_the_answers_say(matrix):
    result, cases, _, _ = matrix
    assert "404" in result.info(cases["missing"])
    assert result.info(cases["other"]).endswith("/final")
    assert "redirect" in result.info(cases["loop"]).lower()
    assert "429" in result.info(cases["overloaded"])
    assert "timed out" in result.info(cases["slow"])
    assert "absent" in result.info(cases["no-anchor"])


def test_the_run_ends_in_bounded_time_and_fails(matrix):
    result, _, seconds, _ = matrix
    assert seconds < RUN_TIMEOUT
    assert result.code == 1
    assert "exit 1" in result.output


def test_each_unique_url_is_checked_once(matrix, server):
    result, cases, _, _ = matrix
    assert [row["post"] for row in result.report["citations"] if row["url"] == cases["ok"]] == [
        "posts/2025-04-01-every-answer", "posts/2025-04-02-same-source"]
    assert requests_to(server, "/m/ok") == 1


def test_placeholders_are_classified_not_requested(matrix, server):
    result, _, _, _ = matrix
    assert result.status(server.url_for("/m/marked")) == "placeholder"
    assert requests_to(server, "/m/marked") == 0
    assert result.status("https://www.example.com/x") == "placeholder"
    assert "placeholders not in kb_known_placeholders" in result.output


def test_results_are_cached_with_their_time(matrix):
    _, cases, _, site = matrix
    cache = json.loads((site / "_build" / "kb-linkcheck.json").read_text(encoding="utf-8"))
    entry = cache["results"][cases["missing"]]
    assert entry["status"] == "broken" and dt.datetime.fromisoformat(entry["checked"]).tzinfo is not None
    assert "https://www.example.com/x" not in cache["results"]


# -- the cache ---------------------------------------------------------------------------------


def test_a_second_run_sends_no_request_for_fresh_results(server, workdir, research):
    for path in ("/c/probe", "/c/a", "/c/b"):
        server.expect_request(path).respond_with_data("fine")
    site = make_site(workdir, {"posts/2025-04-03-cached": post("Cached", f"[a]({server.url_for('/c/a')})",
                                                                 f"[b]({server.url_for('/c/b')})")}, research)
    probe = server.url_for("/c/probe")
    assert run(site, probe, "--skip-internal").code == 0
    assert [requests_to(server, p) for p in ("/c/a", "/c/b", "/c/probe")] == [1, 1, 1]

    second = run(site, probe, "--skip-internal")
    assert second.code == 0 and second.status(server.url_for("/c/a")) == "ok"
    assert second.report["checked_now"] == []
    assert [requests_to(server, p) for p in ("/c/a", "/c/b", "/c/probe")] == [1, 1, 1]  # not even the probe

    cache_file = site / "_build" / "kb-linkcheck.json"
    cache = json.loads(cache_file.read_text(encoding="utf-8"))
    cache["results"][server.url_for("/c/b")]["checked"] = "2020-01-01T00:00:00+00:00"
    cache_file.write_text(json.dumps(cache), encoding="utf-8")
    third = run(site, probe, "--skip-internal")
    assert third.report["checked_now"] == [server.url_for("/c/b")]
    assert [requests_to(server, p) for p in ("/c/a", "/c/b")] == [1, 2]

    assert run(site, probe, "--skip-internal", "--max-age", "0").code == 0
    assert run(site, probe, "--skip-internal", "--no-cache").code == 0
    assert [requests_to(server, p) for p in ("/c/a", "/c/b")] == [3, 4]


# -- without network ------------------------------------------------------------------------------


def test_without_network_sources_are_not_checked_not_broken(server, workdir, research):
    server.expect_request("/n/probe").respond_with_data("up")
    server.expect_request("/n/a").respond_with_data("fine")
    url = server.url_for("/n/a")
    site = make_site(workdir, {"posts/2025-04-04-offline": post("Offline", f"[a]({url})")}, research)

    offline = run(site, closed_port_url(), "--skip-internal")
    assert offline.code == 3, offline.output
    assert offline.status(url) == "unchecked" and "no network" in offline.info(url)
    assert requests_to(server, "/n/a") == 0
    assert "no network" in offline.output and "--allow-unchecked" in offline.output
    # one of each, in the singular
    assert "kb linkcheck: 1 citation of 1 URL in 1 post" in offline.output
    assert "so 1 URL was not checked; it is not reported as broken" in offline.output
    assert run(site, closed_port_url(), "--skip-internal", "--allow-unchecked").code == 0

    assert run(site, server.url_for("/n/probe"), "--skip-internal").code == 0  # online: checked, cached
    fresh = run(site, closed_port_url(), "--skip-internal")
    assert fresh.code == 0 and fresh.status(url) == "ok"  # nothing needed the network
    assert run(site, closed_port_url(), "--skip-internal", "--no-cache").code == 3


# -- the whole run: placeholders, badges, internal links and anchors ----------------------------------


def test_full_run_known_placeholders_badges_and_internal_anchors(server, workdir, research):
    server.expect_request("/f/probe").respond_with_data("up")
    server.expect_request("/f/ok").respond_with_data("fine")
    server.expect_request("/f/gone").respond_with_data("gone", status=404)
    docname = "posts/2025-04-05-full"
    known = [{"post": docname, "url": "https://www.example.com/kept", "reason": "kept on purpose"}]
    site = make_site(workdir, {docname: post(
        "Full", f"[ok]({server.url_for('/f/ok')})", f"[gone]({server.url_for('/f/gone')})",
        "[kept](https://www.example.com/kept) (replace with actual article)")}, research, known=known)
    probe = server.url_for("/f/probe")

    first = run(site, probe)
    assert first.code == 1, first.output  # the 404
    assert first.status("https://www.example.com/kept") == "known-placeholder"
    assert "internal links and anchors (linkchecker): no problems" in first.output
    page = BeautifulSoup((site / "_build" / "html" / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")
    badges = [(b.find_previous_sibling("a")["href"], b.get_text()) for b in page.select("article .kb-source-status")]
    assert badges == [(server.url_for("/f/ok"), "ok"), (server.url_for("/f/gone"), "broken"),
                      ("https://www.example.com/kept", "known placeholder")]
    report = (site / "_build" / "html" / "sources.html").read_text(encoding="utf-8")
    assert "kept on purpose" in report

    (site / f"{docname}.md").write_text(post("Full", f"[ok]({server.url_for('/f/ok')})",
                                             "[kept](https://www.example.com/kept) (replace with actual article)"),
                                        encoding="utf-8")
    (site / "extra.md").write_text('---\norphan: true\n---\n# Extra\n\n<a href="index.html#no-such-anchor">a</a>\n',
                                   encoding="utf-8")
    second = run(site, probe)
    assert second.code == 1, second.output
    assert "no-such-anchor" in second.output
    assert "internal links and anchors (linkchecker): 1 problem" in second.output

    (site / "extra.md").unlink()
    third = run(site, probe)
    assert third.code == 0, third.output
    assert "all sources checked" in third.output
