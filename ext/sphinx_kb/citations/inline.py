"""A short formatted reference after a post's citation of a DOI whose metadata is known.

After the link and its badges (``sources.badges``) of the *first* citation of each DOI in
a post: ``Jumper J, Evans R, Pritzel A, et al. (2021). Highly accurate protein structure
prediction with AlphaFold. Nature 596(7873):583–589.`` (the work is then in the post's
References list; a second citation of it adds nothing). A citation without metadata, a
placeholder, or a sphinxcontrib-bibtex citation (its entry is in its own bibliography)
gets none: the page is as without kb's research.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from ..core import markup
from ..sources.badges import after_badges, citation_links
from ..state.domain import KbDomain
from ..writing.nodes import STYLED
from .formatted import formatter, results_of, works

__all__ = ["on_doctree_resolved", "reference_node"]


def reference_node(inlines: tuple[markup.Inline, ...]) -> nodes.inline:
    node = nodes.inline("", "", classes=["kb-reference"])
    for element in inlines:
        if isinstance(element, markup.Styled):
            node += STYLED.get(element.style, nodes.emphasis)("", element.text)
        else:
            node += nodes.Text(str(element))
    return node


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    domain = KbDomain.of(app.env)
    if app.builder.format != "html" or not domain.sources.get(docname):
        return
    known = dict((source.doi, item) for source, item in works(domain, docname, results_of(domain)))
    if not known:
        return
    shown: set[str] = set()
    for source, node in citation_links(doctree, domain.sources[docname]):
        if source.doi not in known or source.doi in shown or source.bib_key or source.finding is not None:
            continue
        reference = formatter(app).reference(source.doi, known[source.doi])
        if reference is None:
            continue
        shown.add(source.doi)
        node.parent.insert(after_badges(node), reference_node(reference.inlines()))
