"""``/behaviour/{view}``: transition graph, step matrix, comparison, retention, path metrics.

``POST /behaviour/{view}`` takes a JSON body naming a ``dataset_id`` (an uploaded dataset
from ``POST /datasets``, or ``"sample"``) or a multipart upload (field ``events`` plus
the parameters as form fields; ``pipeline``, ``groups`` and ``columns`` as JSON text).
It answers with the view's data as JSON, or with ``"format": "html"`` the interactive
Plotly page (graph, steps, retention; Plotly inlined, so it opens offline).
"""

from __future__ import annotations

import json
import shutil
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import anyio
from fastapi import APIRouter, Depends, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr
from pydantic import ValidationError as PydanticValidationError

from synthpersona.api._deps import get_settings, get_store
from synthpersona.api._jobs import JobOut, get_jobs, public_job
from synthpersona.api._simulations import _by_path, _dataset_path, _save_upload
from synthpersona.api._tenancy import get_tenant
from synthpersona.config import Settings
from synthpersona.engine import engine_name
from synthpersona.errors import InputError
from synthpersona.store import Store
from synthpersona.usecases.behaviour import (
    PATH_UNITS,
    PERIODS,
    VIEWS,
    analyse,
    delete_result,
    get_result,
    list_results,
    runs_in_engine,
    save_result,
    view_html,
)
from synthpersona.usecases.budget import behaviour_estimate, check_behaviour
from synthpersona.usecases.datasets import Datasets
from synthpersona.usecases.isolation import request_runner
from synthpersona.usecases.jobs import JobContext, Jobs

router = APIRouter(tags=["behaviour"])


# The choices of a view's period and path unit, from the analytics registries (an enum in the schema).
if TYPE_CHECKING:
    Period = str
    PathUnit = str
else:
    Period = Literal[PERIODS]
    PathUnit = Literal[PATH_UNITS]


class BehaviourRequest(BaseModel):
    """Parameters of one behaviour view (JSON body, or form fields next to an upload)."""

    model_config = ConfigDict(extra="forbid")
    # a dataset registered by path whose view runs in SQL: the engine reads the file in place
    _engine: str | None = PrivateAttr(None)

    dataset_id: str = Field("sample", max_length=200, description="Uploaded dataset id, or 'sample'.")
    group_by: str | None = Field(
        None,
        max_length=200,
        description="A column of the log, 'converted' or 'persona' (graph/steps: A minus B).",
    )
    groups: list[str] | None = Field(None, min_length=2, max_length=2, description="The two groups [A, B].")
    target: list[str] | str | None = Field(None, description="Conversion event(s).")
    max_steps: int = Field(10, ge=1, le=1000)
    back_from: str | None = Field(None, max_length=200, description="Step matrix back from this event.")
    period: Period = "week"
    cohort_event: str | None = Field(None, max_length=200)
    return_event: str | None = Field(None, max_length=200)
    min_count: int = Field(0, ge=0)
    min_share: float = Field(0.0, ge=0.0, le=1.0)
    path_unit: PathUnit = "user"
    pipeline: list[dict[str, Any]] | dict[str, Any] | None = Field(
        None, description="Preprocessing steps, e.g. [{'kind': 'collapse_repeats'}]."
    )
    columns: dict[str, str] | None = Field(None, description="Map canonical names to yours.")
    k: int | None = Field(None, ge=1, le=50, description="group_by 'persona': number of personas.")
    random_state: int = Field(0, ge=0, le=2**32 - 1)
    format: Literal["json", "html"] = Field("json", description="'html': the interactive view as a page.")


def _invalid(exc: PydanticValidationError) -> InputError:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err.get("loc", ())) or "body"
    return InputError(
        f"Invalid behaviour request: {where}: {err.get('msg')}.",
        details={
            "errors": [
                {"field": ".".join(map(str, e.get("loc", ()))), "message": e.get("msg")} for e in exc.errors()
            ]
        },
    )


