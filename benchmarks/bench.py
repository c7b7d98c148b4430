"""kb's benchmark (``make bench``): kb against the floor and ABlog, in one run.

For each size (``--sizes``, default 100, 1,000 and 10,000 posts) it writes a corpus
(``corpus.py``) into a temporary folder and measures, each build in a fresh
``python -m sphinx -b html`` process, wall time and peak RSS:

* the floor (plain Sphinx + MyST + furo, posts kept out of the toctree) and kb,
  full build, serial and ``-j 2``;
* after the serial full build, in the same folders: nothing edited, one post's
  body edited, one post's tags edited (kb and the floor each);
* ABlog on alabaster (its supported theme) on the same posts (``--ablog-sizes``,
  default 1,000), in a virtual environment of its own (``benchmarks/.venv-ablog``,
  created on first use: ABlog is never a dependency of kb);
* front-matter normalisation of 1,000 posts with ``sphinx_kb.core.frontmatter.read_post``
  (no Sphinx);
* kb's own full build with a feature added or removed (``extra_cases.py``), against
  kb's full build of the same repetition;
* ``kb check`` on the same 1,000 posts, without and with its cache of read posts, and
  with placeholders planted (``kbcheck.py``, which also runs alone);
* the search (``--search-sizes``, default 1,000 and 10,000): bytes a reader downloads
  for one query with Pagefind against Sphinx's ``searchindex.js``, and the time
  Pagefind adds to a full build (``search_bench.py``, which also runs alone).

Runs are interleaved (floor, kb, floor, kb, ...; which side goes first alternates
between repetitions) so that load from other processes falls on both sides alike.
Every ratio is computed pair by pair (a kb run over the floor run of the same
repetition) and the median of the pairs is reported. The results go to
``benchmarks/results.json`` (every run) and ``benchmarks/results.md`` (tables,
targets with PASS/FAIL, machine, versions, caveats); sizes measured in an earlier
run and not measured again are kept. Text between the ``notes`` markers of
results.md (profiling findings, written by hand) is kept as it is.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
from extra_cases import CASES  # noqa: E402
import kbcheck  # noqa: E402
import search_bench  # noqa: E402

KB_PYTHON = sys.executable
ABLOG_VENV = HERE / ".venv-ablog"
ABLOG_REQUIREMENTS = ["ablog>=0.11,<0.12", "myst-parser", "PyStemmer"]
NOTES_BEGIN = "<!-- notes:begin (kept by bench.py; write findings here) -->"
NOTES_END = "<!-- notes:end -->"
BUILD_TIMEOUT = 3600

# -- one build -----------------------------------------------------------------------


def code_stamp() -> str:
    """A digest of kb's code: the extension is edited while benchmarks run, and a
    rebuild measured after the code changed is a different build."""
    import hashlib

    digest = hashlib.blake2s()
    for path in sorted((ROOT / "ext" / "sphinx_kb").rglob("*")):
        if path.is_file() and path.suffix in (".py", ".css", ".html", ".js"):
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@dataclass
class Run:
    size: int
    rep: int
    site: str  # floor | kb | ablog
    case: str  # full | full-j2 | noop | body | tags
    seconds: float
    max_rss_mb: float
    cpu_seconds: float
    returncode: int
    warnings: int
    read: int | None  # documents read (from Sphinx's "updating environment" line)
    written: int | None  # documents written
    load1: float  # 1-minute load average when the build started
    code: str = ""  # kb's code_stamp() when the build started
    valid: bool = True  # False: kb's code changed between this rebuild and its full build


_UPDATING = re.compile(r"updating environment: (?:\[[^\]]*\] )?(\d+) added, (\d+) changed, (\d+) removed")
_WRITING = re.compile(r"^writing output\.\.\. \[", re.MULTILINE)  # one line per document written


def compile_kb() -> None:
    """kb's modules with their bytecode, as an installed kb has it: the libraries in the
    environment got theirs from ``pip install``, and an editable kb's would otherwise be
    compiled from source by every build where ``PYTHONDONTWRITEBYTECODE`` is set (as on
    the benchmark's machine: about 0.3 s of a 1,000-post rebuild that changes nothing)."""
    compileall.compile_dir(ROOT / "ext", quiet=1)


def sphinx_build(python: str, src: Path, case: str, site: str, size: int, rep: int,
                 jobs: int = 1, logdir: Path | None = None, extra: tuple[str, ...] = ()) -> Run:
    out = src / "_build" / "html"
    cmd = [python, "-m", "sphinx", "-b", "html", *(["-j", str(jobs)] if jobs > 1 else []), *extra, str(src), str(out)]
    log = (logdir or src) / f"{site}-{size}-{case}-{rep}.log"
    load1 = os.getloadavg()[0]
    code = code_stamp()
    with open(log, "wb") as handle:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=handle, stderr=subprocess.STDOUT, cwd=src)
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except KeyboardInterrupt:
            proc.kill()
            raise
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8", errors="replace")
    match = _UPDATING.search(text)
    read = int(match[1]) + int(match[2]) if match else None
    written = len(_WRITING.findall(text)) if jobs == 1 else None  # -j prints chunks, not documents
    run = Run(size, rep, site, case, round(seconds, 3), round(usage.ru_maxrss / 1024, 1),
              round(usage.ru_utime + usage.ru_stime, 2), proc.returncode, text.count("WARNING"),
              read, written, round(load1, 2), code)
    if proc.returncode != 0:
        print(f"  !! {site} {case} failed (exit {proc.returncode}); log: {log}", file=sys.stderr)
        print(text[-3000:], file=sys.stderr)
    return run


# -- edits ---------------------------------------------------------------------------


def edit_body(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\n\nOne more sentence about trials and data, edited for the benchmark.\n",
                    encoding="utf-8")


def edit_tags(path: Path, all_tags: list[str]) -> None:
    """Replace the post's first tag by a tag it does not have."""
    text = path.read_text(encoding="utf-8")
    match = re.search(r"^tags: \[(.*)\]$", text, re.MULTILINE)
    assert match, path
    tags = [t.strip() for t in match[1].split(",")]
    keys = {t.casefold() for t in tags}
    new = next(t for t in all_tags if t.casefold() not in keys)
    tags[0] = new
    text = text[: match.start(1)] + ", ".join(tags) + text[match.end(1):]
    path.write_text(text, encoding="utf-8")


# -- ABlog's own environment ----------------------------------------------------------


def ablog_python() -> tuple[str | None, str]:
    """ABlog's own virtual environment (created or completed on first use). It gets
    PyStemmer too, as kb's does, so that the comparison is about the extensions and
    not about which stemmer feeds the search index."""
    python = ABLOG_VENV / "bin" / "python"
    check = [str(python), "-c", "import ablog, myst_parser, sphinx, Stemmer"]
    if python.exists() and subprocess.run(check, capture_output=True).returncode == 0:
        return str(python), ""
    base = getattr(sys, "_base_executable", None) or shutil.which("python3") or "python3"
    print(f"setting up {ABLOG_VENV} for ABlog (not a dependency of kb)...", flush=True)
    steps = [] if python.exists() else [[base, "-m", "venv", str(ABLOG_VENV)]]
    steps.append([str(python), "-m", "pip", "install", "--quiet", *ABLOG_REQUIREMENTS])
    for step in steps:
        result = subprocess.run(step, capture_output=True, text=True)
        if result.returncode != 0:
            return None, f"could not set up ABlog's environment ({' '.join(step[:3])}...): {result.stderr[-500:]}"
    if subprocess.run(check, capture_output=True).returncode != 0:
        return None, "ABlog's environment does not import ablog"
    return str(python), ""


# -- versions and machine ------------------------------------------------------------


def versions(python: str, packages: list[str]) -> dict[str, str]:
    code = ("import importlib.metadata as m, json, sys, platform\n"
            f"names = {packages!r}\n"
            "out = {'python': platform.python_version()}\n"
            "for n in names:\n"
            "    try: out[n] = m.version(n)\n"
            "    except m.PackageNotFoundError: out[n] = 'not installed'\n"
            "try:\n"
            "    import yaml; out['libyaml'] = str(bool(yaml.__with_libyaml__))\n"
            "except ImportError: pass\n"
            "print(json.dumps(out))")
    result = subprocess.run([python, "-c", code], capture_output=True, text=True)
    return json.loads(result.stdout) if result.returncode == 0 else {"error": result.stderr[-300:]}


def machine() -> dict:
    info = {"nproc": os.cpu_count(), "platform": platform.platform()}
    try:
        info["nproc"] = int(subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip())
    except (OSError, ValueError):
        pass
    try:
        meminfo = Path("/proc/meminfo").read_text()
        kb = int(re.search(r"MemTotal:\s+(\d+) kB", meminfo)[1])
        info["memory"] = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, TypeError):
        pass
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        info["cpu"] = re.search(r"model name\s*:\s*(.*)", cpuinfo)[1].strip()
    except (OSError, TypeError):
        info["cpu"] = platform.processor()
    return info


