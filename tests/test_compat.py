"""Every entry of ``_compat``: the non-public API it uses is there on this Sphinx (or
the fallback is in use and says so), and its fallback gives the same result."""

from __future__ import annotations

import re
import subprocess
import sys
from types import SimpleNamespace

import pytest
import sphinx_tags
from sphinx.builders import linkcheck

from conftest import build, copy_root
from sphinx_kb import _compat


class FakeStd:
    def __init__(self):
        self.objects = {}

    def note_object(self, objtype, name, labelid, location=None):
        self.objects[(objtype, name)] = labelid


def test_a_spelling_is_a_term_through_sphinx_and_through_the_fallback(tmp_path):
    app, _ = build(copy_root("blog", tmp_path), freshenv=True)
    std = app.env.get_domain("std")
    assert callable(getattr(std, "_note_term", None)), "Sphinx's StandardDomain._note_term is gone: the fallback is in use"
    fake = FakeStd()
    _compat.note_glossary_term(SimpleNamespace(get_domain=lambda name: fake), "Machine-Learning", "term-ml", None)
    assert fake.objects == {("term", "Machine-Learning"): "term-ml"}


@pytest.mark.parametrize("raw, shown", [('"Tag:with (extra   whitespace)"', "Tag:with (extra whitespace)"),
                                        ("a\\nb", "a b"), ("C++", "C++")])
def test_tags_are_cleaned_as_sphinx_tags_cleans_them_with_or_without_its_helper(monkeypatch, raw, shown):
    assert hasattr(sphinx_tags, "_normalize_display_tag"), "sphinx-tags' helper is gone: the fallback is in use"
    assert _compat.normalize_tag(raw) == shown
    monkeypatch.delattr(sphinx_tags, "_normalize_display_tag")
    assert _compat.normalize_tag(raw) == shown


def test_read_doctrees_are_released_only_where_sphinx_keeps_them(tmp_path):
    env = SimpleNamespace(_write_doc_doctree_cache={})
    assert _compat.stop_keeping_read_doctrees(env)
    env._write_doc_doctree_cache["doc"] = object()
    assert "doc" not in env._write_doc_doctree_cache
    assert not _compat.stop_keeping_read_doctrees(SimpleNamespace())  # absent: nothing changes
    app, _ = build(copy_root("blog", tmp_path), freshenv=True)
    assert type(app.env._write_doc_doctree_cache).__name__ == "_KeepNothing", "Sphinx's cache is gone or renamed"


def test_a_value_set_in_conf_py_or_with_D_is_told_from_a_default(tmp_path):
    srcdir = copy_root("blog", tmp_path)
    (srcdir / "conf.py").write_text((srcdir / "conf.py").read_text() + "linkcheck_timeout = 3\n")
    app, _ = build(srcdir, freshenv=True, confoverrides={"linkcheck_retries": 5})
    config = app.config
    assert isinstance(getattr(config, "_raw_config", None), dict), "Config._raw_config is gone: the fallback is in use"
    assert _compat.is_set_by_user(config, "linkcheck_timeout") and _compat.is_set_by_user(config, "linkcheck_retries")
    assert not _compat.is_set_by_user(config, "linkcheck_workers")
    raw = config._raw_config
    try:
        del config._raw_config  # the fallback: compared with the registered default
        assert _compat.is_set_by_user(config, "linkcheck_timeout")
        assert not _compat.is_set_by_user(config, "linkcheck_workers")
    finally:
        config._raw_config = raw


def test_the_exit_status_reaches_the_application_by_either_name():
    app = SimpleNamespace(statuscode=0)
    _compat.set_exit_status(SimpleNamespace(_app=app), 3)
    assert app.statuscode == 3
    _compat.set_exit_status(SimpleNamespace(app=app), 1)  # Sphinx before 8.2
    assert app.statuscode == 1
    with pytest.raises(RuntimeError, match="cannot reach the Sphinx application"):
        _compat.set_exit_status(SimpleNamespace(), 1)


def test_sphinx_link_checker_workers_are_replaceable_here_and_refused_when_they_change(monkeypatch):
    assert _compat.linkcheck_workers_replaceable(), "Sphinx's linkcheck worker changed: kb's 429 bound is off"

    def limit_rate(self, url, delay):  # another signature
        return None

    monkeypatch.setattr(linkcheck.HyperlinkAvailabilityCheckWorker, "limit_rate", limit_rate)
    assert not _compat.linkcheck_workers_replaceable()


