"""Goal → clusters → personas endpoints and stored runs."""

from __future__ import annotations

from functools import partial
from typing import Any

import anyio
from fastapi import APIRouter, Depends, Path, Query, Response

from synthpersona.api._deps import get_run_service, get_settings, get_store
from synthpersona.api._jobs import JobOut, get_jobs, public_job
from synthpersona.api._schemas import (
    ClustersRequest,
    ClustersResponse,
    DynamicResponse,
    PersonasRequest,
    PersonasResponse,
    RunResponse,
    RunSummary,
    StoredPersona,
    VerifyResponse,
)
from synthpersona.api._tenancy import get_tenant
from synthpersona.config import Settings
from synthpersona.store import Store
from synthpersona.usecases.budget import check_goal
from synthpersona.usecases.jobs import JobContext, Jobs
from synthpersona.usecases.service import RunService

router = APIRouter(tags=["segments and personas"])


def _params(body: ClustersRequest | PersonasRequest) -> dict[str, Any]:
    return {
        "k_min": body.k_min,
        "k_max": body.k_max,
        "min_cluster_pct": body.min_cluster_pct,
        "algorithm": body.algorithm,
        "random_state": body.random_state,
    }


@router.post("/clusters/generate", response_model=ClustersResponse, summary="Segment the audience of a goal")
async def generate_clusters(
    body: ClustersRequest, runs: RunService = Depends(get_run_service), tenant: str = Depends(get_tenant)
) -> dict[str, Any]:
    """Parse the goal, select the matching people, cluster them and build personas.

    The run is stored and its ``run_id`` returned; the same goal and parameters
    return the same run from the cache (``cached: true``). A goal that matches
    nobody is a 422 naming the filter to relax.
    """
    run, cached = await runs.agenerate(body.goal, tenant=tenant, **_params(body))
    return run.clusters_response(cached)


@router.post(
    "/clusters/jobs",
    status_code=202,
    response_model=JobOut,
    summary="Segment the audience of a goal as a job (poll GET /jobs/{job_id})",
)
async def generate_clusters_job(
    body: ClustersRequest,
    runs: RunService = Depends(get_run_service),
    settings: Settings = Depends(get_settings),
    jobs: Jobs = Depends(get_jobs),
    tenant: str = Depends(get_tenant),
) -> dict[str, Any]:
    """Like ``POST /clusters/generate`` but answers at once with a job; its ``result`` names
    the run (``GET /runs/{run_id}``, personas with ``POST /personas/{cluster_id}``).

    The largest audience a goal may segment is checked against the memory budget
    (``SYNTHPERSONA_JOB_MEMORY_MB``) before the job is queued.
    """
    estimate = check_goal(settings)
    params = _params(body)

    def work(ctx: JobContext) -> dict[str, Any]:
        ctx.progress("segmenting the audience")
        # in a child process killed at the job's budgets (time, memory, cancel); the request
        # POST /clusters/generate stays here, bounded by check_goal and the audience sample
        run, cached = runs.generate(body.goal, tenant=tenant, progress=ctx.progress, run=ctx.run, **params)
        return {"run_id": run.run_id, "run": f"/runs/{run.run_id}", "cached": cached}

    job = await anyio.to_thread.run_sync(
        partial(
            jobs.submit,
            "goal_segmentation",
            {"goal": body.goal[:200]},
            work,
            tenant=tenant,
            estimate_bytes=estimate,
        )
    )
    return public_job(job)


@router.post(
    "/personas/dynamic", response_model=DynamicResponse, summary="Clusters with their personas (legacy)"
)
async def personas_dynamic(
    body: ClustersRequest, runs: RunService = Depends(get_run_service), tenant: str = Depends(get_tenant)
) -> dict[str, Any]:
    """Seed 000's legacy one-call endpoint: every cluster with its personas inline."""
    run, cached = await runs.agenerate(body.goal, tenant=tenant, **_params(body))
    return run.dynamic_response(cached)


@router.post("/personas/{cluster_id}", response_model=PersonasResponse, summary="Personas of one cluster")
async def cluster_personas(
    body: PersonasRequest,
    cluster_id: int = Path(..., ge=0, le=1000, description="Cluster id from /clusters/generate (1-based)."),
    runs: RunService = Depends(get_run_service),
    tenant: str = Depends(get_tenant),
) -> dict[str, Any]:
    """Personas of ``cluster_id`` in the run given by ``run_id``, or by ``goal`` (and parameters)."""
    if body.run_id is not None:
        run = await anyio.to_thread.run_sync(partial(runs.get_run, body.run_id, tenant=tenant))
    else:
        assert body.goal is not None
        run, _ = await runs.agenerate(body.goal, tenant=tenant, **_params(body))
    return run.personas_response(cluster_id)


