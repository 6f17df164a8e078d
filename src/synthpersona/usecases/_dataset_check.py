"""What crashes and deletes leave behind under the data directory, found and (on request) removed.

:meth:`~synthpersona.usecases.datasets.Datasets.check` (``synthpersona store check``) and
:meth:`~synthpersona.usecases.datasets.Datasets.sweep_orphans` (at API startup) call
:func:`find_leftovers`. Each step looks at one kind of leftover in the layout the dataset use
case writes (its module docstring) and the records it keeps: staging folders of dead
processes, dataset folders and files without their record (or the reverse), analysis
outputs and records without their dataset, job records of deleted datasets, jobs a dead
process left running, and simulation report folders without their record.
"""

from __future__ import annotations

import contextlib
import re
import shutil
from typing import TYPE_CHECKING, Any

from synthpersona.errors import NotFoundError
from synthpersona.usecases._folders import abandoned, age, alive
from synthpersona.usecases.datasets import (
    _ID,
    _STAGING,
    ANALYSIS_KIND,
    DATASET_KIND,
    SIMULATION_KIND,
    UI_ANALYSIS_KIND,
    log,
)
from synthpersona.usecases.jobs import ACTIVE, CANCEL_KIND, JOB_KIND, interrupted_jobs

if TYPE_CHECKING:
    from synthpersona.usecases.datasets import Datasets

__all__ = ["FINDINGS", "find_leftovers"]

#: What :func:`find_leftovers` reports, in the order it looks.
FINDINGS = (
    "staging",
    "dataset_folders",
    "missing_files",
    "analysis_records",
    "analysis_folders",
    "job_records",
    "interrupted_jobs",
    "simulation_folders",
)
#: Folder ids of simulations (``<data dir>/simulations/<id>``, the API's ``/simulations``).
_SIM_ID = re.compile(r"^[0-9a-f]{12}([0-9a-f]{20})?$")


def find_leftovers(datasets: Datasets, *, repair: bool, min_age_s: float) -> dict[str, list[str]]:
    """``{finding: [names]}`` for every kind of leftover (:data:`FINDINGS`); ``repair`` removes them.

    See :meth:`~synthpersona.usecases.datasets.Datasets.check` for what each finding is.
    """
    found: dict[str, list[str]] = {name: [] for name in FINDINGS}
    _staging(datasets, found, repair)
    records = {d["dataset_id"]: d for d in datasets.store.list_documents(DATASET_KIND)}
    _missing_files(datasets, records, found, repair)
    analyses = _analysis_records(datasets, records, found, repair)
    _folders(datasets, records, analyses, found, repair, min_age_s)
    _jobs(datasets, records, found, repair)
    _simulation_folders(datasets, found, repair, min_age_s)
    if repair and any(found.values()):
        log.warning(
            "removed orphaned files and records",
            extra={"event": "orphans_removed", "n": sum(len(v) for v in found.values())},
        )
    return found


def _staging(datasets: Datasets, found: dict[str, list[str]], repair: bool) -> None:
    """Uploads and analyses cut by a dead process (or older than a day)."""
    staging = datasets.root / _STAGING
    if not staging.is_dir():
        return
    for entry in staging.iterdir():
        pid = entry.name.split("-", 1)[0]
        if not (pid.isdigit() and alive(int(pid))) or age(entry) > 86_400:
            found["staging"].append(f"{_STAGING}/{entry.name}")
            if repair:
                shutil.rmtree(entry, ignore_errors=True)


def _missing_files(
    datasets: Datasets, records: dict[str, Any], found: dict[str, list[str]], repair: bool
) -> None:
    """Dataset records whose stored file is gone (repair deletes the dataset)."""
    for dataset_id, doc in records.items():
        if doc.get("source_path"):  # a registered server file: the operator's, never removed here
            continue
        if not (datasets.root / dataset_id / str(doc.get("stored_as", ""))).is_file():
            found["missing_files"].append(dataset_id)
            if repair:
                with contextlib.suppress(NotFoundError):
                    datasets.delete(dataset_id)


def _analysis_records(
    datasets: Datasets, records: dict[str, Any], found: dict[str, list[str]], repair: bool
) -> dict[str, Any]:
    """Analysis records of deleted datasets; returns every analysis record by id."""
    store = datasets.store
    analyses = {a["analysis_id"]: a for a in store.list_documents(ANALYSIS_KIND)}
    for analysis_id, rec in analyses.items():
        if rec.get("dataset_id") not in records:
            found["analysis_records"].append(analysis_id)
            if repair:
                with contextlib.suppress(NotFoundError):
                    store.delete_document(ANALYSIS_KIND, analysis_id)
    return analyses


def _folders(
    datasets: Datasets,
    records: dict[str, Any],
    analyses: dict[str, Any],
    found: dict[str, list[str]],
    repair: bool,
    min_age_s: float,
) -> None:
    """Dataset folders without a record, and analysis output folders without one (API or UI)."""
    if not datasets.root.is_dir():
        return
    ui_analyses = {d["doc_id"] for d in datasets.store.list_document_ids(UI_ANALYSIS_KIND)}
    for entry in datasets.root.iterdir():
        if not _ID.match(entry.name):  # the web UI's uploads (ui- ids, no records) are left alone
            continue
        if entry.name not in records:
            if abandoned(entry, min_age_s):
                found["dataset_folders"].append(entry.name)
                if repair:
                    shutil.rmtree(entry, ignore_errors=True)
            continue
        outputs = entry / "analyses"
        for folder in outputs.iterdir() if outputs.is_dir() else ():
            recorded = folder.name in analyses or folder.name in ui_analyses
            if not recorded and abandoned(folder, min_age_s):
                found["analysis_folders"].append(f"{entry.name}/analyses/{folder.name}")
                if repair:
                    shutil.rmtree(folder, ignore_errors=True)


def _jobs(datasets: Datasets, records: dict[str, Any], found: dict[str, list[str]], repair: bool) -> None:
    """Jobs a dead process left running; finished jobs of deleted datasets; stray cancel requests."""
    store = datasets.store
    # interrupted jobs first: once marked failed, those of deleted datasets are removed below
    found["interrupted_jobs"] = interrupted_jobs(store, mark_failed=repair)
    jobs = {j["job_id"]: j for j in store.list_documents(JOB_KIND)}
    for job_id, job in jobs.items():
        dataset_id = (job.get("subject") or {}).get("dataset_id")
        if job.get("status") not in ACTIVE and dataset_id is not None and dataset_id not in records:
            found["job_records"].append(job_id)
            if repair:
                with contextlib.suppress(NotFoundError):
                    store.delete_document(JOB_KIND, job_id)
    for cancel in store.list_document_ids(CANCEL_KIND):
        owner = jobs.get(cancel["doc_id"])
        if owner is None or owner.get("status") not in ACTIVE:
            found["job_records"].append(f"cancel:{cancel['doc_id']}")
            if repair:
                with contextlib.suppress(NotFoundError):
                    store.delete_document(CANCEL_KIND, cancel["doc_id"])


def _simulation_folders(
    datasets: Datasets, found: dict[str, list[str]], repair: bool, min_age_s: float
) -> None:
    """Simulation report folders without a record."""
    sims = datasets.settings.data_dir / "simulations"
    if not sims.is_dir():
        return
    known = {d["doc_id"] for d in datasets.store.list_document_ids(SIMULATION_KIND)}
    for entry in sims.iterdir():
        if _SIM_ID.match(entry.name) and entry.name not in known and abandoned(entry, min_age_s):
            found["simulation_folders"].append(entry.name)
            if repair:
                shutil.rmtree(entry, ignore_errors=True)
