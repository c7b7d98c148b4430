"""Search: a post is found by the words of its title, tags and keywords, and comes
first when every word searched is in its title.

Sphinx's search scores a word in a page's title 15 and in its text 5, and a word
of an index entry up to 100: the glossary's terms are index entries, so a search
for ``genomics`` gave the glossary entry first, and the tag page, before the post
titled "Genomics at scale". ``html_search_scorer`` names a JavaScript file whose
``Scorer`` replaces Sphinx's: kb's adds 1000 to a page (not a section of it) whose
own title holds every word of the query, unless it is one of kb's listing pages
(tags, categories, authors, archive, glossary). Sphinx reads that file from the
*current* folder when the name is relative, so kb writes its own into the doctree
folder and gives Sphinx its absolute path, unless conf.py names one.

A post's tags join its keywords in ``<meta name="keywords">`` (``posts.transform``),
which Sphinx's indexer adds to the page's words.
"""

from __future__ import annotations

import json
from pathlib import Path

from sphinx.application import Sphinx

from .. import _compat
from ..core.paths import Paths

__all__ = ["on_builder_inited", "scorer_code"]

FILE = "kb-search-scorer.js"

#: Sphinx's own Scorer fields (searchtools.js, Sphinx 8.2 to 9.x): a Scorer given in
#: html_search_scorer replaces them all
SCORER = """/* kb: rank a page whose own title holds every searched word first (readers/search.py). */
var Scorer = {
  score: (result) => {
    const [docname, title, anchor, descr, score] = result;
    const listings = %(listings)s;
    const words = (new URLSearchParams(window.location.search).get("q") || "")
      .toLowerCase().split(/\\s+/).filter((word) => word.length > 0);
    const own = (title || "").toLowerCase();
    const listing = listings.some((folder) => docname.startsWith(folder + "/"));
    if (!listing && !anchor && words.length && words.every((word) => own.includes(word))) return score + 1000;
    return score;
  },
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
};
"""


def scorer_code(paths: Paths) -> str:
    listings = sorted(paths.folders())
    return SCORER % {"listings": json.dumps(listings)}


def on_builder_inited(app: Sphinx) -> None:
    if app.builder.format != "html" or _compat.is_set_by_user(app.config, "html_search_scorer"):
        return
    path = Path(app.doctreedir) / FILE
    code = scorer_code(Paths.of(app.config))
    if not (path.is_file() and path.read_text(encoding="utf-8") == code):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(code, encoding="utf-8")
    app.config.html_search_scorer = str(path)
