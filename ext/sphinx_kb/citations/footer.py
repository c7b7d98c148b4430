"""A post's footer (the ``kb-post-footer`` event): its References, then "Cite this post".

**References**: every DOI the post cites whose metadata is known, once, in citation
order, formatted with ``kb_reference_style``, each with its DOI link and, when
Crossref knows one, its retraction, correction or expression of concern. A post
without such a work has no list.

**Cite this post** (``kb_cite_this_post``): the post itself as a formatted reference
(its authors, else the site; its date, title, site and address), and, for the HTML
builders, links to its BibTeX, RIS and CSL-JSON files (``citations.post``).
"""

from __future__ import annotations

from sphinx.application import Sphinx

from ..core import markup
from ..core.citing import reference_item
from ..core.doi import Doi
from ..core.options import Options
from ..sources.badges import update_span
from ..sources.model import update_of
from ..state.domain import KbDomain
from .formatted import formatter, results_of, works
from .post import cited_post, file_names, writes_files

__all__ = ["cite_block", "references_block"]


def references_block(app: Sphinx, domain: KbDomain, docname: str, options: Options) -> list[markup.Block]:
    if docname not in domain.records:
        return []
    results = results_of(domain)
    items = []
    for source, item in works(domain, docname, results):
        reference = formatter(app).reference(source.doi, item)
        if reference is None:
            continue
        url = Doi(source.doi).url
        parts: list[markup.Inline] = [*reference.inlines(), " ", markup.ExternalLink(url, url, ("kb-reference-doi",))]
        update = update_of(source, results)
        if update:
            parts += [" ", update_span(update)]
        items.append(markup.Para(tuple(parts), ("kb-reference",)))
    if not items:
        return []
    return [markup.Rubric("References", ("kb-references-title",), id="kb-references"),
            markup.Items(tuple(items), ("kb-references",))]


def cite_block(app: Sphinx, domain: KbDomain, docname: str, options: Options) -> list[markup.Block]:
    if not app.config.kb_cite_this_post or docname not in domain.records:
        return []
    post = cited_post(app, domain, docname)
    reference = formatter(app).post_reference(docname, reference_item(post))
    parts: list[markup.Inline] = list(reference.inlines()) if reference else [post.title]
    if post.url:
        parts += [" ", markup.ExternalLink(post.url, post.url, ("kb-cite-url",))]
    blocks: list[markup.Block] = [markup.Rubric("Cite this post", ("kb-cite-title",), id="kb-cite-this-post"),
                                  markup.Para(tuple(parts), ("kb-cite-reference",))]
    if writes_files(app):
        names = file_names(docname)
        blocks.append(markup.Para(("Download the citation: ", markup.ExternalLink(names["bibtex"], "BibTeX"), ", ",
                                   markup.ExternalLink(names["ris"], "RIS"), ", ",
                                   markup.ExternalLink(names["csl"], "CSL-JSON"), "."), ("kb-cite-files",)))
    return [markup.Box(tuple(blocks), ("kb-cite",))]
