"""A tool a test needs and the machine lacks (chromium, Playwright, Jekyll, Rouge):
under ``CI=true`` the test fails, since ``make test`` installs them and a skip would count
as a pass; elsewhere it is skipped, saying why."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def unavailable(failure: str, skip: str) -> NoReturn:
    """Fail with ``failure`` under CI, else skip with ``skip``."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(failure)
    pytest.skip(skip)
