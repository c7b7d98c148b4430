"""A Sphinx extension for kb's benchmark: where a serial build spends its time and memory.

Used by ``profile.py`` (never by kb itself): add it with
``-D extensions=<the site's extensions>,kbbench_probe`` and ``PYTHONPATH=benchmarks``.
It writes JSON to ``$KBBENCH_PROBE_OUT``:

* the phases: builder-inited (kb's scan and page generation run there), reading,
  consistency checks, writing, and what follows (indices, search index);
* the time per document, read and written, summed per kind of page (posts, tag
  pages, keyword pages, ...): the gap between one document's ``source-read`` and
  the next's, and between one document's ``doctree-resolved`` and the next's;
* resident memory after reading (``VmRSS``), the number of doctrees Sphinx keeps in
  memory for the write phase (``env._write_doc_doctree_cache``), and the peak
  (``VmHWM``) at the end.

With ``KBBENCH_NO_DOCTREE_CACHE=1`` Sphinx's in-memory doctree cache is disabled
(each doctree is unpickled again when written): the experiment that shows what
holds a serial build's memory. Serial builds only: with ``-j`` the per-document
gaps mean nothing.
"""

from __future__ import annotations

import json
import os
import re
import time

T0 = time.perf_counter()


class _NoCache(dict):
    def __setitem__(self, key, value) -> None:  # keep nothing
        return None


def _status(field: str) -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            match = re.search(rf"^{field}:\s+(\d+) kB", handle.read(), re.MULTILINE)
        return int(match[1]) / 1024 if match else -1.0
    except OSError:
        return -1.0


def kind_of(docname: str) -> str:
    parts = docname.split("/")
    if parts[0] == "posts":
        return "post"
    if parts[0] == "_tags":
        return "tag overview" if parts[-1] == "tagsindex" else "tag listing"
    if parts[0] == "_kb" and len(parts) > 1:
        if parts[1] == "glossary":
            if len(parts) > 2 and parts[2] == "keywords":
                return "keyword listing"
            return "glossary"
        return f"{parts[1]} " + ("overview" if parts[-1] == "index" else "listing")
    return "other"


class Probe:
    def __init__(self) -> None:
        self.marks: dict[str, float] = {}
        self.read: list[tuple[str, float]] = []
        self.write: list[tuple[str, float]] = []
        self.memory: dict[str, float] = {}

    def mark(self, name: str) -> None:
        self.marks.setdefault(name, time.perf_counter() - T0)

    def per_kind(self, events: list[tuple[str, float]], end: float) -> dict[str, dict]:
        out: dict[str, dict] = {}
        for i, (docname, start) in enumerate(events):
            stop = events[i + 1][1] if i + 1 < len(events) else end
            row = out.setdefault(kind_of(docname), {"count": 0, "seconds": 0.0})
            row["count"] += 1
            row["seconds"] += stop - start
        for row in out.values():
            row["seconds"] = round(row["seconds"], 3)
        return dict(sorted(out.items(), key=lambda i: -i[1]["seconds"]))


PROBE = Probe()


def setup(app):
    probe = PROBE

    def inited_first(app):
        probe.mark("builder-inited start")
        if os.environ.get("KBBENCH_NO_DOCTREE_CACHE"):
            app.env._write_doc_doctree_cache = _NoCache()

    def inited_last(app):
        probe.mark("builder-inited end")

    def before_read(app, env, docnames):
        probe.mark("reading start")

    def source_read(app, docname, source):
        probe.read.append((docname, time.perf_counter() - T0))

    def env_updated(app, env):
        probe.mark("reading end (env-updated)")
        probe.memory["rss_after_reading_mb"] = round(_status("VmRSS"), 1)
        probe.memory["doctrees_cached_for_writing"] = len(getattr(env, "_write_doc_doctree_cache", {}) or {})
        return []

    def doctree_resolved(app, doctree, docname):
        probe.mark("writing start")
        probe.write.append((docname, time.perf_counter() - T0))

    def html_collect(app):
        probe.mark("writing end (html-collect-pages)")
        return []

    def finished(app, exception):
        probe.mark("build-finished")
        probe.memory["peak_rss_mb"] = round(_status("VmHWM"), 1)
        marks = probe.marks
        result = {
            "marks": {k: round(v, 3) for k, v in marks.items()},
            "read_per_kind": probe.per_kind(probe.read, marks.get("reading end (env-updated)", 0.0)),
            "write_per_kind": probe.per_kind(probe.write, marks.get("writing end (html-collect-pages)", 0.0)),
            "memory": probe.memory,
            "no_doctree_cache": bool(os.environ.get("KBBENCH_NO_DOCTREE_CACHE")),
        }
        path = os.environ.get("KBBENCH_PROBE_OUT")
        if path:
            with open(path, "w", encoding="utf-8") as handle:
                json.dump(result, handle, indent=1)

    app.connect("builder-inited", inited_first, priority=1)
    app.connect("builder-inited", inited_last, priority=999)
    app.connect("env-before-read-docs", before_read, priority=1)
    app.connect("source-read", source_read, priority=1)
    app.connect("env-updated", env_updated, priority=999)
    app.connect("doctree-resolved", doctree_resolved, priority=1)
    app.connect("html-collect-pages", html_collect, priority=1)
    app.connect("build-finished", finished, priority=999)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
