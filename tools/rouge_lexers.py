"""Write ext/sphinx_kb/jekyll/rouge_lexers.json: the names Rouge (Jekyll's highlighter)
gives its lexers that Pygments does not know, each with the Pygments lexer for the
same language.

    python tools/rouge_lexers.py            # read the installed Rouge, write the table
    python tools/rouge_lexers.py --check    # compare the committed table's Rouge lexers with it (exit 1 if they differ)

Rouge's lexers are Ruby files that register a ``tag 'name'`` and ``aliases 'a', 'b'``
(read here as text, never run): Debian's ruby-rouge, or ``--rouge FOLDER`` (the
``lib/rouge/lexers`` of a Rouge checkout). For each lexer, the names Pygments does not
know get the first of the lexer's names Pygments does know (Rouge's ``console`` is
Pygments' ``console``: ``shell_session`` and ``terminal`` go there), or the Pygments
lexer ``HAND`` gives, checked by hand (a language both highlight under other names). A
lexer Pygments has none for is left out (the table's ``unmatched``: kb warns as before).

GitHub's names that Rouge does not know are not Rouge's to give: ``shellsession``
(GitHub's ShellSession) is shown unhighlighted by Jekyll (Rouge 3.30 and its current
source have ``console``, ``terminal``, ``shell_session``, ``shell-session`` only); kb's
few such names are in ``sphinx_kb.jekyll.lexers.GITHUB``, not here.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from pygments.lexers import get_all_lexers

REPO = Path(__file__).resolve().parent.parent
TABLE = REPO / "ext" / "sphinx_kb" / "jekyll" / "rouge_lexers.json"
DEBIAN = Path("/usr/share/rubygems-integration/all/gems")
#: Rouge tag -> Pygments alias, checked by hand (the same language in both; each Rouge
#: lexer's title or parent class is given): lexers none of whose names Pygments knows,
#: and one whose names Pygments gives to another language
HAND = {
    "apiblueprint": "markdown",  # API Blueprint, Rouge's APIBlueprint < Markdown
    "biml": "xml",  # BIML, Rouge's BIML < XML
    "cfscript": "cfs",  # CFScript: Pygments' "cfs" (its "cfc", Rouge's alias, is a CFC component file)
    "digdag": "yaml",  # digdag workflows, Rouge's Digdag < YAML
    "gradle": "groovy",  # Gradle, Rouge's Gradle < Groovy
    "idlang": "idl",  # IDL, the Interactive Data Language, in both
    "json-doc": "json",  # JSON with comments: Pygments' JSON lexer takes // and /* */ comments
    "objective_cpp": "objective-c++",  # Objective-C++
    "prometheus": "promql",  # Rouge's prometheus lexes PromQL queries
    "robot_framework": "robotframework",  # Robot Framework
}
_TAG = re.compile(r"""^\s*tag\s+['"]([^'"]+)['"]""")
_ALIASES = re.compile(r"""^\s*aliases\s+(.+)$""")


def rouge_folder(given: str | None) -> Path | None:
    if given:
        return Path(given)
    found = sorted(DEBIAN.glob("rouge-*/lib/rouge/lexers"))
    return found[-1] if found else None


def rouge_version(folder: Path) -> str:
    match = re.search(r"rouge-([\d.]+)", str(folder))
    return match.group(1) if match else "unknown"


def rouge_lexers(folder: Path) -> dict[str, list[str]]:
    """Rouge's lexers: tag -> [tag, *aliases], from the Ruby files' text."""
    lexers: dict[str, list[str]] = {}
    for path in sorted(folder.glob("*.rb")):
        current = None
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if match := _TAG.match(line):
                current = match.group(1)
                lexers[current] = [current]
            elif (match := _ALIASES.match(line)) and current is not None:
                lexers[current] += re.findall(r"""['"]([^'"]+)['"]""", match.group(1))
    return lexers


def pygments_names() -> set[str]:
    return {alias.lower() for _name, aliases, _files, _types in get_all_lexers() for alias in aliases}


def table(lexers: dict[str, list[str]], known: set[str]) -> tuple[dict[str, str], list[str]]:
    """Rouge name unknown to Pygments -> Pygments alias; and the lexers left out."""
    names: dict[str, str] = {}
    unmatched = []
    for tag, group in sorted(lexers.items()):
        unknown = [name for name in group if name.lower() not in known]
        if not unknown:
            continue
        target = HAND.get(tag) or next((name.lower() for name in group if name.lower() in known), None)
        if target is None or target not in known:
            unmatched.append(tag)
            continue
        for name in unknown:
            names[name] = target
    return dict(sorted(names.items())), unmatched


def build(folder: Path) -> dict:
    """The table: Rouge's version and lexers (its own names, what ``--check`` and the
    test compare), the names to give Pygments, the lexers left out."""
    lexers = rouge_lexers(folder)
    names, unmatched = table(lexers, pygments_names())
    return {"rouge": rouge_version(folder), "names": names, "unmatched": unmatched, "lexers": lexers}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare the committed table with the installed Rouge")
    parser.add_argument("--rouge", help="Rouge's lib/rouge/lexers folder (default: Debian's ruby-rouge)")
    args = parser.parse_args(argv)
    folder = rouge_folder(args.rouge)
    if folder is None or not folder.is_dir():
        print("no Rouge found (apt-get install ruby-rouge, or --rouge FOLDER)", file=sys.stderr)
        return 2
    data = build(folder)
    if args.check:
        committed = json.loads(TABLE.read_text(encoding="utf-8"))
        if committed["lexers"] != data["lexers"]:
            print(f"{TABLE.name} differs from Rouge {data['rouge']}: run python tools/rouge_lexers.py", file=sys.stderr)
            return 1
        return 0
    TABLE.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{TABLE}: {len(data['names'])} names from Rouge {data['rouge']}; left out: {', '.join(data['unmatched']) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
