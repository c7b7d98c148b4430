"""``kb stats``: what the knowledge base holds, counted as the build counts it.

Posts are read and normalised by the build's own code (``core.frontmatter.read_post``,
``kb_aliases`` applied by ``core.aliases``, ``core.taxonomy.build``, the glossary
merged by ``core.glossary.merge``), so a count here is what the site shows: tags,
categories, authors and keywords are names after case and spacing merge, and only
published posts count (``published: false`` ones are counted apart).

Placeholders and sources are found by a rough scan of each post's Markdown links
(markdown-it, which MyST is built on; each link's text and the text after it go
through ``core.placeholders``, as the build's collector does). It reads Markdown
only, not MyST's directives and roles, so a link written inside a directive's
options, or made by a role, can be missed; phase 2 of issue 16 replaces it with the
build's own collector. Sources get their status from the linkcheck results file
(``make linkcheck``: ``kb_linkcheck_report``, else ``<build folder>/kb-linkcheck.json``).

Exit codes: 0 counted; 2 the command could not run (no posts folder, an unreadable
conf.py). Problems in posts are counted, not fatal.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from ..core import aliases, glossary, liquid, nearnames, placeholders, taxonomy
from ..core.frontmatter import Post
from ..core.records import post_entry
from . import EXIT_OK, CommandError
from .progress import Progress
from .project import PostFile, Project, add_arguments, project_of, shown

STATUSES = ("ok", "redirected", "broken", "unchecked", "placeholder", "known-placeholder")
CHECK_STATUSES = ("ok", "redirected", "broken")
RESULTS_FILE = "kb-linkcheck.json"
HELP = "count posts, names, glossary terms, placeholders and sources by status"


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "stats", help=HELP, description=f"kb stats: {HELP}.", epilog="Exit codes: 0 counted, 2 could not run.")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    parser.add_argument("--builddir", type=Path, metavar="DIR", default=None,
                        help="the build folder holding kb-linkcheck.json (default: _build beside conf.py)")
    add_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    project = project_of(args)
    posts = project.read_posts(Progress("kb stats: reading posts"))
    counts = count(project, posts, args.builddir, Progress("kb stats: scanning links"))
    if args.format == "json":
        print(json.dumps(counts, indent=1, ensure_ascii=False))
    else:
        print(as_text(counts))
    return EXIT_OK


def entry_of(docname: str, post: Post) -> taxonomy.Entry:
    """A post's listing entry, as the build makes it."""
    return post_entry(docname, post)


def count(project: Project, posts: list[PostFile], builddir: Path | None = None,
          progress: Progress | None = None) -> dict:
    alias_map, _ = aliases.parse(project.setting("kb_aliases"))
    published = [p for p in posts if p.parsed.post.published]
    normalised = {p.docname: aliases.apply(alias_map, p.parsed.post) for p in published}
    tax = taxonomy.build(entry_of(docname, post) for docname, post in normalised.items())
    definitions, glossary_problems = _definitions(project)
    entries, merge_problems = glossary.merge(tax.terms["keyword"], definitions)
    used_keywords = set(tax.terms["keyword"])
    undefined = [e for e in entries if e.definition is None and set(e.keys) & used_keywords]
    uses = [use for p in published for use in nearnames.uses_of(normalised[p.docname], p.shown, p.front_lines)]
    groups = nearnames.find(uses, definitions, project.distinct_names())
    markers = [str(m) for m in project.list_setting("kb_placeholder_markers")]
    known, _ = placeholders.parse_known(project.list_setting("kb_known_placeholders"), project.markdown_suffixes())
    citations = []
    if progress is not None:
        progress.start(len(published))
    for post in published:
        citations += _citations(post, markers, known)
        if progress is not None:
            progress.advance()
    if progress is not None:
        progress.close()
    results, results_path, updated, results_problem = _results(project, builddir)
    by_status = Counter(_status(finding, known, url, results) for url, finding, known in citations)
    return {
        "posts": len(published),
        "unpublished": len(posts) - len(published),
        "front_matter_problems": sum(len(p.parsed.problems) for p in posts),
        "tags": len(tax.terms["tag"]),
        "categories": len(tax.terms["category"]),
        "authors": len(tax.terms["author"]),
        "keywords": len(tax.terms["keyword"]),
        "keywords_undefined": len(undefined),
        "glossary_definitions": len(definitions),
        "glossary_problems": len(glossary_problems) + len(merge_problems),
        "near_duplicate_groups": len(groups),
        "placeholders": {
            "total": by_status["placeholder"] + by_status["known-placeholder"],
            "known": by_status["known-placeholder"],
            "to_fix": by_status["placeholder"],
            "method": "rough scan of Markdown links (not the build's collector)",
        },
        "sources": {
            "citations": len(citations),
            "urls": len({url for url, _, _ in citations}),
            "by_status": {status: by_status[status] for status in STATUSES},
            "results_file": shown(results_path) if results_path else None,
            "results_updated": updated,
            "results_problem": results_problem,
        },
    }


