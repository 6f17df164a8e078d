"""``/simulations``: clickstream -> behavioural personas -> simulated A/B test, with report files.

``POST /simulations`` accepts either a multipart upload (field ``events`` plus the
parameters as form fields) or a JSON body naming a ``dataset_id`` (an uploaded
dataset, or ``"sample"`` for the bundled sample log). The run is computed in a
worker thread, its reports are written under ``<data_dir>/simulations/<id>/`` and
its summary stored as a ``simulations`` document.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, Literal

import anyio
from fastapi import APIRouter, Depends, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, PrivateAttr, field_validator
from pydantic import ValidationError as PydanticValidationError

from synthpersona.api._deps import get_settings, get_store
from synthpersona.api._jobs import JobOut, get_jobs, public_job
from synthpersona.api._schemas import CheckResponse
from synthpersona.api._tenancy import get_tenant
from synthpersona.config import Settings
from synthpersona.engine import engine_name
from synthpersona.errors import DataError, InputError, NotFoundError
from synthpersona.formats import reader_for, sniff_suffix, sniffed_note
from synthpersona.store import Store
from synthpersona.usecases.datasets import SIMULATION_KIND, Datasets
from synthpersona.usecases.isolation import Runner, request_runner
from synthpersona.usecases.jobs import JobContext, Jobs, uninterruptible
from synthpersona.usecases.simulation import parse_modification, simulation_summary
from synthpersona.usecases.tenants import owned_by

router = APIRouter(tags=["simulations"])

KIND = SIMULATION_KIND
_ID = r"^[a-f0-9]{12}([a-f0-9]{20})?$"  # 128-bit ids; 12-digit ones from before stay readable
_MEDIA = {
    ".html": "text/html",
    ".png": "image/png",
    ".csv": "text/csv",
    ".json": "application/json",
    ".js": "text/javascript",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


class SimulationRequest(BaseModel):
    """Parameters of a simulation (JSON body, or form fields next to an upload)."""

    model_config = ConfigDict(extra="forbid")

    dataset_id: str = Field(
        "sample",
        max_length=200,
        description="Id of an uploaded dataset, or 'sample' for the bundled sample log.",
    )
    modification: str | dict[str, Any] | None = Field(
        "additional_steps=2,friction_factor=0.1",
        description="Change to test: 'key=value,...' text or an object (additional_steps, friction_factor, "
        "insert_before, remove_steps, personas, 'from->to': p, 'from->to*': m). null for an A/A test.",
    )
    funnel: list[str] | str | None = Field(None, description="Ordered funnel steps (list or 'a,b,c').")
    goal: list[str] | str | None = Field(
        None,
        description="Goal event(s) counted as a conversion (list or 'a,b'). null: the last funnel step; "
        "without a funnel, an event named like a conversion or the last value of a stage/status column.",
    )
    n_personas: int = Field(500, ge=1, le=2_000_000, description="Synthetic users per arm.")
    k: int | None = Field(
        None,
        ge=1,
        le=50,
        validation_alias=AliasChoices("k", "n_clusters"),
        description="Behavioural personas (null: automatic); the former name n_clusters is still accepted.",
    )
    max_length: int | None = Field(
        None,
        ge=1,
        le=200,
        description="Most events per simulated session (null: the log's 99.9th percentile session length).",
    )
    columns: dict[str, str] | None = Field(
        None, description="Map canonical names to yours, e.g. {'user_id': 'visitor', 'event': 'action'}."
    )
    order: Literal[1, 2] = 1
    random_state: int = Field(0, ge=0, le=2**32 - 1)
    run_validation: bool = Field(True, description="Check the generator against held-out users.")
    deck: bool = Field(True, description="Also write the PowerPoint deck.")
    k_anonymity: int | None = Field(
        5,
        ge=2,
        strict=True,
        description="The personas are protected by default: no trait, attribute combination, path or event "
        "a persona states rests on fewer than this many users (reported under summary.privacy). "
        "null: unprotected.",
    )
    compare_to_dataset_id: str | None = Field(
        None,
        max_length=200,
        description="An earlier event log of the same product (uploaded dataset id, or 'sample'): its "
        "personas are matched to this run's and the summary's 'drift' says what changed (docs/trust.md).",
    )
    _compare_to: Path | None = PrivateAttr(None)  # the earlier log's file, resolved before any work
    _engine: str | None = PrivateAttr(None)  # a dataset registered by path: read in place by this engine

    @field_validator("random_state", "n_personas", "k", "max_length", mode="before")
    @classmethod
    def _no_booleans(cls, value: Any) -> Any:
        # pydantic reads true as 1; a seed or a count given as true/false is a mistake
        if isinstance(value, bool):
            raise ValueError("must be a whole number, not true/false")
        return value


class SimulationLinks(BaseModel):
    """Where to fetch the simulation again and each of its report files."""

    self: str = Field(description="URL of this simulation (GET).")
    report: str | None = Field(description="URL of index.html, the report to open first (null if absent).")
    files: dict[str, str] = Field(description="File name -> download URL.")


class Simulation(BaseModel):
    """A stored simulation: the run summary, how it was requested and links to its reports."""

    # The nested summaries (ingest, clustering, experiment, ...) are documented in
    # docs/simulation.md; later fields of a newer summary pass through unchanged.
    model_config = ConfigDict(extra="allow")

    simulation_id: str
    created_at: str = Field(description="ISO 8601 UTC time of the run.")
    status: Literal["done"]
    request: dict[str, Any] = Field(description="Parameters of the run (dataset_id 'upload' for uploads).")
    ingest: dict[str, Any] = Field(description="Rows, users, sessions and events read, and what was dropped.")
    funnel: list[str] = Field(description="Ordered funnel steps; the last one is the conversion.")
    completion_events: list[str]
    goal_note: str = Field(
        "", description="Where the goal came from (given, funnel, a stage column) and how to change it."
    )
    drop_events: list[str]
    clustering: dict[str, Any] = Field(description="k, silhouette and sizes of the behavioural clustering.")
    planted_ari: float | None = Field(description="Agreement with planted segments (sample data only).")
    personas: list[dict[str, Any]] = Field(description="One behavioural persona per cluster, with evidence.")
    experiment: dict[str, Any] = Field(description="The simulated A/B test: modification, rates, p-value.")
    validation: dict[str, Any] | None = Field(description="Generator vs held-out sessions (null if skipped).")
    files: list[str] = Field(description="Report files of this run.")
    timings: dict[str, float] = Field(description="Seconds per step.")
    links: SimulationLinks


class SimulationListItem(BaseModel):
    """Headline numbers of one stored simulation."""

    simulation_id: str | None
    created_at: str | None
    modification: str | None = Field(description="The change tested, in words.")
    control_rate: float | None
    treatment_rate: float | None
    p_value: float | None


def _links(request: Request, sim_id: str, files: list[str]) -> dict[str, Any]:
    base = str(request.url_for("get_simulation", simulation_id=sim_id))
    return {
        "self": base,
        "report": f"{base}/files/index.html" if "index.html" in files else None,
        "files": {name: f"{base}/files/{name}" for name in files},
    }


def _owned(store: Store, simulation_id: str, tenant: str) -> dict[str, Any]:
    """The simulation's record; another tenant's is not found, exactly like a missing one."""
    doc = store.get_document(KIND, simulation_id)
    if not owned_by(doc, tenant):
        raise NotFoundError(
            f"No {KIND} with id {simulation_id!r}.",
            code=f"{KIND}_not_found",
            details={"kind": KIND, "id": simulation_id},
        )
    return doc


def _dataset_path(store: Store, settings: Settings, dataset_id: str, tenant: str) -> Path | None:
    """File of a dataset uploaded through ``POST /datasets`` (``None`` for the bundled sample)."""
    if dataset_id == "sample":
        return None
    try:
        path = (
            Datasets(settings, store, tenant=tenant).path(dataset_id)
            if re.fullmatch(r"[A-Za-z0-9_-]+", dataset_id)
            else None
        )
    except NotFoundError:
        path = None
    if path is None:
        raise NotFoundError(
            f"No dataset with id {dataset_id!r}. Upload the event log with POST /datasets or with this "
            "request "
            "(multipart field 'events'), or use dataset_id 'sample'.",
            code="dataset_not_found",
            details={"dataset_id": dataset_id},
        )
    if not path.is_file():
        raise DataError(
            f"Dataset {dataset_id!r} has no readable file on the server.", details={"dataset_id": dataset_id}
        )
    return path


def _by_path(store: Store, settings: Settings, dataset_id: str, tenant: str) -> bool:
    """Whether the dataset is a server file registered by path (``POST /datasets/by-path``)."""
    return bool(Datasets(settings, store, tenant=tenant).get(dataset_id).get("source_path"))


async def _parse(request: Request, folder: Path) -> tuple[SimulationRequest, Path | None]:
    ctype = request.headers.get("content-type", "")
    upload_path: Path | None = None
    try:
        if ctype.startswith("multipart/form-data"):
            form = await request.form()
            fields: dict[str, Any] = {}
            for key, value in form.multi_items():
                if key == "events":
                    if isinstance(value, str):
                        raise InputError("Field 'events' must be a file upload.", code="invalid_input")
                    upload_path = await _save_upload(value, folder)
                else:
                    fields[key] = value
            if upload_path is None:
                raise InputError(
                    "Multipart request without an 'events' file. Upload the event log as field 'events', or "
                    "send JSON with a dataset_id.",
                )
            if isinstance(fields.get("columns"), str):
                # Form fields are flat: columns come as "user_id=visitor,event=action".
                pairs = [p.split("=", 1) for p in str(fields["columns"]).split(",") if "=" in p]
                fields["columns"] = {k.strip(): v.strip() for k, v in pairs}
            body = SimulationRequest.model_validate({k: v for k, v in fields.items() if v != ""})
        else:
            raw = await request.body()
            body = SimulationRequest.model_validate_json(raw or b"{}")
    except PydanticValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err.get("loc", ())) or "body"
        raise InputError(
            f"Invalid simulation request: {where}: {err.get('msg')}.",
            details={
                "errors": [
                    {"field": ".".join(map(str, e.get("loc", ()))), "message": e.get("msg")}
                    for e in exc.errors()
                ]
            },
        ) from None
    return body, upload_path


_SNIFFED = "upload.sniffed.json"  # the format an upload without a known extension was recognised as


async def _save_upload(upload: Any, folder: Path) -> Path:
    name = Path(str(upload.filename or "events.csv")).name
    first = await upload.read(1 << 20)
    # a name without a known extension is recognised by its content (reported in the run's notes);
    # content that is no event log is refused, listing the readable formats, before anything is written
    suffix, sniffed = sniff_suffix(name, "event_log", first[:4096])
    reader_for(f"upload{suffix}", "event_log", first[:4096])
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"upload{suffix}"
    with target.open("wb") as fh:
        chunk = first
        while chunk:
            fh.write(chunk)
            chunk = await upload.read(1 << 20)
    if sniffed:
        (folder / _SNIFFED).write_text(json.dumps({"format": sniffed, "note": sniffed_note(name, sniffed)}))
    return target


@router.post(
    "/simulations",
    status_code=201,
    response_model=Simulation,
    summary="Run a simulated A/B test on a clickstream",
)
async def create_simulation(
    request: Request,
    settings: Settings = Depends(get_settings),
    store: Store = Depends(get_store),
    tenant: str = Depends(get_tenant),
) -> dict[str, Any]:
    """Ingest events, cluster behavioural personas, simulate the change and write the reports.

    Send ``multipart/form-data`` with the event log as ``events`` (CSV/TSV/Parquet with
    ``user_id, event, timestamp`` and optionally ``session_id``) and the parameters as
    form fields, or JSON ``{"dataset_id": "sample", "modification": "additional_steps=2,
    friction_factor=0.1", "n_personas": 500}``.
    """
    sim_id, folder, body, upload, source = await _prepare(request, settings, store, tenant)
    # in a child process killed at the job budgets (time, memory), like the same run as a job
    run = request_runner(settings)
    doc = await anyio.to_thread.run_sync(
        partial(_execute, store, sim_id, folder, body, upload, source, tenant, run=run)
    )
    return {**doc, "links": _links(request, sim_id, list(doc["files"]))}


async def _prepare(
    request: Request, settings: Settings, store: Store, tenant: str
) -> tuple[str, Path, SimulationRequest, Path | None, Path | None]:
    """Read the request (saving an upload) before any work: bad input is refused here."""
    sim_id = uuid.uuid4().hex  # 128 random bits: not guessable (was 48)
    folder = settings.data_dir / "simulations" / sim_id
    try:
        body, upload = await _parse(request, folder)
        parse_modification(body.modification)
        source = upload if upload is not None else _dataset_path(store, settings, body.dataset_id, tenant)
        if upload is None and source is not None and _by_path(store, settings, body.dataset_id, tenant):
            body._engine = engine_name(settings.engine)  # read in place, as `simulate --engine` reads it
        if body.compare_to_dataset_id is not None:
            from synthpersona.simulation import sample_events_path

            earlier = _dataset_path(store, settings, body.compare_to_dataset_id, tenant)
            body._compare_to = earlier if earlier is not None else sample_events_path()
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)  # nothing half-written stays behind
        raise
    return sim_id, folder, body, upload, source


def _goal_events(goal: list[str] | str | None) -> list[str] | None:
    """The request's goal as a list of event names (``None``: not given)."""
    if goal is None:
        return None
    names = goal.split(",") if isinstance(goal, str) else goal
    return [n.strip() for n in names if n.strip()] or None


def _call(fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
    return fn(*args, **kwargs)


def _execute(
    store: Store,
    sim_id: str,
    folder: Path,
    body: SimulationRequest,
    upload: Path | None,
    source: Path | None,
    tenant: str,
    progress: Callable[[str], None] | None = None,
    run: Runner | None = None,
) -> dict[str, Any]:
    """Run the simulation, write its reports and store its summary; remove the folder on failure.

    ``run`` runs the computation (``run(fn, *args, progress=..., **kwargs)``): a job's
    :meth:`~synthpersona.usecases.jobs.JobContext.run` or :func:`~synthpersona.usecases.
    isolation.request_runner` put it in a child process killed at its budgets; ``None`` runs it
    here. The folder is marked with this (the service's) pid, so a crash leaves it to the sweep.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / ".owner").write_text(str(os.getpid()))  # a dead writer's folder is swept at once
        summary = (run or _call)(
            simulation_summary,
            source,
            funnel=body.funnel,
            completion_events=_goal_events(body.goal),
            modification=parse_modification(body.modification),
            n_personas=body.n_personas,
            k=body.k,
            max_length=body.max_length,
            order=body.order,
            random_state=body.random_state,
            out_dir=folder / "reports",
            validate=body.run_validation,
            columns=body.columns,
            deck=body.deck,
            simulation_id=sim_id,
            progress=progress,
            k_anonymity=body.k_anonymity,
            compare_to=body._compare_to,
            engine=body._engine,
        )
        files = list(summary["files"])
        # Server paths stay on the server.
        summary["ingest"]["source"] = "upload" if upload is not None else body.dataset_id
        if upload is not None and (folder / _SNIFFED).is_file():  # a name without a known extension
            sniffed = json.loads((folder / _SNIFFED).read_text())
            summary["ingest"]["sniffed_format"] = sniffed["format"]
            summary["notes"] = [sniffed["note"], *summary.get("notes", [])]
        doc = {
            **summary,
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "tenant": tenant,
            "status": "done",
            "request": body.model_dump() | {"dataset_id": "upload" if upload else body.dataset_id},
            "files": files,
        }
        with uninterruptible():  # the record and the folder's release go together
            stored = store.put_document(KIND, sim_id, doc)
            (folder / ".owner").unlink(missing_ok=True)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return stored


@router.post(
    "/simulations/jobs",
    status_code=202,
    response_model=JobOut,
    summary="Start a simulation as a job (poll GET /jobs/{job_id})",
)
async def create_simulation_job(
    request: Request,
    settings: Settings = Depends(get_settings),
    store: Store = Depends(get_store),
    tenant: str = Depends(get_tenant),
    jobs: Jobs = Depends(get_jobs),
) -> dict[str, Any]:
    """Like ``POST /simulations`` (same bodies) but answers at once with a job; its ``result``
    names the simulation when it succeeded. Cancel it with ``DELETE /jobs/{job_id}``.
    """
    sim_id, folder, body, upload, source = await _prepare(request, settings, store, tenant)

    def work(ctx: JobContext) -> dict[str, Any]:
        _execute(store, sim_id, folder, body, upload, source, tenant, progress=ctx.progress, run=ctx.run)
        return {"simulation_id": sim_id, "simulation": f"/simulations/{sim_id}"}

    try:
        job = jobs.submit("simulation", {"simulation_id": sim_id}, work, tenant=tenant)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return public_job(job)


@router.get(
    "/simulations", response_model=list[SimulationListItem], summary="Stored simulations, oldest first"
)
async def list_simulations(
    store: Store = Depends(get_store), tenant: str = Depends(get_tenant)
) -> list[dict[str, Any]]:
    """Id, creation time, change tested and headline numbers of every stored simulation."""
    out = []
    for doc in store.list_documents(KIND):
        if not owned_by(doc, tenant):
            continue
        conv = doc.get("experiment", {}).get("conversion", {})
        out.append(
            {
                "simulation_id": doc.get("simulation_id"),
                "created_at": doc.get("created_at"),
                "modification": doc.get("experiment", {}).get("modification", {}).get("description"),
                "control_rate": conv.get("control_rate"),
                "treatment_rate": conv.get("treatment_rate"),
                "p_value": conv.get("p_value"),
            }
        )
    return out


@router.get(
    "/simulations/{simulation_id}",
    name="get_simulation",
    response_model=Simulation,
    summary="One simulation with report links",
)
async def get_simulation(
    request: Request,
    simulation_id: str = PathParam(..., pattern=_ID, description="Id returned by POST /simulations."),
    store: Store = Depends(get_store),
    tenant: str = Depends(get_tenant),
) -> dict[str, Any]:
    """The stored summary (personas, experiment, validation) and links to every report file."""
    doc = _owned(store, simulation_id, tenant)
    return {**doc, "links": _links(request, simulation_id, list(doc.get("files", [])))}


@router.get(
    "/simulations/{simulation_id}/files/{name}",
    response_class=FileResponse,
    responses={200: {"content": {media: {} for media in sorted(set(_MEDIA.values()))}}},
    summary="Download one report file",
)
async def get_simulation_file(
    simulation_id: str = PathParam(..., pattern=_ID),
    name: str = PathParam(..., max_length=100),
    settings: Settings = Depends(get_settings),
    store: Store = Depends(get_store),
    tenant: str = Depends(get_tenant),
) -> FileResponse:
    """A report file: ``index.html``, ``deck.pptx``, ``*.png``, ``*.html``, ``*.csv``, ``summary.json``..."""
    doc = _owned(store, simulation_id, tenant)
    files = list(doc.get("files", []))
    if name not in files or not re.fullmatch(r"[A-Za-z0-9_.-]+", name):
        raise NotFoundError(
            f"Simulation {simulation_id!r} has no file {name!r}; files: {', '.join(files)}.",
            code="file_not_found",
            details={"files": files},
        )
    path = settings.data_dir / "simulations" / simulation_id / "reports" / name
    if not path.is_file():
        raise NotFoundError(
            f"Report file {name!r} of simulation {simulation_id!r} is missing on disk.", code="file_not_found"
        )
    return FileResponse(
        path,
        media_type=_MEDIA.get(path.suffix.lower(), "application/octet-stream"),
        filename=name if path.suffix.lower() in (".pptx", ".csv", ".json") else None,
    )


@router.delete("/simulations/{simulation_id}", status_code=204, summary="Delete a simulation and its files")
async def delete_simulation(
    simulation_id: str = PathParam(..., pattern=_ID),
    settings: Settings = Depends(get_settings),
    store: Store = Depends(get_store),
    tenant: str = Depends(get_tenant),
) -> None:
    """Remove the stored summary and the report folder."""
    _owned(store, simulation_id, tenant)
    store.delete_document(KIND, simulation_id)
    shutil.rmtree(settings.data_dir / "simulations" / simulation_id, ignore_errors=True)


@router.get(
    "/simulations/{simulation_id}/verify",
    response_model=CheckResponse,
    summary="Re-derive a simulation's behavioural personas from its event log",
)
async def verify_simulation(
    simulation_id: str = PathParam(..., pattern=_ID, description="Id returned by POST /simulations."),
    settings: Settings = Depends(get_settings),
    store: Store = Depends(get_store),
    tenant: str = Depends(get_tenant),
) -> dict[str, Any]:
    """Recompute every persona figure and name word from the event log the simulation read.

    ``ok`` is true when nothing differs (each name word must hold at its level and against
    all users).
    """
    from synthpersona.usecases.verify import verify_simulation_dir

    _owned(store, simulation_id, tenant)  # 404 for an unknown simulation or another tenant's
    reports = settings.data_dir / "simulations" / simulation_id / "reports"
    try:
        found = await anyio.to_thread.run_sync(verify_simulation_dir, reports)
    except FileNotFoundError:  # deleted by a concurrent DELETE after the record was read (fuzzing, issue 20)
        raise NotFoundError(
            f"Simulation {simulation_id!r} was deleted while it was being verified.",
            code=f"{KIND}_not_found",
            details={"kind": KIND, "id": simulation_id},
        ) from None
    return {"ok": not found, "mismatches": [m.__dict__ for m in found]}
