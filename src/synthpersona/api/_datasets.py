"""``/datasets``: upload a customer table, analyse it into ranked personas, download every output.

The routes are thin: files, records, outputs and their deletion belong to the use case
:class:`synthpersona.usecases.datasets.Datasets` (layout on disk documented there).
The upload size limit is HTTP's business, so it stays here. Analyses run in the thread
pool (plain ``def`` endpoints), never on the event loop.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import IO, Any, Literal, cast

from fastapi import APIRouter, Depends, File, Form, HTTPException, UploadFile
from fastapi.responses import FileResponse
from pydantic import BaseModel, ConfigDict, Field

from synthpersona.api._deps import get_settings, get_store
from synthpersona.api._jobs import JobOut, get_jobs, public_job
from synthpersona.api._schemas import CheckResponse
from synthpersona.api._tenancy import get_tenant
from synthpersona.config import Settings
from synthpersona.formats import describe
from synthpersona.store import Store
from synthpersona.tables import TableMode, TableOptions
from synthpersona.usecases.datasets import Datasets
from synthpersona.usecases.isolation import request_runner
from synthpersona.usecases.jobs import Jobs
from synthpersona.usecases.tables import COLUMN_ROLES, TABLE_ALGORITHMS

__all__ = ["router"]

router = APIRouter(prefix="/datasets", tags=["datasets"])
log = logging.getLogger("synthpersona.api")

_MEDIA = {
    ".json": "application/json",
    ".csv": "text/csv; charset=utf-8",
    ".png": "image/png",
    ".html": "text/html; charset=utf-8",
}


class ColumnPreview(BaseModel):
    """One column of an uploaded table as the analysis will see it."""

    name: str
    kind: str = Field(
        description="category, ordered, numeric, title, grouped, target, identifier, text, date..."
    )
    role: str | None = Field(
        None, description=f"Column role, one of {', '.join(COLUMN_ROLES)} (from its name and values)."
    )
    reason: str = Field("", description="Why the column has this role.")
    personal: bool = Field(False, description="Personal data: never clustered; no examples shown.")
    used_by_default: bool
    n_distinct: int
    n_blank: int
    examples: list[str]


class SchemaPreview(BaseModel):
    n_rows: int
    n_columns: int
    format: str
    encoding: str | None
    delimiter: str | None
    description: str
    repairs: list[str] = Field(
        default_factory=list, description="What was repaired while reading (report title/total lines...)."
    )
    target: str | None = Field(None, description="The outcome column the analysis will use by default.")
    columns: list[ColumnPreview]


class DatasetOut(BaseModel):
    """An uploaded table."""

    dataset_id: str
    filename: str
    size_bytes: int
    created_at: str
    preview: SchemaPreview
    analyses: list[str] = Field(
        default_factory=list, description="analysis_id of each analysis, oldest first."
    )
    source_path: str | None = Field(
        None, description="A server file registered by path (POST /datasets/by-path): read in place."
    )


class RegisterRequest(BaseModel):
    """A server file to register as a dataset (read where it is, never copied)."""

    model_config = ConfigDict(extra="forbid")

    path: str = Field(
        min_length=1,
        max_length=4096,
        description="Absolute path of a CSV/TSV/Parquet file inside a folder of SYNTHPERSONA_DATASET_DIRS.",
    )
    name: str | None = Field(None, max_length=200, description="Display name (defaults to the file name).")


_TABLE_K = cast("int | Literal['auto']", TableOptions().k)  # the table workflow's default k (an int)


class AnalyzeRequest(BaseModel):
    """Parameters of an analysis (all optional)."""

    model_config = ConfigDict(extra="forbid")

    k: int | Literal["auto"] = Field(_TABLE_K, description="Number of clusters (2-50) or 'auto'.")
    target: str | None = Field(None, description="Yes/no outcome column; found by name when omitted.")
    features: list[str] | None = Field(None, description="Feature columns; inferred when omitted.")
    exclude: list[str] | None = Field(None, description="Columns never used as features.")
    roles: dict[str, str] | None = Field(
        None,
        description="Override detected column roles, {column: role}; roles: "
        + ", ".join(COLUMN_ROLES)
        + " ('target' names the outcome, 'category' makes a column a feature).",
    )
    sheet: str | None = Field(
        None, description="Excel only: the sheet to analyse (default: the first table)."
    )
    algorithm: str = Field(
        TableOptions().algorithm,
        description=f"One of {', '.join(TABLE_ALGORITHMS)}.",
        json_schema_extra={"enum": list(TABLE_ALGORITHMS)},  # checked by the core (with suggestions)
    )
    mode: TableMode = "auto"
    random_state: int = Field(0, ge=0, le=2**32 - 1, strict=True, description="Seed of every random step.")
    k_anonymity: int | None = Field(
        5,
        ge=2,
        strict=True,
        description="The personas are protected by default: each one's stated attributes match at least "
        "this many rows (generalised until they do; reported under summary.privacy). null: unprotected.",
    )
    postal_country: str | None = Field(
        None,
        max_length=8,
        description="ISO country of the postal codes (IN, DE, US...) for the coarse 'COLUMN (region)' "
        "feature; "
        "found from a country column, the header or the codes' format when null; 'none' derives none.",
    )
    by_path: bool | None = Field(
        None,
        description="true: the engine reads the stored CSV/TSV/Parquet file in place (roles and clustering "
        "fitted on a 200,000-row sample, every row labelled and counted in batches; summary.engine names "
        "the engine). null: so for files above SYNTHPERSONA_TABLE_BY_PATH_MB. false: always in memory.",
    )


class AnalysisOut(BaseModel):
    """A finished analysis: ranked personas, how they were made and where to download the outputs."""

    analysis_id: str
    dataset_id: str
    created_at: str
    params: dict[str, Any]
    summary: dict[str, Any]
    personas: list[dict[str, Any]]
    downloads: dict[str, str] = Field(description="Output file name -> download path.")


def _datasets(
    settings: Settings = Depends(get_settings),
    store: Store = Depends(get_store),
    tenant: str = Depends(get_tenant),
) -> Datasets:
    return Datasets(settings, store, tenant=tenant)


class _Limited:
    """A readable upload that answers 413 once more than ``limit`` bytes were read."""

    def __init__(self, raw: IO[bytes], limit: int) -> None:
        self._raw, self._limit, self._read = raw, limit, 0

    def read(self, n: int = -1, /) -> bytes:
        chunk = self._raw.read(n)
        self._read += len(chunk)
        if self._read > self._limit:
            raise HTTPException(
                413,
                f"Upload is larger than the limit of {self._limit:,} bytes; "
                "send a smaller file or raise SYNTHPERSONA_MAX_BODY_BYTES on the server.",
            )
        return chunk


@router.post("", status_code=201, response_model=DatasetOut, summary="Upload a customer table")
def upload_dataset(
    file: UploadFile = File(..., description=describe("table")),
    name: str | None = Form(None, description="Display name (defaults to the file name)."),
    settings: Settings = Depends(get_settings),
    datasets: Datasets = Depends(_datasets),
) -> dict[str, Any]:
    """Store the file on the server's disk and return a ``dataset_id`` with a schema preview.

    Files larger than ``SYNTHPERSONA_MAX_BODY_BYTES`` are refused with 413; files that are
    empty or not a table with 422 and a message saying why.
    """
    stream = _Limited(file.file, settings.max_body_bytes)
    # the preview in a child process killed at the job budgets (time, memory), like an analysis
    return datasets.add(stream, file.filename or "upload.csv", name=name, run=request_runner(settings))


@router.post("/by-path", status_code=201, response_model=DatasetOut, summary="Register a server file by path")
def register_dataset(
    body: RegisterRequest,
    settings: Settings = Depends(get_settings),
    datasets: Datasets = Depends(_datasets),
) -> dict[str, Any]:
    """Record a CSV/TSV/Parquet file already on the server as a dataset, for data too big to upload.

    The file is read where it is (never copied); its analyses run in place above
    ``SYNTHPERSONA_TABLE_BY_PATH_MB``. Only files inside the folders the operator lists in
    ``SYNTHPERSONA_DATASET_DIRS`` (none by default) are accepted, after ``..`` and symbolic
    links are resolved: otherwise 422 naming the setting. Deleting the dataset never deletes
    the file.
    """
    return datasets.register(body.path, name=body.name, run=request_runner(settings))


def sweep_orphans(settings: Settings, store: Store, *, min_age_s: float = 600) -> list[str]:
    """Remove upload leftovers at startup (see :meth:`Datasets.sweep_orphans`)."""
    return Datasets(settings, store).sweep_orphans(min_age_s=min_age_s)


def start_sweeper(settings: Settings, store: Store) -> Callable[[], None]:
    """Sweep orphans every ``SYNTHPERSONA_SWEEP_INTERVAL_S`` in a daemon thread; return its stop.

    Leftovers younger than the sweep's age limit at startup (a crash right after an upload)
    are removed by a later round instead of waiting for the next restart.
    """
    stop = threading.Event()
    interval = settings.sweep_interval_s
    if interval <= 0:
        return stop.set

    def loop() -> None:
        while not stop.wait(interval):
            try:
                sweep_orphans(settings, store)
            except Exception as exc:  # a busy or unreachable store: try again next round
                log.warning(
                    "orphan sweep failed", extra={"event": "orphans_error", "error": type(exc).__name__}
                )

    threading.Thread(target=loop, name="synthpersona-sweeper", daemon=True).start()
    return stop.set


@router.get("", response_model=list[DatasetOut], summary="List uploaded tables")
def list_datasets(datasets: Datasets = Depends(_datasets)) -> list[dict[str, Any]]:
    return datasets.list_all()


@router.get("/{dataset_id}", response_model=DatasetOut, summary="One uploaded table and its preview")
def get_dataset(dataset_id: str, datasets: Datasets = Depends(_datasets)) -> dict[str, Any]:
    return datasets.get(dataset_id)


@router.post(
    "/{dataset_id}/analyze",
    status_code=201,
    response_model=AnalysisOut,
    summary="Segment the table into ranked personas",
)
def analyze_dataset(
    dataset_id: str,
    body: AnalyzeRequest | None = None,
    datasets: Datasets = Depends(_datasets),
) -> dict[str, Any]:
    """Run the analysis (k fixed or auto, target, features, algorithm, seed) and store every output."""
    params = (body or AnalyzeRequest.model_validate({})).model_dump()
    # in a child process killed at the job budgets (time, memory), like the same work as a job
    return datasets.analyze(dataset_id, run=request_runner(datasets.settings), **params)


@router.post(
    "/{dataset_id}/jobs",
    status_code=202,
    response_model=JobOut,
    summary="Start the analysis as a job (poll GET /jobs/{job_id})",
)
def analyze_dataset_job(
    dataset_id: str,
    body: AnalyzeRequest | None = None,
    datasets: Datasets = Depends(_datasets),
    jobs: Jobs = Depends(get_jobs),
) -> dict[str, Any]:
    """Like ``POST /datasets/{id}/analyze`` but answers at once with a job; its ``result`` names
    the analysis when it succeeded. Cancel it with ``DELETE /jobs/{job_id}``.
    """
    params = (body or AnalyzeRequest.model_validate({})).model_dump()
    job = datasets.submit_analysis(jobs, dataset_id, **params)
    return public_job(job)


@router.get("/{dataset_id}/analyses/{analysis_id}", response_model=AnalysisOut, summary="A stored analysis")
def get_analysis(
    dataset_id: str, analysis_id: str, datasets: Datasets = Depends(_datasets)
) -> dict[str, Any]:
    return datasets.analysis(dataset_id, analysis_id)


@router.get(
    "/{dataset_id}/analyses/{analysis_id}/verify",
    response_model=CheckResponse,
    summary="Re-derive an analysis's personas from the table",
)
def verify_analysis(
    dataset_id: str, analysis_id: str, datasets: Datasets = Depends(_datasets)
) -> dict[str, Any]:
    """Recompute every number and word of the analysis's ``personas.json`` from its rows.

    ``ok`` is true when nothing differs (name words must hold in the segment and against
    the whole table; conversion tiers, shares and narratives must recompute).
    """
    from synthpersona.usecases.verify import verify_table_dir

    datasets.analysis(dataset_id, analysis_id)  # 404 for an unknown dataset or analysis
    found = verify_table_dir(datasets.analysis_dir(dataset_id, analysis_id))
    return {"ok": not found, "mismatches": [m.__dict__ for m in found]}


@router.get(
    "/{dataset_id}/analyses/{analysis_id}/{filename}",
    summary="Download one output: personas.json, clustered.csv, dashboard.png, pca.png, report.html...",
    response_class=FileResponse,
)
def download_output(
    dataset_id: str, analysis_id: str, filename: str, datasets: Datasets = Depends(_datasets)
) -> FileResponse:
    path = datasets.output(dataset_id, analysis_id, filename)
    return FileResponse(path, media_type=_MEDIA[path.suffix], filename=filename)


class DatasetDeleted(BaseModel):
    """What a delete removed."""

    deleted: str = Field(description="The dataset id.")
    analyses_deleted: int = Field(description="How many stored analyses of it were removed.")
    jobs_cancelled: int = Field(0, description="How many running analyses of it were stopped.")
    behaviour_results_deleted: int = Field(
        0, description="How many stored behaviour views of it were removed."
    )


@router.delete(
    "/{dataset_id}",
    response_model=DatasetDeleted,
    summary="Delete a table, its analyses, its jobs and all their files",
)
def delete_dataset(dataset_id: str, datasets: Datasets = Depends(_datasets)) -> dict[str, Any]:
    return datasets.delete(dataset_id)
