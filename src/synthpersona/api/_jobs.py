"""``/jobs``: the status, progress and cancelling of work that runs outside the request.

Jobs are started by the endpoints of the work they run (``POST /datasets/{id}/jobs``);
the runner and the records belong to :mod:`synthpersona.usecases.jobs`.
"""

from __future__ import annotations

from typing import Any, cast

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from synthpersona.api._tenancy import get_tenant
from synthpersona.usecases.jobs import STATUSES, Jobs

__all__ = ["JobOut", "get_jobs", "public_job", "router"]

router = APIRouter(prefix="/jobs", tags=["jobs"])


async def get_jobs(request: Request) -> Jobs:
    """The app's job runner (``async``: no thread hand-off for an attribute read)."""
    return cast(Jobs, request.app.state.jobs)


class JobError(BaseModel):
    code: str
    message: str
    details: dict[str, Any] = Field(default_factory=dict)


class JobStage(BaseModel):
    name: str = Field(description="A step of the job, in words.")
    at: float = Field(description="Seconds after the job started when the step began.")


class JobOut(BaseModel):
    """A job: poll ``GET /jobs/{job_id}`` until ``status`` is succeeded, failed or cancelled."""

    job_id: str
    kind: str = Field(description="What the job does, e.g. dataset_analysis.")
    status: str = Field(
        description=f"One of {', '.join(STATUSES)}.", json_schema_extra={"enum": list(STATUSES)}
    )
    progress: str = Field(description="The current step, in words.")
    steps_done: int
    stages: list[JobStage] = Field(default_factory=list, description="Each step so far and when it began.")
    subject: dict[str, str] = Field(description="What the job works on, e.g. {'dataset_id': ...}.")
    created_at: str
    started_at: str | None
    finished_at: str | None
    result: dict[str, Any] | None = Field(description="When succeeded: ids and links of what it made.")
    error: JobError | None = Field(description="When failed or cancelled: why.")
    seconds: float | None = Field(None, description="When finished: seconds from start to end.")
    cancel_requested: bool = False


def public_job(rec: dict[str, Any]) -> dict[str, Any]:
    """A job record as the API shows it."""
    return {k: v for k, v in rec.items() if k not in ("runner", "tenant")}  # host names and pids stay inside


@router.get("", response_model=list[JobOut], summary="List jobs, oldest first")
def list_jobs(jobs: Jobs = Depends(get_jobs), tenant: str = Depends(get_tenant)) -> list[dict[str, Any]]:
    return [public_job(r) for r in jobs.list_all(tenant=tenant)]


@router.get("/{job_id}", response_model=JobOut, summary="A job's status, progress and result")
def get_job(job_id: str, jobs: Jobs = Depends(get_jobs), tenant: str = Depends(get_tenant)) -> dict[str, Any]:
    return public_job(jobs.get(job_id, tenant=tenant))


@router.delete("/{job_id}", status_code=202, response_model=JobOut, summary="Cancel a job")
def cancel_job(
    job_id: str, jobs: Jobs = Depends(get_jobs), tenant: str = Depends(get_tenant)
) -> dict[str, Any]:
    """Ask the job to stop at its next step; a finished job is returned unchanged."""
    return public_job(jobs.cancel(job_id, tenant=tenant))
