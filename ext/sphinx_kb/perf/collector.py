"""Python's cycle collector kept off the saved environment (``kb_pause_gc_on_load``).

Unpickling the environment creates some hundred thousand objects at once (at 1,000
posts: 240,000 for kb's site, 165,000 for plain Sphinx's), and every few hundred of
them start a collection; the older generations' collections walk everything loaded
so far, again and again, and free nothing: all of it is kept. Loading kb's
environment at 1,000 posts, in a process with the same modules imported: 427 ms with
the collector running, 129 ms paused (plain Sphinx's: 233 and 89 ms).

So the collector is paused at the end of config-inited (Sphinx loads the environment
next, then makes the builder; no document is read or written in between). At the start
of builder-inited, what is alive then (the modules, the configuration, the loaded
environment) is frozen (``gc.freeze``) before the collector runs again: the first
collection would otherwise walk all of it at once (78 ms of a rebuild that changes
nothing), and every later full collection again. At build-finished it is given back to
the collector (``gc.unfreeze``), so a process that goes on (a test session) collects it
as before; what of it becomes garbage during the build is mostly freed by reference
counting, as always.

Measured and left out: raising the collector's thresholds for the build and freezing
what the read made (time in collections 4.9 -> 2.8 s at 1,000 posts, by
``gc.callbacks``) gave no measurable gain in a full build's wall time (1.01x, 3 runs),
and a ``-j 2`` build's main process kept the merged chunks' garbage (peak 292 MB
against 219 MB).

Nothing is done where the collector is off, or where the process froze objects itself.
"""

from __future__ import annotations

import gc

from sphinx.application import Sphinx
from sphinx.config import Config

__all__ = ["on_build_finished", "on_builder_inited", "on_config_inited"]

# process state, as the collector's is: what this module changed, to undo exactly that
_paused = False
_froze = False


def on_config_inited(app: Sphinx, config: Config) -> None:
    global _paused, _froze
    if _froze:  # an earlier app of this process froze and never finished its build
        _froze = False
        gc.unfreeze()
    if config.kb_pause_gc_on_load and gc.isenabled() and gc.get_freeze_count() == 0:
        gc.disable()
        _paused = True


def on_builder_inited(app: Sphinx) -> None:
    global _paused, _froze
    if _paused:
        _paused = False
        if gc.get_freeze_count() == 0:
            gc.freeze()
            _froze = True
        gc.enable()


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    global _froze
    if _froze:
        _froze = False
        gc.unfreeze()
