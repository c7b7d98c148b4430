"""One build at a time on a tree: a second one stops at once, "another build is running".

Two builds sharing a doctree folder (two ``make html`` at once, or ``make html`` during
``make linkcheck``'s html step) read and write the same pickled environment and
doctrees: one of them crashed, 1 build in 14. kb takes an exclusive ``flock`` on
``<doctreedir>/kb-build.lock`` at ``config-inited`` (before Sphinx reads the pickled
environment) and gives it back at ``build-finished``, after every other kb handler.

* **Not waiting.** A build that finds the lock taken prints which process holds it and
  stops with exit code 2, without touching the tree. A build holds the lock for as long
  as it runs (minutes on a large site): any wait short enough not to look like a hang
  would end in the same failure, only later, and a longer one would let builds queue up
  behind each other without the user knowing. Run it again once the other has ended.
* **A killed build never blocks the next.** An ``flock`` belongs to the open file and
  dies with the process that holds it: a lock file left behind holds nothing.
* **Parallel builds (``-j N``).** Sphinx forks its workers, which inherit the open file
  and so share the lock; they never emit ``config-inited`` or ``build-finished``, and
  only the process that took the lock gives it back, so a worker neither takes it again
  nor releases it.
* **Several builds in one process** (``kb linkcheck``: the kb-linkcheck build, then the
  html build; tests): a lock this process still holds for the same folder, from a build
  that never reached ``build-finished``, is given back before it is taken again.

Where ``flock`` is not to be had (no ``fcntl``, a file system without locks), builds are
not guarded and say so (an ``info`` message), as before.
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None

__all__ = ["LOCK_FILE", "AnotherBuildIsRunning", "on_build_finished", "on_config_inited"]

logger = logging.getLogger(__name__)

LOCK_FILE = "kb-build.lock"
EXIT_LOCKED = 2

#: the locks this process holds: lock file -> (file descriptor, the pid that took it)
_held: dict[str, tuple[int, int]] = {}


class AnotherBuildIsRunning(SystemExit):
    """This build stops: exit code 2 (``sphinx-build`` passes a ``SystemExit`` on)."""


def _holder(path: Path) -> str:
    try:
        pid = path.read_text(encoding="utf-8").split()[0]
    except (OSError, IndexError):
        return "another process"
    return f"process {pid}" if pid.isdigit() else "another process"


def _release(key: str) -> None:
    fd, owner = _held.pop(key, (None, None))
    if fd is None or owner != os.getpid():
        return  # a forked worker never gives back its parent's lock
    try:
        fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def on_config_inited(app: Sphinx, config: Config) -> None:
    if fcntl is None:
        return
    path = Path(app.doctreedir) / LOCK_FILE
    key = str(path.resolve())
    _release(key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as error:
        logger.info("kb: builds on this tree are not guarded against each other (%s: %s)", path, error.strerror)
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        os.close(fd)
        if error.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            logger.info("kb: builds on this tree are not guarded against each other (%s: %s)", path, error.strerror)
            return
        print(f"kb: another build is running on this tree ({_holder(path)} holds {path}); this build stops "
              "without touching it. Run it again once that one has finished.", file=sys.stderr, flush=True)
        raise AnotherBuildIsRunning(EXIT_LOCKED) from None
    _held[key] = (fd, os.getpid())
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode())  # for the message above; the lock is the flock alone


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if fcntl is not None:
        _release(str((Path(app.doctreedir) / LOCK_FILE).resolve()))
