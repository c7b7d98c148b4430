"""``kb import PATH``: bring a Jekyll blog into a kb site, byte for byte.

PATH is a Jekyll site folder (with ``_posts/``, maybe ``_drafts/``, ``_config.yml``, the
files posts use) or just a ``_posts`` folder. Copied, never changed:

* posts (every ``_posts`` folder Jekyll reads, category folders ``news/_posts`` included)
  into the posts folder, their subfolders kept (``importer.kb_path``);
* drafts into the drafts folder, the same way;
* the files posts and drafts refer to root-relatively (``/assets/x.png``,
  ``{{ site.baseurl }}/assets/…``) or name as their ``image:`` (front matter or
  ``defaults``), and ``_config.yml``'s ``image`` and ``logo``, and only those, into the
  static folder, keeping their paths; ``_config.yml`` there too, for ``kb_jekyll_config``.

Folders: ``--posts`` (default: conf.py's ``kb_posts`` when it is one simple pattern, read
with ``ast``, never run; else ``docs/posts``), ``--static`` (default: ``_jekyll`` beside the
posts folder), ``--drafts`` (default: ``_drafts`` in the static folder). Relative defaults
are relative to conf.py's folder. An existing file is never replaced without ``--force``:
an identical one is skipped silently, a different one reported. Every file not brought is
reported with the reason; a referenced file missing from the site folder is listed (the
build warns about it), it does not change the exit code. Exit codes: 0 everything
brought, 1 something not brought, 2 bad arguments. The ``conf.py`` lines to add are printed.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import EXIT_OK, EXIT_PROBLEMS, CommandError
from ..core.frontmatter import load_yaml, split_front_matter
from ..core.postmeta import site_path
from ..core.jekyll import importer
from ..core.jekyll.config import JekyllSite, read_config
from ..core.jekyll.permalinks import jekyll_post
from ..core.jekyll.urls import IndexedPost, OldUrlIndex
from ..core.liquid import convert

MAX_POST_BYTES = 5_000_000
MAX_ASSET_BYTES = 50_000_000
LONG_IMPORT = 200  # files: from there on, a progress line
PROGRESS_EVERY = 100  # files between two progress lines when not on a terminal
_SKIPPED_DIRS = frozenset({"node_modules", "vendor"})


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "import", help="bring a Jekyll blog's posts, drafts and files in",
        description="Copy a Jekyll site's posts, drafts, the files they use and _config.yml into this kb site.")
    parser.add_argument("path", help="a Jekyll site folder, or a _posts folder")
    parser.add_argument("--posts", help="where posts go (default: from conf.py's kb_posts, else docs/posts)")
    parser.add_argument("--static", help="where _config.yml and the files posts use go (default: _jekyll beside the posts)")
    parser.add_argument("--drafts", help="where drafts go (default: _drafts in the static folder)")
    parser.add_argument("--conf", default="conf.py", help="the kb site's conf.py (read, never run; default: ./conf.py)")
    parser.add_argument("--force", action="store_true", help="replace existing files that differ")
    parser.set_defaults(func=run)


@dataclass
class Item:
    label: str  # where it is in the Jekyll site, for the report
    data: bytes
    dest: Path
    root: Path  # the folder dest must stay in
    mtime: float


@dataclass
class Report:
    items: list[tuple[str, Item]] = field(default_factory=list)  # (kind, item)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (label, reason)
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _special(name: str) -> bool:
    return name[:1] in "._#~" or name.endswith("~")


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except (ValueError, OSError):
        return False


def _read(path: Path, label: str, site_root: Path, limit: int, report: Report, text: bool) -> tuple[bytes, float] | None:
    """The file's bytes and time, or None with the reason reported."""
    try:
        if path.is_symlink() and not _inside(path, site_root):
            report.refused.append((label, "a symlink leading outside the site folder"))
            return None
        stat = path.stat()
        if stat.st_size > limit:
            report.refused.append((label, f"too large ({stat.st_size:,} bytes; at most {limit:,})"))
            return None
        data = path.read_bytes()
    except OSError as error:
        report.refused.append((label, f"unreadable ({error.strerror or error})"))
        return None
    if text:
        try:
            data.decode("utf-8")
            if b"\0" in data:
                raise UnicodeDecodeError("utf-8", data, 0, 1, "NUL")
        except UnicodeDecodeError:
            report.refused.append((label, "binary, or not UTF-8 text (Jekyll skips it too)"))
            return None
    return data, stat.st_mtime


