"""What kb uses of Sphinx's building and writing that is not public API: the doctrees
it keeps, its search index, its parallel write and its build phase. Part of
``sphinx_kb._compat`` (see there): each entry says the versions it was checked on and
what happens without it."""

from __future__ import annotations

import functools

__all__ = [
    "parallel_tasks", "replace_parallel_write", "resolve_for_writing", "restore_search_index_entries",
    "search_index_entries", "set_writing_phase", "stop_keeping_read_doctrees", "writes_in_parallel",
]


# -- Sphinx's environment ------------------------------------------------------------


class _KeepNothing(dict):
    """Stands in for Sphinx's cache of the doctrees read in this build."""

    def __setitem__(self, key, value) -> None:
        pass


def stop_keeping_read_doctrees(env) -> bool:
    """Sphinx (7.2 to 9.x) keeps every doctree read in ``env._write_doc_doctree_cache``
    until it writes it; replace that cache by one that keeps nothing, so the doctree
    is unpickled from the file Sphinx wrote. Returns whether it did: on a Sphinx
    without that cache (the attribute absent, or not a plain dict), nothing is
    changed and the build keeps Sphinx's behaviour."""
    if type(getattr(env, "_write_doc_doctree_cache", None)) is dict:
        env._write_doc_doctree_cache = _KeepNothing()
        return True
    return False


# -- Sphinx's search index ------------------------------------------------------------------


def search_index_entries(builder) -> dict[str, list] | None:
    """The index entries (glossary terms, ``index`` directives) the HTML builder's search
    index holds, by document: ``builder.indexer._index_entries`` (Sphinx 8.2 to 9.x).
    None when the builder has no such index."""
    indexer = getattr(builder, "indexer", None)
    entries = getattr(indexer, "_index_entries", None)
    return entries if isinstance(entries, dict) else None


def restore_search_index_entries(builder, entries: dict[str, list]) -> bool:
    """Give the search index back the entries of documents not written again.

    Sphinx's incremental builds lose them (sphinx-doc/sphinx#12599, seen with 8.2 to
    9.2): they are fed while pages are written, after the environment is saved, and
    ``IndexBuilder.load`` does not read them back from ``searchindex.js``. Called once
    the pages are written (``html-collect-pages``), before the index is dumped: the
    documents fed in this build keep their own entries, and a document the index has
    no title for (its page not indexed) gets none, since the index could not number
    it. The index builder's ``_index_entries`` and ``_titles`` (Sphinx 8.2 to 9.x).
    Returns False, changing nothing, where they are not there."""
    indexer = getattr(builder, "indexer", None)
    table = getattr(indexer, "_index_entries", None)
    titles = getattr(indexer, "_titles", None)
    if not isinstance(table, dict) or not isinstance(titles, dict):
        return False
    for docname, found in entries.items():
        if docname in titles:
            table.setdefault(docname, [tuple(entry) for entry in found])
    return True


# -- Sphinx's write ------------------------------------------------------------------


def writes_in_parallel(builder) -> bool:
    """Is this build writing in parallel? ``Builder.parallel_ok`` (set by ``Builder.write``,
    Sphinx 1.4 to 9.x); asking ``Sphinx.is_parallel_allowed`` again would repeat its
    warnings. Absent: False, and kb does its writing work serially."""
    return getattr(builder, "parallel_ok", False) is True


def parallel_tasks():
    """``sphinx.util.parallel.ParallelTasks`` (Sphinx 1.3 to 9.x), or None without it
    (kb then renders its further pages in the main process)."""
    try:
        from sphinx.util.parallel import ParallelTasks
    except ImportError:
        return None
    return ParallelTasks


def start_task_process(func, arg=None, result_func=None):
    """A ``ParallelTasks`` of one process running ``func(arg)`` (``func()`` if ``arg`` is
    None), or None if that process could not be started. A fork that fails (no memory,
    no processes left) surfaces from Sphinx's own clean-up in ``add_task`` (it then stops
    a pipe it never made: AttributeError, not the OSError), so any failure of a fresh
    task list's first ``add_task`` means no process runs."""
    tasks = parallel_tasks()(1)
    try:
        tasks.add_task(func, arg, result_func)
    except Exception:  # noqa: BLE001 - see above: the fork's OSError is not what surfaces
        return None
    return tasks


def replace_parallel_write(builder, write) -> bool:
    """Have ``write(docnames, nproc)`` write a ``-j N`` build's documents in place of
    ``Builder._write_parallel`` (private; ``Builder.write_documents`` calls it with the
    sorted documents and ``nproc = parallel - 1`` in Sphinx 8.2 to 9.x). Only on a
    builder whose class overrides neither, so the call is the one described. Returns
    False, leaving Sphinx's own write, where either is not there or is overridden."""
    from sphinx.builders import Builder

    cls = type(builder)
    own = getattr(Builder, "_write_parallel", None)
    if own is None or getattr(cls, "_write_parallel", None) is not own:
        return False
    if getattr(cls, "write_documents", None) is not getattr(Builder, "write_documents", None):
        return False
    builder._write_parallel = write
    return True


def set_writing_phase(builder, writing: bool) -> None:
    """Sphinx's build phase, resolving or writing, which its logging reports: on the
    builder in Sphinx 9 (``Sphinx.phase`` is then read-only, the builder's), on the
    application in Sphinx 8.2."""
    from sphinx.util.build_phase import BuildPhase

    phase = BuildPhase.WRITING if writing else BuildPhase.RESOLVING
    app = getattr(builder, "_app", None) or getattr(builder, "app", None)
    if isinstance(getattr(type(app), "phase", None), property):
        builder.phase = phase
    else:
        app.phase = phase


@functools.cache
def _takes_tags(env_type) -> bool:
    import inspect

    return "tags" in inspect.signature(env_type.get_and_resolve_doctree).parameters


def resolve_for_writing(builder, docname: str):
    """A document's doctree, resolved, and handed to the builder's serial part (the
    search index), as Sphinx's own parallel write does for each document before a
    writer process gets it (``get_and_resolve_doctree`` takes the build's tags in
    Sphinx 9, not in 8.2)."""
    env = builder.env
    set_writing_phase(builder, False)
    if _takes_tags(type(env)):
        doctree = env.get_and_resolve_doctree(docname, builder, tags=builder.tags)
    else:
        doctree = env.get_and_resolve_doctree(docname, builder)
    builder.write_doc_serialized(docname, doctree)
    return doctree
