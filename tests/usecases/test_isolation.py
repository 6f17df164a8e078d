"""Heavy work in a child process that is killed at its budgets (issue 20).

Before: the watchdog raised its exception in the job's thread, which arrives only at the
next Python instruction; one long call into C (a DuckDB query, a NumPy kernel) ran to its
end past the time and memory budgets, and a cancel waited for it too.
"""

from __future__ import annotations

import io
import multiprocessing
from pathlib import Path
from typing import Any

import pytest

from support.slow import duckdb_sum, numpy_fill
from synthpersona.config import Settings
from synthpersona.errors import ConflictError
from synthpersona.store import Store
from synthpersona.usecases import isolation
from synthpersona.usecases.datasets import ANALYSIS_KIND, Datasets
from synthpersona.usecases.isolation import run_isolated
from synthpersona.usecases.jobs import JobContext, Jobs
from tables._data import make_leads

ENDLESS = 10**13  # rows: hours of DuckDB work, far beyond any test timeout


def _busy_children() -> set[int]:
    """Child processes alive that are not waiting idle for a next task."""
    alive = {p.pid for p in multiprocessing.active_children() if p.name == "synthpersona-isolated"}
    return alive - {w.proc.pid for w in isolation._idle}


def _jobs(tmp_path: Path, **kw: Any) -> Jobs:
    return Jobs(Store(f"sqlite:///{tmp_path / 'state.db'}"), threads=1, **kw)


def test_a_job_inside_one_long_duckdb_query_is_stopped_at_its_time_budget(tmp_path: Path) -> None:
    jobs = _jobs(tmp_path, timeout_s=2)
    job = jobs.submit("demo", {}, lambda ctx: {"sum": ctx.run(duckdb_sum, ENDLESS)})
    done = jobs.wait(job["job_id"], timeout=120)  # would run for hours if not stopped
    assert done["status"] == "failed" and done["error"]["code"] == "job_time_budget", done
    assert not _busy_children()  # the child process running the query is gone
    jobs.close()


def test_a_job_inside_one_numpy_call_is_stopped_above_its_memory_budget(tmp_path: Path) -> None:
    jobs = _jobs(tmp_path, memory_mb=600, timeout_s=600)
    job = jobs.submit("demo", {}, lambda ctx: {"sum": ctx.run(numpy_fill, 500_000_000)})  # 4 GB
    done = jobs.wait(job["job_id"], timeout=600)
    assert done["status"] == "failed" and done["error"]["code"] == "job_memory_budget", done
    assert done["error"]["details"]["limit_mb"] == 600 < done["error"]["details"]["rss_mb"] < 4000
    assert "its worker process reached" in done["error"]["message"]
    jobs.close()


def test_cancel_stops_a_job_inside_one_long_call(tmp_path: Path) -> None:
    jobs = _jobs(tmp_path, timeout_s=600)
    steps: list[str] = []

    def work(ctx: JobContext) -> dict[str, Any]:
        steps.append("started")
        return {"sum": ctx.run(duckdb_sum, ENDLESS)}

    job = jobs.submit("demo", {}, work)
    while not steps:
        jobs.wait(job["job_id"], timeout=0.1)
    jobs.cancel(job["job_id"])
    done = jobs.wait(job["job_id"], timeout=120)
    assert (done["status"], done["error"]["code"]) == ("cancelled", "job_cancelled"), done
    jobs.close()


def test_results_errors_and_progress_cross_the_process_boundary() -> None:
    assert run_isolated(numpy_fill, 1000, timeout_s=120) == 1000.0
    with pytest.raises(ValueError, match="invalid literal"):
        run_isolated(int, "x", timeout_s=120)
    with pytest.raises(ConflictError) as info:
        run_isolated(duckdb_sum, ENDLESS, timeout_s=0.5)
    assert info.value.code == "job_time_budget"


def test_an_analysis_killed_in_its_child_leaves_no_output_and_a_finished_one_is_whole(tmp_path: Path) -> None:
    ds = Datasets(Settings(home=tmp_path / "home"), Store(f"sqlite:///{tmp_path / 'state.db'}"))
    data = make_leads(300, seed=3).to_csv(index=False).encode()
    did = str(ds.add(io.BytesIO(data), "l.csv")["dataset_id"])
    steps: list[str] = []

    def over_budget(fn: Any, *args: Any, **kwargs: Any) -> Any:  # the child is killed mid-way
        return run_isolated(fn, *args, timeout_s=0.05, **kwargs)

    with pytest.raises(ConflictError) as info:
        ds.analyze(did, k=2, run=over_budget)
    assert info.value.code == "job_time_budget"
    files = sorted(str(p.relative_to(ds.root)) for p in ds.root.rglob("*") if p.is_file())
    assert files == [str(ds.path(did).relative_to(ds.root))]  # no staging or analysis folder
    assert ds.store.list_documents(ANALYSIS_KIND) == []
    record = ds.analyze(did, k=2, run=run_isolated, progress=steps.append)
    assert steps[0] == "Reading the table" and steps[-1] == "Storing the analysis"
    outputs = ds.analysis_dir(did, record["analysis_id"])
    assert {p.name for p in outputs.iterdir()} >= {"personas.json", "clustered.csv", "report.html"}
    assert len(record["personas"]) == 2 and "path" not in record["summary"].get("source", {})


def test_the_fork_server_preloads_every_table_module_an_analysis_imports(tmp_path: Path) -> None:
    # an API analysis child starts from the fork server's preloaded modules; synthpersona.tables
    # exports lazily, so its heavy submodules must be named, or every child imports them again
    import subprocess
    import sys

    make_leads(120, seed=3).to_csv(tmp_path / "leads.csv", index=False)
    code = (
        "import importlib, sys\n"
        "from synthpersona.usecases.isolation import _PRELOAD\n"
        "for m in _PRELOAD: importlib.import_module(m)\n"
        "before = set(sys.modules)\n"
        "from synthpersona.tables import analyze_table, read_table\n"
        "from synthpersona.tables.sql_file import open_table_file\n"
        f"analyze_table(read_table({str(tmp_path / 'leads.csv')!r})[0], k=2)\n"
        f"open_table_file({str(tmp_path / 'leads.csv')!r}, k=2)\n"
        "print(sorted(m for m in set(sys.modules) - before if m.startswith('synthpersona.tables')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout
