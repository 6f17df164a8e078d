"""``/datasets``: upload a customer table, analyse it into ranked personas, download every output.

Uploaded files and outputs stay on the server's disk under
``settings.data_dir / "datasets" / <dataset_id>``; ``DELETE /datasets/{dataset_id}``
removes the files and the records. Analyses run in the thread pool (plain ``def``
endpoints), never on the event loop.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Depends, File, Form, HTTPException, UploadFile
from fastapi.responses import FileResponse
from pydantic import BaseModel, ConfigDict, Field

from synthpersona.api._deps import get_settings, get_store
from synthpersona.config import Settings
from synthpersona.errors import NotFoundError, did_you_mean
from synthpersona.formats import describe, extensions
from synthpersona.store import Store, to_jsonable
from synthpersona.usecases.leads import OUTPUT_FILES, TABLE_ALGORITHMS, analyze_file, preview_file

__all__ = ["router"]

router = APIRouter(prefix="/datasets", tags=["datasets"])

log = logging.getLogger("synthpersona.api")

_KIND_DATASET = "dataset"
_STAGING = ".incoming"
_KIND_ANALYSIS = "dataset_analysis"
_ID = re.compile(r"^[0-9a-f]{32}$")
_CHUNK = 1 << 20
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
    role: str | None = Field(None, description="Seed role (state, industry, job_title, ...), if recognised.")
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


class AnalyzeRequest(BaseModel):
    """Parameters of an analysis (all optional)."""

    model_config = ConfigDict(extra="forbid")

    k: int | Literal["auto"] = Field(4, description="Number of clusters (2-50) or 'auto'.")
    target: str | None = Field(None, description="Yes/no outcome column; found by name when omitted.")
    features: list[str] | None = Field(None, description="Feature columns; inferred when omitted.")
    exclude: list[str] | None = Field(None, description="Columns never used as features.")
    algorithm: str = Field(
        "auto",
        description=f"One of {', '.join(TABLE_ALGORITHMS)}.",
        json_schema_extra={"enum": list(TABLE_ALGORITHMS)},  # checked by the core (with suggestions)
    )
    mode: Literal["auto", "leads", "generic"] = "auto"
    random_state: int = Field(0, ge=0, le=2**32 - 1, strict=True, description="Seed of every random step.")


class AnalysisOut(BaseModel):
    """A finished analysis: ranked personas, how they were made and where to download the outputs."""

    analysis_id: str
    dataset_id: str
    created_at: str
    params: dict[str, Any]
    summary: dict[str, Any]
    personas: list[dict[str, Any]]
    downloads: dict[str, str] = Field(description="Output file name -> download path.")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _root(settings: Settings) -> Path:
    return settings.data_dir / "datasets"


def _limits(settings: Settings) -> Any:
    from synthpersona.tables import TableLimits  # the table stack loads on first use, not at startup

    return TableLimits.from_settings(settings)


def _check_id(value: str, what: str) -> str:
    if not _ID.match(value):
        raise NotFoundError(f"No {what} with id {value!r}.", code=f"{what}_not_found", details={"id": value})
    return value


def _dataset(store: Store, dataset_id: str) -> dict[str, Any]:
    return store.get_document(_KIND_DATASET, _check_id(dataset_id, "dataset"))


def _source_path(settings: Settings, doc: dict[str, Any]) -> Path:
    return _root(settings) / doc["dataset_id"] / doc["stored_as"]


@router.post("", status_code=201, response_model=DatasetOut, summary="Upload a customer table")
def upload_dataset(
    file: UploadFile = File(..., description=describe("table")),
    name: str | None = Form(None, description="Display name (defaults to the file name)."),
    settings: Settings = Depends(get_settings),
    store: Store = Depends(get_store),
) -> dict[str, Any]:
    """Store the file on the server's disk and return a ``dataset_id`` with a schema preview.

    Files larger than ``SYNTHPERSONA_MAX_BODY_BYTES`` are refused with 413; files that are
    empty or not a table with 422 and a message saying why.
    """
    original = Path(file.filename or "upload.csv").name
    suffix = Path(original).suffix.lower()
    dataset_id = uuid.uuid4().hex
    # The upload is written to a staging folder named after this process and moved into place
    # only when complete (fsync, rename): a crash leaves no visible half file, and the startup
    # sweep removes staging folders of processes that are gone.
    folder = _root(settings) / _STAGING / f"{os.getpid()}-{dataset_id}"
    folder.mkdir(parents=True, exist_ok=False)
    final = _root(settings) / dataset_id
    # readers recognise the format from the suffix; other names are sniffed as delimited text
    stored_as = "source" + (suffix if suffix in extensions("table") else ".csv")
    target = folder / stored_as
    size = 0
    try:
        with open(target, "wb") as out:
            while chunk := file.file.read(_CHUNK):
                size += len(chunk)
                if size > settings.max_body_bytes:
                    raise HTTPException(
                        413,
                        f"Upload is larger than the limit of {settings.max_body_bytes:,} bytes; "
                        "send a smaller file or raise SYNTHPERSONA_MAX_BODY_BYTES on the server.",
                    )
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        preview = preview_file(target, limits=_limits(settings))
        folder.rename(final)
        folder = final
        doc = {
            "dataset_id": dataset_id,
            "filename": (name or original)[:200],
            "stored_as": stored_as,
            "size_bytes": size,
            "created_at": _now(),
            "preview": preview,
        }
        doc = store.put_document(_KIND_DATASET, dataset_id, doc)  # as stored (text normalised)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        with contextlib.suppress(OSError):  # the staging folder itself, when no other upload uses it
            (_root(settings) / _STAGING).rmdir()
        raise
    return doc


def sweep_orphans(settings: Settings, store: Store, *, min_age_s: float = 600) -> list[str]:
    """Remove upload leftovers: staging folders of dead processes, dataset folders without a record.

    Run at startup. A dataset folder gets its record right after it is moved into place, so
    only folders untouched for ``min_age_s`` are removed (another worker may be between the
    two steps). Returns the names removed.
    """
    root = _root(settings)
    removed: list[str] = []
    staging = root / _STAGING
    if staging.is_dir():
        for entry in staging.iterdir():
            pid = entry.name.split("-", 1)[0]
            if not (pid.isdigit() and _alive(int(pid))) or _age(entry) > 86_400:
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(f"{_STAGING}/{entry.name}")
    if root.is_dir():
        known = {d["doc_id"] for d in store.list_document_ids(_KIND_DATASET)}
        for entry in root.iterdir():
            if _ID.match(entry.name) and entry.name not in known and _age(entry) > min_age_s:
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(entry.name)
    if removed:
        log.warning("removed orphaned upload files", extra={"event": "orphans_removed", "n": len(removed)})
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def _age(path: Path) -> float:
    """Seconds since anything in ``path`` last changed."""
    newest = max((p.stat().st_mtime for p in path.rglob("*")), default=path.stat().st_mtime)
    return time.time() - max(newest, path.stat().st_mtime)


def _analysis_ids(store: Store) -> dict[str, list[str]]:
    """``{dataset_id: [analysis_id, ...]}`` oldest first; analyses point to their dataset, not the reverse,
    so concurrent analyses of one dataset never overwrite each other's record."""
    out: dict[str, list[str]] = {}
    for rec in store.list_documents(_KIND_ANALYSIS):
        out.setdefault(rec["dataset_id"], []).append(rec["analysis_id"])
    return out


