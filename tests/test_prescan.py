"""The prescan's result stays with the environment, but not in a parallel read's
workers' copies of it (each worker sends its environment back, pickled)."""

from __future__ import annotations

import multiprocessing
import pickle

from sphinx_kb.frontmatter import parse_front_matter
from sphinx_kb.prescan import Scan


def _scan() -> Scan:
    post, _ = parse_front_matter("title: Alpha\ntags: [a, b]\n", "2025-01-10-alpha")
    return Scan(posts={"posts/alpha": post}, files={"posts/alpha": "posts/alpha.md"},
                cache={"posts/alpha.md": ((1, 2, True), ("front", post, []))})


def _pickled_in_child(scan: Scan, conn) -> None:
    conn.send_bytes(pickle.dumps(scan))
    conn.close()


def test_a_scan_pickled_in_its_own_process_keeps_everything():
    scan = _scan()
    again = pickle.loads(pickle.dumps(scan))
    assert again.posts == scan.posts and again.files == scan.files and again.cache == scan.cache
    # and the copy belongs to the process that loaded it: pickled again, still whole
    assert pickle.loads(pickle.dumps(again)).posts == scan.posts


def test_a_scan_pickled_in_a_forked_worker_comes_back_empty():
    scan = _scan()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_pickled_in_child, args=(scan, send))
    child.start()
    data = receive.recv_bytes()
    child.join()
    assert child.exitcode == 0
    back = pickle.loads(data)
    assert back == Scan() and len(data) < len(pickle.dumps(scan)) / 2
