"""Store backends for the tests: a SQLite file, and a real PostgreSQL database when available.

PostgreSQL comes from ``SYNTHPERSONA_TEST_POSTGRES_URL`` (``make test`` runs
``scripts/ensure_postgres.sh`` and exports it). Each test gets its own fresh database.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

PG_URL = os.environ.get("SYNTHPERSONA_TEST_POSTGRES_URL", "").strip()
_pg_problem: str | None = None


def _admin_engine():  # type: ignore[no-untyped-def]
    from sqlalchemy import create_engine

    url = PG_URL.replace("postgresql://", "postgresql+psycopg://", 1)
    return create_engine(url, isolation_level="AUTOCOMMIT")


def _pg_available() -> str | None:
    """None when PostgreSQL can be used, else the reason to skip."""
    global _pg_problem
    if not PG_URL:
        return "SYNTHPERSONA_TEST_POSTGRES_URL is not set (run `bash scripts/ensure_postgres.sh`)"
    if _pg_problem is None:
        try:
            from sqlalchemy import text

            with _admin_engine().connect() as conn:
                conn.execute(text("SELECT 1"))
            _pg_problem = ""
        except Exception as exc:  # any failure means: skip with the reason
            _pg_problem = f"PostgreSQL at {PG_URL} is not reachable: {type(exc).__name__}"
    return _pg_problem or None


@pytest.fixture
def pg_url() -> Iterator[str]:
    """URL of a fresh, empty PostgreSQL database (dropped afterwards)."""
    reason = _pg_available()
    if reason:
        pytest.skip(reason)
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    name = f"sp_test_{uuid.uuid4().hex[:12]}"
    engine = _admin_engine()
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database URL on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'state.db'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def make_store(store_url: str) -> Iterator[Callable[[], object]]:
    from synthpersona.store import Store

    opened: list[Store] = []

    def _make() -> Store:
        s = Store(store_url)
        opened.append(s)
        return s

    yield _make
    for s in opened:
        s.close()