def _magic_folders(site_root: Path, exclude: set[str]):
    """``(prefix, magic, folder)`` for every ``_posts``/``_drafts`` Jekyll reads."""
    for dirpath, dirnames, _files in os.walk(site_root):
        here = Path(dirpath)
        prefix = here.relative_to(site_root).as_posix()
        prefix = "" if prefix == "." else prefix + "/"
        for magic in ("_posts", "_drafts"):
            if magic in dirnames and not (here / magic).is_symlink():
                yield prefix, magic, here / magic
        dirnames[:] = sorted(d for d in dirnames if not _special(d) and d not in _SKIPPED_DIRS
                             and prefix + d not in exclude and d not in exclude)


def _collect_posts(folders, site_root: Path, posts: Path, drafts: Path, site: JekyllSite, report: Report):
    for prefix, magic, folder in folders:
        kind = "posts" if magic == "_posts" else "drafts"
        target = posts if kind == "posts" else drafts
        for dirpath, dirnames, files in os.walk(folder):
            here = Path(dirpath)
            for name in sorted(d for d in dirnames if (here / d).is_symlink()):
                report.refused.append((f"{prefix}{magic}/{(here / name).relative_to(folder).as_posix()}/", "a symlinked folder (not followed)"))
            dirnames.sort()
            for name in sorted(files):
                entry = (here / name).relative_to(folder).as_posix()
                label = f"{prefix}{magic}/{entry}"
                why = importer.refusal(entry, kind, site.markdown_ext)
                if why:
                    report.refused.append((label, why))
                    continue
                read = _read(here / name, label, site_root, MAX_POST_BYTES, report, text=True)
                if read:
                    report.items.append((kind[:-1], Item(label, read[0], target / importer.kb_path(label, magic), target, read[1])))


def _collect_assets(report: Report, site: JekyllSite, site_root: Path | None, static: Path) -> None:
    """The files brought posts and drafts refer to root-relatively."""
    texts = [(item, item.data.decode("utf-8")) for kind, item in report.items if kind in ("post", "draft")]
    entries = []
    for item, text in texts:
        front, _body, _n, _problem = split_front_matter(text)
        data, _found = load_yaml(front) if front is not None else ({}, [])
        post, _problems = jekyll_post(item.label, data, site)
        if post.url and "_posts/" in item.label:
            entries.append(IndexedPost(item.label, item.label, post.url, post.time.date() if post.time else None, post.slug))
    index, _duplicates = OldUrlIndex.build(site, entries)
    wanted: dict[str, str] = {}
    for item, text in texts:
        body, _problems = convert(text, index.post_url_tag, link=index.link_tag, site=index.liquid_site)
        for line, target in importer.references(body):
            relative = index.asset_path(target)
            if relative:
                wanted.setdefault(relative, f"{item.label}, line {line}")
    for target, where in importer.pictures(texts, site):
        relative = index.asset_path(target if "://" in target else "/" + target.lstrip("/"))
        if relative:
            wanted.setdefault(relative, where)
        elif site_path(target) is None and "://" not in target:
            report.refused.append((target, f"named by {where}: not a path inside the site folder"))
    for relative, where in sorted(wanted.items()):
        source = (site_root / relative) if site_root else None
        if source is None:
            report.refused.append((relative, f"used by {where}; PATH is a _posts folder, give the site folder to bring it"))
        elif not (source.is_file() or source.is_symlink()):
            report.missing.append(f"/{relative} (used by {where})")
        else:
            read = _read(source, relative, site_root, MAX_ASSET_BYTES, report, text=False)
            if read:
                report.items.append(("asset", Item(relative, read[0], static / relative, static, read[1])))


def _write(item: Item, force: bool) -> str | None:
    """``"written"``, ``"same"``, or None with the reason it was not written."""
    dest = item.dest
    try:
        if not _inside(dest.parent if dest.parent.exists() else item.root, item.root):
            return f"{dest}: the destination leads outside {item.root}"
        if dest.is_symlink() or dest.is_dir():
            return f"{dest} is a folder or a link: not replaced"
        if dest.exists():
            if dest.read_bytes() == item.data:
                return "same"
            if not force:
                return f"{dest} exists with other content (--force replaces it)"
        dest.parent.mkdir(parents=True, exist_ok=True)
        temporary = dest.with_name(f".{dest.name}.kb-import")
        temporary.write_bytes(item.data)
        os.utime(temporary, (item.mtime, item.mtime))  # a draft's date is its file's time
        os.replace(temporary, dest)
    except OSError as error:
        return f"{dest}: {error.strerror or error}"
    return "written"