async def _parse(request: Request, folder: Path) -> tuple[BehaviourRequest, Path | None]:
    upload: Path | None = None
    try:
        if request.headers.get("content-type", "").startswith("multipart/form-data"):
            form = await request.form()
            fields: dict[str, Any] = {}
            for key, value in form.multi_items():
                if key == "events" and not isinstance(value, str):
                    upload = await _save_upload(value, folder)
                elif isinstance(value, str) and value != "":
                    fields[key] = json.loads(value) if key in ("pipeline", "groups", "columns") else value
            if upload is None:
                raise InputError(
                    "Multipart request without an 'events' file; or send JSON with a dataset_id."
                )
            return BehaviourRequest.model_validate(fields), upload
        return BehaviourRequest.model_validate_json((await request.body()) or b"{}"), None
    except PydanticValidationError as exc:
        raise _invalid(exc) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"A form field is not valid JSON: {exc.msg}.", code="bad_json") from None


class BehaviourOut(BaseModel):
    """One behaviour view as JSON (``format=html`` answers with the interactive page instead)."""

    model_config = ConfigDict(extra="allow")

    view: str = Field(description="The view computed.")
    params: dict[str, Any] = Field(description="The parameters used (target and groups resolved).")
    pipeline: dict[str, Any] = Field(description="The preprocessing pipeline, to reproduce the view.")
    n_events: int = Field(description="Events after preprocessing.")
    n_users: int = Field(description="Users after preprocessing.")
    data: Any = Field(None, description="The view's data (rows, or the retention matrices).")
    source: str | None = Field(None, description="'upload', or the dataset id the log came from.")


@router.post(
    "/behaviour/{view}",
    summary="One behaviour view of an event log",
    response_model=BehaviourOut,  # an HTMLResponse (format=html) is passed through as it is
    responses={200: {"content": {"text/html": {}}}},
)
async def behaviour_view(
    request: Request,
    view: str = PathParam(..., description=f"One of {', '.join(VIEWS)}."),
    settings: Settings = Depends(get_settings),
    store: Store = Depends(get_store),
    tenant: str = Depends(get_tenant),
) -> Any:
    """Compute a view on the sample, an uploaded dataset, or a file sent with the request.

    JSON: ``{"dataset_id": "sample", "group_by": "converted"}`` on ``/behaviour/steps``
    answers with the step matrix of converters minus non-converters.
    """
    folder, body, upload, source = await _prepare(request, view, settings, store, tenant)
    try:
        params = body.model_dump(exclude={"dataset_id", "format"}) | _engine_param(body)
        # in a child process killed at the job budgets (time, memory), like the same view as a job
        runner = request_runner(settings)
        call = (
            partial(analyse, view, source, **params)
            if runner is None
            else partial(runner, analyse, view, source, **params)
        )
        result = await anyio.to_thread.run_sync(call)
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # an upload is used once and not kept
    if body.format == "html":
        return HTMLResponse(view_html(result))
    out = result.to_dict()
    out["source"] = "upload" if upload is not None else body.dataset_id
    return out


def _engine_param(body: BehaviourRequest) -> dict[str, Any]:
    """``analyse``'s ``engine`` for a dataset registered by path (``{}``: in memory)."""
    return {"engine": body._engine} if body._engine else {}


async def _prepare(
    request: Request, view: str, settings: Settings, store: Store, tenant: str
) -> tuple[Path, BehaviourRequest, Path | None, Path | None]:
    """Parse the request, find its log and check the memory budget, before any work starts.

    Returns the staging folder (the caller removes it), the parameters, the upload (if any)
    and the log's path (``None``: the bundled sample).
    """
    if view not in VIEWS:
        analyse(view)  # raises the InputError listing the views
    # a staging folder: the sweep removes it if this process dies before the caller does
    folder = Datasets(settings, store, tenant=tenant).staging_folder("behaviour")
    try:
        body, upload = await _parse(request, folder)
        source = upload if upload is not None else _dataset_path(store, settings, body.dataset_id, tenant)
        if upload is None and source is not None and _by_path(store, settings, body.dataset_id, tenant):
            engine = engine_name(settings.engine)  # only its counts reach memory: no size check
            body._engine = engine if runs_in_engine(view, engine, body.group_by, body.pipeline) else None
        if body._engine is None:
            await anyio.to_thread.run_sync(check_behaviour, source, settings)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder, body, upload, source


