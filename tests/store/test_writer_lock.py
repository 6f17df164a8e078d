"""Group commits from several writers on one SQLite file take turns through a lock file."""

from __future__ import annotations

from concurrent.futures import wait
from pathlib import Path

from synthpersona.store import GroupWriter, Store


def test_two_writers_on_one_sqlite_file_store_every_exchange(tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    # Two stores stand for two server processes; each has its own connection pool and writer.
    writers = [GroupWriter(Store(f"sqlite:///{db}")) for _ in range(2)]
    futures = [
        writers[i % 2].submit(
            {
                "conversation_id": None,
                "persona": {"persona_id": f"p{i}"},
                "messages": [{"role": "user", "message": f"hi {i}"}, {"role": "persona", "message": "hello"}],
            }
        )
        for i in range(200)
    ]
    done, not_done = wait(futures, timeout=60)
    assert not not_done
    ids = {f.result() for f in done}
    assert len(ids) == 200
    assert (tmp_path / "state.db.writelock").exists()
    store = Store(f"sqlite:///{db}")
    for cid in list(ids)[:5]:
        assert len(store.get_conversation(cid)["messages"]) == 2
    for w in writers:
        w.close()