@router.get("/runs", response_model=list[RunSummary], summary="Stored runs, newest first")
async def list_runs(
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=1_000_000_000),
    store: Store = Depends(get_store),
    tenant: str = Depends(get_tenant),
) -> list[dict[str, Any]]:
    return await anyio.to_thread.run_sync(lambda: store.list_runs(limit=limit, offset=offset, tenant=tenant))


@router.get("/runs/{run_id}", response_model=RunResponse, summary="A stored run")
async def get_run(
    run_id: str = Path(..., min_length=1, max_length=128),
    runs: RunService = Depends(get_run_service),
    tenant: str = Depends(get_tenant),
) -> dict[str, Any]:
    """The run: request, parsed goal, SQL and parameters, clusters, personas by cluster and meta."""
    run = await anyio.to_thread.run_sync(partial(runs.get_run, run_id, tenant=tenant))
    return {**run.to_dict(), "personas": {str(k): v for k, v in run.personas.items()}}


@router.delete("/runs/{run_id}", status_code=204, summary="Delete a stored run and its personas")
async def delete_run(
    run_id: str = Path(..., min_length=1, max_length=128),
    runs: RunService = Depends(get_run_service),
    tenant: str = Depends(get_tenant),
) -> Response:
    """The run and its personas leave the store (conversations with them keep their snapshot)."""
    await anyio.to_thread.run_sync(partial(runs.delete_run, run_id, tenant=tenant))
    return Response(status_code=204)


@router.get("/personas/{persona_id}", response_model=StoredPersona, summary="A stored persona")
async def get_persona(
    persona_id: str = Path(..., min_length=1, max_length=200),
    run_id: str | None = Query(None, max_length=128, description="Run of the persona; default the newest."),
    store: Store = Depends(get_store),
    runs: RunService = Depends(get_run_service),
    tenant: str = Depends(get_tenant),
) -> dict[str, Any]:
    def read() -> dict[str, Any]:
        persona = store.get_persona(persona_id, run_id=run_id, tenant=tenant)
        # a privacy-checked run stored with its personas as built is protected before it is served
        if runs.protect_stored(str(persona["run_id"]), tenant=tenant):
            persona = store.get_persona(persona_id, run_id=str(persona["run_id"]), tenant=tenant)
        return persona

    return await anyio.to_thread.run_sync(read)


@router.get("/runs/{run_id}/verify", response_model=VerifyResponse, summary="Re-derive a run from the data")
async def verify_run(
    run_id: str = Path(..., min_length=1, max_length=128),
    runs: RunService = Depends(get_run_service),
    tenant: str = Depends(get_tenant),
) -> dict[str, Any]:
    """Recompute every number and trait word of the run from the population and list the mismatches.

    ``ok`` is true when there are none (trait words must hold against the audience and at
    an absolute level; anchors must be in the nearest quartile to their segment centre).
    """
    found = await anyio.to_thread.run_sync(partial(runs.verify, run_id, tenant=tenant))
    return {
        "run_id": run_id,
        "ok": not found,
        "mismatches": [
            {"where": m.where, "claim": m.claim, "expected": m.expected, "kind": m.kind} for m in found
        ],
    }


@router.get(
    "/runs/{run_id}/members.parquet",
    response_class=Response,
    summary="Who is in which segment (user_id, cluster_id)",
    responses={200: {"content": {"application/vnd.apache.parquet": {}}}},
)
async def run_members(
    run_id: str = Path(..., min_length=1, max_length=128),
    runs: RunService = Depends(get_run_service),
    tenant: str = Depends(get_tenant),
) -> Response:
    """``members.parquet``: ``user_id, cluster_id`` (1-based) and ``distance`` to the segment centre.

    For activating the segments in a CRM or ad platform.
    """
    from synthpersona.usecases.verify import members_parquet

    goal_run = await anyio.to_thread.run_sync(partial(runs.goal_run, run_id, tenant=tenant))
    return Response(
        members_parquet(goal_run),
        media_type="application/vnd.apache.parquet",
        headers={"Content-Disposition": f'attachment; filename="{run_id}_members.parquet"'},
    )