def git_state() -> dict:
    def git(*args: str) -> str:
        result = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return result.stdout.strip()

    return {"commit": git("rev-parse", "--short", "HEAD"),
            "ext_changes": git("status", "--porcelain", "--", "ext"),
            "ext_diff": git("diff", "--stat", "HEAD", "--", "ext")}


def busy_processes() -> list[str]:
    """Other processes using CPU right now (a caveat, never a judgement)."""
    result = subprocess.run(["ps", "-eo", "pcpu,pid,etime,args", "--sort=-pcpu"], capture_output=True, text=True)
    mine = {str(os.getpid())}
    rows = []
    for line in result.stdout.splitlines()[1:]:
        parts = line.split(None, 3)
        if len(parts) == 4 and parts[1] not in mine and float(parts[0]) >= 5.0:
            rows.append(f"{parts[0]}% {parts[3][:100]}")
    return rows[:5]


# -- the measurements ----------------------------------------------------------------


def normalisation(folder: Path, count: int, runs: int) -> dict:
    """read_post over ``count`` post files, no Sphinx: (read+parse, parse only) medians."""
    code = f"""
import json, statistics, time
from pathlib import Path
from sphinx_kb.core.frontmatter import read_post
files = sorted(Path({str(folder)!r}).glob('*.md'))[:{count}]
with_io, parse = [], []
for _ in range({max(runs, 5)}):
    t = time.perf_counter()
    texts = [(f.read_text(encoding='utf-8'), f.stem) for f in files]
    t1 = time.perf_counter()
    posts = [read_post(text, stem).post for text, stem in texts]
    t2 = time.perf_counter()
    with_io.append(t2 - t); parse.append(t2 - t1)
print(json.dumps({{'files': len(files), 'read_and_parse': statistics.median(with_io),
                  'parse_only': statistics.median(parse), 'runs': len(parse)}}))
"""
    result = subprocess.run([KB_PYTHON, "-c", code], capture_output=True, text=True)
    if result.returncode != 0:
        return {"error": result.stderr[-1000:]}
    return json.loads(result.stdout)


def fresh_copy(src: Path, dest: Path) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(src, dest)
    return dest


