"""``python -m sphinx_kb``: the ``kb`` command."""

import sys

from sphinx_kb.cli import main

sys.exit(main())
