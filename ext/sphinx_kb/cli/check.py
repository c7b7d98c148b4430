"""``kb check [PATH...]``: what the build would warn about posts, without a build.

Every post (or the posts among ``PATH``s: files, or folders holding posts; other files
are skipped, so a pre-commit hook can pass any Markdown file) is read as the build reads
it (``cli.posts``) and checked by the build's own functions (``checking.post``), so each
warning has the build's file, line and words, and its ``[kb.<subtype>]``. A folder that
holds no post of the site (a copy of posts elsewhere) is a folder of posts all the same:
its Markdown files are read as if they were in the posts folder (``cli.posts.read_folder``)
and checked against the site, and the summary says so.

frontmatter  the front matter's problems        liquid       Liquid kb cannot run
placeholder  a placeholder citation             posts        a post file the build leaves out
names        (kb check only) names that are probably one written two ways
             (``core.nearnames``), at each use of the less used form; with ``PATH``s,
             the groups a given post takes part in, compared with every post of the site

Posts with ``published: false`` are not built, so not checked (as the build warns
nothing about them). ``--format json`` prints the same as data.

Exit codes: 0 no problem; 1 problems found; 2 the command could not run (no conf.py,
a computed setting it needs, a PATH that does not exist).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..checking.post import PostWarning, check_post, refused
from ..core import nearnames
from ..core.text import plural, shown_name
from . import EXIT_OK, EXIT_PROBLEMS, CommandError
from .posts import PostFile, load_definitions, read_folder, read_posts, reader, rules
from .progress import Progress
from .project import Project, add_arguments, project_of, shown

HELP = "check posts' front matter, Liquid and citations as the build would, and names written two ways"


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "check", help=HELP, description=f"kb check: {HELP}, without a Sphinx build.",
        epilog="Exit codes: 0 no problem, 1 problems found, 2 could not run.")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="posts, or folders of posts, to check (default: every post); other files are skipped")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    parser.add_argument("--no-names", action="store_true", help="do not look for names written two ways")
    add_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    project = project_of(args)
    post_reader = reader(project)
    posts = read_posts(project, Progress("kb check: reading posts"), post_reader)
    targets, skipped, elsewhere = _targets(project, post_reader, posts, args.paths)
    site_rules = rules(project, post_reader, posts)
    found: list[tuple[PostFile, PostWarning]] = []
    progress = Progress("kb check: checking posts")
    progress.start(len(targets))
    for post in targets:
        if post.refusal is not None:
            found.append((post, refused(shown_name(post.relpath), post.refusal)))
        elif post.published:
            checked = check_post(post.read, post.path, post.docname, site_rules)
            found += [(post, warning) for warning in checked.warnings]
        progress.advance()
    progress.close()
    groups = [] if args.no_names else _name_groups(project, posts)
    problems = [_problem(shown_name(post.shown), w.line, w.message, w.subtype) for post, w in found]
    problems += _name_problems(groups, targets, whole_site=not args.paths)
    problems.sort(key=lambda p: (p["file"], p["line"]))
    checked_posts = [p for p in targets if p.refusal is None and p.published]
    if args.format == "json":
        print(json.dumps({"posts": len(checked_posts), "problems": problems, "names": [_group_data(g) for g in groups
                          if _involves(g, targets)], "parsed": site_rules.parsed,
                          "skipped": {"unpublished": [p.shown for p in targets if p.refusal is None and not p.published],
                                      "not_posts": skipped},
                          "read_as_posts": elsewhere}, indent=1, ensure_ascii=False))
    else:
        for problem in problems:
            print(f"{problem['file']}:{problem['line']}: {problem['message']} [kb.{problem['subtype']}]")
        files = len({p["file"] for p in problems})
        summary = f"{plural(len(problems), 'problem')} in {plural(files, 'file')}" if problems else "no problems"
        for folder in elsewhere:
            print(f"kb check: {folder} holds no post of this site ({_posts_rule(project)}): its Markdown files are "
                  "checked as posts", file=sys.stderr)
        if skipped:
            print(f"kb check: skipped {plural(len(skipped), 'file')}, not posts by {_posts_rule(project)}: "
                  f"{', '.join(skipped)}", file=sys.stderr)
        print(f"kb check: {plural(len(checked_posts), 'post')} checked, {summary}", file=sys.stderr)
    return EXIT_PROBLEMS if problems else EXIT_OK


def _problem(file: str, line: int, message: str, subtype: str) -> dict:
    return {"file": file, "line": line, "message": message, "type": "kb", "subtype": subtype}


def _targets(project: Project, post_reader, posts: list[PostFile],
             paths: list[Path]) -> tuple[list[PostFile], list[str], list[str]]:
    """The posts named by ``paths`` (every post without), the paths that are no post, and
    the folders holding no post of the site whose Markdown files are read as posts."""
    if not paths:
        return posts, [], []
    by_path = {post.path.resolve(): post for post in posts}
    chosen: dict[Path, PostFile] = {}
    skipped: list[str] = []
    elsewhere: list[str] = []
    for path in paths:
        if not path.exists():
            raise CommandError(f"{path}: no such file or folder")
        resolved = path.resolve()
        if path.is_dir():
            inside = [p for key, p in by_path.items() if resolved == key.parent or resolved in key.parents]
            if not inside:
                inside = read_folder(project, path, post_reader)
                elsewhere.append(shown(path))
            chosen.update((p.path.resolve(), p) for p in inside)
        elif resolved in by_path:
            chosen[resolved] = by_path[resolved]
        else:
            skipped.append(shown(path))
    return sorted(chosen.values(), key=lambda p: (p.docname, p.shown)), skipped, elsewhere


def _posts_rule(project: Project) -> str:
    """What says which files are posts: ``--posts DIR`` or conf.py's ``kb_posts``."""
    if project.posts_override is not None:
        return f"--posts {shown(project.posts_override)}"
    return f"kb_posts {project.post_patterns()!r}"


