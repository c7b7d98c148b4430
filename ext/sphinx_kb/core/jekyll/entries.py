"""Which files and folders Jekyll reads: ``EntryFilter`` (lib/jekyll/entry_filter.rb,
Jekyll 4.3). Pure Python, no file access.

``reads(entry, is_dir, site)``: ``entry`` is a path from the site folder (``blog``,
``a/b``), its folders read already; ``excluded(entry, is_dir, site)``: the first rule
alone (a post file of ``blog/_posts`` can be excluded too). Jekyll skips an entry when

* its name ends with ``.``;
* it is excluded and not included: ``_config.yml``'s ``exclude`` (less what ``include``
  names) plus Jekyll's default excludes (``node_modules``, ``vendor/bundle/``, ``Gemfile``…;
  ``vendor`` itself is read), each pattern matching as Jekyll's ``glob_include?`` does:
  ``File.fnmatch?`` (``*`` crosses ``/``), a plain prefix of the path (``excl`` excludes
  ``excluded/``), or the folder's path with a ``/``;
* it is not included and its name starts with ``.``, ``_``, ``#`` or ``~``, or it ends
  with ``~`` (``include: [_inc]`` has Jekyll read ``_inc/_posts``).

The reader walks every folder it reads and takes the posts of each ``_posts`` (and,
with ``--drafts``, ``_drafts``) folder found there: ``blog/_posts``, ``a/b/_posts``;
the folders above ``_posts`` are the post's categories (``defaults.categories_from_path``).
"""

from __future__ import annotations

from fnmatch import fnmatchcase

from .config import JekyllSite

#: ``Configuration::DEFAULT_EXCLUDES``, added to the site's own ``exclude``
DEFAULT_EXCLUDES = (".sass-cache", ".jekyll-cache", "gemfiles", "Gemfile", "Gemfile.lock", "node_modules",
                    "vendor/bundle/", "vendor/cache/", "vendor/gems/", "vendor/ruby/")


def _matches(patterns, entry: str, is_dir: bool) -> bool:
    for pattern in patterns:
        pattern = pattern.lstrip("/")
        if pattern and (fnmatchcase(entry, pattern) or entry.startswith(pattern) or (is_dir and pattern == entry + "/")):
            return True
    return False


def _special(text: str) -> bool:
    return text[:1] in (".", "_", "#", "~")


def _included(entry: str, is_dir: bool, site: JekyllSite) -> bool:
    return _matches(site.include, entry, is_dir) or _matches(site.include, entry.rsplit("/", 1)[-1], is_dir)


def excluded(entry: str, is_dir: bool, site: JekyllSite) -> bool:
    """Is ``entry`` excluded (and not included)? For a file of a ``_posts`` folder too."""
    entry = entry.strip("/")
    patterns = [e for e in (*site.exclude, *DEFAULT_EXCLUDES) if e not in site.include]
    return _matches(patterns, entry, is_dir) and not _included(entry, is_dir, site)


def reads(entry: str, is_dir: bool, site: JekyllSite) -> bool:
    """Does Jekyll's reader take ``entry``, a path from the site folder whose folders it
    took already (see the module docstring)?"""
    entry = entry.strip("/")
    name = entry.rsplit("/", 1)[-1]
    if not entry or name.endswith(".") or excluded(entry, is_dir, site):
        return False
    if _included(entry, is_dir, site):
        return True
    return not (_special(name) or name.endswith("~"))
