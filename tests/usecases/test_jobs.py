"""Jobs outside the request, and deletion that deletes: a deleted dataset leaves no file or record.

Reproductions of issue 20: ``DELETE /datasets/{id}`` during a running analysis answered 200,
then the analysis recreated its folder and a record pointing at the deleted dataset; crashes
left partial analysis folders that no restart cleaned.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from store.conftest import pg_url  # noqa: F401 - fixture (tests/ is on sys.path)
from synthpersona.config import Settings
from synthpersona.errors import NotFoundError
from synthpersona.store import Store
from synthpersona.usecases.datasets import ANALYSIS_KIND, Datasets
from synthpersona.usecases.jobs import CANCEL_KIND, JOB_KIND, JobContext, Jobs, interrupted_jobs
from tables._data import make_leads  # tests/tables (tests/ is on sys.path)


@pytest.fixture
def datasets(tmp_path: Path) -> Datasets:
    return Datasets(Settings(home=tmp_path / "home"), Store(f"sqlite:///{tmp_path / 'state.db'}"))


@pytest.fixture(params=["sqlite", "postgresql"])
def both(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Datasets]:
    """The use case on SQLite and on PostgreSQL."""
    url = (
        f"sqlite:///{tmp_path / 'state.db'}"
        if request.param == "sqlite"
        else request.getfixturevalue("pg_url")
    )
    store = Store(url)
    yield Datasets(Settings(home=tmp_path / "home"), store)
    store.close()


def _upload(datasets: Datasets, n: int = 200) -> str:
    data = make_leads(n, seed=2).to_csv(index=False).encode()
    return str(datasets.add(io.BytesIO(data), "leads.csv")["dataset_id"])


def _leftovers(datasets: Datasets) -> list[str]:
    """Every file under the datasets folder (empty staging folders do not count)."""
    return sorted(str(p.relative_to(datasets.root)) for p in datasets.root.rglob("*") if p.is_file())


def _dead_pid() -> int:
    return int(
        subprocess.run(
            [sys.executable, "-c", "import os; print(os.getpid())"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )


@pytest.mark.parametrize("when", ["Clustering and profiling", "Storing the analysis", "after the record"])
def test_deleting_a_dataset_while_it_is_analysed_leaves_no_file_or_record(both: Datasets, when: str) -> None:
    datasets = both
    did = _upload(datasets)
    if when == "after the record":  # the delete lands between the analysis record and its re-check
        put = datasets.store.put_document

        def put_then_delete(kind: str, doc_id: str, payload: dict[str, Any]) -> dict[str, Any]:
            out = put(kind, doc_id, payload)
            if kind == ANALYSIS_KIND:
                datasets.delete(did)
            return out

        datasets.store.put_document = put_then_delete  # type: ignore[method-assign]
        progress = None
    else:

        def progress(step: str) -> None:
            if step == when:
                datasets.delete(did)

    with pytest.raises(NotFoundError, match="was deleted while it was being analysed"):
        datasets.analyze(did, k=2, progress=progress)
    assert _leftovers(datasets) == []
    assert datasets.store.list_documents(ANALYSIS_KIND) == [] and datasets.list_all() == []
    assert not any(datasets.check(min_age_s=0).values())


def test_a_job_runs_reports_progress_and_can_be_cancelled(tmp_path: Path) -> None:
    jobs = Jobs(Store(f"sqlite:///{tmp_path / 'state.db'}"), threads=1)
    gate, started = threading.Event(), threading.Event()

    def blocked(ctx: JobContext) -> dict[str, Any]:
        ctx.progress("waiting")
        started.set()
        gate.wait(10)
        ctx.progress("after the gate")
        return {"never": True}

    first = jobs.submit("demo", {}, blocked)
    queued = jobs.submit("demo", {}, lambda ctx: {"n": 1})
    assert started.wait(20)
    assert jobs.get(queued["job_id"])["status"] == "queued"  # the one thread is busy
    assert jobs.get(first["job_id"])["progress"] == "waiting"
    jobs.cancel(queued["job_id"])
    jobs.cancel(first["job_id"])
    gate.set()
    done = jobs.wait(first["job_id"], timeout=20)
    assert (done["status"], done["error"]["code"], done["progress"]) == (
        "cancelled",
        "job_cancelled",
        "cancelled",
    )
    assert done["steps_done"] == 0 and done["result"] is None  # stopped at the step after the gate
    assert jobs.wait(queued["job_id"], timeout=20)["status"] == "cancelled"
    ok = jobs.submit("demo", {}, lambda ctx: {"n": 2})
    assert jobs.wait(ok["job_id"], timeout=20)["result"] == {"n": 2}
    assert jobs.cancel(ok["job_id"])["cancel_requested"] is False  # a finished job stays as it is
    jobs.close()


def test_a_job_over_its_time_budget_fails_with_the_setting_named(tmp_path: Path) -> None:
    jobs = Jobs(Store(f"sqlite:///{tmp_path / 'state.db'}"), threads=1, timeout_s=1e-9)
    job = jobs.submit("demo", {}, lambda ctx: {"n": 1})
    done = jobs.wait(job["job_id"], timeout=20)
    assert done["status"] == "failed" and done["error"]["code"] == "job_time_budget"
    assert "SYNTHPERSONA_JOB_TIMEOUT_S" in done["error"]["message"]
    jobs.close()


def test_jobs_of_a_dead_process_are_marked_failed_and_their_outputs_swept(datasets: Datasets) -> None:
    did = _upload(datasets)
    jobs = Jobs(datasets.store, threads=1)
    job = datasets.submit_analysis(jobs, did, k=2)
    assert jobs.wait(job["job_id"], timeout=600)["status"] == "succeeded"
    jobs.close()
    # a second job whose process was killed while it wrote its outputs
    dead = _dead_pid()
    rec = {**job, "job_id": "f" * 32, "status": "running", "runner": {**job["runner"], "pid": dead}}
    datasets.store.put_document(JOB_KIND, rec["job_id"], rec)
    partial = datasets.root / ".incoming" / f"{dead}-{'e' * 32}"
    partial.mkdir(parents=True)
    (partial / "clustered.csv").write_text("a,Cluster\n1,")
    assert interrupted_jobs(datasets.store) == [rec["job_id"]]
    found = datasets.check(repair=True)
    assert found["interrupted_jobs"] == [rec["job_id"]] and found["staging"] == [f".incoming/{partial.name}"]
    failed = datasets.store.get_document(JOB_KIND, rec["job_id"])
    assert failed["status"] == "failed" and failed["error"]["code"] == "job_interrupted"
    assert not partial.exists()
    assert not any(datasets.check(min_age_s=0).values())  # the finished job and its analysis are intact


def test_check_reports_every_orphan_and_repair_removes_only_them(both: Datasets) -> None:
    datasets = both
    keep = _upload(datasets)
    kept = datasets.analyze(keep, k=2)["analysis_id"]
    gone = _upload(datasets)
    datasets.store.delete_document("dataset", gone)  # a record lost, its folder left behind
    datasets.store.put_document(ANALYSIS_KIND, "a" * 32, {"analysis_id": "a" * 32, "dataset_id": "b" * 32})
    stray = datasets.analysis_dir(keep, "c" * 32)
    stray.mkdir(parents=True)
    (stray / "personas.json").write_text("[]")
    datasets.store.put_document(CANCEL_KIND, "d" * 32, {"job_id": "d" * 32})
    old = time.time() - 3600
    for path in (datasets.root / gone, stray):
        for p in [path, *path.rglob("*")]:
            os.utime(p, (old, old))
    found = datasets.check()
    assert found["dataset_folders"] == [gone]
    assert found["analysis_records"] == ["a" * 32]
    assert found["analysis_folders"] == [f"{keep}/analyses/{'c' * 32}"]
    assert found["job_records"] == [f"cancel:{'d' * 32}"]
    assert datasets.check(repair=True) == found
    assert not any(datasets.check(min_age_s=0).values())
    assert datasets.analysis(keep, kept)["dataset_id"] == keep  # what is in use stays
    assert datasets.output(keep, kept, "personas.json").is_file()


def test_a_fresh_folder_of_a_dead_writer_is_an_orphan_at_once(datasets: Datasets) -> None:
    keep = _upload(datasets)
    assert not (datasets.root / keep / ".owner").exists()  # removed once the record is stored
    dead = str(_dead_pid())
    cut = datasets.root / ("e" * 32)  # moved into place, then kill -9 before its record
    cut.mkdir()
    (cut / ".owner").write_text(dead)
    (cut / "source.csv").write_text("a\n1\n")
    busy = datasets.root / ("f" * 32)  # a live writer between the rename and the record
    busy.mkdir()
    (busy / ".owner").write_text(str(os.getpid()))
    sim = datasets.settings.data_dir / "simulations" / ("a" * 32)  # a simulation cut the same way
    sim.mkdir(parents=True)
    (sim / ".owner").write_text(dead)
    found = datasets.check(repair=True)  # default age limit: 10 minutes
    assert found["dataset_folders"] == ["e" * 32] and found["simulation_folders"] == ["a" * 32]
    assert not cut.exists() and not sim.exists() and busy.exists() and (datasets.root / keep).exists()


def test_a_delete_cut_by_a_crash_leaves_a_folder_the_sweep_removes_at_once(
    datasets: Datasets, monkeypatch: pytest.MonkeyPatch
) -> None:
    did = _upload(datasets)

    def crash(path: Any, ignore_errors: bool = False) -> None:
        raise SystemExit("kill -9")  # the process dies between the records and the files

    with monkeypatch.context() as m:
        m.setattr(shutil, "rmtree", crash)
        with pytest.raises(SystemExit):
            datasets.delete(did)
    folder = datasets.root / did
    assert folder.is_dir() and datasets.list_all() == []
    (folder / ".owner").write_text(str(_dead_pid()))  # as the dead process left it
    assert datasets.check(repair=True)["dataset_folders"] == [did] and not folder.exists()


def test_an_interrupted_job_of_a_deleted_dataset_leaves_no_record(datasets: Datasets) -> None:
    rec = {
        "job_id": "b" * 32,
        "status": "queued",
        "subject": {"dataset_id": "c" * 32},  # deleted while the job waited
        "runner": {"host": __import__("socket").gethostname(), "pid": _dead_pid()},
    }
    datasets.store.put_document(JOB_KIND, rec["job_id"], rec)
    found = datasets.check(repair=True)
    assert found["interrupted_jobs"] == [rec["job_id"]] and found["job_records"] == [rec["job_id"]]
    assert datasets.store.list_documents(JOB_KIND) == []
