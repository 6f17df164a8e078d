"""The simulation page's log read: a read still running for a log no longer chosen is cancelled."""

from __future__ import annotations

from typing import Any

import pytest

from synthpersona.ui.views import simulation


class _Rerun(Exception):
    pass


@pytest.fixture
def page(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """``_read_log`` with the job runner and Streamlit's rerun replaced by recorders."""
    seen: dict[str, Any] = {"cancelled": [], "started": [], "running": None}

    def rerun() -> None:
        raise _Rerun

    monkeypatch.setattr(simulation.jobs, "current", lambda kind, slot="job": seen["running"])
    monkeypatch.setattr(simulation.jobs, "cancel", seen["cancelled"].append)
    monkeypatch.setattr(simulation.jobs, "show", lambda *a, **k: None)
    monkeypatch.setattr(simulation.jobs, "start", lambda kind, work, **kw: seen["started"].append(kw["key"]))
    monkeypatch.setattr(simulation, "read_job", lambda path, columns, key: None)
    monkeypatch.setattr(simulation, "_inputs", lambda path: {})
    monkeypatch.setattr(simulation.st, "rerun", rerun)
    simulation._logs_read().clear()
    return seen


def test_choosing_another_log_cancels_the_read_of_the_previous_one(page: dict[str, Any]) -> None:
    old = simulation.log_key("/logs/old.csv", None)
    page["running"] = {"job_id": "j1", "status": "running", "subject": {"key": old}}
    with pytest.raises(_Rerun):
        simulation._read_log("/logs/new.csv", None)
    assert page["cancelled"] == ["j1"]
    assert page["started"] == [simulation.log_key("/logs/new.csv", None)]


def test_a_log_already_read_still_stops_the_previous_read(page: dict[str, Any]) -> None:
    new = simulation.log_key("/logs/new.csv", None)
    simulation._logs_read()[new] = {"events": ["view"], "goals": ["buy"]}
    page["running"] = {"job_id": "j2", "status": "queued", "subject": {"key": "other"}}
    assert simulation._read_log("/logs/new.csv", None) == {"events": ["view"], "goals": ["buy"]}
    assert page["cancelled"] == ["j2"] and page["started"] == []


def test_the_read_of_the_same_log_is_left_running(page: dict[str, Any]) -> None:
    key = simulation.log_key("/logs/new.csv", None)
    page["running"] = {"job_id": "j3", "status": "running", "subject": {"key": key}}
    assert simulation._read_log("/logs/new.csv", None) is None
    assert page["cancelled"] == [] and page["started"] == []
