"""Issue 18, item 7: ``make linkcheck`` against bodies that never end, on 127.0.0.1.

``linkcheck_timeout`` bounds each read, not the request: a URL with an ``#anchor``
whose body streams forever (or trickles a byte at a time) kept the run going for 25
minutes at 99% CPU, and an interrupt then lost every result already checked.
"""

from __future__ import annotations

import json
import re
import socket
import sys

import pytest

from support.attacks import post_text
from support.harness import BUILD_MEMORY, Site, run_bounded, run_interrupted
from support.servers import HostileServer

#: the run's own timeout per read; the test's bound is far above what a bounded run needs
READ_TIMEOUT = 2
RUN_BOUND = 25.0


@pytest.fixture
def server():
    server = HostileServer().start()
    yield server
    server.stop()


def linkcheck_argv(site: Site, server: HostileServer, *defines: str) -> list[str]:
    """The run, every service of the research step on the server (never the internet)."""
    services = [f"{name}={server.url('')}" for name in ("kb_doi_resolver", "kb_crossref_api", "kb_wayback_api",
                                                         "kb_wayback_save_api")]
    return [sys.executable, "-m", "sphinx_kb", "linkcheck", "--srcdir", str(site.src), "--builddir",
            str(site.build_dir), "--skip-internal", "--probe-url", server.url("/probe"),
            *(item for define in (f"linkcheck_timeout={READ_TIMEOUT}", "linkcheck_retries=1", *services, *defines)
              for item in ("-D", define))]


def citing(site: Site, *urls: str) -> None:
    links = "\n\n".join(f"[source {index}]({url})" for index, url in enumerate(urls))
    site.post("2025-03-01-sources.md", post_text("title: Sources\n", links + "\n"))


def statuses(site: Site) -> dict[str, str]:
    report = json.loads((site.build_dir / "linkcheck" / "kb-sources.json").read_text(encoding="utf-8"))
    return {row["url"]: row["status"] for row in report["citations"]}


def test_bodies_that_never_end_are_reported_broken_and_the_run_ends(tmp_path, server):
    site = Site(tmp_path)
    stream, trickle = server.url("/stream#part"), server.url("/trickle#part")
    citing(site, stream, trickle, server.url("/ok#part"))
    run = run_bounded(linkcheck_argv(site, server), timeout=RUN_BOUND, memory=BUILD_MEMORY, cwd=site.src,
                      env=site.environ())
    assert not run.timed_out, f"make linkcheck never ended: {run.describe()}"
    assert "Traceback" not in run.stdout + run.stderr, run.describe()
    assert run.returncode == 1, run.describe()  # broken sources
    assert statuses(site) == {stream: "broken", trickle: "broken", server.url("/ok#part"): "ok"}


def test_an_interrupted_linkcheck_keeps_the_results_it_had(tmp_path, server):
    """Ctrl-C once two URLs are checked and one streams forever: the two stay checked."""
    site = Site(tmp_path)
    done = [server.url("/ok#part"), server.url("/ok2#part")]
    citing(site, *done, server.url("/stream#part"))
    both_ok = re.compile(rb"(?s)(?=.*\bok\s+" + re.escape(done[0].encode()) + rb")(?=.*\bok\s+" +
                         re.escape(done[1].encode()) + rb")")
    run, sent = run_interrupted(linkcheck_argv(site, server), both_ok, timeout=RUN_BOUND, memory=BUILD_MEMORY,
                                cwd=site.src, env=site.environ())
    assert sent, f"the two URLs were never reported checked: {run.describe()}"
    assert not run.timed_out, f"make linkcheck did not end after Ctrl-C: {run.describe()}"
    assert run.returncode == 130, f"an interrupted run exits 130: {run.describe()}"
    assert "kept the results of 2 of 3 URLs" in run.stdout, run.describe()
    assert "kb linkcheck: interrupted" in run.stdout and "Traceback" not in run.stdout, run.describe()
    results = json.loads((site.build_dir / "kb-linkcheck.json").read_text(encoding="utf-8"))["results"]
    assert {url: results.get(url, {}).get("status") for url in done} == dict.fromkeys(done, "ok")


def test_an_interrupt_while_the_archive_is_slow_keeps_the_checked_results(tmp_path, server):
    """Issue 29: the research step now ends after the checks (a slow archive, up to
    kb_archive_timeout): Ctrl-C while waiting for it keeps what was checked, exit 130."""
    site = Site(tmp_path)
    done = [server.url("/ok"), server.url("/ok2")]
    citing(site, *done)
    server.archive_delay = 60.0  # every lookup hangs until the server stops
    waiting = re.compile(rb"waiting for the research step")
    run, sent = run_interrupted(linkcheck_argv(site, server, "kb_archive_timeout=90"), waiting, timeout=RUN_BOUND,
                                memory=BUILD_MEMORY, cwd=site.src, env=site.environ())
    assert sent and not run.timed_out, run.describe()
    assert run.returncode == 130 and "kept the results of 2 of 2 URLs" in run.stdout, run.describe()
    results = json.loads((site.build_dir / "kb-linkcheck.json").read_text(encoding="utf-8"))["results"]
    assert {url: results.get(url, {}).get("status") for url in done} == dict.fromkeys(done, "ok")


