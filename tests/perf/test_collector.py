"""The cycle collector: paused while the saved environment is unpickled, running
again for the rest of the build (``kb_pause_gc_on_load``); tuned for the build and
given back as it was (``kb_tune_gc``)."""

from __future__ import annotations

import gc
import pickle

import pytest
import sphinx.application
from sphinx_kb.perf.collector import THRESHOLDS

from conftest import build, copy_root


@pytest.fixture
def built_blog(tmp_path):
    srcdir = copy_root("blog", tmp_path)
    build(srcdir, freshenv=True)
    return srcdir


@pytest.fixture
def unpickling(monkeypatch):
    """Whether the collector ran while Sphinx unpickled its saved environment, for
    each load, and whether it ran when the first document was read after."""
    seen = {"load": [], "reading": []}
    real_load = pickle.load

    def load(file, *args, **kwargs):
        seen["load"].append(gc.isenabled())
        return real_load(file, *args, **kwargs)

    monkeypatch.setattr(sphinx.application.pickle, "load", load)
    return seen


def _rebuild_after_an_edit(srcdir, seen, **overrides):
    post = next((srcdir / "posts").glob("*.md"))
    post.write_text(post.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    on = {"source-read": lambda app, docname, source: seen["reading"].append(gc.isenabled())}
    app, log = build(srcdir, confoverrides=overrides, on=on)
    return app, log


def test_the_environment_loads_with_the_collector_paused_and_it_runs_again(built_blog, unpickling):
    app, log = _rebuild_after_an_edit(built_blog, unpickling)
    assert unpickling["load"] == [False]  # the saved environment was loaded, with the collector paused
    assert log.read and unpickling["reading"] and all(unpickling["reading"])
    assert gc.isenabled()


def test_switched_off_the_collector_runs_while_loading(built_blog, unpickling):
    _rebuild_after_an_edit(built_blog, unpickling, kb_pause_gc_on_load=False)
    assert unpickling["load"] == [True]
    assert gc.isenabled()


def test_a_collector_paused_by_the_caller_stays_paused(built_blog, unpickling):
    gc.disable()
    try:
        _rebuild_after_an_edit(built_blog, unpickling)
        assert unpickling["load"] == [False] and not any(unpickling["reading"])
        assert not gc.isenabled()
    finally:
        gc.enable()


def _collector_while_writing(srcdir, **overrides):
    """The collector's thresholds and frozen count when each document is written."""
    seen = []
    on = {"doctree-resolved": lambda app, doctree, docname: seen.append((gc.get_threshold(), gc.get_freeze_count()))}
    _, log = build(srcdir, freshenv=True, confoverrides=overrides, on=on)
    assert log.written and len(seen) >= len(log.written)
    return seen


def test_the_write_runs_under_kbs_thresholds_with_the_read_frozen_and_the_process_gets_its_own_back(tmp_path):
    srcdir = copy_root("blog", tmp_path)
    before = gc.get_threshold()
    seen = _collector_while_writing(srcdir)
    assert {thresholds for thresholds, _ in seen} == {THRESHOLDS}
    assert all(frozen > 1000 for _, frozen in seen)  # the environment, and what else lived when the read ended
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0 and gc.isenabled()


def test_switched_off_the_collector_is_left_as_the_process_has_it(tmp_path):
    srcdir = copy_root("blog", tmp_path)
    before = gc.get_threshold()
    seen = _collector_while_writing(srcdir, kb_tune_gc=False)
    assert {thresholds for thresholds, _ in seen} == {before} and all(frozen == 0 for _, frozen in seen)


def test_a_process_that_froze_objects_itself_keeps_its_collector_as_it_is(tmp_path):
    srcdir = copy_root("blog", tmp_path)
    before = gc.get_threshold()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        seen = _collector_while_writing(srcdir)
        assert {thresholds for thresholds, _ in seen} == {before}
        # kb neither froze more nor gave back what the process froze (some of it freed since)
        assert frozen * 0.9 < gc.get_freeze_count() <= frozen
    finally:
        gc.unfreeze()
