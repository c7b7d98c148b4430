"""sphinx-tags' ``{tags}`` directive, pointed at kb's tag pages.

kb takes sphinx-tags' place (one extension may own the ``tags_*`` configuration
names) and reuses its code: the directive's argument parsing and name cleaning
(``_compat.normalize_tag``), and its badges through sphinx-design with its colour
rule (written here: sphinx-tags' own helpers are private and read Sphinx's deprecated
``env.app``). What it replaces: tags are
recorded per document in the environment (never written over
``env.metadata['tags']``), and links use kb's collision-free slugs.
"""

from __future__ import annotations

from fnmatch import fnmatch
from pathlib import Path

from docutils import nodes
from sphinx_tags import TagLinks

from .. import _compat
from ..core.names import slug
from ..core.paths import Paths
from ..writing.links import doc_link

__all__ = ["KbTagLinks"]


class KbTagLinks(TagLinks):
    def run(self) -> list[nodes.Node]:
        raw = []
        if self.arguments:
            raw += self.arguments[0].split(",")
        if self.content:
            raw += ",".join(self.content).split(",")
        tags = [t for t in (_compat.normalize_tag(tag) for tag in raw) if t]
        if not tags:
            return [self.state.document.reporter.warning("No tags passed to 'tags' directive.", line=self.lineno)]
        self.env.current_document.setdefault("kb_directive_tags", []).extend(tags)
        paths = Paths.of(self.config)
        result = nodes.paragraph(classes=["tags", "kb-chips", "kb-chips-tag"])
        result += nodes.inline(text=f"{self.config.tags_intro_text} ")
        for i, tag in enumerate(tags):
            target = paths.listing("tag", slug(tag))
            if self.config.tags_create_badges and _has_sphinx_design(self):
                here = Path(self.env.docname).parent
                relative = Path(*[".."] * len(here.parts)) / Path(target).parent if here.parts else Path(target).parent
                result += self._badge(tag, f"{relative.as_posix()}/{slug(tag)}")
                separator = " "
            else:
                result += doc_link(target, tag, self.env.docname, ["kb-chip", "kb-chip-tag"])
                separator = f"{self.separator} "
            if i < len(tags) - 1:
                result += nodes.inline(text=separator)
        return [result]


    def _badge(self, tag: str, target: str) -> list[nodes.Node]:
        """A sphinx-design reference badge, coloured by ``tags_badge_colors`` as
        sphinx-tags colours it (its ``_get_badge_node``, without its private helper,
        which reads Sphinx's deprecated ``env.app``)."""
        from sphinx_design.badges_buttons import XRefBadgeRole

        color = next((c for pattern, c in (self.config.tags_badge_colors or {}).items() if fnmatch(tag, pattern)),
                     "primary")
        self.state.inline_text("", self.lineno)  # the inliner's state, as a role parsed from text would have
        badges, _messages = XRefBadgeRole(color)(name=f"bdg-ref-{color}", rawtext=tag, text=f"{tag} <{target}>",
                                                 lineno=self.lineno, inliner=self.state.inliner)
        return badges


def _has_sphinx_design(directive: KbTagLinks) -> bool:
    try:
        import sphinx_design  # noqa: F401
    except ImportError:
        directive.state.document.reporter.warning(
            "tags_create_badges needs sphinx-design (pip install sphinx-design); plain links are used",
            line=directive.lineno)
        return False
    return True
