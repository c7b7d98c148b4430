"""The posts of a project as the build reads them: the same reader, the same old URLs.

The build reads every post through one ``core.postreader.PostReader`` (kb's rules;
Jekyll's with ``kb_jekyll_config``; ``kb_aliases`` applied), built in
``pipeline.posts_folder``; ``reader`` builds the same one from conf.py's values, so a
command never reads a post otherwise than the build. A post Sphinx could not build
(binary, not UTF-8, a name too long) or that Jekyll's rules refuse is kept with the
reason, as the build's prescan keeps it (``posts.scan``). Each post read has the
build's publishing decision (``core.publishing.decide``: a draft, ``published: false``,
dated in the future, with ``kb_drafts``/``kb_future`` or the Jekyll site's switches, as
``readers.publishing`` decides; "now" is ``KB_NOW`` or the clock). ``old_urls`` indexes
every built post's old URL as the build does, for Liquid's ``{% post_url %}`` and for
links written the Jekyll way.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, replace
from pathlib import Path

from ..checking.post import Rules
from ..core import aliases, glossary, placeholders
from ..core.jekyll.config import JekyllSite, read_config
from ..core.jekyll.urls import IndexedPost, OldUrlIndex
from ..core.postreader import PostFileText, PostReader, Refusal, posts_root, unreadable
from ..core.publishing import NOW_VARIABLE, PUBLISHED, decide, parse_now
from ..core.publishing import Rules as PublishingRules
from . import CommandError
from .cache import PostCache
from .project import Project, shown

__all__ = ["PostFile", "build_now", "jekyll_site", "load_definitions", "old_urls", "publishing_rules", "read_folder",
           "read_posts", "reader", "rules", "static_root"]


@dataclass
class PostFile:
    path: Path
    docname: str  # relative to the source folder, without suffix
    relpath: str  # relative to the source folder, with suffix
    shown: str  # the path as shown to the user
    read: PostFileText | None = None  # None: refused
    refusal: Refusal | None = None  # why the build does not build it
    head: tuple[str, ...] = ()  # the file's first lines, its front matter's (for a name's line)
    #: the build's decision (core.publishing: PUBLISHED, DRAFT, UNPUBLISHED, FUTURE); None when refused
    reason: str | None = None

    @property
    def post(self):
        return self.read.source.post

    @property
    def published(self) -> bool:
        return self.read is not None and self.read.source.post.published

    @property
    def built(self) -> bool:
        """Published by a build made now: no draft, no ``published: false``, not dated later."""
        return self.reason == PUBLISHED

    @property
    def problems(self):
        return self.read.source.problems if self.read is not None else ()

    @property
    def front_lines(self) -> list[str]:
        return list(self.head)


def jekyll_site(project: Project) -> JekyllSite | None:
    """The Jekyll site of ``kb_jekyll_config`` (``jekyll.config.load_site``), or None;
    an unreadable file is read as none, as the build does (it warns; kb check does not)."""
    name = project.path_setting("kb_jekyll_config")
    if not name:
        return None
    try:
        text = (project.srcdir / name).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    site, _ = read_config(text)
    url = project.path_setting("kb_jekyll_site_url")
    return replace(site, url=url.rstrip("/")) if url else site


def reader(project: Project) -> PostReader:
    """The build's reader (``pipeline.posts_folder.reader``)."""
    names, _ = aliases.parse(project.setting("kb_aliases"))
    root = posts_root(project.post_patterns()) if project.posts_override is None else _inside(project)
    return PostReader(jekyll_site(project), root, names=names)


def _inside(project: Project) -> str:
    try:
        relative = project.posts_override.resolve().relative_to(project.srcdir.resolve()).as_posix()
    except ValueError:
        return ""
    return "" if relative == "." else relative


def static_root(project: Project) -> Path | None:
    """Where the old site's files are (``jekyll.config.static_root``)."""
    own = project.path_setting("kb_static_root")
    if own:
        return project.srcdir / own
    config = project.path_setting("kb_jekyll_config")
    return (project.srcdir / config).parent if config else None


