"""What kb adds to a page at write time, as a small tree of plain data.

Listings, bylines and chips are described once with these few elements, then
written either as HTML text (``to_html``: HTML builders) or as docutils nodes
(``output.nodes_of``: every other builder). Every text is escaped here, so a title,
name or description from front matter stays text. The HTML is what docutils' HTML5
writer gives for the same nodes, so the stylesheet and the tests see one markup.

Plain Python: no Sphinx, no docutils.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

def escape(text: str) -> str:
    """What docutils' HTML writer escapes in text and attributes (``@`` against address
    harvesters). ``str.replace`` in turn, ``&`` first: about five times as fast as
    ``str.translate`` on a title's length, and this runs for every text kb writes."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;").replace(">", "&gt;")
            .replace("@", "&#64;"))


@dataclass(frozen=True, slots=True)
class Link:
    """A link to another page of the site (and an anchor in it)."""

    target: str
    text: str
    classes: tuple[str, ...] = ()
    anchor: str = ""


@dataclass(frozen=True, slots=True)
class ExternalLink:
    """A link to an address outside the site (a cited source)."""

    url: str
    text: str
    classes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    classes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Strong:
    text: str


@dataclass(frozen=True, slots=True)
class Styled:
    """Text in italics, bold, superscript or subscript (a formatted reference's journal,
    a species name): ``style`` is ``em``, ``strong``, ``sup`` or ``sub``."""

    text: str
    style: str = "em"


STYLES = ("em", "strong", "sup", "sub")


@dataclass(frozen=True, slots=True)
class Para:
    children: tuple[Inline, ...]
    classes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rubric:
    text: str
    classes: tuple[str, ...] = ()
    id: str = ""


@dataclass(frozen=True, slots=True)
class Box:
    """A block around others (docutils' ``container``)."""

    children: tuple[Block, ...]
    classes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Items:
    """A bullet list of paragraphs."""

    children: tuple[Para, ...]
    classes: tuple[str, ...] = ()


Inline = str | Link | ExternalLink | Span | Strong | Styled
Block = Para | Rubric | Box | Items

#: href(target page, anchor) -> the link's address from the page being written
Href = Callable[[str, str], str]


def _class(classes: Iterable[str]) -> str:
    value = " ".join(classes)
    return f' class="{escape(value)}"' if value else ""


def inline_html(element: Inline, href: Href) -> str:
    if isinstance(element, str):
        return escape(element)
    if isinstance(element, Link):
        return (f'<a{_class((*element.classes, "reference", "internal"))} '
                f'href="{escape(href(element.target, element.anchor))}">{escape(element.text)}</a>')
    if isinstance(element, ExternalLink):
        return (f'<a{_class((*element.classes, "reference", "external"))} '
                f'href="{escape(element.url)}">{escape(element.text)}</a>')
    if isinstance(element, Span):
        return f"<span{_class(element.classes)}>{escape(element.text)}</span>"
    if isinstance(element, Strong):
        return f"<strong>{escape(element.text)}</strong>"
    if isinstance(element, Styled):
        tag = element.style if element.style in STYLES else "em"
        return f"<{tag}>{escape(element.text)}</{tag}>"
    raise TypeError(f"not an inline element: {element!r}")


def _para(element: Para, href: Href) -> str:
    return f"<p{_class(element.classes)}>{''.join(inline_html(child, href) for child in element.children)}</p>"


def block_html(element: Block, href: Href) -> str:
    if isinstance(element, Para):
        return _para(element, href) + "\n"
    if isinstance(element, Rubric):
        ident = f' id="{escape(element.id)}"' if element.id else ""
        return f"<p{_class((*element.classes, 'rubric'))}{ident}>{escape(element.text)}</p>\n"
    if isinstance(element, Box):
        inner = "".join(block_html(child, href) for child in element.children)
        return f"<div{_class((*element.classes, 'docutils', 'container'))}>\n{inner}</div>\n"
    if isinstance(element, Items):
        inner = "".join(f"<li>{_para(child, href)}</li>\n" for child in element.children)
        return f"<ul{_class((*element.classes, 'simple'))}>\n{inner}</ul>\n"
    raise TypeError(f"not a block element: {element!r}")


def to_html(blocks: Sequence[Block], href: Href) -> str:
    return "".join(block_html(block, href) for block in blocks)