def _definitions(project: Project) -> tuple[list[glossary.Definition], list]:
    name = project.path_setting("kb_glossary_file")
    if not name:
        return [], []
    path = project.srcdir / name
    try:
        return glossary.load_definitions(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"cannot read the glossary {shown(path)}: {error}") from None


_MARKDOWN = []  # the parser, made on first use (kb --help need not import it)


def _markdown():
    """CommonMark with tables; inline parsing is left to ``_inline_tokens`` (most of the
    time is there, and only text holding an address can hold an external link)."""
    if not _MARKDOWN:
        from markdown_it import MarkdownIt

        _MARKDOWN.append(MarkdownIt("commonmark").enable("table").disable("inline"))
    return _MARKDOWN[0]


def _inline_tokens(body: str):
    """The inline tokens of ``body`` that may hold an external link, their children parsed."""
    md, env = _markdown(), {}
    tokens = md.parse(body, env)
    every = bool(env.get("references"))  # [text][label]: the address is elsewhere
    for token in tokens:
        if token.type == "inline" and token.map and (every or "http" in token.content):
            token.children = []
            md.inline.parse(token.content, md, env, token.children)
            yield token


def _citations(post: PostFile, markers: list[str], known: list[placeholders.KnownPlaceholder]):
    """(url, finding, known entry) of each external link of a post: the rough scan."""
    body, _ = liquid.convert(post.parsed.body, lambda name: None)
    for token in _inline_tokens(body):
        for citation in placeholders.split_citations(_pieces(token.children or []), token.map[0] + 1):
            finding = placeholders.check(citation, markers)
            entry = placeholders.find_known(known, post.docname, citation.url) if finding else None
            yield citation.url, finding, entry


def _pieces(children) -> list[placeholders.Piece]:
    pieces: list[placeholders.Piece] = []
    link: str | None = None
    text: list[str] = []
    for child in children:
        href = child.attrs.get("href", "") if child.type == "link_open" else ""
        if child.type == "link_open" and link is None and str(href).startswith(("http://", "https://")):
            link, text = str(href), []
        elif child.type == "link_close" and link is not None:
            pieces.append(placeholders.Piece("".join(text), link))
            link = None
        elif child.type in ("text", "code_inline"):
            (text.append(child.content) if link is not None else pieces.append(placeholders.Piece(child.content)))
        elif child.type in ("softbreak", "hardbreak"):
            (text.append(" ") if link is not None else pieces.append(placeholders.Piece("\n")))
    return pieces


def _results(project: Project, builddir: Path | None):
    """(url -> status, the file, when it was updated, what was wrong with it)."""
    report = project.path_setting("kb_linkcheck_report")
    if report:
        path = project.srcdir / report
    else:
        path = (builddir if builddir is not None else project.srcdir / "_build") / RESULTS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        statuses = {str(url): entry["status"] for url, entry in data["results"].items()
                    if isinstance(entry, dict) and entry.get("status") in CHECK_STATUSES}
        return statuses, path, str(data.get("updated", "")), None
    except FileNotFoundError:
        return {}, None, None, None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        return {}, path, None, f"cannot read it ({type(error).__name__}: {error}); it is safe to delete it"


def _status(finding, known, url: str, results: dict[str, str]) -> str:
    if finding is not None:
        return "known-placeholder" if known else "placeholder"
    return results.get(url, "unchecked")


def as_text(counts: dict) -> str:
    sources, holders = counts["sources"], counts["placeholders"]
    lines = [
        f"posts                  {counts['posts']:>6}  ({counts['unpublished']} unpublished, not counted below)",
        f"tags                   {counts['tags']:>6}",
        f"categories             {counts['categories']:>6}",
        f"authors                {counts['authors']:>6}",
        f"keywords               {counts['keywords']:>6}  ({counts['keywords_undefined']} without a glossary definition)",
        f"glossary definitions   {counts['glossary_definitions']:>6}",
        f"near-duplicate names   {counts['near_duplicate_groups']:>6}  groups",
        f"front-matter problems  {counts['front_matter_problems']:>6}",
        f"placeholders           {holders['total']:>6}  ({holders['known']} known, {holders['to_fix']} to fix; "
        f"{holders['method']})",
        f"sources                {sources['citations']:>6}  citations of {sources['urls']} URLs",
    ]
    lines += [f"  {status.replace('-', ' '):<20} {number:>6}" for status, number in sources["by_status"].items()]
    if sources["results_problem"]:
        lines.append(f"linkcheck results: {sources['results_file']}: {sources['results_problem']}")
    elif sources["results_file"]:
        lines.append(f"linkcheck results: {sources['results_file']} (updated {sources['results_updated'] or 'unknown'})")
    else:
        lines.append("linkcheck results: none yet (make linkcheck writes them)")
    return "\n".join(lines)
