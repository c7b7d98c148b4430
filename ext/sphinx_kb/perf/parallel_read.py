"""What a parallel read's workers send back: the documents they read, not the whole site.

With ``-j N`` Sphinx reads in forked workers. For every chunk of documents, a
worker pickles its *whole* environment and the main process loads it, then merges
that chunk's documents only. The environment a worker is forked with holds every
document merged before, so the pickles grow chunk after chunk: at 1,000 posts the
last ones are 2.5 MB, most of it Sphinx's own per-document tables (tables of
contents, titles) of documents merged long before. The main process spends about
2 s loading them, and a worker's slot stays empty while it does.

For the read, kb puts Sphinx's largest per-document tables in ``DocStore``s (a
dict that, pickled in a forked worker, holds only the documents set there) and
turns them back into plain dicts when reading is over (``env-updated``), so the
environment Sphinx saves is its own. Sphinx's collectors and domains merge only the
chunk's documents from a worker's environment, which the worker set, so what is
merged is the same. ``kb_lean_parallel_read = False`` turns this off.
"""

from __future__ import annotations

from collections import defaultdict

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..state.stores import DocStore

__all__ = ["on_env_before_read_docs", "on_env_updated"]

#: Sphinx's per-document tables (docname -> value), dicts and defaultdicts.
ENV_TABLES = (
    "tocs", "titles", "longtitles", "toc_num_entries", "all_docs", "metadata", "included", "dependencies",
)
#: ``env.domaindata[domain][key]``, docname -> value.
DOMAIN_TABLES = (("index", "entries"),)


def _tables(env: BuildEnvironment):
    """(holder, key) of each table: setattr/getattr on env, or item of a domain's data."""
    for name in ENV_TABLES:
        yield env.__dict__, name
    for domain, key in DOMAIN_TABLES:
        data = env.domaindata.get(domain)
        if isinstance(data, dict):
            yield data, key


def on_env_before_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    if app.parallel <= 1 or not app.config.kb_lean_parallel_read:
        return
    for holder, key in _tables(env):
        table = holder.get(key)
        if type(table) is dict:
            holder[key] = DocStore(table)
        elif type(table) is defaultdict:
            holder[key] = DocStore(table, default_factory=table.default_factory)


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    for holder, key in _tables(env):
        table = holder.get(key)
        if type(table) is DocStore:
            factory = table.default_factory
            holder[key] = dict(table) if factory is None else defaultdict(factory, table)
    return []
