"""Build the site and every test root into a folder, or compare two such folders.

    python tools/site_snapshot.py build OUT      # the site, tests/roots/* and a 300-post corpus, each built clean
    python tools/site_snapshot.py compare A B    # every output file, byte for byte

Used to show that a change of layout leaves what kb builds as it was: build before,
build after, compare. Each source is copied first (kb writes its listing pages into
the source folder), and built serially from scratch with ``sphinx-build -E``.
"""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SITE_FILES = ["conf.py", "index.md", "docs", "ext"]
IGNORED = {".buildinfo", ".doctrees", "environment.pickle"}


def sources() -> dict[str, Path]:
    found = {"site": REPO}
    for root in sorted((REPO / "tests" / "roots").iterdir()):
        if (root / "conf.py").is_file():
            found[root.name] = root
    return found


def _copy(name: str, source: Path, work: Path) -> Path:
    target = work / name
    if name == "site":
        target.mkdir()
        for item in SITE_FILES:
            path = source / item
            if path.is_dir():
                shutil.copytree(path, target / item, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(path, target / item)
    else:
        shutil.copytree(source, target)
    return target


def build(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        sys.path.insert(0, str(REPO / "benchmarks"))
        import corpus

        folders = {name: _copy(name, source, Path(tmp)) for name, source in sources().items()}
        # a generated corpus large enough for paginated listings and a glossary split by letter
        folders["corpus-300"] = corpus.write_sites(Path(tmp) / "corpus-300", 300, sites=("kb",))["kb"]
        for name, srcdir in folders.items():
            target = out / name
            shutil.rmtree(target, ignore_errors=True)
            done = subprocess.run(
                [sys.executable, "-m", "sphinx", "-E", "-q", "-b", "html", "-d", str(Path(tmp) / f"{name}-doctrees"),
                 str(srcdir), str(target)],
                capture_output=True, text=True, check=False)
            log = (done.stdout + done.stderr).replace(str(srcdir), f"<{name}>").replace(tmp, "<tmp>")
            (out / f"{name}.log").write_text(log, encoding="utf-8")
            print(f"{name}: exit {done.returncode}")
            failures += done.returncode != 0
    return failures


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() and not IGNORED.intersection(p.relative_to(folder).parts)}


def compare(a: Path, b: Path) -> int:
    problems = 0
    for log in sorted(a.glob("*.log")):
        if log.read_text(encoding="utf-8") != (b / log.name).read_text(encoding="utf-8"):
            print(f"warnings differ: {log.name}")
            problems += 1
    for name in sorted(p.name for p in a.iterdir() if p.is_dir()):
        mine, theirs = _files(a / name), _files(b / name)
        for path in sorted(mine ^ theirs):
            print(f"{name}: only in {'first' if path in mine else 'second'}: {path}")
            problems += 1
        for path in sorted(mine & theirs):
            if not filecmp.cmp(a / name / path, b / name / path, shallow=False):
                print(f"{name}: differs: {path}")
                problems += 1
    print("identical" if not problems else f"{problems} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "build":
        sys.exit(build(Path(sys.argv[2])))
    if len(sys.argv) == 4 and sys.argv[1] == "compare":
        sys.exit(compare(Path(sys.argv[2]), Path(sys.argv[3])))
    sys.exit(__doc__)
