"""Containers for kb's data that a parallel read's workers send back lean.

With ``-j N`` Sphinx reads in forked workers; for every chunk of documents, a
worker pickles its *whole* environment and the main process merges that chunk's
documents from it. Two containers keep what is sent to what the worker made:

* ``DocStore``: per-document data (docname -> value). Pickled in a process other
  than the one that made it, it holds only the documents set in that process.
* ``MainProcessOnly``: data of the whole site that workers only read (the
  prescan). Pickled in another process, it holds nothing.
"""

from __future__ import annotations

import os

__all__ = ["DocStore", "MainProcessOnly"]


class DocStore(dict):
    """Per-document data (docname -> value) that a forked worker sends back lean.

    With a ``default_factory`` it behaves as a ``defaultdict`` (Sphinx's
    ``env.metadata`` is one; see ``perf.parallel_read``)."""

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


class MainProcessOnly:
    """Holds a value for the process that set it; pickled elsewhere, holds None.

    The main process saves it with the environment (the next build's cache); a
    parallel read's worker, which gets it by fork and only reads it, sends back
    nothing of it."""

    __slots__ = ("value", "_pid")

    def __init__(self, value=None) -> None:
        self.value = value
        self._pid = os.getpid()

    def __reduce__(self):
        return (MainProcessOnly, (self.value if os.getpid() == self._pid else None,))
