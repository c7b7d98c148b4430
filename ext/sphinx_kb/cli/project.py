"""The project a ``kb`` subcommand works on: conf.py's folder, its settings, its posts.

conf.py is never executed (it may run anything): its top-level assignments of plain
literals (``kb_posts = ["docs/posts/**"]``) are read with ``ast``. A setting given
any other way (computed, imported) cannot be read; a command that needs it says so
and names the option that replaces it (``--posts DIR``). conf.py is looked for in
the current folder and its parents (up to the repository's root, where ``docs/``,
``doc/`` and ``source/`` are looked in too), or given with ``--conf PATH``.

Posts are found as the build finds them (``posts.scan``): files with a Markdown
suffix (``.md``, Jekyll's ``.markdown``…) whose docname matches ``kb_posts``, inside ``include_patterns``, outside
``exclude_patterns`` and kb's generated folders, with Sphinx's glob rules
(``sphinx.util.matching``: ``*`` stops at ``/``, ``**`` does not).
"""

from __future__ import annotations

import argparse
import ast
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..core.paths import PathError, Paths, clean_folder
from ..core.postreader import JEKYLL_MARKDOWN
from . import CommandError
from .globs import literal_prefix, matcher

#: conf.py values kb's commands read, with the build's defaults (``extension.config_values``
#: and Sphinx's own; a test checks they agree, without importing Sphinx here)
DEFAULTS: dict[str, object] = {
    "kb_posts": ["posts/**"],
    "kb_output_dir": "_kb",
    "tags_output_dir": "_tags",
    "kb_glossary_file": "",
    "kb_known_placeholders": [],
    "kb_placeholder_markers": ["replace with actual", "replace with a real", "add link here",
                               "link to be added", "citation needed"],
    "kb_linkcheck_report": "",
    "kb_aliases": {},
    "kb_distinct_names": [],
    "kb_jekyll_config": "",
    "kb_jekyll_site_url": "",
    "kb_static_root": "",
    "kb_future": False,
    "kb_drafts": False,
    "language": "en",
    "smartquotes": True,
    "smartquotes_action": "qDe",
    "smartquotes_excludes": {"languages": ["ja", "zh_CN", "zh_TW"], "builders": ["man", "text"]},
    "include_patterns": ["**"],
    "exclude_patterns": [],
    "templates_path": [],
    "source_suffix": {".rst": "restructuredtext"},
}
#: what posts.scan always leaves out (with Sphinx's own EXCLUDE_PATHS)
ALWAYS_EXCLUDED = ["**/_sources", ".#*", "**/.#*", "*.lproj/**", "_build", ".venv"]
_LAYOUTS = ("docs", "doc", "source", "docs/source")


def add_arguments(parser: argparse.ArgumentParser, posts: bool = True) -> None:
    group = parser.add_argument_group("project")
    group.add_argument("--conf", metavar="PATH", type=Path,
                       help="the site's conf.py (default: found from the current folder up)")
    if posts:
        group.add_argument("--posts", metavar="DIR", type=Path,
                           help="the posts folder (default: from kb_posts in conf.py)")


def read_settings(conf: Path) -> tuple[dict[str, object], set[str]]:
    """conf.py's literal top-level assignments, and the names assigned otherwise."""
    try:
        tree = ast.parse(conf.read_bytes(), filename=str(conf))
    except (OSError, ValueError) as error:
        raise CommandError(f"cannot read {conf}: {error}") from None
    except SyntaxError as error:
        raise CommandError(f"{conf}:{error.lineno}: conf.py is not valid Python ({error.msg})") from None
    values: dict[str, object] = {}
    unreadable: set[str] = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, (ast.AnnAssign, ast.AugAssign)) else []
        for target in targets:
            if not isinstance(target, ast.Name):
                continue
            try:
                if isinstance(node, ast.AugAssign) or node.value is None:
                    raise ValueError
                values[target.id] = ast.literal_eval(node.value)
                unreadable.discard(target.id)
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                values.pop(target.id, None)
                unreadable.add(target.id)
    return values, unreadable


def find_conf(start: Path) -> Path | None:
    for folder in [start, *start.parents]:
        if (folder / "conf.py").is_file():
            return folder / "conf.py"
        if (folder / ".git").exists():
            return next((folder / sub / "conf.py" for sub in _LAYOUTS if (folder / sub / "conf.py").is_file()), None)
    return None


