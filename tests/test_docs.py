"""The docs say only what is true: every configuration value kb registers is in the
configuration reference, with what changing it rebuilds; every directive is listed."""

from __future__ import annotations

import re

from conftest import REPO
from sphinx_kb.extension import config_values

REFERENCE = REPO / "docs" / "guide" / "configuration.md"


def rows() -> dict[str, str]:
    """name -> its 'rebuilds' cell, from the reference's tables."""
    found = {}
    for line in REFERENCE.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0].startswith("`"):
            for name in re.findall(r"`(\w+)`", cells[0]):
                found[name] = cells[3]
    return found


def test_every_value_is_documented_with_what_it_rebuilds():
    documented = rows()
    for name, _default, _types, rebuild in config_values():
        assert name in documented, f"{name} is not in {REFERENCE.name}"
        assert documented[name] == {"env": "read", "html": "write"}.get(rebuild, "none"), name
    assert set(documented) <= {name for name, *_ in config_values()}, "documented values kb does not register"


def test_every_directive_kb_registers_is_listed():
    registered = {name for path in (REPO / "ext" / "sphinx_kb").rglob("*.py")
                  for name in re.findall(r'add_directive\("([\w-]+)"', path.read_text(encoding="utf-8"))}
    assert {"kb-recent", "kb-listing", "kb-sources-report", "tags", "kb-page"} <= registered
    text = REFERENCE.read_text(encoding="utf-8")
    for directive in registered:
        assert f"`{{{directive}" in text, directive
