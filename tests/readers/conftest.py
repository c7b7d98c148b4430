"""The readers' browser tests share one fixture: Debian's chromium driven by Playwright
(``support.browser.playwright_chromium``), started once per test module."""

from __future__ import annotations

import pytest

from support.browser import playwright_chromium


@pytest.fixture(scope="module")
def browser():
    with playwright_chromium() as found:
        yield found
