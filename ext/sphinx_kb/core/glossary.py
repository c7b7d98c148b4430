"""The glossary's data: the author's definitions file merged with the keywords the
posts use. Pure Python, no Sphinx.

The definitions file is a YAML mapping (chosen over a MyST glossary because kb
must look a definition up by name and merge it with keywords; a YAML key is data,
a MyST glossary would have to be parsed as Markdown first)::

    generative models:
      definition: |
        Markdown, which may refer to {term}`drug design`.
      aliases: [generative model]
    drug design: A short definition can be the value itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .names import letter, name_key, slug
from .problem import Problem
from .taxonomy import Term
from .text import clean_text, scalar_text, shown
from .yamldata import key_lines, parse_yaml
from . import yamlentries


@dataclass(frozen=True)
class Definition:
    name: str
    text: str  # Markdown
    aliases: tuple[str, ...] = ()
    line: int = 1


@dataclass
class GlossaryEntry:
    name: str
    slug: str
    definition: str | None  # None: undefined
    line: int = 0  # of the definition in the definitions file
    aliases: tuple[str, ...] = ()
    spellings: tuple[str, ...] = ()  # other spellings posts used (also resolve as terms)
    keys: tuple[str, ...] = ()  # every name key that leads here

    @property
    def letter(self) -> str:
        return letter(self.name)

    @property
    def anchor(self) -> str:
        return f"term-{self.slug}"


def load_definitions(text: str) -> tuple[list[Definition], list[Problem]]:
    """The definitions of the file's ``text`` (bytes that were not UTF-8 kept as
    ``surrogateescape`` does) and its problems. A file that cannot be read whole is read
    entry by entry (``core.yamlentries``): the entries lost are counted, the rest kept."""
    data, found = parse_yaml(text) if yamlentries.not_utf8(text) is None else (None, [])
    parse_problems = [Problem(line + 1, message) for line, message in found]
    if data is None:
        return _entry_by_entry(text, parse_problems)
    if not isinstance(data, dict):
        return [], [Problem(1, "the definitions file must be a mapping of term: definition")]
    return _definitions(data, key_lines(text), parse_problems)


def _entry_by_entry(text: str, problems: list[Problem]) -> tuple[list[Definition], list[Problem]]:
    result: list[Definition] = []
    read, lines = yamlentries.entries(text), key_lines(text)
    lost = [entry for entry in read if entry.data is None]
    whole = bool(problems)  # the whole file's problem, which says why entries are lost
    for entry in read:
        if entry.data is None and (whole or not entry.problems):
            continue  # the whole file's problem says why (an alias bomb, an unclosed quote…)
        problems += [Problem(line, message) for line, message in entry.problems]
        if entry.data is not None:
            result += _definitions(entry.data, lines, problems)[0]
    if lost:
        where = ", ".join(str(entry.line) for entry in lost[:10]) + (", …" if len(lost) > 10 else "")
        problems.append(Problem(lost[0].line, f"{len(lost):,} of the {len(read):,} entries of the definitions file "
                                f"cannot be read and are left out (line{'s' * (len(lost) > 1)} {where}); the other "
                                f"{len(read) - len(lost):,} are used"))
    return result, problems


def _definitions(data: dict, lines: dict[str, int], problems: list[Problem]) -> tuple[list[Definition], list[Problem]]:
    result: list[Definition] = []
    for raw_name, value in data.items():  # an entry whose key is a list or a map is already reported
        name = scalar_text(raw_name)
        line = lines.get(str(raw_name), 1)
        if not name:
            problems.append(Problem(line, f"term {shown(raw_name)} is not a name"))
            continue
        aliases: list[str] = []
        if isinstance(value, dict):
            text_value = value.get("definition")
            raw_aliases = value.get("aliases") or []
            if isinstance(raw_aliases, str):
                raw_aliases = [raw_aliases]
            for alias in raw_aliases if isinstance(raw_aliases, list) else []:
                alias_text = scalar_text(alias)
                if alias_text:
                    aliases.append(alias_text)
                else:
                    problems.append(Problem(line, f"{shown(name)}: alias {shown(alias)} is not a name"))
        else:
            text_value = value
        definition = "" if text_value is None else str(text_value).strip() if isinstance(text_value, str) else scalar_text(text_value)
        if definition is None:
            problems.append(Problem(line, f"{shown(name)}: the definition must be text"))
            definition = ""
        result.append(Definition(name, definition, tuple(aliases), line))
    return result, problems


def merge(keyword_terms: dict[str, Term], definitions: list[Definition]) -> tuple[list[GlossaryEntry], list[Problem]]:
    """One entry per defined term (with its aliases) and per undefined keyword."""
    problems: list[Problem] = []
    owner: dict[str, GlossaryEntry] = {}
    entries: list[GlossaryEntry] = []
    for definition in definitions:
        keys = [name_key(definition.name)] + [name_key(a) for a in definition.aliases]
        taken = [k for k in keys if k in owner]
        if taken:
            problems.append(Problem(definition.line, f"{shown(definition.name)}: {shown(', '.join(taken))} is "
                                    "already defined; merge the two definitions or remove the duplicate"))
            keys = [k for k in keys if k not in owner]
            if not keys:
                continue
        entry = GlossaryEntry(
            name=clean_text(definition.name),
            slug=slug(definition.name),
            definition=definition.text or None,
            line=definition.line,
            aliases=tuple(a for a in definition.aliases if name_key(a) in keys),
            keys=tuple(dict.fromkeys(keys)),
        )
        entries.append(entry)
        for key in entry.keys:
            owner[key] = entry
    for key, term in keyword_terms.items():
        entry = owner.get(key)
        if entry is None:
            entry = GlossaryEntry(name=term.name, slug=term.slug, definition=None, keys=(key,))
            owner[key] = entry
            entries.append(entry)
        # the other spellings posts used resolve as terms too (a chip may say "Machine-Learning")
        extra = [s for s in term.spellings if s != entry.name and s not in entry.aliases]
        if extra:
            entry.spellings = tuple(sorted({*entry.spellings, *extra}))
    entries.sort(key=lambda e: (name_key(e.name), e.name))
    return entries, problems


def to_json(entry: GlossaryEntry) -> dict:
    return {
        "name": entry.name, "slug": entry.slug, "definition": entry.definition,
        "line": entry.line, "aliases": list(entry.aliases), "spellings": list(entry.spellings),
        "keys": list(entry.keys),
    }


def from_json(data: dict) -> GlossaryEntry:
    return GlossaryEntry(
        name=data["name"], slug=data["slug"], definition=data.get("definition"),
        line=int(data.get("line") or 0), aliases=tuple(data.get("aliases", ())),
        spellings=tuple(data.get("spellings", ())), keys=tuple(data.get("keys", ())),
    )


@dataclass
class Glossary:
    entries: list[GlossaryEntry] = field(default_factory=list)

    def by_letter(self) -> dict[str, list[GlossaryEntry]]:
        groups: dict[str, list[GlossaryEntry]] = {}
        for entry in self.entries:
            groups.setdefault(entry.letter, []).append(entry)
        return dict(sorted(groups.items(), key=lambda item: (item[0] == "#", item[0])))
