"""Code fences named as Rouge, Jekyll's highlighter, names languages.

Rouge and Pygments name some languages differently: a fence Jekyll highlighted as
```` ```shell_session ```` or ```` ```viml ```` was "Pygments lexer name … is not known"
and plain text in kb. ``rouge_lexers.json`` (written by ``tools/rouge_lexers.py`` from
Rouge's own lexer tags and aliases, checked by hand where names differ) gives each
Rouge name Pygments does not know the Pygments lexer of the same language; ``GITHUB``
adds the few names GitHub highlights that Rouge itself does not know (Jekyll shows
those unhighlighted; kb highlights them as GitHub does). Each is registered with
Sphinx (``app.add_lexer``) only where the running Pygments does not know the name
and knows the target: a name Pygments knows keeps Pygments' meaning.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from sphinx.application import Sphinx

__all__ = ["GITHUB", "names", "register"]

TABLE = Path(__file__).with_name("rouge_lexers.json")
#: GitHub's names (Linguist's) that Rouge does not know -> Pygments' lexer
GITHUB = {
    "shellsession": "console",  # Linguist's ShellSession: a prompt, commands and output
}


def _lexer(target: str, **options):
    from pygments.lexers import get_lexer_by_name

    return get_lexer_by_name(target, **options)


@functools.cache
def names() -> dict[str, str]:
    """Fence name -> Pygments alias, for names the running Pygments does not know."""
    from pygments.lexers import get_all_lexers

    known = {alias.lower() for _name, aliases, _files, _types in get_all_lexers(plugins=False) for alias in aliases}
    table = {**json.loads(TABLE.read_text(encoding="utf-8"))["names"], **GITHUB}
    return {name: target for name, target in table.items() if name.lower() not in known and target in known}


def register(app: Sphinx) -> None:
    for name, target in names().items():
        app.add_lexer(name, functools.partial(_lexer, target))  # type: ignore[arg-type]