class Progress:
    """One updating line on a terminal, a line every ``PROGRESS_EVERY`` files otherwise."""

    def __init__(self, total: int, stream=None):
        self.total, self.done = total, 0
        self.stream = stream or sys.stderr
        self.on = total >= LONG_IMPORT
        self.tty = self.on and self.stream.isatty()

    def tick(self) -> None:
        self.done += 1
        if self.tty:
            self.stream.write(f"\rkb import: {self.done}/{self.total} files")
            if self.done == self.total:
                self.stream.write("\n")
        elif self.on and (self.done % PROGRESS_EVERY == 0 or self.done == self.total):
            self.stream.write(f"kb import: {self.done}/{self.total} files\n")
        self.stream.flush()


def _folders(args, conf: Path) -> tuple[Path, Path, Path, dict]:
    settings = importer.conf_settings(conf.read_text(encoding="utf-8", errors="replace")) if conf.is_file() else {}
    base = conf.parent
    posts = Path(args.posts) if args.posts else base / (importer.posts_folder(settings) or "docs/posts")
    static = Path(args.static) if args.static else posts.parent / "_jekyll"
    drafts = Path(args.drafts) if args.drafts else static / "_drafts"
    return posts, static, drafts, settings


def _conf_lines(conf: Path, settings: dict, posts: Path, static: Path, drafts: Path, report: Report) -> list[str]:
    def rel(path: Path) -> str:
        return Path(os.path.relpath(path.resolve(), conf.parent.resolve())).as_posix()

    kinds = {kind for kind, _item in report.items}
    return importer.conf_lines(settings, rel(posts), rel(static), rel(drafts) if "draft" in kinds else None, "config" in kinds)


def run(args: argparse.Namespace) -> int:
    source = Path(args.path)
    if not source.is_dir():
        raise CommandError(f"{source} is not a folder")
    conf = Path(args.conf)
    posts, static, drafts, settings = _folders(args, conf)
    for folder in (posts, static, drafts):
        if folder.exists() and not folder.is_dir():
            raise CommandError(f"{folder} exists and is not a folder")
        if _inside(folder, source):
            raise CommandError(f"{folder} is inside the Jekyll site {source}: choose another folder")
    if _inside(drafts, posts):
        raise CommandError(f"the drafts folder {drafts} is inside the posts folder {posts}: kb would build drafts as posts")
    report = Report()
    site, site_root = JekyllSite(), None
    if (source / "_posts").is_dir():
        site_root = source
        config = source / "_config.yml"
        if config.is_file():
            read = _read(config, "_config.yml", source, MAX_POST_BYTES, report, text=True)
            if read:
                site, problems = read_config(read[0].decode("utf-8"))
                report.notes += [f"_config.yml, line {p.line}: {p.message}" for p in problems]
                report.items.append(("config", Item("_config.yml", read[0], static / "_config.yml", static, read[1])))
        else:
            report.notes.append("no _config.yml: Jekyll's defaults apply (permalink: date, no baseurl)")
        folders = list(_magic_folders(source, {e.strip("/") for e in site.exclude}))
    elif source.name == "_posts" or any(importer.refusal(p.name) is None for p in source.iterdir() if p.is_file()):
        folders = [("", "_posts", source)]
    else:
        raise CommandError(f"no posts found in {source} (a Jekyll site folder with _posts/, or a _posts folder)")
    _collect_posts(folders, site_root or source, posts, drafts, site, report)
    if not any(kind == "post" for kind, _item in report.items) and not report.refused:
        raise CommandError(f"no posts found in {source} (a Jekyll site folder with _posts/, or a _posts folder)")
    _collect_assets(report, site, site_root, static)
    progress = Progress(len(report.items))
    written: dict[str, int] = {}
    kept = 0
    for kind, item in report.items:
        outcome = _write(item, args.force)
        progress.tick()
        if outcome == "written":
            written[kind] = written.get(kind, 0) + 1
        elif outcome == "same":
            kept += 1
        else:
            report.refused.append((item.label, outcome or "not written"))
    _print(report, written, kept, _conf_lines(conf, settings, posts, static, drafts, report))
    return EXIT_PROBLEMS if report.refused else EXIT_OK


def _print(report: Report, written: dict[str, int], kept: int, lines: list[str]) -> None:
    names = {"post": "posts", "draft": "drafts", "asset": "files posts use", "config": "_config.yml"}
    counts = ", ".join(f"{written.get(kind, 0)} {name}" for kind, name in names.items())
    print(f"kb import: brought {counts}" + (f"; {kept} already there" if kept else ""))
    for note in report.notes:
        print(f"note: {note}")
    if report.refused:
        print(f"not brought ({len(report.refused)}):")
        for label, reason in sorted(report.refused):
            print(f"  {label}: {reason}")
    if report.missing:
        print(f"used by posts but not in the site folder ({len(report.missing)}; the build will warn):")
        for line in report.missing:
            print(f"  {line}")
    if lines:
        print("add to conf.py:")
        for line in lines:
            print(f"  {line}")
