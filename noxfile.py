"""The test matrix: every Python and every dependency range kb declares, tested at both ends.

    nox                    # all of it (make test-all)
    nox -s oldest newest   # the two corners .ci/run adds to `make test`
    nox -s tests-3.12      # one Python, newest dependencies
    nox -s oldest -- -k linkcheck   # arguments after -- go to pytest

Sessions:

- ``tests-3.11``, ``tests-3.12``, ``tests-3.13``: the suite on each supported Python with
  the newest dependencies pip resolves there (Python 3.11 gets Sphinx 9.0, 3.12 gets 9.1,
  3.13 gets 9.2: Sphinx raised its own Python floor twice).
- ``oldest``: the oldest supported Python with the oldest end of every range declared in
  pyproject.toml, pinned in ``constraints/oldest.txt``; it first checks that file and
  pyproject.toml agree, so neither can move alone.
- ``newest``: the newest supported Python with the newest release of everything
  (``pip install --upgrade --upgrade-strategy eager``), every extra included.

Every session installs kb as a user does (``pip install .``, not editable), so the suite
also tests what the wheel ships (its CSS, for one).

Interpreters come from PATH or from pyenv's folder (``$PYENV_ROOT/versions``). pyenv's
shims on PATH answer only for the versions pyenv has made active, so the noxfile makes
every installed pyenv version of a supported Python active for this run through
``PYENV_VERSION`` (pyenv's own way, as ``pyenv shell 3.11.7 3.12.1`` would), which both the
shims and nox's interpreter discovery read. A session whose Python is missing is an
error when ``CI`` is set (a corner not tested is not a pass) and is skipped with a loud
message otherwise. nox never downloads an interpreter here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import nox
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

nox.needs_version = ">=2026.10.20"

ROOT = Path(__file__).resolve().parent
PYPROJECT = ROOT / "pyproject.toml"
OLDEST_CONSTRAINTS = ROOT / "constraints" / "oldest.txt"

#: The Pythons kb supports, oldest first: requires-python and the classifiers must agree.
SUPPORTED_PYTHONS = ("3.11", "3.12", "3.13")
OLDEST_PYTHON = SUPPORTED_PYTHONS[0]
NEWEST_PYTHON = SUPPORTED_PYTHONS[-1]

#: Every extra, for the corners: each declared range is tested at both ends.
ALL_EXTRAS = "test,linkcheck,bibtex,dev"

#: Printed with the declared packages' versions: what MyST parses with, not declared by kb.
ALSO_REPORTED = ("markdown-it-py",)

IN_CI = os.environ.get("CI", "").lower() not in ("", "0", "false", "no")

nox.options.sessions = ["tests", "oldest", "newest"]
nox.options.error_on_missing_interpreters = IN_CI
nox.options.download_python = "never"


# -- interpreters ---------------------------------------------------------------------------


def _patch_level(folder: Path) -> tuple[int, ...]:
    """3.12.1 -> (3, 12, 1); a folder named otherwise (3.13.0t, a virtualenv) sorts first."""
    return tuple(int(part) for part in folder.name.split(".")) if re.fullmatch(r"[\d.]+", folder.name) else ()


def pyenv_versions() -> dict[str, str]:
    """The newest installed pyenv version of each supported Python, e.g. {'3.12': '3.12.1'}."""
    versions = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv") / "versions"
    found = {}
    for minor in SUPPORTED_PYTHONS:
        folders = [
            folder for folder in versions.glob(f"{minor}.*")
            if _patch_level(folder) and (folder / "bin" / f"python{minor}").is_file()
        ]
        if folders:
            found[minor] = max(folders, key=_patch_level).name
    return found


def activate_pyenv_versions() -> None:
    """Let pyenv's shims (and nox's discovery) answer for every supported Python installed."""
    active = [v for v in os.environ.get("PYENV_VERSION", "").split(":") if v]
    wanted = [v for v in pyenv_versions().values() if v not in active]
    if wanted:
        os.environ["PYENV_VERSION"] = ":".join(active + wanted)


def working_interpreter(minor: str) -> str | None:
    """The real executable behind ``python3.X`` on PATH, if it starts and is that version."""
    path = shutil.which(f"python{minor}")
    if path is None:
        return None
    try:
        answer = subprocess.run(
            [path, "-c", "import sys; print('%d.%d' % sys.version_info[:2], sys.executable)"],
            capture_output=True, text=True, timeout=60, check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    version, _, executable = answer.stdout.strip().partition(" ")
    return executable if answer.returncode == 0 and version == minor else None


def report_interpreters() -> None:
    """Say which interpreter each Python of the matrix is, and loudly which are missing."""
    for minor in SUPPORTED_PYTHONS:
        path = working_interpreter(minor)
        if path:
            print(f"nox matrix: Python {minor}: {path}")
        else:
            outcome = "FAIL (CI is set)" if IN_CI else "be SKIPPED: this run does not test it"
            print(
                f"nox matrix: Python {minor} is MISSING (not on PATH, not in pyenv's versions): "
                f"its sessions will {outcome}. Install it (e.g. `pyenv install {minor}`)."
            )


activate_pyenv_versions()
report_interpreters()


# -- what pyproject.toml promises ---------------------------------------------------------------


def declared_requirements() -> list[Requirement]:
    """Every requirement of pyproject.toml: the dependencies and every extra."""
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    lines = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        lines.extend(extra)
    return [Requirement(line) for line in lines]


def oldest_pins() -> dict[str, Version]:
    """constraints/oldest.txt as {canonical name: pinned version}."""
    pins = {}
    for line in OLDEST_CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = Version(version)
    return pins


def promise_problems() -> list[str]:
    """Where pyproject.toml, constraints/oldest.txt and SUPPORTED_PYTHONS disagree."""
    problems = []
    pins = oldest_pins()
    declared = set()
    for requirement in declared_requirements():
        name = canonicalize_name(requirement.name)
        specs = {spec.operator: Version(spec.version) for spec in requirement.specifier}
        if "==" in specs:  # an exact pin (nox) has no range to test
            continue
        declared.add(name)
        if ">=" not in specs or "<" not in specs:
            problems.append(f"{requirement}: a range needs both ends (>= and <) to be tested")
        elif pins.get(name) != specs[">="]:
            problems.append(
                f"{requirement}: constraints/oldest.txt pins {name}=={pins.get(name)}, "
                f"not the range's oldest end {specs['>=']}"
            )
    problems += [f"constraints/oldest.txt pins {name}, which pyproject.toml does not declare"
                 for name in sorted(set(pins) - declared)]
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    if project["requires-python"] != f">={OLDEST_PYTHON}":
        problems.append(f"requires-python is {project['requires-python']!r}, the matrix starts at {OLDEST_PYTHON}")
    prefix = "Programming Language :: Python :: "
    classified = tuple(c[len(prefix):] for c in project.get("classifiers", []) if re.fullmatch(r"\d+\.\d+", c[len(prefix):]))
    if classified != SUPPORTED_PYTHONS:
        problems.append(f"the classifiers name Python {', '.join(classified)}; the matrix tests {', '.join(SUPPORTED_PYTHONS)}")
    return problems


# -- sessions -------------------------------------------------------------------------------


def install_kb(session: nox.Session, extras: str, *pip_options: str) -> None:
    """``pip install .[extras]`` as a user would: the wheel, not the worktree.

    setuptools copies the package into ``build/lib`` and never removes what is no longer
    in the sources, so a module moved or deleted would still ship: start from no build/.
    """
    shutil.rmtree(ROOT / "build", ignore_errors=True)
    session.install(*pip_options, f".[{extras}]")


def installed_versions(session: nox.Session) -> dict[str, Version]:
    """The installed versions of every declared package (and ALSO_REPORTED), printed so that
    each log says what it tested; a package not installed (an extra's) is left out."""
    names = dict.fromkeys([r.name for r in declared_requirements()] + list(ALSO_REPORTED))
    script = (
        "import sys, importlib.metadata as m\n"
        "print('python', '%d.%d.%d' % sys.version_info[:3])\n"
        "for name in sys.argv[1:]:\n"
        "    try: print(name, m.version(name))\n"
        "    except m.PackageNotFoundError: pass\n"
    )
    output = session.run("python", "-c", script, *names, silent=True) or ""
    session.log("tested with: " + ", ".join(output.splitlines()))
    versions = {}
    for line in output.splitlines():
        name, _, version = line.partition(" ")
        if name != "python":
            versions[canonicalize_name(name)] = Version(version)
    return versions


def run_suite(session: nox.Session) -> None:
    """The same suite as ``make test`` (one worker per core); arguments after ``--`` go to pytest."""
    session.run("python", "-m", "pytest", "-n", "auto", *session.posargs)


def check_dev_tools(session: nox.Session) -> None:
    """sphinx-autobuild (a dependency, for kb serve and make livehtml) starts: make livehtml has no test of its own."""
    session.run("sphinx-autobuild", "--help", silent=True)


@nox.session(python=SUPPORTED_PYTHONS)
def tests(session: nox.Session) -> None:
    """The suite on one Python, with the newest dependencies pip resolves for it."""
    install_kb(session, "test")
    installed_versions(session)
    run_suite(session)


@nox.session(python=OLDEST_PYTHON)
def oldest(session: nox.Session) -> None:
    """The oldest Python with the oldest end of every declared range (constraints/oldest.txt)."""
    problems = promise_problems()
    if problems:
        session.error("pyproject.toml and the matrix disagree:\n  " + "\n  ".join(problems))
    install_kb(session, ALL_EXTRAS, "-c", str(OLDEST_CONSTRAINTS))
    versions = installed_versions(session)
    wrong = [f"{name} {versions.get(name)} (pinned {pin})"
             for name, pin in oldest_pins().items() if versions.get(name) != pin]
    if wrong:
        session.error("not the oldest versions: " + ", ".join(wrong))
    check_dev_tools(session)
    run_suite(session)


@nox.session(python=NEWEST_PYTHON)
def newest(session: nox.Session) -> None:
    """The newest Python with the newest release of everything, every extra included."""
    install_kb(session, ALL_EXTRAS, "--upgrade", "--upgrade-strategy", "eager")
    installed_versions(session)
    check_dev_tools(session)
    run_suite(session)
