"""The hostile tests' shared fixture: a private copy of ``roots/site`` (``support.harness.Site``)."""

from __future__ import annotations

import pytest

from support.harness import Site


@pytest.fixture
def site(tmp_path) -> Site:
    return Site(tmp_path)
