"""Trainee scores: their own table, and the migration that moves the old score documents into it."""

from __future__ import annotations

from typing import Any

import pytest
from alembic import command
from alembic.config import Config

from synthpersona.errors import InputError
from synthpersona.store import Store
from synthpersona.store._store import _MIGRATIONS
from synthpersona.usecases.scenarios import trainee_progress


def _alembic(store: Store, action: str, revision: str) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    with store.engine.connect() as conn:
        cfg.attributes["connection"] = conn
        getattr(command, action)(cfg, revision)
        conn.commit()


def _record(score_id: str, trainee: str, overall: float, when: str, **extra: Any) -> dict[str, Any]:
    crit = [{"id": "acknowledgement", "score": overall / 100, "evidence": ["I understand"]}]
    return {
        "score_id": score_id,
        "trainee_id": trainee,
        "persona_id": "p1",
        "template_id": "t1",
        "archetype": "CONFRONTATION",
        "overall": overall,
        "criteria": crit,
        "created_at": when,
        **extra,
    }


def test_scores_stored_as_documents_at_the_old_head_move_into_the_table(store_url: str) -> None:
    old = Store(store_url, migrate=False)
    _alembic(old, "upgrade", "0002")  # the database as the previous head left it
    first = _record("s1", "asha", 40.0, "2026-12-01T10:00:00+00:00")
    later = _record("s2", "asha", 70.0, "2026-12-02T10:00:00+00:00")
    other = _record("s3", "asha", 90.0, "2026-12-02T11:00:00+00:00", tenant="acme")
    old.put_document("trainee_score", "asha:s2", later)  # stored out of order on purpose
    old.put_document("trainee_score", "asha:s1", first)
    old.put_document("trainee_score", "acme:asha:s3", other)
    old.put_document("trainee_score", "broken", {"note": "not a score"})
    old.close()

    store = Store(store_url)  # opening migrates to the head
    assert [r["overall"] for r in store.list_scores("asha")] == [40.0, 70.0]
    assert [r["score_id"] for r in store.list_scores("asha", tenant="acme")] == ["s3"]
    assert store.list_scores("asha")[0]["criteria"] == first["criteria"]  # the whole record survives
    progress = trainee_progress("asha", store)
    assert progress["n_sessions"] == 2 and progress["overall_change"] == 30.0
    assert progress["criterion_change"] == {"acknowledgement": 0.3}
    left = store.list_document_ids("trainee_score")
    assert [d["doc_id"] for d in left] == ["broken"]  # what is not a score stays a document
    store.close()

    down = Store(store_url, migrate=False)
    _alembic(down, "downgrade", "0002")
    back = {d["score_id"]: d for d in down.list_documents("trainee_score") if "score_id" in d}
    assert back["s1"]["overall"] == 40.0 and back["s3"]["tenant"] == "acme"
    down.close()


def test_put_score_checks_the_record_and_replaces_by_id(tmp_path: Any) -> None:
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    store.put_score(_record("s1", "ravi", 10.0, "2026-12-01T10:00:00+00:00"))
    store.put_score(_record("s1", "ravi", 55.0, "2026-12-01T10:00:00+00:00"))
    assert [r["overall"] for r in store.list_scores("ravi")] == [55.0]
    assert store.list_scores("nobody") == []
    with pytest.raises(InputError, match="trainee_id"):
        store.put_score({**_record("s2", "ravi", 1.0, "2026-12-01T10:00:00+00:00"), "trainee_id": ""})
    with pytest.raises(InputError, match="overall"):
        store.put_score({**_record("s3", "ravi", 1.0, "2026-12-01T10:00:00+00:00"), "overall": "high"})
    store.close()
