"""``/datasets/{id}/jobs`` and ``/jobs``: analyses outside the request, status, cancel, restart."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from synthpersona.api import create_app
from synthpersona.config import Settings
from synthpersona.usecases.jobs import JOB_KIND, Jobs
from tables._data import make_leads  # tests/tables (tests/ is on sys.path)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def _app(home: Path) -> Any:
    return create_app(Settings(home=home, job_threads=1), llm=None)


@pytest.fixture
def api(home: Path) -> Iterator[TestClient]:
    with TestClient(_app(home)) as client:
        yield client


def _upload(api: TestClient) -> str:
    data = make_leads(300, seed=3).to_csv(index=False).encode()
    r = api.post("/datasets", files={"file": ("leads.csv", data, "text/csv")})
    assert r.status_code == 201, r.text
    return str(r.json()["dataset_id"])


def _jobs(api: TestClient) -> Jobs:
    return api.app.state.jobs  # type: ignore[attr-defined,no-any-return]


def test_an_analysis_job_gives_the_same_analysis_as_the_request(api: TestClient) -> None:
    did = _upload(api)
    params = {"k": 3, "random_state": 4}
    r = api.post(f"/datasets/{did}/jobs", json=params)
    assert r.status_code == 202, r.text
    job = r.json()
    assert job["status"] in ("queued", "running", "succeeded") and job["subject"] == {"dataset_id": did}
    assert "runner" not in job  # host names and pids stay inside
    _jobs(api).wait(job["job_id"], timeout=600)  # a child process's first start is slow under load
    done = api.get(f"/jobs/{job['job_id']}").json()
    assert done["status"] == "succeeded", done
    analysis = api.get(done["result"]["analysis"]).json()
    direct = api.post(f"/datasets/{did}/analyze", json=params).json()
    assert analysis["personas"] == direct["personas"]  # same seed, same table: same personas
    assert [j["job_id"] for j in api.get("/jobs").json()] == [job["job_id"]]
    assert api.get("/jobs/" + "0" * 32).status_code == 404
    assert api.post("/datasets/" + "0" * 32 + "/jobs", json={}).status_code == 404  # refused at once
    assert api.post(f"/datasets/{did}/jobs", json={"k": 1}).status_code == 422


def test_cancel_and_delete_stop_queued_analyses_and_leave_nothing(api: TestClient, home: Path) -> None:
    did = _upload(api)
    gate = threading.Event()
    blocker = _jobs(api).submit("demo", {}, lambda ctx: {"waited": gate.wait(30)})  # the one thread
    first = api.post(f"/datasets/{did}/jobs", json={"k": 2}).json()
    second = api.post(f"/datasets/{did}/jobs", json={"k": 2}).json()
    r = api.delete(f"/jobs/{first['job_id']}")
    assert r.status_code == 202 and r.json()["cancel_requested"] is True
    deleted = api.delete(f"/datasets/{did}").json()
    assert deleted["jobs_cancelled"] == 2 and deleted["analyses_deleted"] == 0
    gate.set()
    assert _jobs(api).wait(blocker["job_id"], timeout=60)["status"] == "succeeded"
    for job in (first, second):  # cancelled, then deleted with their dataset: no record is left
        end = time.monotonic() + 60
        while api.get(f"/jobs/{job['job_id']}").status_code != 404 and time.monotonic() < end:
            time.sleep(0.05)
    assert [j["job_id"] for j in api.get("/jobs").json()] == [blocker["job_id"]]
    store = api.app.state.store  # type: ignore[attr-defined]
    assert store.list_documents("job_cancel") == []
    assert [p for p in (home / "datasets").rglob("*") if p.is_file()] == []
    assert api.get(f"/datasets/{did}").status_code == 404


def test_a_restart_marks_the_jobs_it_interrupted_failed(home: Path) -> None:
    gate = threading.Event()
    with TestClient(_app(home)) as api:
        job = _jobs(api).submit("demo", {}, lambda ctx: {"waited": gate.wait(30)})
        queued = api.post(f"/datasets/{_upload(api)}/jobs", json={}).json()
        store = api.app.state.store  # type: ignore[attr-defined]
        assert store.get_document(JOB_KIND, queued["job_id"])["status"] == "queued"
    # the app stopped with one job running and one queued; the next start finds both
    with TestClient(_app(home)) as api:
        for j in (job, queued):
            rec = api.get(f"/jobs/{j['job_id']}").json()
            assert rec["status"] == "failed" and rec["error"]["code"] == "job_interrupted", rec
    gate.set()


def test_a_simulation_job_stores_the_simulation_and_bad_input_is_refused_at_once(
    api: TestClient, home: Path
) -> None:
    r = api.post("/simulations/jobs", json={"n_personas": 100, "run_validation": False, "deck": False})
    assert r.status_code == 202, r.text
    job = _jobs(api).wait(r.json()["job_id"], timeout=120)
    assert job["status"] == "succeeded", job
    sim = api.get(job["result"]["simulation"]).json()
    assert sim["simulation_id"] == job["result"]["simulation_id"] and sim["experiment"]["n_per_arm"] == 100
    assert not (home / "simulations" / sim["simulation_id"] / ".owner").exists()
    for body in ({"n_personas": "many"}, {"dataset_id": "0" * 32}, {"modification": "friction=2"}):
        assert api.post("/simulations/jobs", json=body).status_code in (404, 422), body
    assert len(api.get("/jobs").json()) == 1 and sorted(p.name for p in (home / "simulations").iterdir()) == [
        sim["simulation_id"]
    ]


def test_the_periodic_sweep_removes_what_a_dead_writer_left(home: Path) -> None:
    import subprocess
    import sys
    import time

    from synthpersona.api._datasets import start_sweeper
    from synthpersona.store import Store

    settings = Settings(home=home, sweep_interval_s=0.05)
    store = Store(f"sqlite:///{home / 'state.db'}")
    dead = subprocess.run(
        [sys.executable, "-c", "print(__import__('os').getpid())"], capture_output=True, text=True
    )
    cut = home / "datasets" / ("e" * 32)  # appeared after the startup sweep
    cut.mkdir(parents=True)
    (cut / ".owner").write_text(dead.stdout.strip())
    stop = start_sweeper(settings, store)
    try:
        end = time.monotonic() + 30
        while cut.exists() and time.monotonic() < end:
            time.sleep(0.05)
    finally:
        stop()
        store.close()
    assert not cut.exists()


def test_a_synchronous_analysis_is_stopped_at_the_job_time_budget_while_it_runs(home: Path) -> None:
    # before session 6 the request only had the estimate checked before work, then ran unbounded
    with TestClient(_app(home)) as api:  # the upload's preview runs under the budgets too
        did = _upload(api)
    settings = Settings(home=home, job_timeout_s=0.05)
    with TestClient(create_app(settings, llm=None)) as api:
        r = api.post(f"/datasets/{did}/analyze", json={"k": 3})
        assert r.status_code == 409 and r.json()["error"]["code"] == "job_time_budget", r.text
        assert api.get(f"/datasets/{did}").json()["analyses"] == []
        assert not list((settings.data_dir / "datasets" / ".incoming").glob("*"))  # no staging left


def test_a_simulation_is_stopped_at_the_job_time_budget_in_the_request_and_as_a_job(home: Path) -> None:
    # before session 7 a simulation ran in the service process: a synchronous one had no budget
    settings = Settings(home=home, job_timeout_s=0.05, job_threads=1)
    body = {"n_personas": 100, "run_validation": False, "deck": False}
    with TestClient(create_app(settings, llm=None)) as api:
        r = api.post("/simulations", json=body)
        assert r.status_code == 409 and r.json()["error"]["code"] == "job_time_budget", r.text
        r = api.post("/simulations/jobs", json=body)
        assert r.status_code == 202, r.text
        job = _jobs(api).wait(r.json()["job_id"], timeout=120)
        assert job["status"] == "failed" and job["error"]["code"] == "job_time_budget", job
        assert api.get("/simulations").json() == []
    folder = settings.data_dir / "simulations"
    assert not folder.exists() or not any(folder.iterdir())  # nothing half-written stays


def test_an_upload_preview_is_stopped_at_the_job_memory_budget_and_leaves_nothing(home: Path) -> None:
    # before session 7 the preview (a workbook is parsed whole) ran in the service process, unbounded;
    # a budget below what the service process already holds stops the preview's child at once
    settings = Settings(home=home, job_memory_mb=16)
    data = make_leads(20_000, seed=3).to_csv(index=False).encode()
    with TestClient(create_app(settings, llm=None)) as api:
        r = api.post("/datasets", files={"file": ("leads.csv", data, "text/csv")})
        assert r.status_code == 422 and r.json()["error"]["code"] == "job_memory_budget", r.text
        assert api.get("/datasets").json() == []
    staging = settings.data_dir / "datasets" / ".incoming"
    assert not staging.exists() or not any(staging.iterdir())
