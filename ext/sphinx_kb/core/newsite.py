"""A new site: the files ``kb init`` writes, as ``jekyll new`` and ``sphinx-quickstart`` do.

Pure Python, no Sphinx, no file access: ``site_files(NewSite)`` gives each file's path
(relative to the site's folder) and text; the command writes them, never over a file.

What a site needs to build with no warning under ``-W`` and to be hosted on Read the Docs:
``conf.py`` (kb, furo, ``kb_posts``, the title, author and copyright, ``html_baseurl`` or a
commented line for it), a home page whose hidden toctree holds kb's overview pages and
which lists the recent posts, a glossary file, ``.gitignore`` for the build and kb's
generated folders, ``.readthedocs.yaml`` and ``requirements.txt`` (how kb was installed),
a README with the two commands that set the site up and build it, and a first post
(``NewPost``, so it is exactly what ``kb new`` writes, then a body).

Every value given (title, author, description, address) is text: it enters ``conf.py``
as a Python string literal (``repr``), the home page's Markdown with every ASCII
punctuation mark backslash-escaped (CommonMark's escapes: no MyST role, directive, link
or HTML can come of it), and YAML through PyYAML's emitter.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import yaml

from .newpost import NewPost
from .text import clean_text

#: kb's generated folders with ``kb init``'s settings (``tags_output_dir``, ``kb_output_dir``)
TAGS_FOLDER, KB_FOLDER = "_tags", "_kb"
POSTS_FOLDER = "posts"
GLOSSARY_FILE = "glossary.yaml"
#: the overview pages, in the order the home page's toctree lists them
OVERVIEW_PAGES = (f"{TAGS_FOLDER}/tagsindex", f"{KB_FOLDER}/categories/index", f"{KB_FOLDER}/authors/index",
                  f"{KB_FOLDER}/archive/index", f"{KB_FOLDER}/glossary/index")
#: the command that builds the site, as ``kb init`` prints it and the README says it
BUILD_COMMAND = "sphinx-build -W --keep-going -b html . _build/html"
SETUP_COMMAND = "python3 -m venv .venv && .venv/bin/pip install -r requirements.txt"
_ADDRESS = re.compile(r"^https?://[^\s/?#]+(?:/[^\s?#]*)?$")
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


@dataclass(frozen=True)
class NewSite:
    title: str
    author: str
    when: dt.datetime  # with its time zone: the copyright year, the first post's date
    requirement: str  # requirements.txt's line for kb (how it was installed)
    baseurl: str = ""  # the site's address, "" for a commented line
    description: str = ""
    first_post: bool = True


def address_problem(address: str) -> str | None:
    """Why ``address`` cannot be the site's ``html_baseurl``, or None."""
    if address and not _ADDRESS.match(address):
        return f"{address!r} is not an http(s) address (https://example.org/notes/)"
    return None


def site_address(address: str) -> str:
    """The address as ``html_baseurl`` wants it: ending with ``/``."""
    return address if not address or address.endswith("/") else address + "/"


def markdown_text(value: str) -> str:
    """``value`` as Markdown that shows exactly that text: one line, punctuation escaped."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", clean_text(value))


def conf_py(site: NewSite) -> str:
    title, author = clean_text(site.title), clean_text(site.author)
    year = site.when.year
    address = site_address(site.baseurl)
    baseurl = (f"html_baseurl = {address!r}  # the site's address: feeds, sitemap, canonical links"
               if address else
               "# html_baseurl = \"https://example.org/\"  # the site's address: with it, feeds, sitemap, canonical links")
    return f'''# Sphinx configuration of a kb site (kb init wrote it; edit freely).
import html

project = {title!r}
author = {author!r}
copyright = {f"{year}, {author}" if author else str(year)!r}
{baseurl}

extensions = ["sphinx_kb"]  # loads myst_parser itself
html_theme = "furo"
html_title = html.escape(project)  # the title as text (Sphinx takes HTML here), not "... documentation"
exclude_patterns = ["_build", ".venv", "README.md", "requirements.txt"]

# kb: which documents are posts, and the glossary's definitions
kb_posts = ["{POSTS_FOLDER}/**"]
kb_glossary_file = "{GLOSSARY_FILE}"
tags_output_dir = "{TAGS_FOLDER}"
kb_output_dir = "{KB_FOLDER}"
'''


def index_md(site: NewSite) -> str:
    description = clean_text(site.description) or "Posts with a page per tag, category and author, " \
        "an archive by date and a glossary of their keywords."
    pages = "\n".join(OVERVIEW_PAGES)
    return f"""# {markdown_text(site.title)}

