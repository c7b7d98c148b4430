"""The post as a work to cite: files beside its page, meta tags, JSON-LD ``citation``.

For each post an HTML build (``html``, ``dirhtml``) writes, beside the post's page and
named after it, ``<name>.bib`` (BibTeX ``@online``), ``<name>.ris`` (RIS ``BLOG``) and
``<name>.csl.json`` (CSL-JSON ``post-weblog``), from ``core.citing``; each is written
again only when its text changes, and deleted with the post. The page's head gets the
Highwire ``citation_*`` meta tags Zotero reads (as docutils ``meta`` nodes, so Sphinx's
writer escapes them). The ``kb-post-jsonld`` event's listener gives the post's
BlogPosting its ``citation``: the checked sources (a DOI with metadata as a
``ScholarlyArticle``, a link that checked ok or redirected as a ``CreativeWork``).

What a post says of itself: its title, its authors (none: the site is the author), its
date, its description, its keywords and tags, its address (``html_baseurl`` or Read the
Docs' canonical URL, joined with the page's; none without a base), the site's name
(``html_title``, else ``project``), ``language``, and its own DOI if its front matter
has ``doi:``.
"""

from __future__ import annotations

import dataclasses
import os
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import SphinxParallelError
from sphinx.util import logging

from .. import _compat
from ..core import citing
from ..core import doi as dois
from ..core.citing import CitedPost
from ..core.feeds import site_base_url
from ..core.frontmatter import Post
from ..core.options import Options
from ..core.safepaths import write_inside
from ..core.text import plural
from ..perf.background import Background, use_background
from ..sources.model import status_of
from ..state.domain import KbDomain
from .formatted import results_of, works

__all__ = ["cited_post", "file_names", "jsonld", "on_build_finished", "on_doctree_resolved", "post_as_work", "writes_files"]

logger = logging.getLogger(__name__)

BUILDERS = ("html", "dirhtml")


def writes_files(app: Sphinx) -> bool:
    return bool(app.config.kb_cite_this_post) and app.builder.name in BUILDERS


def file_names(docname: str) -> dict[str, str]:
    """The files' names, beside the page (so a link to them is just the name)."""
    name = docname.rsplit("/", 1)[-1]
    return {"bibtex": f"{name}.bib", "ris": f"{name}.ris", "csl": f"{name}.csl.json"}


def _url(app: Sphinx, docname: str) -> str:
    base = site_base_url(app.config.html_baseurl, os.environ.get("READTHEDOCS_CANONICAL_URL"))
    if not base:
        return ""
    try:
        return base + app.builder.get_target_uri(docname)
    except NotImplementedError:  # a builder without addresses
        return ""


def cited_post(app: Sphinx, domain: KbDomain, docname: str) -> CitedPost:
    """What a post says of itself as a work, once per build (its page's head, its footer,
    its JSON-LD and its files all show it)."""
    found = domain.build.cited_posts.get(docname)
    if found is None:
        found = domain.build.cited_posts[docname] = _cited_post(app, domain, docname)
    return found


def _cited_post(app: Sphinx, domain: KbDomain, docname: str) -> CitedPost:
    record = domain.records[docname]
    return dataclasses.replace(
        post_as_work(app, docname, record.post),
        description=record.description,
        keywords=tuple(dict.fromkeys((*record.post.keywords, *record.post.tags))),
        sources=tuple(source.doi for source, _ in works(domain, docname, results_of(domain), bibtex=True)),
    )


def post_as_work(app: Sphinx, docname: str, post: Post) -> CitedPost:
    """What its front matter and the site say of a post: all its formatted reference shows
    (``citing.reference_item``), known before the post is read."""
    own = dois.parse(str(post.extra.get("doi") or ""))
    return CitedPost(
        title=post.title,
        url=_url(app, docname),
        site_name=str(app.config.html_title or app.config.project or ""),
        authors=tuple(author.name for author in post.authors),
        date=post.date,
        language=str(app.config.language or ""),
        doi=own.bare if own else "",
    )


def _write(root: Path, path: Path, text: str) -> None:
    """A citation file beside its post's page, in the output folder ``root``
    (``core.safepaths.write_inside``: never through a symbolic link, never half written)."""
    why = write_inside(root, path, text)
    if why is not None:
        raise OSError(why)


