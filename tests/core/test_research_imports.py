"""What the research-grade source modules may load: the core neither Sphinx nor the network."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

from sphinx_kb.core import references
from sphinx_kb.core.references import format_reference

CORE = ["doi", "csl", "references", "updates", "bibtex", "citing"]


def loaded_after(statement: str) -> set[str]:
    code = f"import json, sys; {statement}; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    return {name.split(".")[0] for name in json.loads(done.stdout)}


def test_the_core_loads_no_sphinx_docutils_or_http_client():
    modules = loaded_after("; ".join(f"import sphinx_kb.core.{name}" for name in CORE))
    assert not modules & {"sphinx", "docutils", "requests", "urllib3"}


def test_the_research_clients_load_no_sphinx():
    modules = loaded_after("import sphinx_kb.research.check")
    assert "requests" in modules
    assert not modules & {"sphinx", "docutils"}


def test_formatting_a_reference_needs_no_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("formatting tried to open a connection")

    references._load.cache_clear()  # the style is parsed again, with its schema and locale
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    item = json.loads((Path(__file__).parent.parent / "data" / "alphafold.csl.json").read_text(encoding="utf-8"))
    assert format_reference(item).in_text == "(Jumper et al., 2021)"
