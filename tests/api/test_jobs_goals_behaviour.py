"""Goal segmentations and behaviour views as jobs, and the per-job memory budget.

Issue 20: goal segmentations and behaviour views ran inside the request with no memory
bound. As jobs they answer 202 with a job id at once; work whose estimated peak is above
``SYNTHPERSONA_JOB_MEMORY_MB`` is refused before it starts with a 422 naming the limit.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd
from fastapi import FastAPI
from fastapi.testclient import TestClient

from synthpersona.usecases.goals import run_goal
from synthpersona.usecases.jobs import Jobs

GOAL = "college students interested in headphones"


def _jobs(api: TestClient) -> Jobs:
    return api.app.state.jobs  # type: ignore[attr-defined,no-any-return]


def _log(n_users: int) -> bytes:
    events = ["home", "search", "product", "cart", "buy"]
    rows = [
        (f"u{u}", events[(u + i) % 5] if i else "home", f"2024-01-01 00:{i:02d}:00")
        for u in range(n_users)
        for i in range(4)
    ]
    frame = pd.DataFrame(rows, columns=["user_id", "event", "timestamp"])
    return frame.to_csv(index=False).encode()


def _staging(home: Path) -> list[Path]:
    folder = home / "datasets" / ".incoming"
    return list(folder.iterdir()) if folder.is_dir() else []


def test_a_goal_job_stores_the_run_the_request_returns(make_app: Callable[..., FastAPI]) -> None:
    with TestClient(make_app(llm=None)) as api:
        r = api.post("/clusters/jobs", json={"goal": GOAL, "k_max": 3})
        assert r.status_code == 202, r.text
        job = r.json()
        assert job["kind"] == "goal_segmentation" and job["subject"] == {"goal": GOAL}
        done = _jobs(api).wait(job["job_id"], timeout=300)
        assert done["status"] == "succeeded", done
        run = api.get(done["result"]["run"]).json()
        direct = api.post("/clusters/generate", json={"goal": GOAL, "k_max": 3}).json()
        assert direct["run_id"] == run["run_id"] == done["result"]["run_id"] and direct["cached"]
        assert direct["clusters"] == run["clusters"]
        assert api.post("/clusters/jobs", json={"goal": GOAL, "k_max": 1}).status_code == 422


def _pid_recording_runner(pid_file: Path, goal: str, **kwargs: Any) -> Any:
    pid_file.write_text(str(os.getpid()))  # which process segmented
    return run_goal(goal, **kwargs)


def test_a_goal_job_segments_in_a_child_process_with_the_job_budgets(
    make_app: Callable[..., FastAPI], small_population: pd.DataFrame, tmp_path: Path
) -> None:
    # before session 7 a goal job segmented in the service process: no kill at its budgets
    pid_file = tmp_path / "pid"
    runner = partial(_pid_recording_runner, pid_file, population=small_population)
    with TestClient(make_app(llm=None, goal_runner=runner)) as api:
        r = api.post("/clusters/jobs", json={"goal": GOAL, "k_max": 3})
        done = _jobs(api).wait(r.json()["job_id"], timeout=300)
        assert done["status"] == "succeeded", done
        assert int(pid_file.read_text()) != os.getpid()
        run_id = done["result"]["run_id"]
        personas = api.post("/personas/1", json={"run_id": run_id})
        assert personas.status_code == 200 and personas.json()["personas"], personas.text
        assert api.get(f"/runs/{run_id}/verify").json()["mismatches"] == []
    with TestClient(make_app(llm=None, goal_runner=runner, job_timeout_s=0.05)) as api:
        r = api.post("/clusters/jobs", json={"goal": GOAL, "k_max": 4})
        done = _jobs(api).wait(r.json()["job_id"], timeout=300)
        assert done["status"] == "failed" and done["error"]["code"] == "job_time_budget", done
        # the synchronous request stays in the service process (bounded by check_goal and the sample)
        assert api.post("/clusters/generate", json={"goal": GOAL, "k_max": 4}).status_code == 200


def test_a_goal_over_the_memory_budget_is_refused_before_any_job(make_app: Callable[..., FastAPI]) -> None:
    # 6,000 people (the test population), 4,500 bytes per audience row: about 26 MB > 16 MB
    with TestClient(make_app(llm=None, job_memory_mb=16)) as api:
        r = api.post("/clusters/jobs", json={"goal": GOAL, "k_max": 3})
        assert r.status_code == 422, r.text
        err = r.json()["error"]
        assert err["code"] == "job_memory_budget" and err["details"]["limit_mb"] == 16
        assert (
            "SYNTHPERSONA_JOB_MEMORY_MB" in err["message"] and "SYNTHPERSONA_AUDIENCE_ROWS" in err["message"]
        )
        assert err["details"]["estimate_mb"] == -(-6_000 * 4_500 // 2**20)
        assert api.get("/jobs").json() == []


def test_a_behaviour_job_stores_the_view_the_request_returns(
    make_app: Callable[..., FastAPI], settings: Any
) -> None:
    with TestClient(make_app(llm=None)) as api:
        files = {"events": ("log.csv", _log(50), "text/csv")}
        r = api.post("/behaviour/graph/jobs", files=files, data={"max_steps": "5"})
        assert r.status_code == 202, r.text
        done = _jobs(api).wait(r.json()["job_id"], timeout=120)
        assert done["status"] == "succeeded", done
        stored = api.get(done["result"]["result"]).json()
        direct = api.post("/behaviour/graph", files=files, data={"max_steps": "5"}).json()
        assert stored["data"] == direct["data"] and stored["n_events"] == direct["n_events"] == 200
        assert stored["source"] == "upload" and not _staging(settings.data_dir)  # the upload is gone
        assert api.get("/behaviour/results/" + "0" * 32).status_code == 404
        assert api.post("/behaviour/nope/jobs", json={}).status_code == 422
        html = api.post("/behaviour/graph/jobs", json={"format": "html"})
        assert html.status_code == 422 and "format" in html.json()["error"]["message"]


def test_a_log_over_the_memory_budget_is_refused_by_the_request_and_the_job(
    make_app: Callable[..., FastAPI], settings: Any
) -> None:
    # 25,000 users x 4 events = 100,001 lines; at 230 bytes an event about 22 MB > 16 MB
    with TestClient(make_app(llm=None, job_memory_mb=16)) as api:
        files = {"events": ("log.csv", _log(25_000), "text/csv")}
        for path in ("/behaviour/graph", "/behaviour/graph/jobs"):
            r = api.post(path, files=files)
            assert r.status_code == 422, r.text
            err = r.json()["error"]
            assert err["code"] == "job_memory_budget" and err["details"]["estimate_mb"] == 22
            assert "100,001 events" in err["message"] and "fewer users" in err["message"]
        assert api.get("/jobs").json() == [] and not _staging(settings.data_dir)
        small = api.post("/behaviour/graph", files={"events": ("l.csv", _log(50), "text/csv")})
        assert small.status_code == 200


def test_a_table_over_the_memory_budget_is_refused_by_the_analysis_and_its_job(
    make_app: Callable[..., FastAPI],
) -> None:
    # 60,000 rows (+ header) x 10 columns at 30 bytes a cell: about 18 MB > 16 MB
    frame = pd.DataFrame({f"c{j}": [f"v{(i * (j + 1)) % 7}" for i in range(60_000)] for j in range(10)})
    with TestClient(make_app(llm=None)) as api:  # the preview has the job budgets too (16 MB: refused)
        r = api.post("/datasets", files={"file": ("t.csv", frame.to_csv(index=False).encode(), "text/csv")})
        assert r.status_code == 201, r.text
        did = r.json()["dataset_id"]
    with TestClient(make_app(llm=None, job_memory_mb=16)) as api:
        for path in (f"/datasets/{did}/analyze", f"/datasets/{did}/jobs"):
            r = api.post(path, json={"k": 3})
            assert r.status_code == 422, r.text
            err = r.json()["error"]
            assert err["code"] == "job_memory_budget" and err["details"]["estimate_mb"] == 18
            assert "60,001 rows and 10 columns" in err["message"]
        assert api.get("/jobs").json() == []