@dataclass
class Project:
    srcdir: Path
    conf: Path | None = None
    values: dict[str, object] = field(default_factory=dict)
    unreadable: set[str] = field(default_factory=set)
    posts_override: Path | None = None

    def setting(self, name: str) -> object:
        """conf.py's value, else the build's default; an unreadable one is an error."""
        if name in self.unreadable:
            raise CommandError(f"{self.conf}: {name} is not a plain value (it is computed); kb reads conf.py "
                               "without running it, so write it as a literal or give the matching option")
        return self.values.get(name, DEFAULTS.get(name))

    def path_setting(self, name: str) -> str:
        value = self.setting(name)
        if not isinstance(value, str):
            raise CommandError(f"{self.conf}: {name} should be text, not {type(value).__name__}")
        return value

    def list_setting(self, name: str) -> list:
        value = self.setting(name)
        if not isinstance(value, (list, tuple)):
            raise CommandError(f"{self.conf}: {name} should be a list, not {type(value).__name__}")
        return list(value)

    def distinct_names(self) -> list[list[str]]:
        """``kb_distinct_names``: groups of names declared different (never reported as one)."""
        value = self.values.get("kb_distinct_names", [])
        if not isinstance(value, (list, tuple)) or not all(
                isinstance(group, (list, tuple)) and all(isinstance(n, str) for n in group) for group in value):
            raise CommandError(f"{self.conf}: kb_distinct_names should be a list of lists of names, "
                               'e.g. [["Génomique", "Genomique"]]')
        return [list(group) for group in value]

    def post_patterns(self) -> list[str]:
        patterns = self.list_setting("kb_posts")
        if not all(isinstance(p, str) for p in patterns):
            raise CommandError(f"{self.conf}: kb_posts should be a list of glob patterns")
        return patterns

    def posts_folder(self) -> Path:
        """Where a new post goes: ``--posts``, else the first folder ``kb_posts`` names."""
        if self.posts_override is not None:
            return self.posts_override
        if "kb_posts" in self.unreadable:
            raise CommandError(f"{self.conf}: kb_posts is computed, so kb cannot read it; give --posts DIR")
        for pattern in self.post_patterns():
            prefix = literal_prefix(pattern)
            if prefix:
                return self.srcdir / prefix
        raise CommandError(f"kb_posts {self.post_patterns()!r} names no folder of its own; give --posts DIR")

    def source_suffixes(self) -> dict[str, str]:
        """Every source suffix the build reads, and its kind: conf.py's ``source_suffix``
        (a list or text is reStructuredText, as Sphinx takes it), MyST's ``.md`` and
        Jekyll's Markdown extensions (``jekyll.add_markdown_suffixes``) where conf.py
        gives them no other kind."""
        given = self.setting("source_suffix")
        if isinstance(given, str):
            given = [given]
        suffixes = dict(given) if isinstance(given, dict) else {s: "restructuredtext" for s in given
                                                                 if isinstance(s, str)}
        for suffix in (".md", *JEKYLL_MARKDOWN):
            suffixes.setdefault(suffix, "markdown")
        return suffixes

    def markdown_suffixes(self) -> tuple[str, ...]:
        return tuple(s for s, kind in self.source_suffixes().items() if kind == "markdown")

    def generated_folders(self) -> list[str]:
        """kb's generated folders, relative to the source folder (``core.paths.Paths``)."""
        tags, root = (_clean_dir(self.path_setting(n), n) for n in ("tags_output_dir", "kb_output_dir"))
        return Paths(tags, root).folders()

    def post_paths(self) -> Iterator[tuple[Path, str]]:
        """Every post file and its docname, sorted, as the build would find them."""
        suffixes = self.markdown_suffixes()
        if self.posts_override is not None:
            base = self.posts_override
            if not base.is_dir():
                raise CommandError(f"--posts {base}: no such folder")
            for path in sorted(p for p in base.rglob("*") if p.suffix in suffixes and p.is_file()):
                relative = path.relative_to(base).as_posix()
                if not any(part.startswith(".") for part in relative.split("/")):
                    yield path, _docname_of(path, self.srcdir, base, suffixes)
            return
        is_post = matcher(self.post_patterns())
        included = matcher(self.list_setting("include_patterns"), top_level_too=False)
        excluded = matcher([*ALWAYS_EXCLUDED, *self.list_setting("exclude_patterns"),
                            *self.list_setting("templates_path"),
                            *(f"{folder}/**" for folder in self.generated_folders())], top_level_too=False)
        starts = {literal_prefix(p) for p in self.post_patterns()}
        starts = {""} if "" in starts else starts
        found = []
        for start in sorted(starts):
            for root, dirs, files in os.walk(self.srcdir / start, followlinks=True):
                relative_root = Path(root).relative_to(self.srcdir).as_posix()
                relative_root = "" if relative_root == "." else relative_root + "/"
                dirs[:] = sorted(d for d in dirs if not excluded(relative_root + d))
                for name in files:
                    relative = relative_root + name
                    suffix = next((s for s in suffixes if name.endswith(s)), None)
                    probe = relative.replace("\n", " ")  # a line break: matched, then refused as the build does
                    if suffix and included(probe) and not excluded(probe) and is_post(probe[: -len(suffix)]):
                        found.append((self.srcdir / relative, relative[: -len(suffix)]))
        yield from sorted(set(found))


def _clean_dir(value: str, name: str) -> str:
    """A folder inside the source folder, as the build requires (``core.paths.clean_folder``)."""
    try:
        return clean_folder(value)
    except PathError:
        raise CommandError(f"{name} {value!r} must be a folder inside the source folder") from None


def _docname_of(path: Path, srcdir: Path, base: Path, suffixes: tuple[str, ...]) -> str:
    try:
        relative = path.resolve().relative_to(srcdir.resolve()).as_posix()
    except ValueError:
        relative = path.relative_to(base).as_posix()
    suffix = next(s for s in suffixes if relative.endswith(s))
    return relative[: -len(suffix)]


def shown(path: Path) -> str:
    """A path as a user would type it: relative to the current folder when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)


def project_of(args: argparse.Namespace, need_conf: bool = True) -> Project:
    """The project named by ``--conf``/``--posts``, or found from the current folder."""
    conf: Path | None = getattr(args, "conf", None)
    posts: Path | None = getattr(args, "posts", None)
    if conf is not None:
        if conf.is_dir():
            conf = conf / "conf.py"
        if not conf.is_file():
            raise CommandError(f"--conf {conf}: no such file")
    else:
        conf = find_conf(Path.cwd())
    if conf is None:
        if need_conf and posts is None:
            raise CommandError("no conf.py found here or above; run kb in the site's folder, or give --conf PATH "
                               "(or --posts DIR)")
        return Project(srcdir=Path.cwd(), posts_override=posts)
    values, unreadable = read_settings(conf)
    return Project(conf.parent, conf, values, unreadable, posts)
