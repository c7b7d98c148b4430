"""``kb serve``: build the site and serve it with live reload (sphinx-autobuild).

As ``make livehtml`` does: ``sphinx-autobuild`` watches the source folder, rebuilds
on a change and reloads the browser. Pages kb generates must never count as a
change, or each build would start the next (sphinx-tags' users hit that loop,
melissawm/sphinx-tags#93, fixed there by ignoring the tags folder by hand). So the
command always ignores:

* kb's generated folders, read from conf.py (``tags_output_dir``, and
  ``kb_output_dir``'s ``categories``, ``authors``, ``archive`` and ``glossary``), each
  given as an absolute folder (sphinx-autobuild ignores everything below a folder it
  is given; a glob such as ``**/_tags/*`` does not match a top-level folder, which is
  how a hand-written ignore fails, melissawm/sphinx-tags#116);
* the build folder (HTML, doctrees, the linkcheck results), with the doctrees
  outside the HTML folder (``-d``), and the linkcheck report if it lives elsewhere;
* Python's bytecode caches and editors' swap and backup files.

kb itself writes a generated source only when its content changes, so even an
unignored generated page could cause one rebuild, never a loop.

A served site is the author's: it shows every source status ("not yet checked",
placeholders), the sources' file lines and the review queue (``-D kb_author_view=1``),
which a normal build keeps from readers.

``--drafts`` previews the posts of ``_drafts`` folders (``kb_drafts``, as Jekyll's
``serve --drafts``), in a build folder of their own (``_build/drafts``): a draft page
never lands where the site's own build writes, so it never reaches a normal build.

Exit codes: sphinx-autobuild's own when it stops (0 after Ctrl+C); 2 when it cannot
start (sphinx-autobuild not installed, no conf.py, a bad setting).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shlex
import subprocess
import sys
from pathlib import Path

from . import EXIT_ERROR, CommandError
from .project import Project, add_arguments, project_of

HELP = "build and serve the site, rebuilding and reloading the browser when a file changes"
#: changes that are never the writer's: bytecode, editors' swap, backup and lock files
IGNORED_PATTERNS = (r"/__pycache__/", r"\.py[co]$", r"\.sw[a-p]$", r"~$", r"/\.#[^/]*$", r"/#[^/]*#$",
                    r"/4913$", r"\.(?:tmp|bak|orig)$")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "serve", help=HELP, description=f"kb serve: {HELP}. Extra arguments after -- go to sphinx-build.",
        epilog="Exit codes: sphinx-autobuild's own (0 after Ctrl+C); 2 it could not start.")
    parser.add_argument("--host", default="127.0.0.1", help="address to serve on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    parser.add_argument("--builddir", type=Path, metavar="DIR", default=None,
                        help="build folder (default: _build beside conf.py); HTML goes to DIR/html")
    parser.add_argument("--open", action="store_true", help="open the site in a browser once built")
    parser.add_argument("--drafts", action="store_true",
                        help="show the posts of _drafts folders too (kb_drafts), built into _build/drafts so that "
                             "they never reach the site's own build folder")
    parser.add_argument("--watch", action="append", type=Path, default=[], metavar="DIR",
                        help="another folder to watch (e.g. an extension you are writing)")
    parser.add_argument("--print-command", action="store_true",
                        help="print the sphinx-autobuild command line instead of running it")
    parser.add_argument("sphinx_args", nargs=argparse.REMAINDER, help="-- then arguments for sphinx-build (-j 2, -W...)")
    add_arguments(parser, posts=False)
    parser.set_defaults(func=run)


def ignored_paths(project: Project, builddir: Path) -> list[Path]:
    """Every folder or file whose changes must not start a build, as absolute paths."""
    paths = [project.srcdir / folder for folder in project.generated_folders()]
    paths.append(builddir)
    report = project.path_setting("kb_linkcheck_report")
    if report:
        paths.append(project.srcdir / report)
    return [Path(os.path.abspath(path)) for path in dict.fromkeys(paths)]


def command(project: Project, host: str = "127.0.0.1", port: int = 8000, builddir: Path | None = None,
            open_browser: bool = False, watch: list[Path] | None = None, sphinx_args: list[str] | None = None) -> list[str]:
    """The sphinx-autobuild command line for ``project`` (nothing is run)."""
    builddir = Path(os.path.abspath(builddir if builddir is not None else project.srcdir / "_build"))
    srcdir = Path(os.path.abspath(project.srcdir))
    line = [sys.executable, "-m", "sphinx_autobuild", "-b", "html", "-d", str(builddir / "doctrees"),
            str(srcdir), str(builddir / "html"), "--host", host, "--port", str(port)]
    for path in ignored_paths(project, builddir):
        line += ["--ignore", str(path)]
    for pattern in IGNORED_PATTERNS:
        line += ["--re-ignore", pattern]
    for folder in watch or []:
        line += ["--watch", str(Path(os.path.abspath(folder)))]
    if open_browser:
        line.append("--open-browser")
    return line + list(sphinx_args or [])


def run(args: argparse.Namespace) -> int:
    project = project_of(args)
    if project.conf is None:
        raise CommandError("no conf.py found here or above; give --conf PATH")
    if not 0 <= args.port <= 65535:
        raise CommandError(f"--port {args.port}: a port is 0 to 65535")
    extra = list(args.sphinx_args)
    if extra[:1] == ["--"]:
        extra = extra[1:]
    builddir = args.builddir
    extra = ["-D", "kb_author_view=1", *extra]  # the author's view (sources.CONFIG_VALUES)
    if args.drafts:
        extra = ["-D", "kb_drafts=1", *extra]
        builddir = builddir if builddir is not None else project.srcdir / "_build" / "drafts"
    line = command(project, args.host, args.port, builddir, args.open, args.watch, extra)
    if args.print_command:
        print(shlex.join(line))
        return 0
    if importlib.util.find_spec("sphinx_autobuild") is None:
        raise CommandError("sphinx-autobuild is not installed, although kb depends on it: reinstall kb (pip install sphinx-kb)", EXIT_ERROR)
    if os.name == "posix":
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(line[0], line)  # the server is this process: Ctrl+C and SIGTERM reach it directly
    try:
        return subprocess.call(line)
    except KeyboardInterrupt:
        return 0
