"""The shape of a post's old URL, for links that match no old URL exactly. Pure Python.

* ``template_pattern(template)``: a permalink template as a pattern, each placeholder any
  text of one segment (``:categories`` any number of segments, or none, with its slash):
  a link so shaped that no post has is probably a post's old URL mistyped.
* ``date_title(path)``: the date and title a link's path ends with
  (``…/2019/03/02/my-post.html`` -> ``(2019-03-02, "my-post")``), or None;
  ``post_titles(post)``: the titles a post answers to (the last segment of its URL, its
  slug, and the slug as ``:title`` and ``:slug`` write it). A site whose links leave out
  the category folders Jekyll puts in front (``/2019/03/02/my-post.html`` for
  ``/blog/2019/03/02/my-post.html``) still finds its post when one post alone has that
  date and title.
"""

from __future__ import annotations

import datetime as dt
import re

from .urlparts import slugify

_PLACEHOLDER = re.compile(r":([a-z_]+)")
_PLACEHOLDER_TEXT = {"categories": r"(?:/[^?#]+?)?", "slugified_categories": r"(?:/[^?#]+?)?",
                     "output_ext": r"(?:\.html?)?", "year": r"\d{4}", "short_year": r"\d{2}", "month": r"\d{2}",
                     "i_month": r"\d{1,2}", "day": r"\d{2}", "i_day": r"\d{1,2}", "y_day": r"\d{3}",
                     "hour": r"\d{2}", "minute": r"\d{2}", "second": r"\d{2}", "week": r"\d{2}", "w_year": r"\d{4}"}
_DATE_TITLE = re.compile(r"/(\d{4})/(\d{1,2})/(\d{1,2})/([^/]+?)(?:\.html?|/index\.html?|/)?$")


def template_pattern(template: str) -> re.Pattern:
    """A permalink template as a pattern (see the module docstring)."""
    template = template.replace("/:categories", ":categories").replace("/:slugified_categories", ":slugified_categories")
    out, position = [], 0
    for match in _PLACEHOLDER.finditer(template):
        out.append(re.escape(template[position:match.start()]))
        out.append(_PLACEHOLDER_TEXT.get(match.group(1), r"[^/?#]+"))
        position = match.end()
    out.append(re.escape(template[position:]))
    return re.compile("".join(out))


def date_title(path: str) -> tuple[dt.date, str] | None:
    """The date and title ``path`` (decoded) ends with, or None."""
    match = _DATE_TITLE.search(path)
    if match is None:
        return None
    try:
        date = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
    return date, match.group(4)


def post_titles(url: str, slug: str) -> set[str]:
    """The titles a post whose decoded URL is ``url`` answers to."""
    last = re.sub(r"(?:/index)?\.html?$", "", url.rstrip("/")).rsplit("/", 1)[-1]
    found = {last, slug, slugify(slug) or "", slugify(slug, "pretty", cased=True) or ""}
    return {title for title in found if title}
