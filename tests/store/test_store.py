"""The state store on SQLite and PostgreSQL: documents, runs, personas, conversations, safety."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from sqlalchemy import text

from synthpersona.errors import InputError, NotFoundError, StoreError
from synthpersona.store import SCHEMA_REVISION, Store


def make_run(
    run_id: str = "run_a", goal: str = "students", n_clusters: int = 2, per: int = 2
) -> dict[str, Any]:
    clusters = [
        {"cluster_id": c, "cluster_label": f"C{c}", "cluster_size": 10 * c} for c in range(1, n_clusters + 1)
    ]
    personas = {
        str(c): [
            {
                "persona_id": f"dyn_{c}_{i}",
                "persona_name": f"P{c}{i}",
                "personality_traits": {"age_group": "21"},
            }
            for i in range(per)
        ]
        for c in range(1, n_clusters + 1)
    }
    return {
        "run_id": run_id,
        "goal": goal,
        "request": {"k_min": 2},
        "clusters": clusters,
        "personas": personas,
        "meta": {"k": n_clusters, "subset_n": 100},
        "sql": "SELECT 1",
        "params": [],
    }


@pytest.fixture
def store(make_store: Callable[[], Store]) -> Store:
    return make_store()


def test_schema_is_migrated_and_status_reports_it(store: Store) -> None:
    info = store.status()
    assert info["ok"] is True
    assert info["revision"] == SCHEMA_REVISION
    assert "password" not in info["url"]


def test_documents_crud(store: Store) -> None:
    assert store.put_document("dataset", "d1", {"name": "leads", "rows": 10}) == {"name": "leads", "rows": 10}
    store.put_document("dataset", "d2", {"name": "events"})
    store.put_document("template", "d1", {"other": True})
    assert store.get_document("dataset", "d1")["rows"] == 10
    store.put_document("dataset", "d1", {"name": "leads", "rows": 11})  # replace
    assert store.get_document("dataset", "d1")["rows"] == 11
    assert [d["name"] for d in store.list_documents("dataset")] == ["leads", "events"]
    assert [d["doc_id"] for d in store.list_document_ids("dataset")] == ["d1", "d2"]
    assert store.list_documents("dataset", limit=1, offset=1) == [{"name": "events"}]
    assert store.has_document("template", "d1")
    store.delete_document("dataset", "d1")
    with pytest.raises(NotFoundError) as info:
        store.get_document("dataset", "d1")
    assert info.value.code == "dataset_not_found"
    with pytest.raises(NotFoundError):
        store.delete_document("dataset", "d1")
    assert store.list_documents("nothing") == []


def test_payloads_are_made_json_safe(store: Store) -> None:
    stored = store.put_document(
        "analysis",
        "a",
        {
            "n": np.int64(3),
            "x": np.float32(0.5),
            "nan": float("nan"),
            "arr": np.arange(3),
            "t": (1, 2),
            4: "int key",
        },
    )
    assert stored == {"n": 3, "x": 0.5, "nan": None, "arr": [0, 1, 2], "t": [1, 2], "4": "int key"}
    assert store.get_document("analysis", "a") == stored


@pytest.mark.parametrize(
    ("kind", "doc_id", "payload"),
    [
        ("", "x", {}),
        ("k", "", {}),
        ("k", "x" * 201, {}),
        ("k", "x", ["not", "a", "dict"]),
        ("k", "x", {"f": object()}),
    ],
)
def test_bad_documents_are_rejected_with_validation_error(
    store: Store, kind: str, doc_id: str, payload: Any
) -> None:
    with pytest.raises(InputError):
        store.put_document(kind, doc_id, payload)


def test_run_round_trip_with_personas_in_order(store: Store) -> None:
    store.save_run(make_run())
    run = store.get_run("run_a")
    assert run["goal"] == "students"
    assert run["clusters"][1]["cluster_size"] == 20
    assert list(run["personas"]) == [1, 2]
    assert [p["persona_id"] for p in run["personas"][2]] == ["dyn_2_0", "dyn_2_1"]
    assert run["personas"][1][0]["cluster_id"] == 1
    assert run["created_at"].endswith("+00:00")
    assert store.list_personas("run_a", cluster_id=2)[1]["persona_id"] == "dyn_2_1"
    summary = store.list_runs()
    assert summary[0]["run_id"] == "run_a" and summary[0]["personas_count"] == 4 and summary[0]["k"] == 2


def test_saving_a_run_again_replaces_it(store: Store) -> None:
    store.save_run(make_run(per=3))
    store.save_run(make_run(per=1))
    assert sum(len(v) for v in store.get_run("run_a")["personas"].values()) == 2


def test_persona_lookup_prefers_given_run_then_newest(store: Store) -> None:
    store.save_run(make_run("run_a", goal="first"))
    second = make_run("run_b", goal="second")
    second["personas"]["1"][0]["persona_name"] = "Newer"
    store.save_run(second)
    assert store.get_persona("dyn_1_0")["run_id"] == "run_b"
    assert store.get_persona("dyn_1_0")["persona_name"] == "Newer"
    assert store.get_persona("dyn_1_0", run_id="run_a")["persona_name"] == "P10"
    with pytest.raises(NotFoundError) as info:
        store.get_persona("dyn_9_9")
    assert info.value.code == "persona_not_found"
    with pytest.raises(NotFoundError):
        store.get_persona("dyn_1_0", run_id="run_zzz")


def test_unknown_and_deleted_runs(store: Store) -> None:
    with pytest.raises(NotFoundError) as info:
        store.get_run("nope")
    assert info.value.code == "run_not_found"
    store.save_run(make_run())
    store.delete_run("run_a")
    assert not store.has_run("run_a")
    assert store.list_personas("run_a") == []


def test_failed_run_write_leaves_nothing_behind(store: Store) -> None:
    run = make_run()
    run["personas"]["2"].append(
        {"persona_id": "dyn_2_0"}
    )  # duplicate key: fails after the run row is written
    with pytest.raises(StoreError):
        store.save_run(run)
    assert not store.has_run("run_a")
    assert store.list_personas("run_a") == []
    assert store.list_runs() == []


def test_failed_replacement_keeps_the_previous_run(store: Store) -> None:
    store.save_run(make_run(per=2))
    broken = make_run(per=2)
    broken["personas"]["1"].append({"persona_id": "dyn_1_0"})
    with pytest.raises(StoreError):
        store.save_run(broken)
    assert len(store.get_run("run_a")["personas"][1]) == 2


def test_conversations_append_in_order(store: Store) -> None:
    persona = {"persona_id": "dyn_1_0", "persona_name": "Priya"}
    cid = store.add_messages(
        None,
        [{"role": "user", "message": "hi"}, {"role": "persona", "message": "hello", "engine": "offline"}],
        persona=persona,
        run_id="run_a",
    )
    store.add_messages(cid, [{"role": "user", "message": "price?"}, {"role": "persona", "message": "cheap"}])
    conv = store.get_conversation(cid)
    assert conv["persona"]["persona_name"] == "Priya" and conv["run_id"] == "run_a"
    assert [(m["role"], m["message"]) for m in conv["messages"]] == [
        ("user", "hi"),
        ("persona", "hello"),
        ("user", "price?"),
        ("persona", "cheap"),
    ]
    assert conv["messages"][1]["engine"] == "offline"
    empty = store.create_conversation(persona)
    assert store.get_conversation(empty)["messages"] == []
    listed = store.list_conversations()
    assert [c["conversation_id"] for c in listed] == [empty, cid]  # most recently active first
    assert [c["n_messages"] for c in listed] == [0, 4]
    assert listed[1]["persona_name"] == "Priya" and listed[1]["run_id"] == "run_a"
    assert [c["conversation_id"] for c in store.list_conversations(limit=1, offset=1)] == [cid]
    assert store.list_conversations(tenant="someone-else") == []
    store.delete_conversation(cid)
    assert [c["conversation_id"] for c in store.list_conversations()] == [empty]
    with pytest.raises(NotFoundError):
        store.get_conversation(cid)


def test_conversation_errors_write_nothing(store: Store) -> None:
    with pytest.raises(NotFoundError) as info:
        store.add_messages("missing", [{"role": "user", "message": "x"}])
    assert info.value.code == "conversation_not_found"
    with pytest.raises(InputError):
        store.add_messages(
            None,
            [{"role": "user", "message": "ok"}, {"role": "bot", "message": "x"}],
            persona={"persona_id": "p"},
        )
    with pytest.raises(InputError):
        store.add_messages(None, [{"role": "user", "message": "x"}])  # no persona for a new conversation


def test_concurrent_appends_lose_nothing(store: Store) -> None:
    cid = store.create_conversation({"persona_id": "p"})
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(5):
                store.add_messages(cid, [{"role": "user", "message": f"{n}-{i}"}])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    messages = [m["message"] for m in store.get_conversation(cid)["messages"]]
    assert sorted(messages) == sorted(f"{n}-{i}" for n in range(4) for i in range(5))


def test_data_survives_a_restart(store_url: str) -> None:
    first = Store(store_url)
    first.save_run(make_run())
    cid = first.add_messages(None, [{"role": "user", "message": "hi"}], persona={"persona_id": "dyn_1_0"})
    first.put_document("simulation", "s1", {"lift": 0.1})
    first.close()
    second = Store(store_url)  # migrations run again: must be a no-op
    assert second.get_run("run_a")["goal"] == "students"
    assert second.get_conversation(cid)["messages"][0]["message"] == "hi"
    assert second.get_document("simulation", "s1") == {"lift": 0.1}
    second.close()


def test_several_workers_opening_a_new_database_at_once(store_url: str) -> None:
    errors: list[BaseException] = []

    def open_store() -> None:
        try:
            Store(store_url).close()
        except BaseException as exc:  # pragma: no cover
            errors.append(exc)

    threads = [threading.Thread(target=open_store) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors


def test_a_database_from_a_newer_version_is_refused(store_url: str) -> None:
    s = Store(store_url)
    with s.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    s.close()
    with pytest.raises(StoreError, match="upgrade synthpersona"):
        Store(store_url)


def test_bad_urls_give_store_errors(tmp_path: Any) -> None:
    with pytest.raises(StoreError, match="not a valid"):
        Store("not a url")
    with pytest.raises(StoreError, match="not supported"):
        Store("mysql://u:p@localhost/db")
    with pytest.raises(StoreError) as info:
        Store("postgresql://user:s3cret@127.0.0.1:9/db")
    assert "s3cret" not in info.value.message
    assert "SYNTHPERSONA_DATABASE_URL" in info.value.message


def test_in_memory_sqlite_is_shared_across_threads() -> None:
    s = Store("sqlite://")
    s.put_document("k", "a", {"v": 1})
    out: list[Any] = []
    t = threading.Thread(target=lambda: out.append(s.get_document("k", "a")))
    t.start()
    t.join()
    assert out == [{"v": 1}]


def test_from_settings_uses_the_data_dir(tmp_path: Any) -> None:
    from synthpersona.config import Settings

    s = Store.from_settings(Settings(home=tmp_path))
    assert s.dialect == "sqlite"
    assert (tmp_path / "synthpersona.db").exists()


def test_group_writes_commit_many_exchanges_and_isolate_bad_items(store: Store) -> None:
    persona = {"persona_id": "dyn_1_0", "persona_name": "Priya"}
    first = store.add_messages(None, [{"role": "user", "message": "hi"}], persona=persona)
    out = store.add_messages_many(
        [
            {
                "conversation_id": None,
                "persona": persona,
                "run_id": "r",
                "messages": [
                    {"role": "user", "message": "a"},
                    {"role": "persona", "message": "b", "engine": "offline"},
                ],
            },
            {"conversation_id": "missing", "messages": [{"role": "user", "message": "x"}]},
            {"conversation_id": first, "messages": [{"role": "persona", "message": "hello"}]},
            {"conversation_id": first, "messages": [{"role": "user", "message": "again"}]},
        ]
    )
    assert isinstance(out[0], str) and isinstance(out[1], NotFoundError) and out[2] == out[3] == first
    assert [m["message"] for m in store.get_conversation(first)["messages"]] == ["hi", "hello", "again"]
    assert store.get_conversation(out[0])["run_id"] == "r"


def test_group_writer_serves_concurrent_requests(store: Store) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from synthpersona.store import GroupWriter

    writer = GroupWriter(store)
    persona = {"persona_id": "p"}
    futures = [
        writer.submit(
            {"conversation_id": None, "persona": persona, "messages": [{"role": "user", "message": str(i)}]}
        )
        for i in range(50)
    ]
    bad = writer.submit({"conversation_id": "nope", "messages": [{"role": "user", "message": "x"}]})
    with ThreadPoolExecutor(4) as pool:
        cids = list(pool.map(lambda f: f.result(timeout=30), futures))
    assert len(set(cids)) == 50
    with pytest.raises(NotFoundError):
        bad.result(timeout=30)
    assert store.get_conversation(cids[7])["messages"][0]["message"] == "7"
    writer.close()