def test_linkchecker_runs_without_its_privilege_drop():
    result = subprocess.run([sys.executable, "-c", _compat.LINKCHECKER_WITHOUT_PRIVILEGE_DROP, "--version"],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0 and re.search(r"LinkChecker \d+\.\d+", result.stdout), result.stderr
    import linkcheck.command.linkchecker as command

    assert hasattr(command, "drop_privileges"), "LinkChecker's drop_privileges is gone: nothing to switch off"


def test_unpublished_posts_are_left_out_or_the_build_says_it_cannot(tmp_path):
    env = SimpleNamespace(project=SimpleNamespace(docnames={"a", "b"}))
    assert _compat.leave_out_documents(env, ["a"]) and env.project.docnames == {"b"}
    assert not _compat.leave_out_documents(SimpleNamespace(), ["a"])
    srcdir = copy_root("hostile", tmp_path)
    app, _ = build(srcdir, freshenv=True)
    assert not (app.outdir / "posts" / "2024-03-05-draft.html").exists()
    assert isinstance(app.env.project.docnames, set), "Project.docnames changed: the fallback is in use"


def test_the_search_index_entries_are_kept_and_given_back_or_left_alone(tmp_path):
    app, _ = build(copy_root("blog", tmp_path), freshenv=True)
    entries = _compat.search_index_entries(app.builder)
    assert entries, "Sphinx's IndexBuilder._index_entries is gone: kb keeps no search index entries"
    assert any(docname.startswith("_kb/glossary") for docname in entries)
    assert any(docname.startswith("_kb/glossary") for docname in app.builder.indexer._titles), \
        "Sphinx's IndexBuilder._titles is gone: kb gives no entries back"
    indexer = SimpleNamespace(_index_entries={"kept": [("own", "id", "")]},
                              _titles={"kept": "Kept", "other": "Other"})
    saved = {"kept": [["old", "x", ""]], "other": [["term", "term-1", ""]], "untitled": [["t", "t-1", ""]]}
    assert _compat.restore_search_index_entries(SimpleNamespace(indexer=indexer), saved)
    # fed in this build: its own; not written again: the saved ones; no title in the index: none
    assert indexer._index_entries == {"kept": [("own", "id", "")], "other": [("term", "term-1", "")]}
    assert not _compat.restore_search_index_entries(SimpleNamespace(), {"x": []})
    assert not _compat.restore_search_index_entries(SimpleNamespace(indexer=SimpleNamespace(_index_entries={})), {})
    assert _compat.search_index_entries(SimpleNamespace()) is None


def test_sphinxs_own_exclusions_come_from_sphinx_or_the_copy(monkeypatch):
    import sphinx.project

    assert _compat.exclude_paths() == list(sphinx.project.EXCLUDE_PATHS)
    monkeypatch.delattr(sphinx.project, "EXCLUDE_PATHS")
    assert _compat.exclude_paths() == ["**/_sources", ".#*", "**/.#*", "*.lproj/**"]


def test_parallel_writing_is_known_only_where_sphinx_says_so(monkeypatch):
    assert _compat.writes_in_parallel(SimpleNamespace(parallel_ok=True))
    assert not _compat.writes_in_parallel(SimpleNamespace())
    import sphinx.util.parallel

    assert _compat.parallel_tasks() is sphinx.util.parallel.ParallelTasks
    monkeypatch.delattr(sphinx.util.parallel, "ParallelTasks")
    assert _compat.parallel_tasks() is None


def test_the_parallel_write_is_replaced_only_where_sphinx_calls_it_as_kb_knows(tmp_path, monkeypatch):
    from sphinx.builders import Builder
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.util.build_phase import BuildPhase

    app, _ = build(copy_root("blog", tmp_path), freshenv=True)
    builder = app.builder
    assert "_write_parallel" in vars(builder)  # kb's, on the instance, put there at builder-inited

    class OwnWrite(StandaloneHTMLBuilder):
        def _write_parallel(self, docnames, nproc):
            pass

    class OwnDocuments(StandaloneHTMLBuilder):
        def write_documents(self, docnames):
            pass

    for cls in (OwnWrite, OwnDocuments):
        other = object.__new__(cls)
        assert not _compat.replace_parallel_write(other, print) and "_write_parallel" not in vars(other)
    plain = object.__new__(StandaloneHTMLBuilder)
    assert _compat.replace_parallel_write(plain, print) and plain._write_parallel is print
    monkeypatch.delattr(Builder, "_write_parallel")
    assert not _compat.replace_parallel_write(object.__new__(StandaloneHTMLBuilder), print)

    # the phase: the builder's on this Sphinx (what app.phase reads), or an application's own
    _compat.set_writing_phase(builder, True)
    assert app.phase is BuildPhase.WRITING
    _compat.set_writing_phase(builder, False)
    assert app.phase is BuildPhase.RESOLVING
    old = SimpleNamespace(phase=None)
    _compat.set_writing_phase(SimpleNamespace(app=old), True)
    assert old.phase is BuildPhase.WRITING

    # a doctree resolved with the build's tags where Sphinx takes them, without where not
    calls = []

    class OldEnv:
        def get_and_resolve_doctree(self, docname, builder, doctree=None):
            calls.append(docname)
            return f"resolved {docname}"

    serialized = []
    old_builder = SimpleNamespace(app=SimpleNamespace(phase=None), env=OldEnv(), tags="tags",
                                  write_doc_serialized=lambda docname, doctree: serialized.append((docname, doctree)))
    assert _compat.resolve_for_writing(old_builder, "post") == "resolved post"
    assert calls == ["post"] and serialized == [("post", "resolved post")]
    assert _compat.resolve_for_writing(builder, "index").traverse  # this Sphinx: with its tags


def test_a_changed_glossary_or_link_api_is_a_clear_error(monkeypatch):
    from sphinx.builders import linkcheck
    from sphinx.domains import std
    from sphinx.errors import ExtensionError

    link = _compat.hyperlink("https://a.org", "doc", "doc.md", 3)
    assert (link.uri, link.lineno) == ("https://a.org", 3)
    monkeypatch.setattr(std, "make_glossary_term", lambda env, textnodes, source: None)
    with pytest.raises(ExtensionError, match="make_glossary_term is not the one kb knows"):
        _compat.make_glossary_term(None, "x", "src", 1, "term-x", None)

    class Other(tuple):
        _fields = ("uri", "docname", "lineno")

    monkeypatch.setattr(linkcheck, "Hyperlink", Other)
    with pytest.raises(ExtensionError, match="Hyperlink is not the one kb knows"):
        _compat.hyperlink("https://a.org", "doc", "doc.md", 3)


def test_an_extensions_collector_is_switched_off_through_the_listeners_or_left_running(tmp_path):
    from notfound.extension import OrphanMetadataCollector
    from sphinx.testing.util import SphinxTestApp

    srcdir = copy_root("readers", tmp_path)
    app = SphinxTestApp("html", srcdir=srcdir)
    try:
        handlers = [listener.handler for entries in app.events.listeners.values() for listener in entries]
        assert not any(isinstance(getattr(h, "__self__", None), OrphanMetadataCollector) for h in handlers)
        collector = OrphanMetadataCollector()
        collector.enable(app)
        assert _compat.disable_env_collector(app, OrphanMetadataCollector) and collector.listener_ids is None
        assert not _compat.disable_env_collector(app, OrphanMetadataCollector)  # none left
    finally:
        app.cleanup()
    assert not _compat.disable_env_collector(SimpleNamespace(), OrphanMetadataCollector)  # no listeners: left as is


def test_a_task_process_runs_or_says_it_could_not_start(monkeypatch):
    from conftest import refuse_forks

    results = []

    class Owner:  # the refusal matches a class's name in the function's qualified name
        @staticmethod
        def work(arg):
            return arg * 2

    tasks = _compat.start_task_process(Owner.work, 21, lambda arg, result: results.append(result))
    assert tasks is not None
    tasks.join()
    assert results == [42]
    refused = refuse_forks(monkeypatch, "Owner")
    assert _compat.start_task_process(Owner.work, 21) is None
    assert refused == [(21,)]


def test_markdown_is_parsed_through_mysts_parser_guarded_or_left_alone(tmp_path, monkeypatch):
    """MyST's parser class (``myst_parser.parsers.sphinx_.MystParser``, MyST-Parser 2 to
    5.x) is subclassed to guard a document's parse; without it nothing is replaced."""
    from docutils import nodes
    from myst_parser.parsers.sphinx_ import MystParser

    app, _ = build(copy_root("blog", tmp_path), freshenv=True)
    parser = app.registry.get_source_parser("markdown")
    assert issubclass(parser, MystParser) and parser is not MystParser, "MyST's parser is not guarded"
    deep = nodes.paragraph()
    for _ in range(_compat.MAX_DOCTREE_DEPTH):
        deep = nodes.emphasis("", "", deep)
    assert _compat.doctree_depth(nodes.paragraph("", "", deep)) == _compat.MAX_DOCTREE_DEPTH + 2
    monkeypatch.setitem(sys.modules, "myst_parser.parsers.sphinx_", None)  # import fails: the fallback
    replaced = []
    fake = SimpleNamespace(add_source_parser=lambda *args, **kwargs: replaced.append(args))
    assert _compat.guard_markdown_parser(fake, lambda document, why: None) is False and replaced == []
