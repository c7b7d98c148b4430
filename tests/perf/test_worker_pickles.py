"""What kb keeps in the environment, as a parallel read's workers send it back.

Each worker (a forked copy of the main process) sends its whole environment back,
pickled, for every chunk of documents it read. The plan (the prescan's result) and
every per-document store stay whole in the main process, but a worker's copy sends
only what that worker made."""

from __future__ import annotations

import multiprocessing
import pickle

from sphinx_kb.state.stores import DocStore, MainProcessOnly
from sphinx_kb.core.frontmatter import parse_front_matter
from sphinx_kb.posts.scan import Scan


def _scan() -> Scan:
    post, _ = parse_front_matter("title: Alpha\ntags: [a, b]\n", "2025-01-10-alpha")
    return Scan(posts={"posts/alpha": post}, files={"posts/alpha": "posts/alpha.md"},
                cache={"posts/alpha.md": ((1, 2, True), ("front", post, []))})


def _run_and_send(work, value, conn) -> None:
    work(value)
    conn.send_bytes(pickle.dumps(value))
    conn.close()


def pickled_in_forked_child(value, work=lambda value: None) -> bytes:
    """``value`` pickled by a forked copy of this process (as a parallel read's
    worker is), after ``work`` ran on it there."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_run_and_send, args=(work, value, send))
    child.start()
    data = receive.recv_bytes()
    child.join()
    assert child.exitcode == 0
    return data


def test_the_plan_pickled_in_its_own_process_keeps_everything():
    held = MainProcessOnly(_scan())
    again = pickle.loads(pickle.dumps(held))
    scan = held.value
    assert again.value.posts == scan.posts and again.value.files == scan.files and again.value.cache == scan.cache
    # and the copy belongs to the process that loaded it: pickled again, still whole
    assert pickle.loads(pickle.dumps(again)).value.posts == scan.posts


def test_the_plan_pickled_in_a_forked_worker_comes_back_empty():
    held = MainProcessOnly(_scan())
    data = pickled_in_forked_child(held)
    assert pickle.loads(data).value is None and len(data) < len(pickle.dumps(held)) / 2


def _read_two_documents(store: DocStore) -> None:
    store["posts/new"] = "read here"
    store["posts/old"] = "read again here"


def test_a_store_pickled_in_a_forked_worker_holds_only_what_the_worker_set():
    store = DocStore({f"posts/{i}": i for i in range(100)})
    store["posts/old"] = "from the last build"
    again = pickle.loads(pickle.dumps(store))
    assert again == store and type(again) is DocStore
    data = pickled_in_forked_child(store, _read_two_documents)
    assert pickle.loads(data) == {"posts/new": "read here", "posts/old": "read again here"}
    assert store["posts/old"] == "from the last build" and "posts/new" not in store  # the main's own, untouched


def _fill_as_sphinx_does(store: DocStore) -> None:
    store["posts/new"]["orphan"] = True  # env.metadata: a defaultdict(dict)
    store.setdefault("posts/by-setdefault", {})  # the index domain's entries
    store.update({"posts/by-update": {}})


def test_a_store_with_a_default_factory_sends_back_what_any_dict_method_added():
    store = DocStore({f"posts/{i}": {} for i in range(100)}, default_factory=dict)
    assert store["posts/missing"] == {} and "posts/missing" in store  # as a defaultdict
    data = pickled_in_forked_child(store, _fill_as_sphinx_does)
    again = pickle.loads(data)
    assert again == {"posts/new": {"orphan": True}, "posts/by-setdefault": {}, "posts/by-update": {}}
    assert again.default_factory is dict and again["posts/other"] == {}
    assert pickle.loads(pickle.dumps(store)).keys() == store.keys()  # in its own process: whole
