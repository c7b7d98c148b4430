"""``python -m sphinx_kb.sources.linkcheck``: ``make linkcheck``."""

import sys

from sphinx_kb.sources.linkcheck.command import main

sys.exit(main())
