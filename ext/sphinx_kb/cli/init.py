"""``kb init [DIR]``: start a site (``core.newsite`` says what goes in it).

Non-interactive: the title (default: the folder's name), author (default: git's
``user.name``, else the login name), address (``--baseurl``, else a commented line in
conf.py) and description come from options. A file that exists is never overwritten:
it is named and left as it is, and the others are written. Exit codes: 0 every file
written; 1 some existed (kept); 2 bad input or a file that could not be written.

``kb import`` into a folder with no conf.py calls ``init_site`` first, without a first
post, with the Jekyll site's title, author and address.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import importlib.metadata
import json
import os
import subprocess
from pathlib import Path

from . import EXIT_OK, EXIT_PROBLEMS, CommandError
from ..core.jekyll import importer
from ..core.jekyll.config import JekyllSite
from ..core.newsite import BUILD_COMMAND, SETUP_COMMAND, NewSite, address_problem, site_files
from ..core.safepaths import write_inside
from ..core.text import clean_text

HELP = "start a site: conf.py, a home page, a first post, a glossary, Read the Docs' settings"


def register(subparsers) -> None:
    parser = subparsers.add_parser("init", help=HELP, description=f"kb init: {HELP}. Never overwrites a file.",
                                   epilog="Exit codes: 0 written; 1 some files existed (kept); 2 bad input.")
    parser.add_argument("dir", nargs="?", default=".", type=Path, help="the site's folder (default: here)")
    parser.add_argument("--title", help="the site's title (default: the folder's name)")
    parser.add_argument("--author", help="the site's author (default: git's user.name, else your login name)")
    parser.add_argument("--baseurl", default="", metavar="URL",
                        help="the address the site is served at (https://example.org/notes/): feeds, sitemap, canonical links")
    parser.add_argument("--description", default="", help="one sentence about the site, for its home page")
    parser.set_defaults(func=run)


def default_author(folder: Path) -> str:
    try:
        name = subprocess.run(["git", "config", "user.name"], cwd=folder if folder.is_dir() else None,
                              capture_output=True, text=True, timeout=10, check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        name = ""
    if not name:
        try:
            name = getpass.getuser()
        except (OSError, KeyError):
            name = ""
    return name


def requirement() -> str:
    """requirements.txt's line for kb, as this kb was installed (PEP 610's direct_url.json)."""
    try:
        distribution = importlib.metadata.distribution("sphinx-kb")
    except importlib.metadata.PackageNotFoundError:
        return "sphinx-kb"
    try:
        direct = json.loads(distribution.read_text("direct_url.json") or "{}")
    except ValueError:
        direct = {}
    url, vcs = direct.get("url", ""), direct.get("vcs_info")
    if vcs and url:
        return f"sphinx-kb @ {vcs.get('vcs', 'git')}+{url}@{vcs.get('commit_id', '')}".rstrip("@")
    if url.startswith("file:"):
        return ("# installed from a folder of this machine: Read the Docs needs an address it can reach\n"
                "# (sphinx-kb @ git+https://... of your copy of kb)\n"
                f"sphinx-kb @ {url}")
    if url:
        return f"sphinx-kb @ {url}"
    return f"sphinx-kb=={distribution.version}"


def site_of_jekyll(site: JekyllSite) -> NewSite:
    """The site ``kb import`` starts for a Jekyll site: its title (``title``, else
    ``name``, as jekyll-seo-tag reads them), author, description and address (``url``
    and ``baseurl``: feeds, sitemap and canonical links as the old site's); no first post."""
    variables = site.variables
    address = ""
    if site.url and not address_problem(site.url.rstrip("/") + "/"):
        address = site.url.rstrip("/") + "/" + (site.baseurl.strip("/") + "/" if site.baseurl.strip("/") else "")
    return NewSite(title=clean_text(variables.get("title") or variables.get("name") or "") or "Blog",
                   author=clean_text(variables.get("author") or ""), description=clean_text(variables.get("description") or ""),
                   when=dt.datetime.now().astimezone().replace(microsecond=0), requirement=requirement(),
                   baseurl=address, first_post=False)


def init_site(folder: Path, site: NewSite) -> tuple[list[Path], list[Path]]:
    """Write the site's files into ``folder``: (written, kept because they existed)."""
    written, kept = [], []
    for relative, text in site_files(site).items():
        path = folder / relative
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "x", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
        except FileExistsError:
            kept.append(path)
            continue
        except OSError as error:
            raise CommandError(f"cannot write {path}: {error.strerror or error}") from None
        written.append(path)
    return written, kept


def run(args: argparse.Namespace) -> int:
    folder: Path = args.dir
    if folder.exists() and not folder.is_dir():
        raise CommandError(f"{folder} exists and is not a folder")
    problem = address_problem(args.baseurl)
    if problem:
        raise CommandError(f"--baseurl: {problem}")
    title = clean_text(args.title if args.title is not None else folder.resolve().name.replace("-", " ").title())
    if not title:
        raise CommandError("the title is empty (give --title)")
    author = clean_text(args.author) if args.author is not None else default_author(folder)
    site = NewSite(title=title, author=author, when=dt.datetime.now().astimezone().replace(microsecond=0),
                   requirement=requirement(), baseurl=args.baseurl, description=args.description)
    written, kept = init_site(folder, site)
    shown = str(folder)  # as the user gave it
    print(f"kb init: wrote {len(written)} file{'s' if len(written) != 1 else ''} in {shown}")
    for path in kept:
        print(f"  kept {path} (it exists; not overwritten)")
    where = "" if folder.resolve() == Path.cwd().resolve() else f"cd {shown}\n  "
    print("next:\n"
          f"  {where}kb new \"A title\"          # a post in posts/\n"
          f"  {BUILD_COMMAND}   # the site, in _build/html/index.html\n"
          "  kb serve                    # or: build, serve and rebuild on save\n"
          "on a fresh machine (README.md says it too):\n"
          f"  {SETUP_COMMAND}\n"
          f"  .venv/bin/{BUILD_COMMAND}")
    return EXIT_PROBLEMS if kept else EXIT_OK


def write_import_block(conf: Path, posts: Path, static: Path, site: JekyllSite, config: bool) -> str:
    """conf.py with ``kb import``'s block (a former one replaced, the rest of conf.py as
    it was); what was done, for the report."""
    def rel(path: Path) -> str:
        return Path(os.path.relpath(path.resolve(), conf.parent.resolve())).as_posix()

    text = conf.read_text(encoding="utf-8")
    settings = importer.conf_settings(importer.without_block(text))
    address = site_of_jekyll(site).baseurl
    lines = importer.conf_block(settings, rel(posts), rel(static), config, address)
    why = write_inside(conf.parent, conf, importer.with_block(text, lines))
    if why is not None:
        raise CommandError(f"{conf} not written: {why}")
    return f"{conf}: kb import's block written ({', '.join(line.split(' =')[0] for line in lines)})"