def measure_size(size: int, runs: int, work: Path, ablog: str | None, with_ablog: bool,
                 logdir: Path, parallel: bool = True, extra_cases: bool = True) -> tuple[list[Run], dict]:
    print(f"== {size} posts: writing the corpus", flush=True)
    pristine = work / f"corpus-{size}"
    sites = ("kb", "floor", "ablog") if (ablog and with_ablog) else ("kb", "floor")
    folders = corpus.write_sites(pristine, size, sites=sites)
    stems = sorted(p.name for p in (folders["kb"] / "posts").glob("*.md"))
    target = stems[len(stems) // 2]  # the post whose body, then tags, are edited
    tags = corpus.Generator().tags
    runs_out: list[Run] = []

    def record(run: Run) -> None:
        if run.case in ("noop", "body", "tags"):
            full = next((r for r in runs_out if r.rep == run.rep and r.site == run.site and r.case == "full"), None)
            if full is not None and full.code != run.code:
                run.valid = False
                print(f"  !! kb's code changed since rep {run.rep}'s full build: {run.site} {run.case} is not "
                      "counted", flush=True)
        runs_out.append(run)
        print(f"  rep {run.rep} {run.site:5} {run.case:8} {run.seconds:8.2f} s {run.max_rss_mb:8.1f} MB"
              f"  read {run.read} wrote {run.written} warnings {run.warnings} load {run.load1}", flush=True)

    for rep in range(runs):
        order = ("floor", "kb") if rep % 2 == 0 else ("kb", "floor")
        dirs = {site: fresh_copy(folders[site], work / f"run-{size}-{site}") for site in order}
        for site in order:  # full build, serial
            record(sphinx_build(KB_PYTHON, dirs[site], "full", site, size, rep, logdir=logdir))
        for case in ("noop", "body", "tags"):  # incremental, each after the previous build
            for site in order:
                post = dirs[site] / "posts" / target
                if case == "body":
                    edit_body(post)
                elif case == "tags":
                    edit_tags(post, tags)
                time.sleep(0.05)
                record(sphinx_build(KB_PYTHON, dirs[site], case, site, size, rep, logdir=logdir))
        for site in order:
            shutil.rmtree(dirs[site])
        for site in order if parallel else ():  # full build, -j 2
            folder = fresh_copy(folders[site], work / f"run-{size}-{site}-j2")
            record(sphinx_build(KB_PYTHON, folder, "full-j2", site, size, rep, jobs=2, logdir=logdir))
            shutil.rmtree(folder)
        for extra in CASES if extra_cases else ():  # kb with a feature added or removed, against its full build
            folder = fresh_copy(folders["kb"], work / f"run-{size}-kb-{extra.name}")
            extra.prepare(folder)
            record(sphinx_build(KB_PYTHON, folder, extra.name, "kb", size, rep, logdir=logdir, extra=extra.args))
            shutil.rmtree(folder)
        if ablog and with_ablog:
            folder = fresh_copy(folders["ablog"], work / f"run-{size}-ablog")
            record(sphinx_build(ablog, folder, "full", "ablog", size, rep, logdir=logdir))
            shutil.rmtree(folder)
    norm = normalisation(folders["kb"] / "posts", 1000, runs) if size >= 1000 else None
    check = kbcheck.measure(folders["kb"], runs) if size == 1000 else None
    shutil.rmtree(pristine)
    return runs_out, {"normalisation": norm, "kb_check": check, "edited_post": target}


# -- summaries -----------------------------------------------------------------------


def median(values: list[float]) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def pick(runs: list[dict], site: str, case: str) -> dict[int, dict]:
    return {r["rep"]: r for r in runs
            if r["site"] == site and r["case"] == case and r["returncode"] == 0 and r.get("valid", True)}


def pair_ratio(a: dict[int, dict], b: dict[int, dict], key: str) -> float | None:
    """Median over repetitions of a[rep][key] / b[rep][key]."""
    return median([a[rep][key] / b[rep][key] for rep in a if rep in b and b[rep][key]])


def summarise(size_data: dict) -> dict:
    runs = size_data["runs"]
    s: dict = {}
    for site in ("floor", "kb", "ablog"):
        for case in ("full", "full-j2", "noop", "body", "tags", *(extra.name for extra in CASES)):
            chosen = pick(runs, site, case)
            if chosen:
                s[(site, case)] = {"seconds": median([r["seconds"] for r in chosen.values()]),
                                   "rss": median([r["max_rss_mb"] for r in chosen.values()]),
                                   "cpu": median([r["cpu_seconds"] for r in chosen.values()]),
                                   "read": median([r["read"] for r in chosen.values()]),
                                   "written": median([r["written"] for r in chosen.values()]),
                                   "n": len(chosen)}
    ratios = {}
    for case in ("full", "full-j2", "noop", "body", "tags"):
        kb, floor = pick(runs, "kb", case), pick(runs, "floor", case)
        ratios[case] = {"time": pair_ratio(kb, floor, "seconds"), "rss": pair_ratio(kb, floor, "max_rss_mb")}
    kb_full, floor_full = pick(runs, "kb", "full"), pick(runs, "floor", "full")
    ratios["kb_tags_over_full"] = pair_ratio(pick(runs, "kb", "tags"), kb_full, "seconds")
    ratios["floor_tags_over_full"] = pair_ratio(pick(runs, "floor", "tags"), floor_full, "seconds")
    ratios["kb_gain_j2"] = pair_ratio(kb_full, pick(runs, "kb", "full-j2"), "seconds")
    ratios["floor_gain_j2"] = pair_ratio(floor_full, pick(runs, "floor", "full-j2"), "seconds")
    for extra in CASES:
        case = pick(runs, "kb", extra.name)
        ratios[f"{extra.name}_over_full"] = (pair_ratio(kb_full, case, "seconds") if extra.inverse
                                             else pair_ratio(case, kb_full, "seconds"))
    ablog = pick(runs, "ablog", "full")
    ratios["ablog_over_kb"] = pair_ratio(ablog, kb_full, "seconds") if ablog else None
    ratios["ablog_over_floor"] = pair_ratio(ablog, floor_full, "seconds") if ablog else None
    ratios["ablog_rss_over_floor"] = pair_ratio(ablog, floor_full, "max_rss_mb") if ablog else None
    return {"cases": s, "ratios": ratios}


def fmt(value: float | None, spec: str = ".2f", suffix: str = "") -> str:
    return "n/a" if value is None else f"{value:{spec}}{suffix}"


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("**PASS**" if ok else "**FAIL**")


def targets(data: dict) -> list[tuple[str, str, str, str]]:
    rows = []
    sizes = data["sizes"]

    def ratio(size: int, *path: str) -> float | None:
        if str(size) not in sizes:
            return None
        summary = summarise(sizes[str(size)])["ratios"]
        value = summary
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        return value

    def check(label: str, value: float | None, limit: float, below: bool = True, spec: str = ".2f",
              suffix: str = "x") -> None:
        ok = None if value is None else (value <= limit if below else value >= limit)
        rows.append((label, fmt(value, spec, suffix), ("<= " if below else ">= ") + f"{limit:{spec}}{suffix}", verdict(ok)))

    for size in (1000, 10000):
        check(f"{size:,} posts: kb full build time / floor", ratio(size, "full", "time"), 1.3)
        check(f"{size:,} posts: kb full build peak RSS / floor", ratio(size, "full", "rss"), 1.3)
    check("1,000 posts: ABlog (alabaster) time / kb", ratio(1000, "ablog_over_kb"), 1.7, below=False)
    for size in (1000, 10000):
        if str(size) in sizes or size == 1000:
            check(f"{size:,} posts: no change, kb / floor", ratio(size, "noop", "time"), 1.3)
            check(f"{size:,} posts: one body edited, kb / floor", ratio(size, "body", "time"), 1.3)
            check(f"{size:,} posts: one post's tags edited, kb / kb's full build",
                  ratio(size, "kb_tags_over_full"), 0.10, spec=".3f")
    for size in (1000, 10000):
        if str(size) in sizes or size == 1000:
            kb_gain, floor_gain = ratio(size, "kb_gain_j2"), ratio(size, "floor_gain_j2")
            ok = None if kb_gain is None or floor_gain is None else kb_gain >= floor_gain
            rows.append((f"{size:,} posts: -j 2 gain over serial, kb vs floor",
                         f"kb {fmt(kb_gain, '.2f', 'x')}, floor {fmt(floor_gain, '.2f', 'x')}", "kb >= floor", verdict(ok)))
    for extra in CASES:
        check(f"1,000 posts: {extra.label}", ratio(1000, f"{extra.name}_over_full"), extra.limit)
    norm = (sizes.get("1000") or {}).get("extra", {}).get("normalisation") if "1000" in sizes else None
    if not norm:
        norm = next((v["extra"]["normalisation"] for v in sizes.values() if v["extra"].get("normalisation")), None)
    value = norm.get("read_and_parse") if norm and "error" not in norm else None
    check("normalise 1,000 posts' front matter (read + parse, no Sphinx)", value, 1.0, spec=".3f", suffix=" s")
    checked = ((sizes.get("1000") or {}).get("extra") or {}).get("kb_check")
    for case, label in (("cold", "no cache"), ("warm", "cache of read posts")):
        check(f"kb check, 1,000 posts ({label})", checked[case]["seconds"] if checked else None, 1.0, spec=".2f",
              suffix=" s")
    return rows


def size_table(size: str, size_data: dict) -> list[str]:
    summary = summarise(size_data)
    cases, ratios = summary["cases"], summary["ratios"]
    out = [f"### {int(size):,} posts",
           "",
           f"Measured {size_data['date']}"
           + (f" at commit {size_data['commit']}" if size_data.get("commit") else "")
           + (f" on {size_data['cpu']}" if size_data.get("cpu") else "")
           + f", {size_data['runs_requested']} run(s) per case; "
           f"1-minute load average during the runs: min {size_data['load']['min']}, "
           f"median {size_data['load']['median']}, max {size_data['load']['max']}. "
           f"Edited post: `posts/{size_data['extra'].get('edited_post')}`.",
           "",
           "| case | floor: time | floor: peak RSS | kb: time | kb: peak RSS | kb / floor time | kb / floor RSS | docs read / written (floor; kb) |",
           "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    names = {"full": "full build, serial", "full-j2": "full build, -j 2", "noop": "rebuild, nothing edited",
             "body": "rebuild, one post's body edited", "tags": "rebuild, one post's tags edited"}
    for case, label in names.items():
        f, k = cases.get(("floor", case)), cases.get(("kb", case))
        if not f and not k:
            continue

        def cell(c, key, spec, suffix):
            return fmt(c[key], spec, suffix) if c else "n/a"

        def rw(c):
            return f"{fmt(c['read'], '.0f', '')}/{fmt(c['written'], '.0f', '')}" if c else "n/a"

        out.append(f"| {label} | {cell(f, 'seconds', '.2f', ' s')} | {cell(f, 'rss', '.0f', ' MB')} | "
                   f"{cell(k, 'seconds', '.2f', ' s')} | {cell(k, 'rss', '.0f', ' MB')} | "
                   f"{fmt(ratios[case]['time'], '.2f', 'x')} | {fmt(ratios[case]['rss'], '.2f', 'x')} | "
                   f"{rw(f)}; {rw(k)} |")
    a = cases.get(("ablog", "full"))
    if a:
        out.append(f"| ABlog 0.11 on alabaster, full build, serial | | | | | "
                   f"ABlog {fmt(a['seconds'], '.2f', ' s')}, {fmt(a['rss'], '.0f', ' MB')} | "
                   f"ABlog / kb time {fmt(ratios['ablog_over_kb'], '.2f', 'x')}; ABlog / floor time "
                   f"{fmt(ratios['ablog_over_floor'], '.2f', 'x')}, RSS {fmt(ratios['ablog_rss_over_floor'], '.2f', 'x')} | "
                   f"{fmt(a['read'], '.0f', '')}/{fmt(a['written'], '.0f', '')} |")
    for extra in CASES:
        k = cases.get(("kb", extra.name))
        if k:
            out.append(f"| kb: {extra.label.split(',')[0]} | | | {fmt(k['seconds'], '.2f', ' s')} | "
                       f"{fmt(k['rss'], '.0f', ' MB')} | {'kb full over it' if extra.inverse else 'over kb full'}: "
                       f"{fmt(ratios[f'{extra.name}_over_full'], '.2f', 'x')} | | n/a; "
                       f"{fmt(k['read'], '.0f', '')}/{fmt(k['written'], '.0f', '')} |")
    out += ["",
            f"-j 2 gain over serial (median of pairs): floor {fmt(ratios['floor_gain_j2'], '.2f', 'x')}, "
            f"kb {fmt(ratios['kb_gain_j2'], '.2f', 'x')}. One post's tags edited, over the same side's full build: "
            f"kb {fmt(ratios['kb_tags_over_full'], '.3f')}, floor {fmt(ratios['floor_tags_over_full'], '.3f')}.",
            ""]
    kb_full = cases.get(("kb", "full"))
    f_full = cases.get(("floor", "full"))
    if kb_full and f_full:
        warned = ", ".join(f"{r['site']} {r['case']} {r['warnings']}" for r in size_data["runs"]
                           if r["rep"] == 0 and r["warnings"]) or "none"
        out += [f"CPU time (user + system, median) of the serial full build: floor {fmt(f_full['cpu'], '.1f', ' s')}, "
                f"kb {fmt(kb_full['cpu'], '.1f', ' s')}. Warnings in the first repetition's logs: {warned}.", ""]
    norm = size_data["extra"].get("normalisation")
    if norm and "error" not in norm:
        out += [f"Front-matter normalisation (`sphinx_kb.core.frontmatter.read_post`, no Sphinx) of {norm['files']} posts: "
                f"{norm['read_and_parse']:.3f} s reading and parsing, {norm['parse_only']:.3f} s parsing alone "
                f"(median of {norm['runs']}).", ""]
    if size_data["extra"].get("kb_check"):
        out += [kbcheck.describe(size_data["extra"]["kb_check"]), ""]
    return out


def write_markdown(data: dict, path: Path) -> None:
    old_notes = ""
    if path.exists():
        text = path.read_text(encoding="utf-8")
        if NOTES_BEGIN in text and NOTES_END in text:
            old_notes = text.split(NOTES_BEGIN, 1)[1].split(NOTES_END, 1)[0].strip("\n")
    meta = data["meta"]
    out = ["# kb benchmark results",
           "",
           "Written by `make bench` (`benchmarks/bench.py`; corpus from `benchmarks/corpus.py`). "
           "Each build is a fresh `python -m sphinx -b html` process; time is wall time, memory is the "
           "peak resident set size (`ru_maxrss` of the build process and its workers, as `wait4` "
           "reports it). Medians over the runs; every kb/floor ratio is the median of per-repetition "
           "ratios (floor and kb interleaved, alternating which goes first). kb's own modules are "
           "compiled to bytecode before the first build, as `pip install` compiles an installed "
           "package's and every library's in the environment (where `PYTHONDONTWRITEBYTECODE` is set, "
           "an editable kb would otherwise be compiled from source by every build).",
           "",
           "## Targets",
           "",
           "| target | measured | limit | result |",
           "| --- | --- | --- | --- |"]
    out += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in targets(data)]
    out += ["", "## Results", ""]
    for size in sorted(data["sizes"], key=int):
        out += size_table(size, data["sizes"][size])
    for size in sorted(data.get("search", {}), key=int):
        out += search_bench.describe(size, data["search"][size])
    out += ["## Machine and versions", ""]
    m = meta["machine"]
    out += [f"- machine: {m.get('nproc')} cores (`nproc`), {m.get('memory')}, {m.get('cpu')}; {m.get('platform')}",
            "- kb's environment: " + ", ".join(f"{k} {v}" for k, v in meta["versions"].items()),
            "- ABlog's environment (`benchmarks/.venv-ablog`): "
            + (", ".join(f"{k} {v}" for k, v in meta["ablog_versions"].items()) if meta.get("ablog_versions") else "not used"),
            f"- repository: commit {meta['git']['commit']}" + (
                f"; ext/ had uncommitted changes at the start of the run: `{' '.join(meta['git']['ext_changes'].split())}`"
                if meta["git"]["ext_changes"] else "; ext/ clean"),
            f"- last run: {meta['date']}, options `{meta['argv']}`",
            ""]
    out += ["## Caveats", ""]
    out += [f"- {c}" for c in meta["caveats"]]
    out += ["", "## Findings", "", NOTES_BEGIN, old_notes or "(none yet)", NOTES_END, ""]
    path.write_text("\n".join(out), encoding="utf-8")


