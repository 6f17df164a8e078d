"""Hostile text, bad neighbours in a group commit and several workers: both backends behave alike."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from concurrent.futures import wait
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from synthpersona.errors import InputError, StoreError
from synthpersona.store import GroupWriter, Store

NUL = "a\x00b"
SURROGATE = "x\ud800y"
REPLACED = "\ufffd"


@pytest.fixture
def store(make_store: Callable[[], Store]) -> Store:
    return make_store()


def _exchange(text: str, cid: str | None = None) -> dict[str, Any]:
    return {
        "conversation_id": cid,
        "persona": {"persona_id": "p1", "name": "Asha"},
        "messages": [{"role": "user", "message": text}, {"role": "persona", "message": "hello"}],
    }


@pytest.mark.parametrize("bad", [NUL, SURROGATE])
def test_unstorable_text_in_documents_is_normalised_the_same_way(store: Store, bad: str) -> None:
    stored = store.put_document("template", "t1", {"name": bad, bad: [bad], "nested": {"goal": bad}})
    expected = bad.replace("\x00", REPLACED).replace("\ud800", REPLACED)
    assert stored == {"name": expected, expected: [expected], "nested": {"goal": expected}}
    assert store.get_document("template", "t1") == stored


@pytest.mark.parametrize("bad", [NUL, SURROGATE])
def test_unstorable_text_in_chat_messages_and_goals_is_normalised(store: Store, bad: str) -> None:
    cid = store.add_messages(None, _exchange(bad)["messages"], persona={"persona_id": "p1"})
    assert store.get_conversation(cid)["messages"][0]["message"] == "a\ufffdb" if bad == NUL else "x\ufffdy"
    run = {"run_id": "r1", "goal": bad, "request": {"goal": bad}, "personas": {}}
    store.save_run(run)
    assert REPLACED in store.get_run("r1")["goal"]


@pytest.mark.parametrize("bad", [NUL, SURROGATE])
def test_unstorable_ids_are_validation_errors_on_both_backends(store: Store, bad: str) -> None:
    with pytest.raises(InputError):
        store.put_document("template", bad, {"a": 1})
    with pytest.raises(InputError):
        store.create_conversation({"persona_id": "p1"}, conversation_id=bad)


def test_store_errors_never_carry_the_url(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_a: Any, **_k: Any) -> Any:
        raise OperationalError("SELECT 1", {}, Exception("connection to server at 10.0.0.9 failed"))

    monkeypatch.setattr(store.engine, "begin", broken)
    with pytest.raises(StoreError) as err:
        store.get_document("template", "t1")
    text = err.value.message
    assert store.safe_url not in text and "10.0.0.9" not in text and "sqlite" not in text.lower()
    assert "did not answer" in text and "Retry" in text
    assert err.value.code == "store_unavailable"
    assert "url" not in store.status() or store.status()["ok"] is False


def test_one_bad_item_never_fails_another_clients_chat(store: Store) -> None:
    writer = GroupWriter(store)
    good = store.add_messages(None, [{"role": "user", "message": "hi"}], persona={"persona_id": "p1"})
    items = [_exchange(f"hello {i}", good if i % 2 else None) for i in range(40)]
    # a malformed item (a persona without id) and an unknown conversation inside the same batch
    items.insert(7, {"conversation_id": None, "persona": {}, "messages": [{"role": "user", "message": "x"}]})
    items.insert(20, _exchange("unknown conversation", "no-such-conversation"))
    stop = threading.Event()
    # hold the writer thread back so every item lands in one batch
    original = store.add_messages_many

    def slow_first(batch: list[dict[str, Any]]) -> Any:
        stop.wait(5)
        return original(batch)

    store.add_messages_many = slow_first  # type: ignore[method-assign]
    futures = [writer.submit(item) for item in items]
    stop.set()
    _, not_done = wait(futures, timeout=60)
    assert not not_done
    failed = [i for i, f in enumerate(futures) if f.exception() is not None]
    assert failed == [7, 20]
    assert len(store.get_conversation(good)["messages"]) == 1 + 2 * 20
    writer.close()


def test_several_workers_on_one_conversation_lose_nothing(store_url: str) -> None:
    # Stores stand for server processes (``--workers N``), each with its own pool and group writer;
    # 20 clients write to one conversation at once.
    stores = [Store(store_url) for _ in range(4)]
    writers = [GroupWriter(s) for s in stores]
    cid = stores[0].add_messages(None, [], persona={"persona_id": "p1"})
    futures: list[Any] = []
    lock = threading.Lock()

    def client(c: int) -> None:
        for i in range(10):
            fut = writers[(c + i) % len(writers)].submit(_exchange(f"c{c}m{i}", cid))
            with lock:
                futures.append(fut)
            fut.result(timeout=120)

    threads = [threading.Thread(target=lambda c=c: _quiet(client, c)) for c in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(futures) == 200
    errors = [repr(f.exception()) for f in futures if f.exception() is not None]
    assert errors == []
    messages = stores[1].get_conversation(cid)["messages"]
    assert len(messages) == 400
    assert len({m["message"] for m in messages if m["role"] == "user"}) == 200
    for w in writers:
        w.close()
    for s in stores:
        s.close()


def _quiet(fn: Callable[[int], None], arg: int) -> None:
    with contextlib.suppress(Exception):  # the assertion on the futures reports it
        fn(arg)


def test_deleted_text_leaves_no_trace_in_the_sqlite_files(tmp_path: Any) -> None:
    db = tmp_path / "state.db"
    store = Store(f"sqlite:///{db}")
    secret = "customer-secret-7f3a9c"
    store.put_document("dataset", "d1", {"name": secret * 50})
    cid = store.add_messages(None, [{"role": "user", "message": secret}], persona={"persona_id": "p1"})
    store.put_document("dataset", "keep", {"name": "other"})
    store.delete_document("dataset", "d1")
    store.delete_conversation(cid)
    for path in (db, db.with_name("state.db-wal")):
        if path.exists():
            assert secret.encode() not in path.read_bytes(), path.name
    assert store.get_document("dataset", "keep") == {"name": "other"}
    store.close()
