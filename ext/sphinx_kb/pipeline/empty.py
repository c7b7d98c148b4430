"""Overview pages with nothing to show, left out of navigation (issue 31).

A blog without keywords has an empty Glossary, a site without tags an empty Tags
page ("Nothing here yet."): a dead end in the sidebar and the sitemap. Such a page
is still generated (a link or a ``{ref}`` to it keeps working, and it fills up the
moment the first tag or keyword comes), but every toctree that lists it drops the
entry when the document is read, without a warning: the page is an orphan like
every page kb generates. ``readers.sitemap`` leaves it out of the sitemap.

Which pages are empty is known before reading (``core.pages.empty_overviews`` of the
plan's site). When that changes (the first keyword, the last tag removed), every
document holding a toctree is read again, and every page is written again (each
shows the navigation: documents here, the further listing pages through their
fingerprint, ``taxonomy.further``), so an incremental build equals a clean one.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..state.domain import KbDomain
from ..state.overviews import empty_pages

__all__ = ["on_doctree_read", "on_env_get_outdated", "on_env_get_updated"]

STORE = "empty_overviews"


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """Before Sphinx notes the toctrees (priority 500): their entries of empty pages out."""
    empty = empty_pages(app)
    if not empty:
        return
    for toctree in doctree.findall(addnodes.toctree):
        toctree["entries"] = [(title, ref) for title, ref in toctree["entries"] if ref not in empty]
        toctree["includefiles"] = [ref for ref in toctree["includefiles"] if ref not in empty]


def on_env_get_outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                        removed: set[str]) -> list[str]:
    """When the empty pages are not those of the last build: every page with a toctree."""
    domain = KbDomain.of(env)
    now = sorted(empty_pages(app))
    before = domain.data.get(STORE)
    domain.data[STORE] = now
    if before is None or before == now:
        return []
    domain.build.readers["empty_changed"] = True
    return sorted(docname for docname in env.toctree_includes if docname in env.all_docs and docname not in changed)


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Every page shows the navigation: all written again when it changed."""
    if not KbDomain.of(env).build.readers.get("empty_changed"):
        return []
    return sorted(env.all_docs)
