"""A post's doctree as MyST makes it, without Sphinx: what ``kb check`` looks into.

The build parses a post with MyST's Sphinx renderer; here it is MyST's docutils
renderer (the same Markdown parser, configured from conf.py's ``myst_*`` values as
MyST's Sphinx extension configures it, rendering the same nodes), given the same text
(``core.postbody.myst_text``), with footnotes moved to the end and typographic quotes
and dashes as Sphinx makes them (``smartquotes``, ``SphinxQuotes``). One method differs: a link that is neither an address
nor an anchor (``[x](/docs/)``), which Sphinx's renderer makes a cross-reference to
resolve later. ``KbRenderer`` decides as that renderer does (a file that exists is a
document or a download, so internal; anything else a cross-reference), and marks the
cross-reference so that ``checking.oldlinks`` can send it to the old site as
``jekyll.links`` does in the build.

What cannot be seen without Sphinx: directives and roles that only Sphinx or its
extensions define (``{seealso}``, sphinx-design's cards, ``extlinks`` roles); their
links are checked by the build only. Docutils' own directives (``{note}``,
``{admonition}``, ``{list-table}``…) and MyST's are read as in the build.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.transforms.references import Footnotes
from docutils.transforms.universal import SmartQuotes
from docutils.utils import new_document, normalize_language_tag
from docutils.utils.smartquotes import smartchars
from myst_parser.config.main import MdParserConfig
from myst_parser.mdit_to_docutils.base import DocutilsRenderer
from myst_parser.mdit_to_docutils.transforms import CollectFootnotes, SortFootnotes
from myst_parser.parsers.docutils_ import Parser
from myst_parser.parsers.mdit import create_md_parser

__all__ = ["MYST_TARGET", "MystReader", "myst_config", "smartquotes_action"]

#: the attribute of a reference standing for Sphinx's cross-reference (its target as written)
MYST_TARGET = "kb_myst_target"


def myst_config(values: Mapping[str, object]) -> tuple[MdParserConfig, str | None]:
    """MyST's configuration from conf.py's ``myst_*`` values, as MyST's Sphinx extension
    makes it (the fields it reads; an invalid value: MyST's defaults, and why)."""
    fields = {name: field for name, _, field in MdParserConfig().as_triple()
              if "sphinx" not in field.metadata.get("omit", [])}
    given = {name: values[f"myst_{name}"] for name in fields if f"myst_{name}" in values}
    try:
        return MdParserConfig(**given), None
    except (TypeError, ValueError) as error:
        return MdParserConfig(), f"myst configuration invalid: {error.args[0] if error.args else error}"


def smartquotes_action(values: Mapping[str, object]) -> str | None:
    """Sphinx's ``smartquotes_action`` for an HTML build with conf.py's ``values``, or
    None when Sphinx makes no smart quotes (``SphinxSmartQuotes.is_available``)."""
    excludes = values.get("smartquotes_excludes", {"languages": ["ja", "zh_CN", "zh_TW"], "builders": ["man", "text"]})
    excludes = excludes if isinstance(excludes, Mapping) else {}
    language = values.get("language") or "en"
    if values.get("smartquotes", True) is False or "html" in excludes.get("builders", ()) \
            or language in excludes.get("languages", ()):
        return None
    if not any(tag in smartchars.quotes for tag in normalize_language_tag(str(language))):
        return None
    action = values.get("smartquotes_action", "qDe")
    return action if isinstance(action, str) else "qDe"


class KbRenderer(DocutilsRenderer):
    """MyST's docutils renderer, with Sphinx's renderer's choice for other links."""

    def render_link_unknown(self, token) -> None:
        destination = self.md.normalizeLinkText(cast(str, token.attrGet("href") or ""))
        explicit = token.info != "auto" and len(token.children or []) > 0
        path_dest = destination.split("#", 1)[0]
        where: _Where = self.md_env["kb_where"]
        reference = nodes.reference("", "", internal=True)
        kind = where.kind_of(path_dest)
        if kind is None:
            reference[MYST_TARGET] = destination
        self.add_line_and_source_path(reference, token)
        self.current_node.append(reference)
        if explicit:
            inner = nodes.inline("", "")
            with self.current_node_context(inner):
                self.render_children(token)
        elif kind == "download":
            inner = nodes.literal(path_dest, path_dest)
        else:
            inner = nodes.inline("", "")
        reference.append(inner)


@dataclass(frozen=True)
class _Where:
    """Where the post is, to tell which link names a file (``env.relfn2path``)."""

    srcdir: Path
    docname: str
    suffixes: tuple[str, ...]

    def kind_of(self, target: str) -> str | None:
        """"document" or "download" when ``target`` names an existing file, else None."""
        if not target:
            return None
        parts = Path(target).parts
        try:
            if parts[:1] in (("/",), ("\\",)):
                path = self.srcdir.joinpath(*parts[1:]).resolve()
            else:
                path = self.srcdir.joinpath(Path(self.docname).parent, target).resolve()
            if not path.is_file():
                return None
        except (OSError, ValueError):
            return None
        return "document" if path.name.endswith(self.suffixes) else "download"


#: Sphinx's ``NON_SMARTQUOTABLE_PARENT_NODES`` (``sphinx.util.nodes``) that a doctree
#: without Sphinx can hold
_NOT_QUOTED = (nodes.FixedTextElement, nodes.literal, nodes.math, nodes.image, nodes.raw, nodes.problematic)


class SphinxQuotes(SmartQuotes):
    """Docutils' smart quotes as Sphinx applies them (``SphinxSmartQuotes``: its text
    nodes, its escapes), with ``smartquotes_action``."""

    def __init__(self, document: nodes.document, action: str) -> None:
        super().__init__(document, document)
        self.smartquotes_action = action

    def get_tokens(self, txtnodes: list[nodes.Text]) -> Iterator[tuple[str, str]]:
        for txtnode in txtnodes:
            if _quotable(txtnode):
                yield "plain", re.sub(r'(?<=\x00)([-\\\'".`])', r"\\\1", str(txtnode))
            else:
                yield "literal", txtnode.astext()


def _quotable(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, _NOT_QUOTED) or parent.get("support_smartquotes", None) is False:
            return False
        parent = parent.parent
    return getattr(node, "support_smartquotes", None) is not False


class MystReader:
    """Parses posts' text into doctrees, with one site's MyST configuration."""

    def __init__(self, config: MdParserConfig, srcdir: Path, suffixes: Sequence[str],
                 smartquotes: str | None = "qDe", language: str = "en") -> None:
        """``smartquotes``: Sphinx's ``smartquotes_action``, None when conf.py turns them
        off (``smartquotes = False``, or a language ``smartquotes_excludes`` names)."""
        self.config = config
        self.smartquotes = smartquotes
        self.srcdir = srcdir
        self.suffixes = tuple(suffixes)
        self.markdown = create_md_parser(config, KbRenderer)
        settings = get_default_settings(Parser)
        settings.report_level = 5  # the build reports MyST's own warnings; kb check reports kb's
        settings.halt_level = 5
        settings.warning_stream = io.StringIO()
        settings.language_code = language
        settings.smart_quotes = smartquotes is not None
        self.settings = settings

    def doctree(self, text: str, path: Path, docname: str) -> nodes.document:
        """The doctree of one post's text (``core.postbody.myst_text``); never raises on
        bad Markdown (MyST reports it in the doctree, which kb check does not show)."""
        document = new_document(str(path), self.settings.copy())
        self.markdown.options["document"] = document
        try:
            self.markdown.render(text, {"kb_where": _Where(self.srcdir, docname, self.suffixes)})
        finally:
            self.markdown.options.pop("document", None)
        if document.footnotes or document.autofootnotes or document.symbol_footnotes:
            # as the build: numbered, then moved to the end (MyST's and docutils' transforms)
            document.transformer.add_transforms([SortFootnotes, Footnotes, CollectFootnotes])
            document.transformer.apply_transforms()
        if self.smartquotes is not None:
            SphinxQuotes(document, self.smartquotes).apply()
        return document