@router.post(
    "/behaviour/{view}/jobs",
    status_code=202,
    response_model=JobOut,
    summary="Compute a behaviour view as a job (poll GET /jobs/{job_id})",
)
async def behaviour_view_job(
    request: Request,
    view: str = PathParam(..., description=f"One of {', '.join(VIEWS)}."),
    settings: Settings = Depends(get_settings),
    store: Store = Depends(get_store),
    tenant: str = Depends(get_tenant),
    jobs: Jobs = Depends(get_jobs),
) -> dict[str, Any]:
    """Like ``POST /behaviour/{view}`` (same bodies; JSON output only) but answers at once with
    a job; its ``result`` links the stored view (``GET /behaviour/results/{result_id}``).

    The log's size is checked against the memory budget (``SYNTHPERSONA_JOB_MEMORY_MB``)
    before the job is queued: a log too large for it is a 422 ``job_memory_budget``.
    """
    folder, body, upload, source = await _prepare(request, view, settings, store, tenant)
    if body.format != "json":
        shutil.rmtree(folder, ignore_errors=True)
        raise InputError(
            "A behaviour job stores the view as JSON; ask POST /behaviour/{view} for format 'html'.",
            details={"format": body.format},
        )
    params = body.model_dump(exclude={"dataset_id", "format"}) | _engine_param(body)
    shown = "upload" if upload is not None else body.dataset_id

    def work(ctx: JobContext) -> dict[str, Any]:
        try:
            ctx.progress("computing the view")
            out = ctx.run(analyse, view, source, **params).to_dict()
            ctx.progress("storing the view")
            result_id = save_result(store, {**out, "source": shown}, tenant=tenant)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return {"result_id": result_id, "result": f"/behaviour/results/{result_id}"}

    try:
        estimate = (
            0
            if source is None or body._engine
            else (await anyio.to_thread.run_sync(behaviour_estimate, source))[1]
        )
        job = jobs.submit("behaviour_view", {"view": view}, work, tenant=tenant, estimate_bytes=estimate)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return public_job(job)


@router.get(
    "/behaviour/results/{result_id}",
    response_model=BehaviourOut,
    summary="A behaviour view computed by a job",
)
async def behaviour_result(
    result_id: str = PathParam(..., min_length=1, max_length=64),
    store: Store = Depends(get_store),
    tenant: str = Depends(get_tenant),
) -> dict[str, Any]:
    return await anyio.to_thread.run_sync(partial(get_result, store, result_id, tenant=tenant))


class BehaviourResultOut(BaseModel):
    """One stored behaviour view in a list (its data: ``GET /behaviour/results/{result_id}``)."""

    result_id: str
    view: str | None = Field(None, description="The view computed.")
    source: str | None = Field(None, description="'upload', or the dataset id the log came from.")
    n_events: int | None = Field(None, description="Events after preprocessing.")
    n_users: int | None = Field(None, description="Users after preprocessing.")
    created_at: str | None = Field(None, description="When the view was stored (UTC, ISO 8601).")


@router.get(
    "/behaviour/results",
    response_model=list[BehaviourResultOut],
    summary="The behaviour views computed by jobs (the caller's tenant only)",
)
async def behaviour_results(
    store: Store = Depends(get_store), tenant: str = Depends(get_tenant)
) -> list[dict[str, Any]]:
    return await anyio.to_thread.run_sync(partial(list_results, store, tenant=tenant))


@router.delete("/behaviour/results/{result_id}", status_code=204, summary="Delete a stored behaviour view")
async def delete_behaviour_result(
    result_id: str = PathParam(..., min_length=1, max_length=64),
    store: Store = Depends(get_store),
    tenant: str = Depends(get_tenant),
) -> Response:
    await anyio.to_thread.run_sync(partial(delete_result, store, result_id, tenant=tenant))
    return Response(status_code=204)
