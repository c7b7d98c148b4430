"""The readers' modules of the core (feeds, related posts, JSON-LD, publishing rules,
descriptions, sitemap) load neither Sphinx nor docutils."""

from __future__ import annotations

import json
import subprocess
import sys

MODULES = ["feeds", "related", "jsonld", "publishing", "descriptions", "sitemap", "backlinks", "postfooter", "postmeta"]


def test_no_sphinx_or_docutils_is_imported():
    code = (
        "import json, sys\n"
        + "".join(f"import sphinx_kb.core.{name}\n" for name in MODULES)
        + "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('sphinx', 'docutils'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == []
