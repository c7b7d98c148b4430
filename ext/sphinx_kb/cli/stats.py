"""``kb stats``: what the knowledge base holds, counted as the build counts it.

Posts are read by the build's own reader (``cli.posts``: ``core.postreader``,
``kb_aliases`` applied), counted by ``core.taxonomy.build``, the glossary merged by
``core.glossary.merge``, so a count here is what the site shows: tags, categories,
authors and keywords are names after case and spacing merge, and only the posts a
build made now publishes count, by the build's rules (``core.publishing.decide``, with
``kb_drafts``/``kb_future`` or the Jekyll site's switches): drafts, ``published: false``
posts, posts dated in the future and files the build refuses are counted apart.

Citations are the build's: each post parsed by MyST without Sphinx and its citations
collected by the build's own code (``checking.post``, as ``kb check`` does). Sources
get their status from the linkcheck results file (``make linkcheck``:
``kb_linkcheck_report``, else ``<build folder>/kb-linkcheck.json``).

Exit codes: 0 counted; 2 the command could not run (no posts folder, an unreadable
conf.py). Problems in posts are counted, not fatal.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from ..checking.post import check_post
from ..core import glossary, nearnames, taxonomy
from ..core.frontmatter import Post
from ..core.publishing import DRAFT, FUTURE, UNPUBLISHED
from ..core.records import post_entry
from ..core.text import noun, plural
from . import EXIT_OK
from .posts import PostFile, load_definitions, publishing_rules, read_posts, reader, rules
from .progress import Progress
from .project import Project, add_arguments, project_of, shown

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
    post_reader = reader(project)
    publishing_rules(project, post_reader)  # what counts as a post: a computed kb_future or kb_drafts is an error
    posts = read_posts(project, Progress("kb stats: reading posts"), post_reader)
    counts = count(project, posts, args.builddir, Progress("kb stats: reading citations"), post_reader)
    if args.format == "json":
        print(json.dumps(counts, indent=1, ensure_ascii=False))
    else:
        print(as_text(counts))
    return EXIT_OK


def entry_of(docname: str, post: Post) -> taxonomy.Entry:
    """A post's listing entry, as the build makes it."""
    return post_entry(docname, post)


def count(project: Project, posts: list[PostFile], builddir: Path | None = None,
          progress: Progress | None = None, post_reader=None) -> dict:
    published = [p for p in posts if p.built]
    tax = taxonomy.build(entry_of(p.docname, p.post) for p in published)
    definitions, glossary_problems = load_definitions(project)
    entries, merge_problems = glossary.merge(tax.terms["keyword"], definitions)
    used_keywords = set(tax.terms["keyword"])
    undefined = [e for e in entries if e.definition is None and set(e.keys) & used_keywords]
    uses = [use for p in published for use in nearnames.uses_of(p.post, p.shown, p.front_lines)]
    groups = nearnames.find(uses, definitions, project.distinct_names())
    site_rules = rules(project, post_reader or reader(project), posts)
    sources = []
    if progress is not None:
        progress.start(len(published))
    for post in published:
        sources += check_post(post.read, post.path, post.docname, site_rules, every_citation=True).sources or ()
        if progress is not None:
            progress.advance()
    if progress is not None:
        progress.close()
    results, results_path, updated, results_problem = _results(project, builddir)
    by_status = Counter(_status(source, results) for source in sources)
    return {
        "posts": len(published),
        "drafts": sum(1 for p in posts if p.reason == DRAFT),
        "unpublished": sum(1 for p in posts if p.reason == UNPUBLISHED),
        "future": sum(1 for p in posts if p.reason == FUTURE),
        "not_built": sum(1 for p in posts if p.refusal is not None),
        "front_matter_problems": sum(len(p.problems) for p in posts),
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
        },
        "sources": {
            "citations": len(sources),
            "urls": len({source.url for source in sources}),
            "by_status": {status: by_status[status] for status in STATUSES},
            "results_file": shown(results_path) if results_path else None,
            "results_updated": updated,
            "results_problem": results_problem,
        },
    }


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


def _status(source, results: dict[str, str]) -> str:
    if source.finding is not None:
        return "known-placeholder" if source.known else "placeholder"
    return results.get(source.url, "unchecked")


def as_text(counts: dict) -> str:
    sources, holders = counts["sources"], counts["placeholders"]
    apart = [plural(counts["drafts"], "draft"), f"{counts['unpublished']} with published: false",
             f"{counts['future']} dated in the future", f"{counts['not_built']} not built"]
    apart = [part for part in apart if not part.startswith("0 ")]
    lines = [
        f"posts                  {counts['posts']:>6}" + (f"  (not counted here or below: {', '.join(apart)})"
                                                          if apart else ""),
        f"tags                   {counts['tags']:>6}",
        f"categories             {counts['categories']:>6}",
        f"authors                {counts['authors']:>6}",
        f"keywords               {counts['keywords']:>6}  ({counts['keywords_undefined']} without a glossary definition)",
        f"glossary definitions   {counts['glossary_definitions']:>6}",
        f"near-duplicate names   {counts['near_duplicate_groups']:>6}  {noun(counts['near_duplicate_groups'], 'group')}",
        f"front-matter problems  {counts['front_matter_problems']:>6}",
        f"placeholders           {holders['total']:>6}  ({holders['known']} known, {holders['to_fix']} to fix)",
        f"sources                {sources['citations']:>6}  "
        f"{noun(sources['citations'], 'citation')} of {plural(sources['urls'], 'URL')}",
    ]
    lines += [f"  {status.replace('-', ' '):<20} {number:>6}" for status, number in sources["by_status"].items()]
    if sources["results_problem"]:
        lines.append(f"linkcheck results: {sources['results_file']}: {sources['results_problem']}")
    elif sources["results_file"]:
        lines.append(f"linkcheck results: {sources['results_file']} (updated {sources['results_updated'] or 'unknown'})")
    else:
        lines.append("linkcheck results: none yet (make linkcheck writes them)")
    return "\n".join(lines)