@router.get("", response_model=list[DatasetOut], summary="List uploaded tables")
def list_datasets(store: Store = Depends(get_store)) -> list[dict[str, Any]]:
    ids = _analysis_ids(store)
    return [{**d, "analyses": ids.get(d["dataset_id"], [])} for d in store.list_documents(_KIND_DATASET)]


@router.get("/{dataset_id}", response_model=DatasetOut, summary="One uploaded table and its preview")
def get_dataset(dataset_id: str, store: Store = Depends(get_store)) -> dict[str, Any]:
    doc = _dataset(store, dataset_id)
    return {**doc, "analyses": _analysis_ids(store).get(dataset_id, [])}


@router.post(
    "/{dataset_id}/analyze",
    status_code=201,
    response_model=AnalysisOut,
    summary="Segment the table into ranked personas",
)
def analyze_dataset(
    dataset_id: str,
    body: AnalyzeRequest | None = None,
    settings: Settings = Depends(get_settings),
    store: Store = Depends(get_store),
) -> dict[str, Any]:
    """Run the analysis (k fixed or auto, target, features, algorithm, seed) and store every output."""
    doc = _dataset(store, dataset_id)
    params = (body or AnalyzeRequest.model_validate({})).model_dump()
    analysis_id = uuid.uuid4().hex
    out_dir = _root(settings) / dataset_id / "analyses" / analysis_id
    try:
        source = _source_path(settings, doc)
        result = analyze_file(source, out_dir=out_dir, limits=_limits(settings), **params)
    except BaseException:
        shutil.rmtree(out_dir, ignore_errors=True)
        raise
    from synthpersona.views import seed003

    downloads = {
        name: f"/datasets/{dataset_id}/analyses/{analysis_id}/{name}" for name in OUTPUT_FILES.values()
    }
    summary = result.summary()
    summary.pop("outputs", None)  # server paths stay on the server
    if summary.get("source"):
        summary["source"] = {k: v for k, v in summary["source"].items() if k != "path"}
    record = {
        "analysis_id": analysis_id,
        "dataset_id": dataset_id,
        "created_at": _now(),
        "params": params,
        "summary": to_jsonable(summary),
        "personas": to_jsonable(seed003.personas(result.segments, result.personas)),
        "downloads": downloads,
    }
    store.put_document(_KIND_ANALYSIS, analysis_id, record)
    return record


