"""``{kb-page}``: the body of one of kb's generated pages.

A generated page's file holds nothing but this directive (``pipeline.page_files``);
what the page shows is looked up by its docname in this build's plan
(``core.pages``): its title, and a listing or the glossary's entries.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..glossary.definitions import definitions_file
from ..glossary.page import glossary_nodes
from ..state.domain import KbDomain
from ..writing.standins import listing_node

__all__ = ["KbPage"]

logger = logging.getLogger(__name__)


class KbPage(SphinxDirective):
    has_content = True  # ignored: the page's content comes from the plan

    def run(self) -> list[nodes.Node]:
        env = self.env
        plan = KbDomain.of(env).plan
        page = plan.pages.get(env.docname) if plan is not None else None
        if page is None:
            logger.warning("kb-page: %s is not one of kb's generated pages; it shows nothing", env.docname,
                           location=self.get_location(), type="kb", subtype="page")
            return []
        env.current_document["kb_title"] = page.title
        env.current_document["kb_page_read"] = page.read_signature
        if page.glossary is not None:
            path = definitions_file(env.srcdir, self.config)
            if path is not None and path.is_file():
                env.note_dependency(str(path))
            return glossary_nodes(self, page.glossary)
        return [listing_node(env, page.listing)] if page.listing is not None else []
