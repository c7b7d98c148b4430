"""The extension's layout: a pure core, imports that run one way, small modules.

These read the source (Python's ``ast``), so they hold for every module, including
those no test imports."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "ext" / "sphinx_kb"
#: glue packages, lowest first: a package may import only from packages before it
#: (and from itself); ``extension`` (the setup) comes last, the ``kb`` command beside it
LAYERS = ["core", "checking", "_compat", "research", "state", "perf", "writing", "posts", "glossary", "taxonomy",
          "sources", "citations", "jekyll", "readers", "pipeline", "extension"]
MAX_LINES = 320


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(("sphinx_kb", *parts))] = path
    return found


def imports_of(name: str, path: Path, when_loaded: bool = False) -> set[str]:
    """The sphinx_kb modules a module imports (relative imports made absolute);
    ``when_loaded``: only those imported when the module is loaded (not inside a
    function, as ``setup()`` imports the extension)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in (tree.body if when_loaded else ast.walk(tree)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("sphinx_kb")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if not module.startswith("sphinx_kb"):
                continue
            known = modules()
            for alias in node.names:
                sub = f"{module}.{alias.name}"
                found.add(sub if sub in known else module)
    return found


def third_party_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.add(node.module.split(".")[0])
    return found


def layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "extension"  # the package's own __init__: setup()
    return parts[1] if parts[1] in LAYERS else parts[1]


def test_the_core_imports_neither_sphinx_nor_docutils():
    for name, path in modules().items():
        if name.startswith("sphinx_kb.core"):
            assert not third_party_imports(path) & {"sphinx", "docutils", "myst_parser", "sphinx_tags"}, name
            assert all(m.startswith("sphinx_kb.core") for m in imports_of(name, path)), name


def test_the_core_and_the_command_load_without_sphinx():
    code = ("import sys, sphinx_kb.cli, sphinx_kb.core.site, sphinx_kb.core.pages, sphinx_kb.core.render, "
            "sphinx_kb.core.postheader\n"
            "loaded = [m for m in sys.modules if m.split('.')[0] in ('sphinx', 'docutils')]\n"
            "assert not loaded, loaded")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_imports_run_one_way_from_the_core_to_the_setup():
    order = {name: i for i, name in enumerate(LAYERS)}
    for name, path in modules().items():
        here = layer(name)
        if here == "cli" or name == "sphinx_kb.__main__":
            continue  # the kb command: beside the setup, it may use any layer
        for imported in imports_of(name, path):
            there = layer(imported)
            if imported == "sphinx_kb":
                continue  # __version__
            assert order[there] <= order[here], f"{name} ({here}) imports {imported} ({there})"


def test_no_module_imports_itself_back():
    graph = {name: imports_of(name, path, when_loaded=True) for name, path in modules().items()}
    state: dict[str, int] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for other in sorted(graph.get(name, ())):
            if other == name or other not in graph:
                continue
            assert state.get(other) != 1, "import cycle: " + " -> ".join([*trail, name, other])
            if other not in state:
                visit(other, [*trail, name])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [])


def test_no_module_is_long():
    long = {name: n for name, path in modules().items() if (n := len(path.read_text().splitlines())) > MAX_LINES}
    assert long == {}
