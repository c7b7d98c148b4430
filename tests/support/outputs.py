"""Two builds' outputs compared byte for byte: the pages, and the feeds and sitemap
(``.xml``, ``.json``) that kb writes beside them. Not Pagefind's bundle (``pagefind/``):
its indexer numbers pages in the order its threads finish, so two runs on the same
pages write different bytes; what it indexes is the pages' marked text, compared here."""

from __future__ import annotations

from pathlib import Path

SUFFIXES = (".html", ".xml", ".json")


def outputs(outdir: Path, suffixes: tuple[str, ...] = SUFFIXES) -> dict[str, bytes]:
    return {p.relative_to(outdir).as_posix(): p.read_bytes() for p in sorted(Path(outdir).rglob("*"))
            if p.suffix in suffixes and p.is_file() and "_static" not in p.parts and "pagefind" not in p.parts}


def assert_same_outputs(got: Path, expected: Path, suffixes: tuple[str, ...] = SUFFIXES) -> None:
    mine, theirs = outputs(got, suffixes), outputs(expected, suffixes)
    assert set(mine) == set(theirs), (f"only in {got}: {sorted(set(mine) - set(theirs))}; "
                                      f"only in {expected}: {sorted(set(theirs) - set(mine))}")
    different = [name for name in mine if mine[name] != theirs[name]]
    assert different == [], f"files differ: {different}"