def _analysis(store: Store, dataset_id: str, analysis_id: str) -> dict[str, Any]:
    _dataset(store, dataset_id)
    rec = store.get_document(_KIND_ANALYSIS, _check_id(analysis_id, "analysis"))
    if rec["dataset_id"] != dataset_id:
        raise NotFoundError(
            f"Dataset {dataset_id!r} has no analysis {analysis_id!r}.", code="analysis_not_found"
        )
    return rec


@router.get("/{dataset_id}/analyses/{analysis_id}", response_model=AnalysisOut, summary="A stored analysis")
def get_analysis(dataset_id: str, analysis_id: str, store: Store = Depends(get_store)) -> dict[str, Any]:
    return _analysis(store, dataset_id, analysis_id)


@router.get(
    "/{dataset_id}/analyses/{analysis_id}/{filename}",
    summary="Download one output: personas.json, clustered.csv, dashboard.png, pca.png, report.html...",
    response_class=FileResponse,
)
def download_output(
    dataset_id: str,
    analysis_id: str,
    filename: str,
    settings: Settings = Depends(get_settings),
    store: Store = Depends(get_store),
) -> FileResponse:
    _analysis(store, dataset_id, analysis_id)
    allowed = list(OUTPUT_FILES.values())
    if filename not in allowed:
        raise NotFoundError(
            f"No output named {filename!r}; available: {', '.join(allowed)}."
            + did_you_mean(filename, allowed),
            code="output_not_found",
            details={"allowed": allowed},
        )
    path = _root(settings) / dataset_id / "analyses" / analysis_id / filename
    if not path.is_file():
        raise NotFoundError(
            f"Output {filename!r} of analysis {analysis_id!r} is missing on disk.", code="output_not_found"
        )
    return FileResponse(path, media_type=_MEDIA[path.suffix], filename=filename)


@router.delete("/{dataset_id}", summary="Delete a table, its analyses and all their files")
def delete_dataset(
    dataset_id: str,
    settings: Settings = Depends(get_settings),
    store: Store = Depends(get_store),
) -> dict[str, Any]:
    _dataset(store, dataset_id)
    removed = 0
    for analysis_id in _analysis_ids(store).get(dataset_id, []):
        try:
            store.delete_document(_KIND_ANALYSIS, analysis_id)
            removed += 1
        except NotFoundError:
            pass
    store.delete_document(_KIND_DATASET, dataset_id)
    shutil.rmtree(_root(settings) / dataset_id, ignore_errors=True)
    return {"deleted": dataset_id, "analyses_deleted": removed}
