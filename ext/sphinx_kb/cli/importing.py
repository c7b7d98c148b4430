"""``kb import PATH``: bring a Jekyll blog into a kb site, byte for byte.

PATH is a Jekyll site folder (with ``_posts/`` or category folders' ``blog/_posts/``, maybe
``_drafts/``, ``_config.yml``, the files posts use) or just a ``_posts`` folder. Copied, never changed:

* posts (every ``_posts`` folder Jekyll reads, category folders ``news/_posts`` included)
  into the posts folder, their subfolders kept (``importer.kb_path``);
* drafts into the posts folder, in their ``_drafts`` folders;
* the files posts and drafts refer to root-relatively (``/assets/x.png``,
  ``{{ site.baseurl }}/assets/…``) or name as their ``image:`` (front matter or
  ``defaults``), and ``_config.yml``'s ``image`` and ``logo``, and only those, into the
  static folder, keeping their paths; ``_config.yml`` there too, for ``kb_jekyll_config``.

Folders: ``--posts`` (default: conf.py's ``kb_posts`` when it is one simple pattern, read
with ``ast``, never run; else ``posts`` in a new site, ``docs/posts`` in another),
``--static`` (default: ``_jekyll`` beside the posts folder); drafts go to the posts
folder's ``_drafts`` (built only with ``kb_drafts``, ``kb serve --drafts``). An existing
file is never replaced without ``--force``; every file not brought is reported with the
reason. Exit codes: 0 everything brought, 1 something not brought, 2 bad arguments.

No manual step follows: in a folder without conf.py, ``kb init`` makes the site first;
then conf.py gets a block of its own at its end (``importer.conf_block``), replaced by
the next import, the rest of conf.py left as it is.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import EXIT_OK, EXIT_PROBLEMS, CommandError
from .importreport import Item, Report, print_report
from ..core.frontmatter import load_yaml, split_front_matter
from ..core.jekyll import entries, importer
from ..core.postmeta import site_path
from ..core.safepaths import write_inside
from ..core.jekyll.config import JekyllSite, read_config
from ..core.jekyll.permalinks import jekyll_post
from ..core.jekyll.urls import IndexedPost, NotAPost, OldUrlIndex, PostTarget
from ..core.liquid import convert
from ..core.newsite import POSTS_FOLDER
from ..core.text import plural
from .init import init_site, site_of_jekyll, write_import_block

MAX_POST_BYTES = 5_000_000
MAX_ASSET_BYTES = 50_000_000
LONG_IMPORT = 200  # files: from there on, a progress line
PROGRESS_EVERY = 100  # files between two progress lines when not on a terminal


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "import", help="bring a Jekyll blog's posts, drafts and files in",
        description="Copy a Jekyll site's posts, drafts, the files they use and _config.yml into this kb site.")
    parser.add_argument("path", help="a Jekyll site folder, or a _posts folder")
    parser.add_argument("--posts", help="where posts go (default: from conf.py's kb_posts, else docs/posts)")
    parser.add_argument("--static", help="where _config.yml and the files posts use go (default: _jekyll beside the posts)")
    parser.add_argument("--conf", default="conf.py", help="the kb site's conf.py (read, never run; default: ./conf.py)")
    parser.add_argument("--force", action="store_true", help="replace existing files that differ")
    parser.set_defaults(func=run)


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


def _magic_folders(site_root: Path, site: JekyllSite):
    """``(prefix, magic, folder)`` for every ``_posts``/``_drafts`` Jekyll reads: in each
    folder its reader walks (``entries.reads``; symbolic links not followed), under
    ``collections_dir`` when the site has one (``prefix`` is then from there: Jekyll's
    categories leave it out)."""
    base = site.collections_dir + "/" if site.collections_dir else ""
    root = site_root / site.collections_dir if base else site_root
    if base and (any(part in ("", ".", "..") for part in site.collections_dir.split("/")) or root.is_symlink()
                 or not root.is_dir()):
        return  # a folder leaving the site's (kb reads nothing outside it), or none
    for dirpath, dirnames, _files in os.walk(root):
        here = Path(dirpath)
        prefix = here.relative_to(root).as_posix()
        prefix = "" if prefix == "." else prefix + "/"
        for magic in ("_posts", "_drafts"):
            if magic in dirnames and not (here / magic).is_symlink():
                yield prefix, magic, here / magic
        dirnames[:] = sorted(d for d in dirnames if entries.reads(base + prefix + d, True, site))


def _is_site(source: Path) -> bool:
    """A Jekyll site folder: it has ``_config.yml``, or a ``_posts``/``_drafts`` folder at any
    depth (``blog/_posts`` with no top-level ``_posts`` too), and is not itself a ``_posts``."""
    if source.name == "_posts":
        return False
    return (source / "_config.yml").is_file() or next(_magic_folders(source, JekyllSite()), None) is not None


def _collect_posts(folders, site_root: Path, posts: Path, site: JekyllSite, report: Report):
    """Posts and drafts into the posts folder; a draft keeps its ``_drafts`` folder (and the
    category folders above it), which a build leaves out unless ``kb_drafts``."""
    for prefix, magic, folder in folders:
        kind = "posts" if magic == "_posts" else "drafts"
        for dirpath, dirnames, files in os.walk(folder):
            here = Path(dirpath)
            for name in sorted(d for d in dirnames if (here / d).is_symlink()):
                report.refused.append((f"{prefix}{magic}/{(here / name).relative_to(folder).as_posix()}/", "a symlinked folder (not followed)"))
            dirnames.sort()
            for name in sorted(files):
                entry = (here / name).relative_to(folder).as_posix()
                label = f"{prefix}{magic}/{entry}"
                if entries.excluded(site.collections_dir + "/" + label if site.collections_dir else label, False, site):
                    report.notes.append(f"{label}: excluded in _config.yml (Jekyll does not read it); not brought")
                    continue
                why = importer.refusal(entry, kind, site.markdown_ext)
                if why:
                    report.refused.append((label, why))
                    continue
                read = _read(here / name, label, site_root, MAX_POST_BYTES, report, text=True)
                if read:
                    dest = posts / (importer.kb_path(label, magic) if kind == "posts" else label)
                    report.items.append((kind[:-1], Item(label, read[0], dest, posts, read[1])))


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
            _by_date_title(index, target, f"{item.label}, line {line}", report)
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


def _by_date_title(index: OldUrlIndex, target: str, where: str, report: Report) -> None:
    """A link that is no post's old URL but names a post by date and title: listed once
    here (the build links it without a word), or, several posts having them, named."""
    found = index.lookup(target)
    if isinstance(found, PostTarget) and found.by_date_title:
        report.guessed.append(f"{where}: {target} -> {found.docname} (the one post of that date and title)")
    elif isinstance(found, NotAPost) and found.candidates:
        report.guessed.append(f"{where}: {target} matches no old URL; posts of that date and title: "
                              f"{', '.join(found.candidates)} (the build warns)")


def _write(item: Item, force: bool) -> str | None:
    """``"written"``, ``"same"``, or the reason it was not written: never through a
    symbolic link on the way (``core.safepaths.write_inside``), never over a different
    file without ``--force``."""
    dest = item.dest
    try:
        if dest.is_symlink() or dest.is_dir():
            return f"{dest} is a folder or a link: not replaced"
        if dest.exists():
            if dest.read_bytes() == item.data:
                return "same"
            if not force:
                return f"{dest} exists with other content (--force replaces it)"
        why = write_inside(item.root, dest, item.data)
        if why is not None:
            return f"{dest}: not written: {why}"
        os.utime(dest, (item.mtime, item.mtime))  # a draft's date is its file's time
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


def _folders(args, conf: Path, settings: dict) -> tuple[Path, Path]:
    posts = Path(args.posts) if args.posts else conf.parent / (importer.posts_folder(settings) or "docs/posts")
    static = Path(args.static) if args.static else posts.parent / "_jekyll"
    return posts, static


def run(args: argparse.Namespace) -> int:
    source = Path(args.path)
    if not source.is_dir():
        raise CommandError(f"{source} is not a folder")
    conf = Path(args.conf)
    if conf.exists() and not conf.is_file():
        raise CommandError(f"{conf} is not a file")
    new_site = not conf.exists()
    settings = {} if new_site else importer.conf_settings(importer.without_block(conf.read_text(encoding="utf-8", errors="replace")))
    if new_site and not args.posts:
        settings = {"kb_posts": [f"{POSTS_FOLDER}/**"]}
    posts, static = _folders(args, conf, settings)
    for folder in (posts, static):
        if folder.exists() and not folder.is_dir():
            raise CommandError(f"{folder} exists and is not a folder")
        if _inside(folder, source):
            raise CommandError(f"{folder} is inside the Jekyll site {source}: choose another folder")
    report = Report()
    site, site_root = JekyllSite(), None
    if _is_site(source):
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
        folders = list(_magic_folders(source, site))
        if site.collections_dir:
            report.notes.append(f"collections_dir: {site.collections_dir}: posts are read from there, as Jekyll reads "
                                "them, and named from there in this report")
        if not folders:
            raise CommandError(f"no posts found in {source}: no _posts folder (nor _drafts) that Jekyll would read")
    elif source.name == "_posts" or any(importer.refusal(p.name) is None for p in source.iterdir() if p.is_file()):
        folders = [("", "_posts", source)]
    else:
        raise CommandError(f"no posts found in {source} (a Jekyll site folder with _posts/, or a _posts folder)")
    _collect_posts(folders, site_root or source, posts, site, report)
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
    if new_site:
        made, _kept = init_site(conf.parent, site_of_jekyll(site))
        report.notes.append(f"no conf.py here: kb init made the site ({plural(len(made), 'file')})")
    report.notes.append(write_import_block(conf, posts, static, site, any(kind == "config" for kind, _item in report.items)))
    print_report(report, written, kept)
    return EXIT_PROBLEMS if report.refused else EXIT_OK
