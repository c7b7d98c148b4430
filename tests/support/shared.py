"""The workplace's shared folder, ``../shared`` (the seed post, and real blogs with their
licences, read-only): beside this checkout, or beside the repository it was cloned from
(a fresh clone elsewhere still finds it). Absent, the path beside the checkout is given,
and the tests that need it fail naming it."""

from __future__ import annotations

import functools
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


@functools.lru_cache(maxsize=1)
def _folder() -> Path:
    candidates = [REPO]
    origin = subprocess.run(["git", "config", "--get", "remote.origin.url"], cwd=REPO, capture_output=True,
                            text=True, check=False).stdout.strip()
    if origin and "://" not in origin and Path(origin).is_dir():
        candidates.append(Path(origin).resolve())
    for repository in candidates:
        if (repository.parent / "shared").is_dir():
            return repository.parent / "shared"
    return REPO.parent / "shared"


def shared(*parts: str) -> Path:
    return _folder().joinpath(*parts)
