"""The cycle collector: paused while the saved environment is unpickled, running
again for the rest of the build with what was loaded frozen, and given back as it
was (``kb_pause_gc_on_load``)."""

from __future__ import annotations

import gc
import pickle

import pytest
import sphinx.application

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
    seen = {"load": [], "reading": [], "frozen": []}
    real_load = pickle.load

    def load(file, *args, **kwargs):
        seen["load"].append(gc.isenabled())
        return real_load(file, *args, **kwargs)

    monkeypatch.setattr(sphinx.application.pickle, "load", load)
    return seen


def _rebuild_after_an_edit(srcdir, seen, **overrides):
    post = next((srcdir / "posts").glob("*.md"))
    post.write_text(post.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    on = {"source-read": lambda app, docname, source: seen["reading"].append(gc.isenabled()),
          "doctree-resolved": lambda app, doctree, docname: seen["frozen"].append(gc.get_freeze_count())}
    app, log = build(srcdir, confoverrides=overrides, on=on)
    return app, log


def test_the_environment_loads_with_the_collector_paused_and_it_runs_again(built_blog, unpickling):
    app, log = _rebuild_after_an_edit(built_blog, unpickling)
    assert unpickling["load"] == [False]  # the saved environment was loaded, with the collector paused
    assert log.read and unpickling["reading"] and all(unpickling["reading"])
    # what was loaded is left out of the build's collections, and given back at its end
    assert unpickling["frozen"] and all(count > 10_000 for count in unpickling["frozen"])
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_switched_off_the_collector_runs_while_loading(built_blog, unpickling):
    _rebuild_after_an_edit(built_blog, unpickling, kb_pause_gc_on_load=False)
    assert unpickling["load"] == [True]
    assert unpickling["frozen"] and set(unpickling["frozen"]) == {0}
    assert gc.isenabled()


def test_a_process_that_froze_objects_itself_keeps_its_collector_as_it_is(built_blog, unpickling):
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        _rebuild_after_an_edit(built_blog, unpickling)
        assert unpickling["load"] == [True]
        # kb neither froze more nor gave back what the process froze (some of it freed since)
        assert all(frozen * 0.9 < count <= frozen for count in unpickling["frozen"])
        assert frozen * 0.9 < gc.get_freeze_count() <= frozen
    finally:
        gc.unfreeze()


def test_a_collector_paused_by_the_caller_stays_paused(built_blog, unpickling):
    gc.disable()
    try:
        _rebuild_after_an_edit(built_blog, unpickling)
        assert unpickling["load"] == [False] and not any(unpickling["reading"])
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_app_that_never_built_leaves_nothing_frozen_after_the_next_build(built_blog, unpickling):
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    unbuilt = SphinxTestApp("html", srcdir=built_blog, status=StringIO(), warning=StringIO())
    try:
        assert gc.get_freeze_count() > 0  # it loaded its environment, froze it, and was never built
    finally:
        unbuilt.cleanup()
    _rebuild_after_an_edit(built_blog, unpickling)
    assert unpickling["load"] == [False, False]  # the stale freeze given back: the build loads paused too
    assert gc.get_freeze_count() == 0 and gc.isenabled()
