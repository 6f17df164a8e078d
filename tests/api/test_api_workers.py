"""``--workers N``: every worker process sets up JSON logs, access lines and secret scrubbing itself."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

KEY = "sk-worker-secret-0123456789"


@pytest.fixture
def restore_logging() -> Iterator[None]:
    loggers = [logging.getLogger(n) for n in ("synthpersona", "uvicorn.error")]
    saved = [(lg, list(lg.handlers), lg.propagate, lg.level) for lg in loggers]
    yield
    for lg, handlers, propagate, level in saved:
        lg.handlers[:] = handlers
        lg.propagate, lg.level = propagate, level


def test_app_factory_installs_json_logs_with_request_ids_and_scrubbing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    restore_logging: None,
) -> None:
    from synthpersona.api import app_factory

    monkeypatch.setenv("SYNTHPERSONA_HOME", str(tmp_path))
    monkeypatch.setenv("SYNTHPERSONA_API_KEY", KEY)
    monkeypatch.setenv("SYNTHPERSONA_LOG_LEVEL", "info")
    app = app_factory()  # what each uvicorn worker process runs

    @app.get("/boom", include_in_schema=False)
    def boom() -> None:
        logging.getLogger("synthpersona.api").warning("leaking %s", KEY)
        raise RuntimeError("boom")

    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/boom", headers={"X-API-Key": KEY, "X-Request-ID": "req-findable-1"})
    assert r.status_code == 500 and "req-findable-1" in r.json()["error"]["message"]
    lines = [json.loads(ln) for ln in capsys.readouterr().err.splitlines() if ln.startswith("{")]
    assert KEY not in json.dumps(lines)
    mine = [ln for ln in lines if ln.get("request_id") == "req-findable-1"]
    events = {ln.get("event") for ln in mine}
    assert {"unhandled_error", "http_request"} <= events  # the 500 and its access line, by request id
    assert all(isinstance(ln["pid"], int) for ln in mine)
    assert any("***" in ln["msg"] for ln in lines if ln["msg"].startswith("leaking"))