def read_posts(project: Project, progress=None, post_reader: PostReader | None = None,
               cache: bool = True) -> list[PostFile]:
    """Every post file of the project, read as the build reads it (refused ones kept);
    a file unchanged since the last run is not read again (``cli.cache``)."""
    post_reader = post_reader or reader(project)
    paths = list(project.post_paths())
    now, chosen = build_now(), publishing_rules(project, post_reader, strict=False)
    kept = PostCache(project.srcdir, enabled=cache)
    if progress is not None:
        progress.start(len(paths))
    posts = []
    for path, docname in paths:
        relpath = _relpath(project, path)
        try:
            stat = path.stat()
        except OSError as error:
            raise CommandError(f"cannot read {shown(path)}: {error.strerror}") from None
        stamp = (stat.st_mtime_ns, stat.st_size, os.access(path, os.R_OK), post_reader.key)
        value = kept.get(relpath, stamp)
        if value is None:
            value = _read(path, relpath, docname, post_reader, stat.st_mtime)
            kept.put(relpath, stamp, value)
        refusal, read, head = value
        reason = decide(read.source.post, relpath, now, chosen).reason if read is not None else None
        posts.append(PostFile(path, docname, relpath, shown(path), read, refusal, head, reason))
        if progress is not None:
            progress.advance()
    if progress is not None:
        progress.close()
    kept.save()
    return posts


def read_folder(project: Project, folder: Path, post_reader: PostReader) -> list[PostFile]:
    """The Markdown files of a folder that holds no post of the site (``kb check FOLDER``
    on a copy elsewhere), each read as if it were in the posts folder: the same reader,
    the same rules (Jekyll's file names with ``kb_jekyll_config``). Never cached."""
    suffixes = project.markdown_suffixes()
    now, chosen = build_now(), publishing_rules(project, post_reader, strict=False)
    drafts = "_drafts/" if folder.resolve().name == "_drafts" else ""
    posts = []
    for path in sorted(p for p in folder.rglob("*") if p.name.endswith(suffixes) and p.is_file()):
        inner = path.relative_to(folder).as_posix()
        if any(part.startswith(".") for part in inner.split("/")):
            continue
        relpath = "/".join(part for part in (post_reader.root, drafts + inner) if part)
        docname = relpath[: -len(next(s for s in suffixes if relpath.endswith(s)))]
        try:
            mtime = path.stat().st_mtime
        except OSError as error:
            raise CommandError(f"cannot read {shown(path)}: {error.strerror}") from None
        refusal, read, head = _read(path, relpath, docname, post_reader, mtime)
        reason = decide(read.source.post, relpath, now, chosen).reason if read is not None else None
        posts.append(PostFile(path, docname, relpath, shown(path), read, refusal, head, reason))
    return posts


def build_now() -> dt.datetime:
    """The build's "now" (``readers.publishing.build_now``): ``KB_NOW``, else the clock."""
    return parse_now(os.environ.get(NOW_VARIABLE, "")) or dt.datetime.now(dt.timezone.utc)


def publishing_rules(project: Project, post_reader: PostReader, strict: bool = True) -> PublishingRules:
    """``kb_future`` and ``kb_drafts`` as conf.py sets them, else the Jekyll site's
    ``future`` and ``show_drafts`` (``readers.publishing.rules``). A computed one is an
    error when ``strict`` (``kb stats`` counts by them), else read as not set (``kb check``
    and ``kb new`` do not depend on them but for ``{% post_url %}`` to a left-out post)."""
    site = post_reader.site

    def chosen(name: str, jekyll: bool) -> bool:
        if strict or name not in project.unreadable:
            value = project.setting(name)  # a computed one is an error
            return bool(value) if name in project.values else jekyll
        return jekyll

    return PublishingRules(future=chosen("kb_future", site is not None and site.future),
                           drafts=chosen("kb_drafts", site is not None and site.show_drafts),
                           unpublished=bool(site is not None and site.unpublished), zone=post_reader.jekyll.zone)


