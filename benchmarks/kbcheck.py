"""``kb check`` on a benchmark corpus: a row of ``make bench``, or alone.

Each run is a fresh ``python -m sphinx_kb check`` process in the corpus's kb site (as a
user or a pre-commit hook runs it), timed from start to exit (wall time, and CPU time
of the process from ``wait4``), after one run that is not counted (so kb's modules have
their bytecode, as an installed kb does; ``PYTHONDONTWRITEBYTECODE`` is dropped), three ways:

* ``cold``: no cache of read posts (a new cache folder each run): every post's front
  matter read, every post's text looked at;
* ``warm``: the same with the cache the previous run left (posts unchanged);
* ``planted``: cold, with a placeholder citation planted in one post of 20, so those
  posts are parsed by MyST (the corpus itself has none, so no post is parsed there).

Alone: ``python benchmarks/kbcheck.py [--posts 1000] [--runs 3]`` writes a corpus to a
temporary folder, prints the medians as JSON and deletes the corpus (no results file
is written).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PLANT = "\n\nA study to cite later [placeholder](https://www.example.com/study) (replace with actual article).\n"


def _run(site: Path, cache: Path) -> dict:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["KB_CACHE_DIR"] = str(cache)
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "sphinx_kb", "check", "--format", "json"], cwd=site, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    data = json.loads(out) if out else {}
    return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "exit": os.waitstatus_to_exitcode(status),
            "posts": data.get("posts"), "parsed": data.get("parsed"), "problems": len(data.get("problems", []))}


def _median(runs: list[dict]) -> dict:
    return {"seconds": round(statistics.median(r["seconds"] for r in runs), 3),
            "cpu": round(statistics.median(r["cpu"] for r in runs), 3),
            "posts": runs[0]["posts"], "parsed": runs[0]["parsed"], "problems": runs[0]["problems"],
            "exit": runs[0]["exit"], "runs": len(runs)}


def measure(site: Path, runs: int = 3) -> dict:
    """Medians of ``runs`` runs of each case on the kb site ``site`` (left as it was)."""
    work = Path(tempfile.mkdtemp(prefix="kb-check-bench-"))
    try:
        _run(site, work / "first")  # not counted: Python writes kb's bytecode, as an installed kb has it
        cold = [_run(site, work / f"cold-{i}") for i in range(runs)]
        warm_cache = work / "warm"
        _run(site, warm_cache)  # fills the cache
        warm = [_run(site, warm_cache) for _ in range(runs)]
        planted_site = shutil.copytree(site, work / "planted", ignore=shutil.ignore_patterns("_build"))
        for path in sorted((planted_site / "posts").glob("*.md"))[::20]:
            path.write_text(path.read_text(encoding="utf-8") + PLANT, encoding="utf-8")
        planted = [_run(planted_site, work / f"planted-{i}") for i in range(runs)]
        return {"cold": _median(cold), "warm": _median(warm), "planted": _median(planted)}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def describe(result: dict) -> str:
    """One paragraph for results.md."""
    cold, warm, planted = result["cold"], result["warm"], result["planted"]
    return (f"`kb check` on {cold['posts']:,} posts (a fresh process each run, median of {cold['runs']}): "
            f"{cold['seconds']:.2f} s without a cache of read posts ({cold['cpu']:.2f} s CPU, {cold['parsed']} posts "
            f"parsed), {warm['seconds']:.2f} s with it ({warm['cpu']:.2f} s CPU); with a placeholder planted in one "
            f"post of 20, {planted['seconds']:.2f} s ({planted['cpu']:.2f} s CPU, {planted['parsed']} posts parsed, "
            f"{planted['problems']} problems).")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    import corpus

    with tempfile.TemporaryDirectory(prefix="kb-check-corpus-") as folder:
        site = corpus.write_sites(folder, args.posts, sites=("kb",))["kb"]
        result = measure(site, args.runs)
    print(json.dumps(result, indent=1))
    print(describe(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