class FileWriter:
    """The citation files, written by a thread of its own. Three small files per post took
    a 1,000-post build's main process 0.8 s (sampled with py-spy), nearly all of it in
    system calls, which the thread does while the build goes on. ``close`` waits for it
    and says what could not be written."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kb-citation-files")
        self._pending: list[tuple[Path, Future]] = []

    def write(self, root: Path, path: Path, text: str) -> None:
        self._pending.append((path, self._pool.submit(_write, root, path, text)))
        if len(self._pending) > 256:  # what is done is forgotten, errors kept
            self._pending = [(p, f) for p, f in self._pending if not f.done() or f.exception() is not None]

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        for path, future in self._pending:
            error = future.exception()
            if error is not None:
                logger.warning("kb: cannot write the citation file %s: %s", path, error, type="kb", subtype="cite")
        self._pending = []


class _Direct:
    write = staticmethod(_write)

    @staticmethod
    def close() -> None:
        pass


def _files_of(app: Sphinx, domain: KbDomain, docname: str) -> list[tuple[Path, str]]:
    folder = Path(app.builder.get_outfilename(docname)).parent
    names = file_names(docname)
    post = cited_post(app, domain, docname)
    return [(folder / names["bibtex"], citing.to_bibtex(post)), (folder / names["ris"], citing.to_ris(post)),
            (folder / names["csl"], citing.to_csl_json(post))]


def _write_files(app: Sphinx, domain: KbDomain, docnames: list[str], writer) -> None:
    for docname in docnames:
        files = _files_of(app, domain, docname)
        files[0][0].parent.mkdir(parents=True, exist_ok=True)
        for path, text in files:
            writer.write(Path(app.outdir), path, text)


class _Reporting:
    """Writes at once, and says what it could not write (in a background process, the
    build says it when it joins the process)."""

    @staticmethod
    def write(root: Path, path: Path, text: str) -> None:
        try:
            _write(root, path, text)
        except OSError as error:
            logger.warning("kb: cannot write the citation file %s: %s", path, error, type="kb", subtype="cite")


class AheadOfPages:
    """The citation files of the posts read in this build, made and written by a process
    of their own (``perf.background``, ``kb_citation_files_process``): all they show is
    known once the first document is written. Other posts' files go to the writer
    ``make_rest`` gives, made once the process is forked (a thread's writer must not
    be forked). If the process fails, its files are made here when the build finishes."""

    def __init__(self, app: Sphinx, domain: KbDomain, docnames: list[str], make_rest) -> None:
        self.docnames = frozenset(docnames)
        self._app, self._domain = app, domain
        self._process = Background(lambda: _write_files(app, domain, docnames, _Reporting))
        self.rest = make_rest()

    def write(self, root: Path, path: Path, text: str) -> None:
        self.rest.write(root, path, text)

    def close(self) -> None:
        try:
            done = self._process.join()
        except SphinxParallelError as error:  # say why, and make them here
            logger.verbose("kb: the citation files' process failed: %s", error)
            done = False
        if done:
            logger.verbose("kb: the citation files of %s made by a process of their own",
                           plural(len(self.docnames), "post"))
        else:
            _write_files(self._app, self._domain, sorted(self.docnames), self.rest)
        self.rest.close()

    def terminate(self) -> None:
        self._process.terminate()
        self.rest.close()


def _writer(app: Sphinx, domain: KbDomain):
    """Decided with the first page written: the files of the posts read in this build
    by a process of their own when there are enough of them (or the build is
    parallel); the others' by a thread, or directly in a parallel build (it forks its
    writers while pages are resolved: no thread then)."""
    state = domain.build
    if state.citation_files is None:
        rest = _Direct if _compat.writes_in_parallel(app.builder) else None
        read = sorted(docname for docname in state.read if docname in domain.records)
        if use_background(app, "kb_citation_files_process", len(read)):
            state.citation_files = AheadOfPages(app, domain, read, lambda: rest or FileWriter())
        else:
            state.citation_files = rest or FileWriter()
    return state.citation_files


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    domain = KbDomain.of(app.env)
    if app.builder.format != "html" or docname not in domain.records:
        return
    post = cited_post(app, domain, docname)
    for index, (name, content) in enumerate(citing.highwire_tags(post)):
        doctree.insert(index, nodes.meta(name=name, content=content))
    if app.builder.name not in BUILDERS:
        return
    if not writes_files(app):  # kb_cite_this_post turned off: no files left behind
        folder = Path(app.builder.get_outfilename(docname)).parent
        for name in file_names(docname).values():
            (folder / name).unlink(missing_ok=True)
        return
    writer = _writer(app, domain)
    if docname not in getattr(writer, "docnames", ()):
        _write_files(app, domain, [docname], writer)


def jsonld(app: Sphinx, domain: KbDomain, docname: str, options: Options) -> dict:
    """``{"citation": [...]}`` for the post's BlogPosting: its checked sources, in citation order."""
    if docname not in domain.records:
        return {}
    results = results_of(domain)
    post = cited_post(app, domain, docname)
    found = citing.jsonld_citations(post, {source.doi: item for source, item in works(domain, docname, results, True)})
    seen = {entry["url"] for entry in found}
    for source in domain.sources.get(docname, ()):
        if source.finding is None and not source.doi and source.url not in seen \
                and status_of(source, results) in ("ok", "redirected"):
            seen.add(source.url)
            found.append({"@type": "CreativeWork", "url": source.url})
    return {"citation": found} if found else {}


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    """The files are all written; a removed post's go with its page (``pipeline.finish``
    deletes the page)."""
    domain = KbDomain.of(app.env)
    files, domain.build.citation_files = domain.build.citation_files, None
    if files is not None:
        if exception is not None and isinstance(files, AheadOfPages):
            files.terminate()  # the build failed: its pages are not all there either
        else:
            files.close()
    if exception is not None or app.builder.name not in BUILDERS:
        return
    env = app.env
    for docname in sorted(KbDomain.of(env).build.removed):
        if docname in env.all_docs:
            continue
        folder = Path(app.builder.get_outfilename(docname)).parent
        for name in file_names(docname).values():
            path = folder / name
            if path.is_file():
                path.unlink()
