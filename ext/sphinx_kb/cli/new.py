"""``kb new "Title"``: write a new post, named and dated as Jekyll would.

The file is ``YYYY-MM-DD-slug.md`` in the posts folder (the first folder ``kb_posts``
names in conf.py, or ``--posts DIR``), the slug made from the title by Jekyll's rule
(``core.newpost.jekyll_slug``), the front matter written by a YAML emitter and read
back through the build's own normalisation before anything is written. ``--draft``
writes ``published: false`` (see ``core.newpost``: kb's build, like Jekyll, leaves
such a post out). A name that is probably one already used, written another way
(``LLMs`` where posts say ``LLM``), is pointed out; the post is still written.

Prints the path written. Exit codes: 0 written; 1 not written because a file of that
name exists (nothing is ever overwritten); 2 bad input (no title, an impossible date,
no posts folder, an unreadable conf.py).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
from pathlib import Path

from ..core import aliases, glossary, nearnames
from ..core.frontmatter import MAX_TEXT, parse_date
from ..core.names import name_key
from ..core.newpost import NewPost, round_trip_problems, split_names
from ..core.text import clean_text, plural
from . import EXIT_OK, EXIT_PROBLEMS, CommandError
from .globs import matcher
from .posts import read_posts
from .project import Project, add_arguments, project_of, shown

HELP = "write a new post with complete front matter, named as Jekyll names posts"


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "new", help=HELP, epilog="Exit codes: 0 written, 1 a file of that name exists, 2 bad input.",
        description="kb new: write a new post YYYY-MM-DD-slug.md in the posts folder, with complete front "
                    "matter (the slug is Jekyll's, from the title). Never overwrites a file.")
    parser.add_argument("title", help="the post's title (plain text; any characters)")
    parser.add_argument("--tags", action="append", metavar="A,B", help="tags, separated by commas")
    parser.add_argument("--keywords", action="append", metavar="X,Y", help="glossary keywords, separated by commas")
    parser.add_argument("--category", action="append", metavar="NAME", help="a category (give it again for more)")
    parser.add_argument("--author", action="append", metavar="NAME", help="an author (give it again for more)")
    parser.add_argument("--description", default="", help="one or two sentences for listings and search results")
    parser.add_argument("--date", metavar="WHEN",
                        help="YYYY-MM-DD, or YYYY-MM-DD HH:MM[:SS] [+HHMM] (default: now, in the local time zone)")
    parser.add_argument("--draft", action="store_true", help="write 'published: false': not built until published")
    parser.add_argument("--slug", default="", help="the file name's slug, instead of the title's")
    parser.add_argument("--layout", default="post", help="Jekyll layout (default: post)")
    add_arguments(parser)
    parser.set_defaults(func=run)


def when_of(text: str | None) -> dt.datetime:
    """The post's moment: ``--date`` read by the build's own date rule, else now."""
    if text is None:
        return dt.datetime.now().astimezone().replace(microsecond=0)
    try:
        day, time = parse_date(text)
    except (ValueError, TypeError, OverflowError) as error:
        raise CommandError(f"--date {text!r}: {error}") from None
    try:
        moment = dt.datetime.combine(day, time or dt.time())
        moment = moment if moment.tzinfo is not None else moment.astimezone()
        moment.astimezone(dt.timezone.utc)  # the build sorts posts in UTC: it must exist there
    except (ValueError, OverflowError):
        raise CommandError(f"--date {text!r}: out of the range of dates (years 1 to 9999, in UTC too)") from None
    return moment


def run(args: argparse.Namespace) -> int:
    if not clean_text(args.title):
        raise CommandError("the title is empty")
    for key, value in (("title", args.title), ("description", args.description)):
        if len(clean_text(value or "")) > MAX_TEXT[key]:
            raise CommandError(f"the {key} is {len(clean_text(value)):,} characters long; kb keeps at most "
                               f"{MAX_TEXT[key]:,}")
    post = NewPost(
        title=args.title, when=when_of(args.date), categories=split_names(args.category),
        tags=split_names(args.tags), keywords=split_names(args.keywords), authors=split_names(args.author),
        description=args.description, draft=args.draft, layout=clean_text(args.layout) or "post", slug=args.slug,
    )
    try:
        file_name = post.file_name
    except ValueError as error:
        raise CommandError(str(error)) from None
    project = project_of(args, need_conf=False)
    post = _with_kept_names(project, post)
    problems = round_trip_problems(post)
    if problems:  # kb's own emitter and reader disagree: a bug, never a file the build misreads
        raise CommandError("the front matter would not read back as given: " + "; ".join(problems))
    folder = _posts_folder(project, args.posts is not None)
    path = folder / file_name
    if path.resolve().parent != folder.resolve():
        raise CommandError(f"{file_name!r} would be written outside {shown(folder)}")
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as stream:
            stream.write(post.text())
    except FileExistsError:
        raise CommandError(f"{shown(path)} already exists; not overwritten (choose another title or --slug)",
                           EXIT_PROBLEMS) from None
    except OSError as error:
        raise CommandError(f"cannot write {shown(path)}: {error.strerror}") from None
    print(shown(path))
    _warn_not_a_post(project, path)
    _warn_near_names(project, post, path)
    return EXIT_OK


def _alias_map(project: Project) -> aliases.AliasMap:
    table, _ = aliases.parse(project.values.get("kb_aliases"))
    return table


def _with_kept_names(project: Project, post: NewPost) -> NewPost:
    """The names the site retired (``kb_aliases``) written as the names it keeps."""
    table = _alias_map(project)
    if not table:
        return post
    changed = {}
    for field, kind in (("tags", "tag"), ("categories", "category"), ("keywords", "keyword"), ("authors", "author")):
        names = getattr(post, field)
        kept = aliases.apply_names(table, kind, names)
        for name in names:
            if table.kept(kind, name) != name:
                print(f"kb new: {kind} {name!r} is written {table.kept(kind, name)!r} (kb_aliases retires {name!r})",
                      file=sys.stderr)
        changed[field] = kept
    return dataclasses.replace(post, **changed)


def _posts_folder(project: Project, given: bool) -> Path:
    folder = project.posts_folder() if project.conf is not None or given else None
    if folder is None:
        raise CommandError("no conf.py found here or above, so no posts folder; give --posts DIR or --conf PATH")
    if folder.is_dir():
        return folder
    if given or folder.exists():
        raise CommandError(f"{shown(folder)}: no such folder")
    folder.mkdir(parents=True)  # the folder conf.py's kb_posts names: a new site's first post
    return folder


def _warn_not_a_post(project: Project, path: Path) -> None:
    if project.conf is None or "kb_posts" in project.unreadable:
        return
    try:
        docname = path.resolve().relative_to(project.srcdir.resolve()).with_suffix("").as_posix()
    except ValueError:
        docname = None
    if docname is None or not matcher(project.post_patterns())(docname):
        print(f"kb new: note: kb_posts {project.post_patterns()!r} does not include {shown(path)}; "
              "the build will not read it as a post", file=sys.stderr)


def _warn_near_names(project: Project, post: NewPost, path: Path) -> None:
    """Point out a name that is probably one the site already uses, written another way.
    A warning only: the post is written whatever the other posts hold."""
    try:
        existing = [p for p in read_posts(project) if p.read is not None and p.path.resolve() != path.resolve()]
        distinct = project.distinct_names()
    except CommandError:
        return
    uses = [use for p in existing for use in nearnames.uses_of(p.post, p.shown, p.front_lines)]  # kb_aliases applied
    used = {(use.kind, name_key(use.name)) for use in uses}
    mine = shown(path)
    new = [nearnames.NameUse(kind, name, mine, 1) for kind, names in
           (("tag", post.tags), ("category", post.categories), ("keyword", post.keywords), ("author", post.authors))
           for name in names]
    fresh_keys = {(use.kind, name_key(use.name)) for use in new} - used
    for group in nearnames.find(uses + new, _definitions(project), distinct):
        others = [f for f in group.forms if (group.kind, f.key) in used]
        for form in (f for f in group.forms if (group.kind, f.key) in fresh_keys):
            known = ", ".join(f"{f.name!r} ({plural(len({u.file for u in f.uses if u.file != mine}), 'post')})"
                              for f in others)
            if known:
                print(f"kb new: {group.kind} {form.name!r} is probably {known} written another way; "
                      f"edit {mine} if so", file=sys.stderr)


def _definitions(project: Project) -> list:
    name = project.values.get("kb_glossary_file")
    if not isinstance(name, str) or not name:
        return []
    try:
        return glossary.load_definitions((project.srcdir / name).read_text(encoding="utf-8"))[0]
    except (OSError, UnicodeDecodeError):
        return []
