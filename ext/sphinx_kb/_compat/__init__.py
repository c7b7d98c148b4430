"""Every use kb makes of what is not Sphinx's (or sphinx-tags', or LinkChecker's)
public API, in one place.

Each function says which versions it was checked on and what happens when the
internal it relies on is absent: a clear fallback, never a crash. A test per entry
(``tests/test_compat.py``) runs both the internal path and its fallback. The suite
runs on the oldest and the newest Sphinx kb supports (``nox -s oldest newest``).
The entries about building and writing (the doctrees kept, the search index, the
parallel write, the build phase) are in ``_compat.writing``, MyST's parser guarded in
``_compat.parsing``; every entry is used as
``_compat.<name>``.

Behaviours kb relies on without touching a private name, each tested there too:

* a parallel read's workers pickle their whole environment per chunk, and Sphinx's
  collectors and domains merge only the chunk's documents (``perf.parallel_read``
  swaps Sphinx's per-document tables for lean ones while reading, and back);
* MyST reports a nested parse's problems at the document being read; kb moves them to
  the definitions file with a logging filter on Sphinx's handlers (``glossary.page``);
* the kb-linkcheck builder subclasses Sphinx's linkcheck builder (its ``finish``,
  ``process_result`` and output files), tested by running it;
* ``sphinx.util.matching`` (``Matcher``, ``get_matching_files``), Sphinx's own
  document discovery, is used by the prescan as Sphinx uses it.
"""

from __future__ import annotations

import re
from typing import Any

from .parsing import MAX_DOCTREE_DEPTH, doctree_depth, guard_markdown_parser
from .writing import (
    parallel_tasks, replace_parallel_write, resolve_for_writing, restore_search_index_entries, search_index_entries,
    set_writing_phase, start_task_process, stop_keeping_read_doctrees, writes_in_parallel,
)

__all__ = [
    "LINKCHECKER_WITHOUT_PRIVILEGE_DROP", "disable_env_collector", "is_set_by_user", "leave_out_documents", "linkcheck_workers_replaceable",
    "restore_search_index_entries", "search_index_entries", "exclude_paths", "writes_in_parallel", "parallel_tasks",
    "make_glossary_term", "hyperlink", "normalize_tag", "note_glossary_term", "set_exit_status",
    "stop_keeping_read_doctrees", "replace_parallel_write", "resolve_for_writing", "set_writing_phase",
    "start_task_process", "MAX_DOCTREE_DEPTH", "doctree_depth", "guard_markdown_parser",
]


def note_glossary_term(env, term: str, anchor: str, location: Any) -> None:
    """Register one more spelling of a glossary term, pointing at an existing anchor.

    Sphinx has no public call for a term without its own node; ``make_glossary_term``
    makes the node and calls ``StandardDomain._note_term`` (Sphinx 8.2 to 9.x), which
    also lets ``{term}`` match it in any case. Fallback: the public ``note_object``
    as type ``term``, which ``{term}`` resolves when written as the post spelled it."""
    std = env.get_domain("std")
    note = getattr(std, "_note_term", None)
    if callable(note):
        note(term, anchor, location=location)
    else:
        std.note_object("term", term, anchor, location=location)


# -- sphinx-tags ------------------------------------------------------------------------


def _clean_tag(tag: str) -> str:
    """sphinx-tags 0.4's ``_normalize_display_tag``, as written there."""
    tag = tag.replace("\\n", "\n").strip('"').strip()
    return re.sub(r"\s+", " ", tag)


def normalize_tag(tag: str) -> str:
    """A tag as sphinx-tags shows it (``_normalize_display_tag``, private to
    sphinx-tags 0.4.x): escaped newlines, quotes and extra spacing removed.
    Fallback: the same rule, copied from sphinx-tags 0.4."""
    try:
        from sphinx_tags import _normalize_display_tag
    except ImportError:
        return _clean_tag(tag)
    return _normalize_display_tag(tag)


# -- Sphinx's environment ------------------------------------------------------------


def is_set_by_user(config, name: str) -> bool:
    """Was configuration value ``name`` set in conf.py or with ``-D``?

    Sphinx has no public way to ask: ``Config.overrides`` holds ``-D`` values and
    ``Config._raw_config`` conf.py's namespace (Sphinx 8.2 to 9.x). Fallback: a
    value that differs from its registered default was set."""
    if name in config.overrides:
        return True
    raw = getattr(config, "_raw_config", None)
    if isinstance(raw, dict):
        return name in raw
    try:
        return config[name] != config.values[name].default
    except (KeyError, AttributeError):
        return False


def set_exit_status(builder, code: int) -> None:
    """Make ``sphinx-build`` exit with ``code`` (the kb-linkcheck builder's verdict).

    Sphinx 8.2 and 9.x keep the application on ``Builder._app`` (``Builder.app``
    is deprecated in 9 and gone after); Sphinx 8.1 had only ``Builder.app``. Sphinx
    ends with the application's ``statuscode``."""
    app = getattr(builder, "_app", None) or getattr(builder, "app", None)
    if app is None:
        raise RuntimeError("kb: cannot reach the Sphinx application from the builder to set the exit status")
    app.statuscode = code


