"""A simulation deleted while it is verified is a 404, not a 500 (found by the chaos fuzzing, issue 20).

With two workers, ``GET /simulations/{id}/verify`` read the record, then a concurrent
``DELETE /simulations/{id}`` removed the report folder before ``members.parquet`` was
read: pyarrow's FileNotFoundError answered 500 (session 5, second SQLite fuzzing run).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from synthpersona.usecases import verify
from synthpersona.usecases.datasets import SIMULATION_KIND


def test_a_simulation_deleted_during_its_verification_is_a_404(
    make_app: Callable[..., FastAPI], monkeypatch: pytest.MonkeyPatch
) -> None:
    sim_id = "e" * 32

    def deleted_meanwhile(folder: Path) -> Any:
        raise FileNotFoundError(str(folder / "members.parquet"))  # what pyarrow raises

    monkeypatch.setattr(verify, "verify_simulation_dir", deleted_meanwhile)
    with TestClient(make_app(llm=None)) as api:
        api.app.state.store.put_document(SIMULATION_KIND, sim_id, {"tenant": "default", "status": "done"})  # type: ignore[attr-defined]
        r = api.get(f"/simulations/{sim_id}/verify")
        assert r.status_code == 404, r.text
        err = r.json()["error"]
        assert err["code"] == "simulations_not_found" and "deleted while" in err["message"]
        assert "members.parquet" not in r.text  # no server path
