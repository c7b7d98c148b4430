"""After reading: the ``Site`` of this build, and the pages whose listings changed.

env-before-read-docs  note whether anything will change; set the last build's site
                      and signatures aside (a parallel read's workers would send
                      them back with every chunk)
env-get-updated       the site from what the documents read say (``Site.with_entries``
                      reuses the plan's grouping of names), and the signature of what
                      every page shows of others: pages whose signature changed are
                      written again. When the documents read show in listings what
                      they showed (a post's body edited below its first paragraph),
                      nothing was removed and the definitions are the same, the last
                      build's site and signatures are kept as they are.

``BuildState.dirty`` is set here at env-before-read-docs, which Sphinx emits
before env-get-updated, where this module and ``sources.statuses`` read it.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..core.options import Options
from ..state.domain import SHOWN_ELSEWHERE, KbDomain
from ..state.shown import page_signature

__all__ = ["on_env_before_read_docs", "on_env_get_updated"]

logger = logging.getLogger(__name__)

#: what kb derives from the whole site after reading (kept for rebuilds that change none of it)
DERIVED = ("site", "signatures")


def on_env_before_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    domain = KbDomain.of(env)
    state = domain.build
    state.read = frozenset(docnames)
    # nothing read and nothing removed: every listing shows what it showed
    state.dirty = bool(docnames) or bool(state.removed) or domain.site is None
    state.listings_changed = state.dirty
    if docnames:
        state.before_reading = {
            "shown": {store: {docname: domain.data[store].get(docname) for docname in docnames}
                      for store in SHOWN_ELSEWHERE},
            "derived": domain.set_aside(DERIVED),
        }


def _nothing_listed_changed(app: Sphinx, domain: KbDomain, options: Options, before: dict | None) -> bool:
    """True when the documents read show in listings, backlinks and chips exactly
    what they showed (their entries and links, ``SHOWN_ELSEWHERE``), nothing was
    removed and the definitions are the same: the last build's site and signatures
    are put back."""
    state = domain.build
    if before is None or state.removed or set(before["derived"]) != set(DERIVED):
        return False
    if before["derived"]["site"].definitions != state.definitions:
        return False
    if any(domain.data[store].get(docname) != value
           for store, values in before["shown"].items() for docname, value in values.items()):
        return False
    domain.put_back(before["derived"])
    signatures = domain.signatures
    for docname in before["shown"]["entries"]:  # their own signatures, for the next build's comparison
        if docname in domain.listings or docname in domain.records:
            signatures[docname] = page_signature(domain, docname, options, app.emit)
        else:
            signatures.pop(docname, None)
    return True


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    domain = KbDomain.of(env)
    state = domain.build
    if not state.dirty:
        return []
    options = Options.of(app.config)
    before, state.before_reading = state.before_reading, None
    if _nothing_listed_changed(app, domain, options, before):
        state.listings_changed = False
        logger.info("kb: the documents read change no listing, backlink or chip")
        return []
    set_aside = before["derived"] if before else domain.set_aside(DERIVED)
    old: dict[str, str] = set_aside.get("signatures", {})
    domain.site = domain.plan.site.with_entries(domain.entries.values(), state.definitions, options.paths,
                                                options.glossary_split)
    state.models.clear()
    new = {docname: page_signature(domain, docname, options, app.emit) for docname in {*domain.listings, *domain.records}}
    domain.signatures = new
    return sorted(d for d, sig in new.items() if old.get(d) != sig and d in env.all_docs)
