"""Front-matter defaults and how Jekyll merges a post's data. Pure Python, no Sphinx.

``post_data(relative_path, front, site)`` is what Jekyll's ``Document`` holds once read,
for the keys kb uses: the categories from the folders above ``_posts`` (``a/b/_posts/x.md``
is in ``a`` and ``b``), then the ``defaults`` that apply, then the file's front matter,
merged by ``Document#merge_data!`` (lib/jekyll/document.rb):

* ``categories`` add up: each merge is a union (a string is split on spaces), so
  defaults' categories are kept beside the front matter's; ``category`` (one name, never
  split) is appended at the end (``populate_categories``);
* any other key: the later value wins, maps are merged key by key, and a key given with
  no value (``layout:``) keeps the earlier value (``Utils.deep_merge_hashes``).

Which defaults apply (``FrontmatterDefaults``, lib/jekyll/frontmatter_defaults.rb): a set
applies when its scope's ``type`` is absent or equal to the document's collection
(``posts`` for posts and drafts alike), and its ``path`` is absent, empty, or a prefix of the
file's path relative to the site (plain string prefix, as Jekyll compares them; a path
with ``*`` is a glob matched against the file and the folders above it). When several
apply they are merged in order, the more specific winning: the longer path, and at equal
length a scope with a ``type`` over one without (``has_precedence?``).
"""

from __future__ import annotations

import copy
import fnmatch
import re
from collections.abc import Mapping
from typing import Any

from .config import JekyllSite


def _sanitize(path: Any) -> str:
    """``FrontmatterDefaults#sanitize_path``: no leading slash."""
    if not isinstance(path, str) or not path:
        return ""
    return path[1:] if path.startswith("/") else path


def _glob_matches(pattern: str, relative_path: str) -> bool:
    """A ``*`` scope path: Jekyll globs it in the site folder and keeps the file if a match
    is a prefix of its path; the file and its folders are what can match."""
    regex = re.compile(fnmatch.translate(pattern).replace(".*", "[^/]*"))
    parts = relative_path.split("/")
    return any(regex.match("/".join(parts[:n])) for n in range(1, len(parts) + 1))


def scope_applies(scope: Mapping[str, Any], relative_path: str, kind: str = "posts") -> bool:
    if "type" in scope and str(scope["type"]) != kind:
        return False
    scope_path = scope.get("path")
    if not isinstance(scope_path, str) or not scope_path:
        return True
    path = _sanitize(relative_path)
    if "*" in scope_path:
        return _glob_matches(scope_path, path)
    return path.startswith(scope_path)


def _has_precedence(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> bool:
    if old is None:
        return True
    new_path, old_path = _sanitize(new.get("path")), _sanitize(old.get("path"))
    if len(new_path) != len(old_path):
        return len(new_path) >= len(old_path)
    return "type" in new or "type" not in old


def deep_merge(target: dict, other: Mapping) -> dict:
    """``Utils.deep_merge_hashes``: a new map, ``other`` winning except where it has None."""
    merged = dict(target)
    for key, value in other.items():
        if value is None and key in merged:
            continue
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(dict(merged[key]), value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def defaults_for(site: JekyllSite, relative_path: str, kind: str = "posts") -> dict:
    """``FrontmatterDefaults#all``: every default value that applies to this file."""
    values: dict = {}
    old_scope: Mapping[str, Any] | None = None
    for entry in site.defaults:
        scope = entry["scope"]
        if not scope_applies(scope, relative_path, kind):
            continue
        if _has_precedence(old_scope, scope):
            values = deep_merge(values, entry["values"])
            old_scope = scope
        else:
            values = deep_merge(dict(entry["values"]), values)
    return values


def _as_list(value: Any) -> list:
    if value is None:
        return []
    if isinstance(value, str):
        return value.split()
    return list(value) if isinstance(value, (list, tuple)) else [value]


def merge_data(data: dict, other: Mapping) -> dict:
    """``Document#merge_data!``: categories united, everything else deep-merged."""
    other = dict(other)
    if other.get("categories") is not None:
        union = list(data.get("categories") or [])
        union += [item for item in _as_list(other["categories"]) if item not in union]
        other["categories"] = union
    return deep_merge(data, other)


def categories_from_path(relative_path: str, special_dir: str = "_posts") -> list[str]:
    """``Document#categories_from_path``: the folders above ``_posts`` (or ``_drafts``)."""
    if relative_path.startswith(special_dir):
        return []
    above = relative_path.split(special_dir, 1)[0]
    basename = relative_path.rsplit("/", 1)[-1]
    return [part for part in above.split("/") if part and part != special_dir and part != basename]


def ruby_text(value: Any) -> str:
    """Ruby's ``to_s`` for a YAML scalar (``true``, not ``True``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def post_data(relative_path: str, front: Mapping[str, Any], site: JekyllSite) -> dict:
    """The post's data as Jekyll merges it (see the module's docstring); ``front`` is the
    raw front matter (not changed). Feed the result to ``frontmatter.normalise``."""
    special = "_posts" if "_posts" in relative_path else "_drafts"  # Document#draft?
    data = merge_data({}, {"categories": categories_from_path(relative_path, special)})
    defaults = defaults_for(site, relative_path, "posts")
    if defaults:
        data = merge_data(data, defaults)
    data = merge_data(data, front)
    categories = [ruby_text(c) for c in _as_list(data.get("categories"))]
    single = data.get("category")
    for name in single if isinstance(single, list) else ([] if single is None else [single]):
        categories.append(ruby_text(name))
    data["categories"] = list(dict.fromkeys(categories))
    return data