def _name_groups(project: Project, posts: list[PostFile]) -> list[nearnames.Group]:
    uses = [use for p in posts if p.published for use in nearnames.uses_of(p.post, p.shown, p.front_lines)]
    definitions, _ = load_definitions(project)
    return nearnames.find(uses, definitions, project.distinct_names())


def _involves(group: nearnames.Group, targets: list[PostFile]) -> bool:
    files = {p.shown for p in targets}
    return any(use.file in files for form in group.forms for use in form.uses)


def _name_message(group: nearnames.Group, form: nearnames.Form) -> str:
    others = [f for f in group.forms if f is not form]
    names = " and ".join([repr(form.name), ", ".join(repr(f.name) for f in others)])
    reasons = "; ".join(sorted({pair.reason for pair in group.pairs}))
    counts = ", ".join(f"{f.name!r} in {plural(len({u.file for u in f.uses}), 'post')}" for f in group.forms)
    kinds = nearnames.KIND_PLURALS[group.kind]
    return (f"{kinds} {names} are probably one name ({reasons}; {counts}): write one, retire the others with "
            f"kb_aliases, or declare them different in kb_distinct_names")


def _name_problems(groups: list[nearnames.Group], targets: list[PostFile], whole_site: bool) -> list[dict]:
    """One problem at each use of a less used form; with PATHs, at the given posts' uses
    (those of the most used form too when they use no other)."""
    files = {p.shown for p in targets}
    problems = []
    for group in groups:
        if not _involves(group, targets):
            continue
        spots = [(form, use) for form in group.forms[1:] for use in form.uses if whole_site or use.file in files]
        if not spots:
            spots = [(group.kept, use) for use in group.kept.uses if use.file in files]
        problems += [_problem(use.file, use.line, _name_message(group, form), "names") for form, use in spots]
    return problems


def _group_data(group: nearnames.Group) -> dict:
    return {"kind": group.kind, "kept": group.kept.name,
            "forms": [{"name": f.name, "spellings": list(f.spellings),
                       "uses": [{"file": u.file, "line": u.line} for u in f.uses]} for f in group.forms],
            "pairs": [{"a": p.a, "b": p.b, "reason": p.reason} for p in group.pairs]}