{markdown_text(description)}

## Recent posts

```{{kb-recent}}
```

```{{toctree}}
:hidden:
:caption: Browse

{pages}
```
"""


def first_post(site: NewSite) -> tuple[str, str]:
    post = NewPost(title="Welcome", when=site.when, categories=("notes",), tags=("kb",),
                   keywords=("knowledge base",), authors=(clean_text(site.author),) if clean_text(site.author) else (),
                   description="What this site is, and how a post is written.")
    body = """This site is built from Markdown files with Jekyll-style front matter. Each file of
the `posts` folder is a post: its `tags`, `categories` and `author` give it a place on
the overview pages, and its `keywords` are entries of the glossary, defined in
`glossary.yaml`.

Write the next one with `kb new "A title"`, then build the site again.
"""
    return f"{POSTS_FOLDER}/{post.file_name}", post.text() + body


def glossary_yaml(with_entry: bool) -> str:
    head = ("# The glossary: each key is a keyword, spelled as the posts' `keywords:` spell it.\n"
            "#   definition: one to three sentences of Markdown\n"
            "#   aliases:    other spellings of the same term (optional)\n")
    if not with_entry:
        return head + "{}\n"
    entry = {"knowledge base": {
        "definition": "A collection of notes and posts, cross-linked by their tags, categories, authors and keywords.",
        "aliases": ["knowledge bases"]}}
    return head + "\n" + yaml.safe_dump(entry, sort_keys=False, allow_unicode=True, width=88)


def gitignore() -> str:
    return f"# the build, the environment, and the pages kb generates at each build\n_build/\n.venv/\n" \
           f"{TAGS_FOLDER}/\n{KB_FOLDER}/\n__pycache__/\n"


def readthedocs_yaml() -> str:
    return """# Read the Docs: runs Sphinx where conf.py is, with kb installed from requirements.txt
version: 2

build:
  os: ubuntu-24.04
  tools:
    python: "3.12"

sphinx:
  configuration: conf.py
  fail_on_warning: true

python:
  install:
    - requirements: requirements.txt
"""


def readme_md(site: NewSite) -> str:
    return f"""# {markdown_text(site.title)}

A knowledge base built with kb (Sphinx and furo) from the Markdown posts in `{POSTS_FOLDER}/`.

## Two commands

```sh
{SETUP_COMMAND}
.venv/bin/{BUILD_COMMAND}
```

The first sets up (once), the second builds the site: open `_build/html/index.html`.
With kb on your path, `kb new "A title"` starts a post and `kb serve` rebuilds and
reloads the browser on every save (`kb serve --drafts` shows the posts of `{POSTS_FOLDER}/_drafts/`).
On Read the Docs, import the repository: `.readthedocs.yaml` says the rest.
"""


def site_files(site: NewSite) -> dict[str, str]:
    """Every file of the new site: path relative to its folder -> text."""
    files = {
        "conf.py": conf_py(site),
        "index.md": index_md(site),
        GLOSSARY_FILE: glossary_yaml(site.first_post),
        ".gitignore": gitignore(),
        ".readthedocs.yaml": readthedocs_yaml(),
        "requirements.txt": f"# kb, as it was installed when kb init wrote this site\n{site.requirement}\n",
        "README.md": readme_md(site),
    }
    if site.first_post:
        path, text = first_post(site)
        files[path] = text
    return files
