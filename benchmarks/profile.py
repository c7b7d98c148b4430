"""Where kb's build spends its time: cProfile and a per-page-kind probe, 1,000 posts.

    .venv/bin/python benchmarks/profile.py [--posts 1000] [--out benchmarks/profiles]

Writes the corpus (``corpus.py``) to a temporary folder, then, each a fresh process:

1. probe builds (``kbbench_probe.py``, no profiler): the floor and kb, full and
   serial, then kb after one post's tags are edited; and both again with Sphinx's
   in-memory doctree cache disabled (what holds the memory);
2. cProfile builds: kb full, kb after one post's tags are edited, the floor full.

and prints (and saves as ``summary-<posts>.md``) the time per phase and per kind of
page, the self time per package, and the top cumulative functions. The ``.prof``
files stay in ``--out`` for ``python -m pstats`` or snakeviz.
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
from bench import edit_tags  # noqa: E402

PACKAGES = ["sphinx_kb", "sphinx", "docutils", "myst_parser", "markdown_it", "mdit_py_plugins", "furo", "jinja2",
            "yaml", "pygments", "slugify", "sphinx_basic_ng", "babel", "snowballstemmer", "ablog"]


def package_of(filename: str) -> str:
    if filename.startswith("~") or filename.startswith("<"):
        return "builtins (C)"
    parts = Path(filename).parts
    for name in PACKAGES:
        if name in parts:
            return name
    return "python stdlib / other"


def run(cmd: list[str], cwd: Path, env: dict | None = None) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return seconds


def probe_build(src: Path, extensions: str, out: Path, no_cache: bool = False) -> dict:
    env = dict(os.environ, PYTHONPATH=str(HERE), KBBENCH_PROBE_OUT=str(out))
    if no_cache:
        env["KBBENCH_NO_DOCTREE_CACHE"] = "1"
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-D", f"extensions={extensions}",
           str(src), str(src / "_build" / "html")]
    seconds = run(cmd, src, env)
    data = json.loads(out.read_text())
    data["wall_seconds"] = round(seconds, 2)
    return data


def cprofile_build(src: Path, out: Path) -> float:
    cmd = [sys.executable, "-m", "cProfile", "-o", str(out), "-m", "sphinx", "-b", "html", "-q",
           str(src), str(src / "_build" / "html")]
    return run(cmd, src)


def package_table(stats: pstats.Stats) -> list[tuple[str, float]]:
    totals: dict[str, float] = {}
    for (filename, _, _), (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        key = package_of(filename)
        totals[key] = totals.get(key, 0.0) + tottime
    return sorted(totals.items(), key=lambda i: -i[1])


def top_cumulative(stats: pstats.Stats, limit: int, only: str | None = None) -> list[tuple[str, int, float, float]]:
    rows = []
    for (filename, line, func), (_, ncalls, tottime, cumtime, _) in stats.stats.items():  # type: ignore[attr-defined]
        if only and package_of(filename) != only:
            continue
        short = "/".join(Path(filename).parts[-2:]) if not filename.startswith("~") else "~"
        rows.append((f"{short}:{line}({func})", ncalls, tottime, cumtime))
    rows.sort(key=lambda r: -r[3])
    return rows[:limit]


def describe_profile(name: str, path: Path, wall: float) -> list[str]:
    stats = pstats.Stats(str(path))
    total = stats.total_tt  # type: ignore[attr-defined]
    out = [f"### cProfile: {name} ({wall:.1f} s under the profiler, {total:.1f} s profiled)", "",
           "Self time per package:", "", "| package | self time | share |", "| --- | ---: | ---: |"]
    out += [f"| {pkg} | {t:.2f} s | {100 * t / total:.1f}% |" for pkg, t in package_table(stats)[:12]]
    out += ["", "Top cumulative (all packages):", "", "| function | calls | self | cumulative |", "| --- | ---: | ---: | ---: |"]
    out += [f"| `{f}` | {n} | {t:.2f} s | {c:.2f} s |" for f, n, t, c in top_cumulative(stats, 30)]
    kb_rows = top_cumulative(stats, 15, only="sphinx_kb")
    if kb_rows:
        out += ["", "Top cumulative in sphinx_kb:", "", "| function | calls | self | cumulative |", "| --- | ---: | ---: | ---: |"]
        out += [f"| `{f}` | {n} | {t:.2f} s | {c:.2f} s |" for f, n, t, c in kb_rows]
    return out + [""]


def describe_probe(name: str, data: dict) -> list[str]:
    marks = data["marks"]
    out = [f"### Probe: {name} ({data['wall_seconds']} s wall, peak RSS {data['memory'].get('peak_rss_mb')} MB, "
           f"{data['memory'].get('rss_after_reading_mb')} MB after reading, "
           f"{data['memory'].get('doctrees_cached_for_writing')} doctrees held in memory for writing)", "",
           "Phases (seconds since the process started): " + ", ".join(f"{k} {v}" for k, v in marks.items()), ""]
    for phase in ("read", "write"):
        rows = data[f"{phase}_per_kind"]
        out += [f"| {phase}: kind of page | pages | seconds | ms per page |", "| --- | ---: | ---: | ---: |"]
        out += [f"| {kind} | {row['count']} | {row['seconds']:.2f} | {1000 * row['seconds'] / max(1, row['count']):.1f} |"
                for kind, row in rows.items()]
        out.append("")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--out", default=str(HERE / "profiles"))
    parser.add_argument("--skip-cprofile", action="store_true")
    parser.add_argument("--skip-probe", action="store_true")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="kb-profile-"))
    try:
        pristine = corpus.write_sites(work / "corpus", args.posts, sites=("kb", "floor"))
        target = sorted(p.name for p in (pristine["kb"] / "posts").glob("*.md"))[args.posts // 2]
        tags = corpus.Generator().tags
        lines = [f"## Profile of a {args.posts:,}-post build", ""]
        printed = 0

        def fresh(site: str) -> Path:
            dest = work / f"run-{site}"
            if dest.exists():
                shutil.rmtree(dest)
            shutil.copytree(pristine[site], dest)
            return dest

        if not args.skip_probe:
            for no_cache in (False, True):
                label = " (doctree cache off)" if no_cache else ""
                floor = fresh("floor")
                data = probe_build(floor, "myst_parser,kbbench_probe", out / f"probe-floor{'-nocache' if no_cache else ''}.json", no_cache)
                lines += describe_probe(f"floor, full build{label}", data)
                kb = fresh("kb")
                data = probe_build(kb, "sphinx_kb,kbbench_probe", out / f"probe-kb{'-nocache' if no_cache else ''}.json", no_cache)
                lines += describe_probe(f"kb, full build{label}", data)
                if not no_cache:
                    edit_tags(kb / "posts" / target, tags)
                    data = probe_build(kb, "sphinx_kb,kbbench_probe", out / "probe-kb-tags.json")
                    lines += describe_probe("kb, one post's tags edited", data)
            print("\n".join(lines), flush=True)
            printed = len(lines)
        if not args.skip_cprofile:
            kb = fresh("kb")
            wall = cprofile_build(kb, out / "kb-full.prof")
            lines += describe_profile("kb, full build", out / "kb-full.prof", wall)
            edit_tags(kb / "posts" / target, tags)
            wall = cprofile_build(kb, out / "kb-tags.prof")
            lines += describe_profile("kb, one post's tags edited", out / "kb-tags.prof", wall)
            floor = fresh("floor")
            wall = cprofile_build(floor, out / "floor-full.prof")
            lines += describe_profile("floor, full build", out / "floor-full.prof", wall)
        text = "\n".join(lines)
        (out / f"summary-{args.posts}.md").write_text(text, encoding="utf-8")
        print("\n".join(lines[printed:]))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