# -- main ----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="kb's benchmark against the floor and ABlog")
    parser.add_argument("--sizes", default="100,1000,10000", help="comma-separated post counts")
    parser.add_argument("--runs", type=int, default=3, help="repetitions of every case (median reported)")
    parser.add_argument("--quick", action="store_true", help="100 posts, 1 run, no ABlog; writes results-quick.*")
    parser.add_argument("--no-ablog", action="store_true", help="leave ABlog out")
    parser.add_argument("--ablog-sizes", default="1000", help="sizes at which ABlog is built too")
    parser.add_argument("--extra-sizes", default="100,300,1000",
                        help="sizes at which the extra cases (extra_cases.py) are built too; their targets are at 1,000")
    parser.add_argument("--search-sizes", default="1000,10000",
                        help="sizes at which the search's cost is measured (search_bench.py)")
    parser.add_argument("--no-parallel", action="store_true", help="leave the -j 2 builds out")
    parser.add_argument("--output", default=None, help="results .md (default benchmarks/results.md)")
    parser.add_argument("--fresh", action="store_true", help="forget sizes measured by earlier runs")
    parser.add_argument("--tmpdir", default=None, help="where the corpora are written (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs)")
    parser.add_argument("--report", action="store_true", help="only rewrite the .md from the .json (no build)")
    args = parser.parse_args(argv)
    if args.report:
        output = Path(args.output) if args.output else HERE / "results.md"
        data = json.loads(output.with_suffix(".json").read_text(encoding="utf-8"))
        meta = data["meta"]
        _finish(data, meta, [c for c in meta.get("caveats_extra", [])], meta["git"], output.with_suffix(".json"), output,
                git_after=meta.get("git_after", meta["git"]))  # the state the runs ended in, not today's
        print(f"wrote {output}")
        return 0
    if args.quick:
        args.sizes, args.runs, args.no_ablog = "100", 1, True
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    output = Path(args.output) if args.output else HERE / ("results-quick.md" if args.quick else "results.md")
    json_path = output.with_suffix(".json")

    caveats: list[str] = []
    ablog = None
    with_ablog_sizes = set() if args.no_ablog else {int(s) for s in args.ablog_sizes.split(",") if s.strip()}
    if with_ablog_sizes & set(sizes):
        ablog, problem = ablog_python()
        if problem:
            caveats.append(problem)
    compile_kb()
    git_before = git_state()
    busy = busy_processes()
    meta = {"date": dt.datetime.now().isoformat(timespec="seconds"), "argv": " ".join(sys.argv[1:] if argv is None else argv),
            "machine": machine(), "git": git_before,
            "versions": versions(KB_PYTHON, ["sphinx", "myst-parser", "furo", "sphinx-kb", "docutils", "PyYAML",
                                                "PyStemmer", "snowballstemmer"]),
            "ablog_versions": versions(ablog, ["ablog", "sphinx", "myst-parser", "alabaster", "docutils", "PyStemmer"]) if ablog else None}
    data = {"meta": meta, "sizes": {}}
    if json_path.exists() and not args.fresh:
        try:
            previous = json.loads(json_path.read_text(encoding="utf-8"))
            data["sizes"] = {k: v for k, v in previous.get("sizes", {}).items() if int(k) not in sizes}
            data["search"] = previous.get("search", {})
        except (ValueError, OSError):
            pass

    work = Path(args.tmpdir) if args.tmpdir else Path(tempfile.mkdtemp(prefix="kb-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    logdir = work / "logs"
    logdir.mkdir(exist_ok=True)
    print(f"corpora and logs in {work}", flush=True)
    try:
        for size in sizes:
            started = dt.datetime.now().isoformat(timespec="minutes")
            runs, extra = measure_size(size, args.runs, work, ablog, size in with_ablog_sizes, logdir,
                                       parallel=not args.no_parallel,
                                       extra_cases=size in {int(s) for s in args.extra_sizes.split(",") if s.strip()})
            loads = [r.load1 for r in runs]
            data["sizes"][str(size)] = {
                "date": started, "runs_requested": args.runs, "runs": [asdict(r) for r in runs], "extra": extra,
                "load": {"min": min(loads), "median": round(statistics.median(loads), 2), "max": max(loads)},
                "busy_at_start": busy, "commit": git_before["commit"], "cpu": meta["machine"].get("cpu")}
            _finish(data, meta, caveats, git_before, json_path, output)  # partial results survive an interruption
            if size in {int(s) for s in args.search_sizes.split(",") if s.strip()}:
                data.setdefault("search", {})[str(size)] = search_bench.measure(size, args.runs, work, logdir)
                _finish(data, meta, caveats, git_before, json_path, output)
    finally:
        if not args.keep and not args.tmpdir:
            shutil.rmtree(work, ignore_errors=True)
    print(f"wrote {output} and {json_path}")
    return 0


def _finish(data: dict, meta: dict, caveats: list[str], git_before: dict, json_path: Path, output: Path,
            git_after: dict | None = None) -> None:
    if git_after is None:
        git_after = meta["git_after"] = git_state()
    notes = list(caveats)
    if git_after != git_before:
        notes.append("the extension's code (ext/) changed while the benchmark ran (it is edited concurrently); "
                     "the kb runs measured whatever was on disk when each build started")
    loads = [r["load1"] for size in data["sizes"].values() for r in size["runs"]]
    busy = sorted({p for size in data["sizes"].values() for p in size.get("busy_at_start", [])})
    notes.append(
        f"the machine has {meta['machine'].get('nproc')} cores and was shared: other processes (test suites) may "
        f"have run during the benchmark (1-minute load average at the start of the builds: "
        f"{min(loads, default=0)} to {max(loads, default=0)}). Floor and kb runs are interleaved so load falls on "
        "both sides alike; ratios are steadier than absolute times"
        + (f". Busy at the start: {'; '.join(busy)}" if busy else ""))
    notes.append("peak RSS of a `-j 2` build is the largest single process (the main process or a worker), "
                 "not the sum of the processes")
    notes.append("the floor gets `myst_title_to_header = True` (each post's front-matter title as its H1) and "
                 "`orphan: true` in each post's front matter; kb's site enables `kb_glossary_autolink`, as kb's "
                 "own site does")
    notes.append("ABlog is built on alabaster with its sidebars (postcard, recent posts, tag cloud, categories, "
                 "authors, archives) and without feeds (no `blog_baseurl`); it has no glossary, kb's build has one. Its "
                 "environment gets PyStemmer as kb's does (a C stemmer for the search index: without it, stemming alone "
                 "took about a third of a build), so the comparison is about the extensions")
    for size, value in sorted(data["sizes"].items(), key=lambda i: int(i[0])):
        stamps = list(dict.fromkeys(r.get("code", "") for r in value["runs"] if r["site"] == "kb"))
        invalid = [f"{r['site']} {r['case']} (rep {r['rep']})" for r in value["runs"] if not r.get("valid", True)]
        if len([s for s in stamps if s]) > 1:
            notes.append(f"{int(size):,} posts: kb's code (ext/) changed during these runs ({len(stamps)} versions); "
                         + (f"rebuilds measured after a change of code are left out: {', '.join(invalid)}"
                            if invalid else "no rebuild was affected"))
        if value.get("note"):
            notes.append(f"{int(size):,} posts: {value['note']}")
        if value["runs_requested"] < 3:
            notes.append(f"{int(size):,} posts: {value['runs_requested']} run(s) per case only (fewer than 3): "
                         "a single measurement, not a median")
    data["meta"]["caveats"] = notes
    json_path.write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")
    write_markdown(data, output)


if __name__ == "__main__":
    sys.exit(main())
