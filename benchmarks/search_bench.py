"""The search's cost (``make bench``, or alone: ``python benchmarks/search_bench.py
--sizes 1000 --runs 3``): what a reader downloads for one query, and what Pagefind adds
to a build.

* build time: kb's full build (serial) with Pagefind (``kb_search = "pagefind"``, the
  default) against the same build with Sphinx's search (``-D kb_search=sphinx``),
  interleaved, fresh copies; the ratio is the median of the pairs. The indexer's own
  time is read from the build's log ("search index by Pagefind written in").
* bytes per query: the built site served on 127.0.0.1 (Python's server, no
  compression), Debian's chromium (Playwright) opens ``search.html?q=...`` with an
  empty cache and every response is recorded until the network is idle (the results'
  fragments loaded). Counted: the files under ``pagefind/`` (its entry, JS, CSS,
  WebAssembly, index chunks, fragments), as served and as a gzip-compressing host
  would send them (each file gzipped here; Pagefind's index files are compressed
  already). Against: ``searchindex.js``, which Sphinx's search page loads whole for
  every query, raw and gzipped. Two queries: words of a post's title, and a word of
  its body.

Results go to ``results.json`` under ``"search"`` and into results.md (``describe``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

import corpus  # noqa: E402

_INDEXER = re.compile(r"search index by Pagefind written in ([0-9.]+) s")


def queries(size: int) -> list[str]:
    """Two words of the middle post's title, and a word of its body not in the title."""
    _, front, body = corpus.Generator().post(size // 2, size)
    title = front["title"].split(":")[0].split()
    words = [word for word in re.findall(r"[a-z]{7,}", body.lower()) if word not in front["title"].lower()]
    return [" ".join(title[:2]), words[len(words) // 2] if words else title[-1]]


def gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def query_bytes(outdir: Path, query: str) -> dict:
    from support.browser import playwright_chromium, served

    fetched: dict[str, int] = {}
    with served(outdir, prefix="/") as base, playwright_chromium() as browser:
        page = browser.new_context().new_page()
        page.on("response", lambda response: fetched.__setitem__(response.url, len(response.body())))
        page.goto(f"{base}/search.html?q={query.replace(' ', '+')}")
        page.wait_for_selector(".pagefind-ui__result-title", timeout=60000)
        page.wait_for_load_state("networkidle")
        results = page.locator(".pagefind-ui__result-title").count()
    files = {unquote(urlsplit(url).path).lstrip("/"): size for url, size in fetched.items()}
    bundle = {name: size for name, size in files.items() if name.startswith("pagefind/")}
    kinds: dict[str, int] = {}
    for name, size in bundle.items():
        kind = ("index" if "/index/" in name or name.endswith(".pf_meta") else "fragment" if "/fragment/" in name
                else "wasm" if "wasm" in name else "filter" if "/filter/" in name else "code")
        kinds[kind] = kinds.get(kind, 0) + size
    return {"query": query, "results_shown": results, "files": len(bundle), "bytes": sum(bundle.values()),
            "bytes_gzip": sum(gzipped(outdir / name) for name in bundle), "by_kind": kinds,
            "searchindex_fetched": any(name.endswith("searchindex.js") for name in files)}


def measure(size: int, runs: int, work: Path, logdir: Path) -> dict:
    import bench

    pristine = corpus.write_sites(work / f"search-corpus-{size}", size, sites=("kb",))["kb"]
    builds: dict[str, list[float]] = {"pagefind": [], "sphinx": []}
    indexer: list[float] = []
    measured = None
    for rep in range(runs):
        order = ("sphinx", "pagefind") if rep % 2 == 0 else ("pagefind", "sphinx")
        for engine in order:
            folder = bench.fresh_copy(pristine, work / f"search-{size}-{engine}")
            run = bench.sphinx_build(bench.KB_PYTHON, folder, f"search-{engine}", "kb", size, rep, logdir=logdir,
                                     extra=("-D", f"kb_search={engine}"))
            builds[engine].append(run.seconds)
            if engine == "pagefind":
                found = _INDEXER.search((logdir / f"kb-{size}-search-pagefind-{rep}.log").read_text(encoding="utf-8"))
                indexer.append(float(found[1]) if found else float("nan"))
            if engine == "pagefind" and rep == runs - 1:
                measured = folder / "_build" / "html"
            else:
                shutil.rmtree(folder)
    bundle = measured / "pagefind"
    index = measured / "searchindex.js"
    result = {
        "date": dt.datetime.now().isoformat(timespec="minutes"), "runs": runs,
        "build_seconds": {engine: statistics.median(values) for engine, values in builds.items()},
        "build_runs": builds, "indexer_runs": indexer,
        "build_ratio": statistics.median(p / s for p, s in zip(builds["pagefind"], builds["sphinx"])),
        "indexer_seconds": statistics.median(indexer),
        "bundle": {"pages": sum(language["page_count"] for language in
                                json.loads((bundle / "pagefind-entry.json").read_text())["languages"].values()),
                   "files": sum(1 for p in bundle.rglob("*") if p.is_file()),
                   "bytes": sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())},
        "searchindex": {"bytes": index.stat().st_size, "bytes_gzip": gzipped(index)},
        "queries": [query_bytes(measured, query) for query in queries(size)],
    }
    shutil.rmtree(measured.parent.parent)
    shutil.rmtree(pristine.parent)
    return result


def describe(size: str, result: dict) -> list[str]:
    kb = 1024
    lines = [f"#### Search at {int(size):,} posts (`search_bench.py`, {result['date']}, {result['runs']} run(s))", "",
             f"Full build, serial (median): with Pagefind {result['build_seconds']['pagefind']:.2f} s, with Sphinx's "
             f"search {result['build_seconds']['sphinx']:.2f} s: {result['build_ratio']:.3f}x (median of pairs; each run: "
             + ", ".join(f"{p:.1f}/{s:.1f} s" for p, s in zip(*(result.get("build_runs") or {}).values()))
             + f"); "
             f"Pagefind's indexer alone {result['indexer_seconds']:.2f} s. Its bundle: {result['bundle'].get('pages', 'n/a')} "
             f"pages indexed, {result['bundle']['files']} files, {result['bundle']['bytes'] / kb:.0f} KB on disk.", "",
             "| query (empty cache) | results shown | files fetched | bytes (served as is) | bytes (gzip host) | "
             "of which code, wasm, index, filters, fragments (as is) | searchindex.js fetched |",
             "| --- | ---: | ---: | ---: | ---: | --- | --- |"]
    for q in result["queries"]:
        kinds = q["by_kind"]
        parts = ", ".join(f"{kinds.get(kind, 0) / kb:.0f}" for kind in ("code", "wasm", "index", "filter", "fragment"))
        lines.append(f"| `{q['query']}` | {q['results_shown']} | {q['files']} | {q['bytes'] / kb:.0f} KB | "
                     f"{q['bytes_gzip'] / kb:.0f} KB | {parts} KB | {'yes' if q['searchindex_fetched'] else 'no'} |")
    sx = result["searchindex"]
    lines += ["", f"Sphinx's search loads `searchindex.js` whole for every query: {sx['bytes'] / kb:.0f} KB as is, "
              f"{sx['bytes_gzip'] / kb:.0f} KB gzipped (plus searchtools.js and language_data.js).", ""]
    return lines


def main(argv: list[str] | None = None) -> int:
    import bench

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000", help="comma-separated post counts")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--output", default=str(HERE / "results.md"))
    args = parser.parse_args(argv)
    bench.compile_kb()
    output = Path(args.output)
    json_path = output.with_suffix(".json")
    data = json.loads(json_path.read_text(encoding="utf-8"))
    work = Path(tempfile.mkdtemp(prefix="kb-search-bench-"))
    (work / "logs").mkdir()
    try:
        for size in (int(s) for s in args.sizes.split(",") if s.strip()):
            data.setdefault("search", {})[str(size)] = result = measure(size, args.runs, work, work / "logs")
            print(json.dumps(result, indent=1), flush=True)
            json_path.write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")
            bench.write_markdown(data, output)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