def closed_port_url(path: str) -> str:
    """A URL on 127.0.0.1 nobody listens on: no HTTP answer at all, as for a host whose
    name does not resolve (which a test cannot make without a resolver of its own)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}{path}"


def test_a_host_that_does_not_answer_is_unreachable_and_checked_again(tmp_path, server):
    """The probe question of issue 18 (decided in the report): the probe answered, so
    the network is up, but a host that gives no HTTP answer at all (its name does not
    resolve, the connection is refused) is "unreachable": a problem of this run (exit 1),
    never cached as "broken" for kb_linkcheck_max_age, so the next run checks it again."""
    site = Site(tmp_path)
    gone = closed_port_url("/gone")
    citing(site, gone, server.url("/ok"))
    for _ in range(2):
        run = run_bounded(linkcheck_argv(site, server), timeout=RUN_BOUND, memory=BUILD_MEMORY, cwd=site.src,
                          env=site.environ())
        assert run.returncode == 1, run.describe()
        assert statuses(site)[gone] == "unreachable"
        report = json.loads((site.build_dir / "linkcheck" / "kb-sources.json").read_text(encoding="utf-8"))
        assert gone in report["checked_now"]  # the second time too: not taken from the cache


def test_a_run_in_which_no_host_answers_is_taken_as_one_without_network(tmp_path, server):
    """The probe answered but none of the hosts asked did (a network that reaches the
    probe alone): "not checked", exit 3, as offline, never "broken"."""
    site = Site(tmp_path)
    citing(site, closed_port_url("/a"), closed_port_url("/b"))
    run = run_bounded(linkcheck_argv(site, server), timeout=RUN_BOUND, memory=BUILD_MEMORY, cwd=site.src,
                      env=site.environ())
    assert run.returncode == 3, run.describe()
    assert set(statuses(site).values()) == {"unchecked"}


def test_a_slow_archive_holds_neither_the_checks_nor_the_run(tmp_path, server):
    """Issue 29: the Wayback Machine's lookups ran one at a time after the checks, with no
    limit in all (9 URLs, 135 s). They now run alongside the checks, for
    ``kb_archive_timeout`` seconds at most; the rest are "not looked up (time limit)",
    never a failure, and looked up next run."""
    site = Site(tmp_path)
    urls = [server.url(f"/ok?n={n}") for n in range(8)] + [server.url("/slow")]
    citing(site, *urls)
    # 9 lookups one at a time took 13.5 s; a check is held 1.5 s (less than READ_TIMEOUT: ok)
    server.archive_delay, server.slow_delay, limit = 1.5, 1.5, 3
    run = run_bounded(linkcheck_argv(site, server, f"kb_archive_timeout={limit}"), timeout=RUN_BOUND,
                      memory=BUILD_MEMORY, cwd=site.src, env=site.environ())
    assert run.returncode == 0, run.describe()  # unanswered lookups fail nothing
    lookups = [at for path, _, at in server.asked_at if path == "/wayback/available"]
    (held, *_) = [at for path, _, at in server.asked_at if path == "/slow"]
    assert 0 < len(lookups) < len(urls), run.describe()
    assert min(lookups) < held + server.slow_delay, "the lookups waited for the checks to end"
    assert max(lookups) - min(lookups) < limit, "a lookup was started past kb_archive_timeout"
    report = json.loads((site.build_dir / "linkcheck" / "kb-sources.json").read_text(encoding="utf-8"))
    late = {row["url"] for row in report["citations"] if "time limit" in row["unanswered"]}
    assert len(late) >= len(urls) - len(lookups), run.describe()
    assert "not looked up (time limit)" in (site.build_dir / "linkcheck" / "kb-sources.txt").read_text("utf-8")
    assert f"{len(late)} URLs not looked up within kb_archive_timeout ({limit} s)" in run.stdout, run.describe()

    server.archive_delay, server.asked_at[:] = 0.0, []
    again = run_bounded(linkcheck_argv(site, server), timeout=RUN_BOUND, memory=BUILD_MEMORY, cwd=site.src,
                        env=site.environ())
    assert again.returncode == 0, again.describe()
    assert {url for path, url, _ in server.asked_at if path == "/wayback/available"} == late, again.describe()
    assert "time limit" not in again.stdout, again.describe()