def _read(path: Path, relpath: str, docname: str, post_reader: PostReader, mtime: float):
    """(why it is refused, the post as read, its front matter's lines) of one file."""
    refusal = unreadable(path, docname)
    if refusal is None and (not_a_post := post_reader.refusal(relpath)):
        refusal = Refusal(not_a_post)
    if refusal is not None:
        return refusal, None, ()
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:  # changed since unreadable() looked
        raise CommandError(f"cannot read {shown(path)}: {error}") from None
    read = post_reader.read_text(text, relpath, dt.datetime.fromtimestamp(mtime, dt.timezone.utc))
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return None, read, tuple(lines[: read.front_lines])


def _relpath(project: Project, path: Path) -> str:
    try:
        return path.relative_to(project.srcdir).as_posix()
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(project.srcdir.resolve()).as_posix()
    except ValueError:
        return path.name


def old_urls(project: Project, post_reader: PostReader, posts: list[PostFile]) -> OldUrlIndex:
    """Every built post's old URL (``pipeline.posts_folder.old_urls``)."""
    site = post_reader.jekyll
    url = project.path_setting("kb_jekyll_site_url")
    if url and site.url != url.rstrip("/"):
        site = replace(site, url=url.rstrip("/"))
    indexed = [IndexedPost(p.docname, p.read.source.jekyll_path, p.read.source.old_url, p.read.source.date,
                           p.read.source.slug) for p in posts if p.built and p.read.source.old_url]
    index, _ = OldUrlIndex.build(site, indexed)
    return index


def rules(project: Project, post_reader: PostReader, posts: list[PostFile]) -> Rules:
    """What the build checks posts against (``checking.post.Rules``), from conf.py."""
    markers = project.list_setting("kb_placeholder_markers")
    known, _ = placeholders.parse_known(project.list_setting("kb_known_placeholders"), project.markdown_suffixes())
    extensions = project.values.get("myst_enable_extensions", ())
    substitutions = "myst_enable_extensions" in project.unreadable or (
        isinstance(extensions, (list, tuple, set)) and "substitution" in extensions)
    return Rules(old_urls(project, post_reader, posts), tuple(str(m) for m in markers), tuple(known),
                 lambda: _myst_reader(project), static_root(project), substitutions)


def _myst_reader(project: Project):
    """MyST without Sphinx, configured as the build configures it (``checking.myst``)."""
    from ..checking.myst import MystReader, myst_config, smartquotes_action

    computed = sorted(name for name in project.unreadable if name.startswith(("myst_", "smartquote", "language")))
    if computed:
        raise CommandError(f"{project.conf}: {', '.join(computed)} computed, so kb cannot read how MyST reads posts; "
                           "write them as plain values")
    config, problem = myst_config({k: v for k, v in project.values.items() if k.startswith("myst_")})
    if problem:
        raise CommandError(f"{project.conf}: {problem}")
    values = {name: project.setting(name) for name in ("smartquotes", "smartquotes_action", "smartquotes_excludes",
                                                         "language")}
    return MystReader(config, project.srcdir, tuple(project.source_suffixes()), smartquotes_action(values),
                      str(values["language"] or "en"))


def load_definitions(project: Project) -> tuple[list[glossary.Definition], list]:
    """The glossary's definitions (``kb_glossary_file``) and their problems."""
    name = project.path_setting("kb_glossary_file")
    if not name:
        return [], []
    path = project.srcdir / name
    try:  # bytes that are not UTF-8 are kept for the entries holding them to be left out, as the build does
        return glossary.load_definitions(path.read_bytes().decode("utf-8", "surrogateescape").lstrip("\ufeff"))
    except OSError as error:
        raise CommandError(f"cannot read the glossary {shown(path)}: {error}") from None
