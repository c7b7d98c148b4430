"""Per-document data in the build environment: purged, merged, kept right under
incremental and parallel builds (the shape of Sphinx's own MetadataCollector).

* ``env.kb_entries[docname]``: a ``taxonomy.Entry`` for each post, and for each
  page that carries tags through the ``{tags}`` directive;
* ``env.kb_records[docname]``: the post's normalised front matter (``PostRecord``);
* ``env.kb_listings[docname]``: the specs of the listings the page shows.
"""

from __future__ import annotations

import os

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector

from .core import taxonomy
from .prescan import post_entry

STORES = ("kb_entries", "kb_records", "kb_listings")


class DocStore(dict):
    """Per-document data in the environment (docname -> value).

    A parallel read forks workers; each sends its whole environment back, pickled,
    for every chunk of documents it read, and the main process merges that chunk's
    documents only. Pickled in a process other than the one that made it, a store
    holds only the documents set in that process (the chunk's), not every document
    the main process knew when it forked: less to pickle, send and load per chunk.

    With a ``default_factory`` it behaves as a ``defaultdict`` (Sphinx's
    ``env.metadata`` is one; see ``parallel_read``)."""

    def __init__(self, *args, default_factory=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.default_factory = default_factory
        self._pid = os.getpid()
        self._set_here: set[str] = set()

    def __setitem__(self, key: str, value) -> None:
        if os.getpid() != self._pid:
            self._set_here.add(key)
        super().__setitem__(key, value)

    def __missing__(self, key: str):
        if self.default_factory is None:
            raise KeyError(key)
        self[key] = value = self.default_factory()
        return value

    # dict's own setdefault and update do not call __setitem__ (Sphinx's index
    # domain adds its entries with setdefault)
    def setdefault(self, key: str, default=None):
        if key not in self:
            self[key] = default
        return self[key]

    def update(self, *args, **kwargs) -> None:
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def __ior__(self, other):
        self.update(other)
        return self

    def __reduce__(self):
        state = {"default_factory": self.default_factory}
        if os.getpid() == self._pid:
            return (DocStore, (), state, None, iter(self.items()))
        here = ((key, self[key]) for key in sorted(self._set_here) if key in self)
        return (DocStore, (), state, None, here)


def ensure_store(env: BuildEnvironment, name: str) -> None:
    if type(getattr(env, name, None)) is not DocStore:
        setattr(env, name, DocStore(getattr(env, name, None) or {}))


def ensure_stores(env: BuildEnvironment) -> None:
    for store in STORES:
        ensure_store(env, store)


class KbCollector(EnvironmentCollector):
    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        ensure_stores(env)
        for store in STORES:
            getattr(env, store).pop(docname, None)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
        ensure_stores(env)
        for store in STORES:
            mine, theirs = getattr(env, store), getattr(other, store, {})
            for docname in docnames:
                if docname in theirs:
                    mine[docname] = theirs[docname]

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        env = app.env
        ensure_stores(env)
        docname = env.docname
        temp = env.temp_data
        record = temp.get("kb_record")
        title_node = next(iter(doctree.findall(nodes.title)), None)
        title = title_node.astext() if title_node else docname  # as shown (smart quotes)
        if record is not None:
            env.kb_records[docname] = record
            env.kb_entries[docname] = post_entry(docname, record.post, title, record.description)
            env.metadata[docname]["orphan"] = True  # posts are reached through listings
        elif temp.get("kb_directive_tags"):
            env.kb_entries[docname] = taxonomy.Entry(
                docname, title, is_post=False,
                names={"tag": tuple(temp["kb_directive_tags"])},
            )
        if temp.get("kb_listings"):
            env.kb_listings[docname] = list(temp["kb_listings"])