def linkcheck_workers_replaceable() -> bool:
    """Can kb give Sphinx's link checker its own workers (to bound the wait a host
    that answers 429 may impose, and the time and size of a body read)? That relies on
    ``HyperlinkAvailabilityChecker.invoke_threads`` and on the worker's
    ``limit_rate(response_url, retry_after)``, ``_retrieval_methods(check_anchors,
    anchor)`` and ``(config, rqueue, wqueue, rate_limits)`` constructor (Sphinx 8.2 to
    9.x). When they are not there, kb uses Sphinx's checker as it is: Retry-After is
    honoured without kb's bound, and a body is read as long as the server sends it."""
    import inspect

    from sphinx.builders import linkcheck

    checker = getattr(linkcheck, "HyperlinkAvailabilityChecker", None)
    worker = getattr(linkcheck, "HyperlinkAvailabilityCheckWorker", None)
    if checker is None or worker is None or not callable(getattr(checker, "invoke_threads", None)):
        return False
    try:
        init = list(inspect.signature(worker.__init__).parameters)[1:5]
        limit = list(inspect.signature(worker.limit_rate).parameters)[1:3]
        methods = list(inspect.signature(worker._retrieval_methods).parameters)[1:3]
    except (TypeError, ValueError, AttributeError):
        return False
    return (init == ["config", "rqueue", "wqueue", "rate_limits"] and limit == ["response_url", "retry_after"]
            and methods == ["check_anchors", "anchor"])


# -- LinkChecker ------------------------------------------------------------------------

#: LinkChecker started as root switches to the user 'nobody' before it checks anything
#: (``linkcheck.command.linkchecker.drop_privileges``, LinkChecker 10.4 to 10.6), a
#: guard for crawling the web as root. kb runs it offline over its own build output,
#: and as 'nobody' it can read neither that output nor its own plugins in a private
#: folder (it then skipped AnchorCheck and reported no problem), so kb starts it
#: without that switch. Where that function or the command's entry point is absent,
#: LinkChecker runs as its own ``__main__`` would.
LINKCHECKER_WITHOUT_PRIVILEGE_DROP = (
    "import runpy, sys\n"
    "sys.argv[0] = 'linkchecker'\n"
    "try:\n"
    "    import linkcheck.command.linkchecker as command\n"
    "except ImportError:\n"
    "    command = None\n"
    "if command is not None and callable(getattr(command, 'linkchecker', None)):\n"
    "    if hasattr(command, 'drop_privileges'):\n"
    "        command.drop_privileges = lambda: None\n"
    "    sys.exit(command.linkchecker())\n"
    "runpy.run_module('linkcheck', run_name='__main__')\n"
)


def leave_out_documents(env, docnames) -> bool:
    """Take documents out of this build as if their files were not there (posts with
    ``published: false``). Sphinx has no public call for it: its documents are
    ``env.project.docnames`` (a set, Sphinx 5 to 9.x), which ``env.found_docs``
    returns. Returns False, leaving the documents in, when that set is not there;
    the caller says so."""
    found = getattr(getattr(env, "project", None), "docnames", None)
    if not isinstance(found, set):
        return False
    found.difference_update(docnames)
    return True


# -- more of Sphinx's internals ----------------------------------------------------------

#: Sphinx's own exclusions for every project (``sphinx.project.EXCLUDE_PATHS``, the same in
#: Sphinx 5 to 9.x); this copy stands in when the constant is gone
_EXCLUDE_PATHS = ["**/_sources", ".#*", "**/.#*", "*.lproj/**"]


def exclude_paths() -> list[str]:
    try:
        from sphinx.project import EXCLUDE_PATHS
    except ImportError:
        return list(_EXCLUDE_PATHS)
    return list(EXCLUDE_PATHS)


def make_glossary_term(env, name: str, source, line, node_id: str, document):
    """A term of a glossary made from data (``sphinx.domains.std.make_glossary_term``,
    undocumented; its signature is the same in Sphinx 8.2 to 9.x). A changed signature
    is a clear error naming the Sphinx version, not a crash deep in a build."""
    import inspect

    import sphinx
    from docutils import nodes
    from sphinx.domains import std

    function = getattr(std, "make_glossary_term", None)
    expected = ["env", "textnodes", "index_key", "source", "lineno", "node_id", "document"]
    if function is None or list(inspect.signature(function).parameters) != expected:
        from sphinx.errors import ExtensionError

        raise ExtensionError(f"kb: Sphinx {sphinx.__version__}'s make_glossary_term is not the one kb knows "
                             "(Sphinx 8.2 to 9.x); the glossary cannot be built")
    return function(env, [nodes.Text(name)], None, source, line, node_id, document)


def hyperlink(uri: str, docname: str, docpath, line: int):
    """A link for Sphinx's link checker (``sphinx.builders.linkcheck.Hyperlink``, a named
    tuple ``(uri, docname, docpath, lineno)`` in Sphinx 7.1 to 9.x)."""
    from sphinx.builders.linkcheck import Hyperlink

    if getattr(Hyperlink, "_fields", None) != ("uri", "docname", "docpath", "lineno"):
        import sphinx
        from sphinx.errors import ExtensionError

        raise ExtensionError(f"kb: Sphinx {sphinx.__version__}'s linkcheck Hyperlink is not the one kb knows "
                             "(Sphinx 8.2 to 9.x); make linkcheck cannot run")
    return Hyperlink(uri, docname, docpath, line)


# -- environment collectors ---------------------------------------------------------


def disable_env_collector(app, collector_type: type) -> bool:
    """Switch off an extension's environment collector (an instance of
    ``collector_type``), which ``Sphinx.add_env_collector`` enables without handing it
    back. It is found among the event listeners (``EventManager.listeners``: event name
    -> ``EventListener(id, handler, priority)``, Sphinx 3 to 9.x) and switched off with
    its public ``disable``. Returns whether one was found; when the listeners are not
    there, the collector keeps running and the caller says what that costs."""
    listeners = getattr(getattr(app, "events", None), "listeners", None)
    if not isinstance(listeners, dict):
        return False
    found = {id(owner): owner for entries in listeners.values() for entry in entries
             if isinstance(owner := getattr(getattr(entry, "handler", None), "__self__", None), collector_type)}
    for collector in found.values():
        if getattr(collector, "listener_ids", None) is not None:
            collector.disable(app)
    return bool(found)
