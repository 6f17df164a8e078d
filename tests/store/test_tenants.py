"""Tenants in the store (SQLite and PostgreSQL) and the migration chain that adds them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from store.test_store import make_run  # tests/ is on sys.path
from synthpersona.errors import InputError, NotFoundError
from synthpersona.store import SCHEMA_REVISION, Store
from synthpersona.store._common import DEFAULT_TENANT as STORE_DEFAULT
from synthpersona.usecases.tenants import DEFAULT_TENANT

MIGRATIONS = Path(__import__("synthpersona.store", fromlist=["x"]).__file__).with_name("migrations")


def test_migrations_have_one_head_and_it_is_the_schema_revision() -> None:
    """Two engineers adding a migration each after the same parent would leave two heads."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    heads = ScriptDirectory.from_config(cfg).get_heads()
    assert heads == [SCHEMA_REVISION], f"migration heads {heads}: chain the newest after the previous head"
    assert STORE_DEFAULT == DEFAULT_TENANT


def test_rows_from_before_tenants_belong_to_the_default_tenant(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config

    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = Store(url, migrate=False)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with old.engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.commit()
        conn.execute(
            text(
                "INSERT INTO runs (run_id, goal, request, payload, created_at) "
                "VALUES ('run_0123456789abcdef', 'g', '{}', '{\"run_id\": \"run_0123456789abcdef\"}', "
                "'2026-01-01 00:00:00')"
            )
        )
        conn.commit()
    old.close()
    store = Store(url)  # upgrades to the head
    assert store.status()["revision"] == SCHEMA_REVISION
    assert store.get_run("run_0123456789abcdef", tenant=DEFAULT_TENANT)["run_id"] == "run_0123456789abcdef"
    with pytest.raises(NotFoundError):
        store.get_run("run_0123456789abcdef", tenant="acme")


def test_store_reads_lists_and_deletes_only_the_tenants_own(make_store: Callable[[], Store]) -> None:
    store = make_store()
    store.save_run(make_run("run_a"), tenant="acme")
    store.save_run(make_run("run_b"), tenant="bolt")
    assert [r["run_id"] for r in store.list_runs(tenant="acme")] == ["run_a"]
    assert {r["run_id"] for r in store.list_runs()} == {"run_a", "run_b"}  # the library sees all
    with pytest.raises(NotFoundError):
        store.get_run("run_a", tenant="bolt")
    with pytest.raises(NotFoundError):
        store.get_persona("dyn_1_0", run_id="run_a", tenant="bolt")
    assert store.get_persona("dyn_1_0", tenant="bolt")["run_id"] == "run_b"  # never a's newest
    assert store.list_personas("run_a", tenant="bolt") == []
    with pytest.raises(NotFoundError):
        store.delete_run("run_a", tenant="bolt")
    with pytest.raises(InputError, match="choose another run_id"):
        store.save_run(make_run("run_a"), tenant="bolt")  # never replaces another tenant's run
    assert store.has_run("run_a", tenant="acme") and store.run_tenant("run_a") == "acme"

    persona = {"persona_id": "dyn_1_0", "persona_name": "P"}
    cid = store.add_messages(None, [{"role": "user", "message": "hi"}], persona=persona, tenant="acme")
    with pytest.raises(NotFoundError):
        store.get_conversation(cid, tenant="bolt")
    with pytest.raises(NotFoundError):
        store.add_messages(cid, [{"role": "user", "message": "x"}], tenant="bolt")
    out = store.add_messages_many(
        [{"conversation_id": cid, "messages": [{"role": "user", "message": "x"}], "tenant": "bolt"}]
    )
    assert isinstance(out[0], NotFoundError)
    with pytest.raises(NotFoundError):
        store.delete_conversation(cid, tenant="bolt")
    assert len(store.get_conversation(cid, tenant="acme")["messages"]) == 1
    store.delete_conversation(cid, tenant="acme")
    store.delete_run("run_a", tenant="acme")
    assert store.list_runs(tenant="acme") == []
