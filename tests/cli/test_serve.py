"""``kb serve``: the command line ignores kb's generated pages; a real server rebuilds once per edit."""

from __future__ import annotations

import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from sphinx_autobuild.filter import IgnoreFilter

from sphinx_kb.cli.project import Project, read_settings
from sphinx_kb.cli.serve import command

ROOTS = Path(__file__).resolve().parents[1] / "roots"


def values_after(line: list[str], option: str) -> list[str]:
    return [line[i + 1] for i, item in enumerate(line) if item == option]


def project_at(root: Path, conf: str) -> Project:
    root.mkdir(parents=True, exist_ok=True)
    (root / "conf.py").write_text(conf, encoding="utf-8")
    return Project(root, root / "conf.py", *read_settings(root / "conf.py"))


@pytest.mark.parametrize("conf, generated", [
    ("", ["_tags/tagsindex.md", "_kb/categories/blog.md", "_kb/authors/ada.md", "_kb/archive/2025.md",
          "_kb/glossary/index.md", "_kb/glossary/keywords/genomics.md", "_kb/glossary/g/2.md", "_tags", "_kb/glossary"]),
    ("kb_output_dir = 'docs'\ntags_output_dir = 'docs/tags/'\n",
     ["docs/tags/c.md", "docs/categories/blog.md", "docs/glossary/index.md", "docs/archive/2025/2.md", "docs/tags"]),
])
def test_the_command_ignores_every_generated_page_and_nothing_a_writer_edits(tmp_path, conf, generated):
    root = tmp_path / "site"
    line = command(project_at(root, conf), port=8123)
    ignore = IgnoreFilter(values_after(line, "--ignore"), values_after(line, "--re-ignore"))
    for relative in [*generated, "_build/html/index.html", "_build/doctrees/posts/a.doctree",
                     "_build/kb-linkcheck.json", "posts/__pycache__/x.cpython-311.pyc", "posts/.a.md.swp",
                     "posts/a.md~", "posts/.#a.md"]:
        assert ignore(str(root / relative)), relative
    for relative in ["posts/2025-01-01-a.md", "index.md", "glossary.yaml", "conf.py", "docs/posts/x.md",
                     "_kb/notes.md", "tags/x.md", "docs/design.md"]:
        assert not ignore(str(root / relative)), relative
    doctrees = Path(values_after(line, "-d")[0])
    html = Path(line[line.index(str(root)) + 1])
    assert doctrees.parent == html.parent == root / "_build" and html.name == "html"
    assert values_after(line, "--host") == ["127.0.0.1"] and values_after(line, "--port") == ["8123"]


def test_a_report_elsewhere_and_sphinx_arguments(tmp_path):
    root = tmp_path / "site"
    line = command(project_at(root, "kb_linkcheck_report = 'reports/links.json'\n"), builddir=tmp_path / "out",
                   sphinx_args=["-j", "2"], watch=[tmp_path / "ext"])
    assert str(root / "reports" / "links.json") in values_after(line, "--ignore")
    assert str(tmp_path / "out") in values_after(line, "--ignore")
    assert values_after(line, "--watch") == [str(tmp_path / "ext")] and line[-2:] == ["-j", "2"]


def test_print_command_and_bad_input(kb, tmp_path):
    root = tmp_path / "site"
    project_at(root, "tags_output_dir = 'labels'\n")
    result = kb("serve", "--print-command", "--port", "0", "--", "-W", cwd=root)
    assert values_after(shlex.split(result.stdout), "-D") == ["kb_author_view=1"]  # the author's view
    line = shlex.split(result.stdout)
    assert result.returncode == 0 and line[1:3] == ["-m", "sphinx_autobuild"] and line[-1] == "-W"
    assert str(root / "labels") in values_after(line, "--ignore")
    for args, message in [(["--port", "70000"], "a port is 0 to 65535"), (["--port", "x"], "invalid int value")]:
        bad = kb("serve", *args, cwd=root)
        assert bad.returncode == 2 and message in bad.stderr
    (root / "conf.py").write_text("kb_output_dir = '../outside'\n", encoding="utf-8")
    bad = kb("serve", cwd=root)
    assert bad.returncode == 2 and "must be a folder inside the source folder" in bad.stderr
    assert kb("serve", cwd=tmp_path).returncode == 2  # no conf.py here
    assert "--print-command" in kb("serve", "--help", cwd=root).stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, text: str, deadline: float) -> str:
    """The page at ``url`` once it holds ``text`` (polled until ``deadline``)."""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                page = response.read().decode("utf-8")
            if text in page:
                return page
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} never showed {text!r}")


def test_a_real_server_rebuilds_once_per_edit_and_stops_cleanly(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(ROOTS / "test-blog", root)
    log_path = tmp_path / "serve.log"  # outside the watched folder
    port = free_port()
    with open(log_path, "w", encoding="utf-8") as log:
        server = subprocess.Popen([sys.executable, "-m", "sphinx_kb", "serve", "--port", str(port)],
                                  cwd=root, stdout=log, stderr=subprocess.STDOUT)
    try:
        home = wait_for(f"http://127.0.0.1:{port}/", "Blog", time.monotonic() + 240)
        assert "websocket-reload" in home  # sphinx-autobuild's live reload is in the page
        post = root / "posts" / "2025-01-10-alpha.md"
        post.write_text(post.read_text(encoding="utf-8").replace('title: "Alpha post"', 'title: "Alpha edited"')
                        .replace("tags: [Machine Learning, Genomics]", "tags: [Machine Learning, Genomics, Brand New]"),
                        encoding="utf-8")
        wait_for(f"http://127.0.0.1:{port}/posts/2025-01-10-alpha.html", "Alpha edited", time.monotonic() + 240)
        wait_for(f"http://127.0.0.1:{port}/_tags/brand-new.html", "Alpha edited", time.monotonic() + 60)
        assert (root / "_tags" / "brand-new.md").is_file()  # the edit made a new generated page...
        time.sleep(5)  # ...which must not start another build: watch a while
        rebuilds = log_path.read_text(encoding="utf-8").count("Rebuilding...")
        assert rebuilds == 1, log_path.read_text(encoding="utf-8")
    finally:
        server.send_signal(signal.SIGINT)
        try:
            code = server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
            raise
    assert code == 0, log_path.read_text(encoding="utf-8")


def test_drafts_are_previewed_in_a_build_folder_of_their_own(kb, tmp_path):
    root = tmp_path / "site"
    project_at(root, "")
    line = shlex.split(kb("serve", "--drafts", "--print-command", "--", "-W", cwd=root).stdout)
    assert values_after(line, "-D") == ["kb_drafts=1", "kb_author_view=1"] and line[-1] == "-W"
    assert str(root / "_build" / "drafts" / "html") in line  # never the site's own _build/html
    assert str(root / "_build" / "html") not in line
    assert str(root / "_build" / "drafts") in values_after(line, "--ignore")
