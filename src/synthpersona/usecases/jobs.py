"""Use case: long work (table analyses) as jobs that run outside the request.

A small in-process runner: a few daemon threads take jobs from a queue. Every job has a
record in the store (kind ``job``), so any worker process of the service can answer its
status, and a cancel request is a second record (kind ``job_cancel``) that the running job
sees at its next step, whichever worker runs it. Records hold ids, status, progress text
and the error or result, never customer data.

Lifecycle: ``queued`` → ``running`` → ``succeeded`` | ``failed`` | ``cancelled``. A job is
cancelled cooperatively, at the start of its next step (reading, clustering, writing), and
fails with ``job_time_budget`` when a step starts after its time budget
(``SYNTHPERSONA_JOB_TIMEOUT_S``) is spent. When a server process dies, its queued and
running jobs are marked ``failed`` (``job_interrupted``) by :meth:`Jobs.recover` at the next
start; their partial outputs live in staging folders that the datasets sweep removes.

Examples
--------
>>> from synthpersona.store import Store
>>> jobs = Jobs(Store("sqlite://"), threads=1)
>>> job = jobs.submit("demo", {}, lambda ctx: {"answer": 42})
>>> jobs.wait(job["job_id"], timeout=10)["result"]
{'answer': 42}
>>> jobs.close()
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from synthpersona.errors import ConflictError, NotFoundError, SynthPersonaError
from synthpersona.usecases.tenants import DEFAULT_TENANT, owned_by

if TYPE_CHECKING:
    from synthpersona.store import Store

__all__ = [
    "ACTIVE",
    "CANCEL_KIND",
    "JOB_KIND",
    "STATUSES",
    "JobContext",
    "Jobs",
    "interrupted_jobs",
    "request_cancel",
]

log = logging.getLogger("synthpersona.api")

JOB_KIND = "job"
CANCEL_KIND = "job_cancel"
#: Every status a job can have; the first two are not finished.
STATUSES = ("queued", "running", "succeeded", "failed", "cancelled")
ACTIVE = frozenset(STATUSES[:2])
_HOST = socket.gethostname()
# Runners of this process that are open: a job of this pid whose runner was closed (an app
# restarted inside one process, as tests do) is as interrupted as one of a dead process.
_OPEN_RUNNERS: set[str] = set()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def request_cancel(store: Store, job_id: str) -> None:
    """Ask the job ``job_id`` to stop at its next step (any worker process may run it)."""
    store.put_document(CANCEL_KIND, job_id, {"job_id": job_id, "requested_at": _now()})


@dataclass
class JobContext:
    """Handed to a job's work function: report progress, and stop when cancelled or over budget."""

    store: Store
    job_id: str
    deadline: float | None
    record: dict[str, Any]
    steps: list[str] = field(default_factory=list)

    def check(self) -> None:
        """Raise when the job was cancelled or its time budget is spent."""
        if self.store.has_document(CANCEL_KIND, self.job_id):
            raise ConflictError("The job was cancelled.", code="job_cancelled")
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise ConflictError(
                "The job ran past its time budget (SYNTHPERSONA_JOB_TIMEOUT_S) and was stopped; "
                "analyse a smaller table or raise the budget on the server.",
                code="job_time_budget",
            )

    def progress(self, step: str) -> None:
        """Record ``step`` as the current step (after checking cancel and budget)."""
        self.check()
        self.steps.append(step)
        self.record.update(progress=step, steps_done=len(self.steps) - 1)
        self.store.put_document(JOB_KIND, self.job_id, self.record)


Work = Callable[[JobContext], dict[str, Any]]


class Jobs:
    """Run work functions as jobs in ``threads`` background threads; records in ``store``.

    Parameters
    ----------
    store
        Holds the job records.
    threads
        Jobs that run at once in this process; more wait in the queue.
    timeout_s
        Time budget of one job (checked at each step), ``None`` for none.
    """

    def __init__(self, store: Store, *, threads: int = 2, timeout_s: float | None = None) -> None:
        self.store = store
        self.threads = max(1, threads)
        self.timeout_s = timeout_s
        self._queue: queue.Queue[tuple[str, Work, Callable[[], bool] | None] | None] = queue.Queue()
        self._workers: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._done = threading.Condition()
        self._closing = False
        self.token = uuid.uuid4().hex
        _OPEN_RUNNERS.add(self.token)

    # --- submitting and reading ----------------------------------------------------------------

    def submit(
        self,
        kind: str,
        subject: dict[str, str],
        work: Work,
        *,
        tenant: str = DEFAULT_TENANT,
        subject_gone: Callable[[], bool] | None = None,
    ) -> dict[str, Any]:
        """Queue ``work`` as a job of ``kind`` about ``subject`` (e.g. ``{"dataset_id": ...}``).

        ``subject_gone`` is asked when the job ends: when its subject was deleted meanwhile,
        the job's record is deleted too (deletion leaves no record behind).
        """
        job_id = uuid.uuid4().hex
        record = {
            "job_id": job_id,
            "tenant": tenant,
            "kind": kind,
            "status": "queued",
            "progress": "queued",
            "steps_done": 0,
            "subject": dict(subject),
            "created_at": _now(),
            "started_at": None,
            "finished_at": None,
            "result": None,
            "error": None,
            "runner": {"host": _HOST, "pid": os.getpid(), "token": self.token},
        }
        record = self.store.put_document(JOB_KIND, job_id, record)
        self._start_threads()
        self._queue.put((job_id, work, subject_gone))
        return record

    def get(self, job_id: str, *, tenant: str | None = None) -> dict[str, Any]:
        """The record of a job (of ``tenant`` when given); ``NotFoundError`` when there is none."""
        rec = self.store.get_document(JOB_KIND, job_id)
        if tenant is not None and not owned_by(rec, tenant):
            raise NotFoundError(
                f"No job with id {job_id!r}.", code="job_not_found", details={"kind": JOB_KIND, "id": job_id}
            )
        rec["cancel_requested"] = self.store.has_document(CANCEL_KIND, job_id)
        return rec

    def list_all(self, *, tenant: str | None = None) -> list[dict[str, Any]]:
        """Every job record (of ``tenant`` when given), oldest first."""
        return [r for r in self.store.list_documents(JOB_KIND) if tenant is None or owned_by(r, tenant)]

    def cancel(self, job_id: str, *, tenant: str | None = None) -> dict[str, Any]:
        """Ask a job to stop; a finished job is returned unchanged."""
        rec = self.get(job_id, tenant=tenant)
        if rec["status"] in ACTIVE:
            request_cancel(self.store, job_id)
            rec["cancel_requested"] = True
        return rec

    def wait(self, job_id: str, timeout: float = 60.0) -> dict[str, Any]:
        """Block until the job finishes (tests and scripts); return its record."""
        end = time.monotonic() + timeout
        while True:
            rec = self.get(job_id)
            if rec["status"] not in ACTIVE or time.monotonic() > end:
                return rec
            with self._done:
                self._done.wait(timeout=0.05)

    # --- running ---------------------------------------------------------------------------------

    def _start_threads(self) -> None:
        with self._lock:
            self._workers = [t for t in self._workers if t.is_alive()]
            while len(self._workers) < self.threads:
                thread = threading.Thread(target=self._loop, name="synthpersona-job", daemon=True)
                thread.start()
                self._workers.append(thread)

    def _loop(self) -> None:
        while True:
            item = self._queue.get()
            if item is None or self._closing:
                return
            try:
                self._run(*item)
            except Exception as exc:  # the store itself failed: nothing more to record
                log.error("job bookkeeping failed", extra={"event": "job_error", "error": type(exc).__name__})
            with self._done:
                self._done.notify_all()

    def _run(self, job_id: str, work: Work, subject_gone: Callable[[], bool] | None = None) -> None:
        record = self.store.get_document(JOB_KIND, job_id)
        deadline = None if self.timeout_s is None else time.monotonic() + self.timeout_s
        ctx = JobContext(self.store, job_id, deadline, record)
        record.update(status="running", started_at=_now(), progress="starting")
        try:
            ctx.check()
            self.store.put_document(JOB_KIND, job_id, record)
            result = work(ctx)
        except SynthPersonaError as exc:
            status = "cancelled" if exc.code == "job_cancelled" else "failed"
            record.update(status=status, error=exc.to_dict(), progress=status)
        except Exception as exc:
            log.error(
                "job failed unexpectedly",
                exc_info=exc,
                extra={"event": "job_unexpected_error", "job_id": job_id},
            )
            record.update(
                status="failed",
                progress="failed",
                error={
                    "code": "internal_error",
                    "message": f"The job hit an unexpected error ({type(exc).__name__}); it was logged "
                    f"with job id {job_id}.",
                    "details": {},
                },
            )
        else:
            record.update(status="succeeded", result=result, progress="done", steps_done=len(ctx.steps))
        record["finished_at"] = _now()
        self.store.put_document(JOB_KIND, job_id, record)
        with contextlib.suppress(NotFoundError):  # served its purpose (status says cancelled)
            self.store.delete_document(CANCEL_KIND, job_id)
        if subject_gone is not None and subject_gone():
            with contextlib.suppress(NotFoundError):
                self.store.delete_document(JOB_KIND, job_id)

    def recover(self) -> list[str]:
        """Mark queued/running jobs of dead processes failed; return their ids (:func:`interrupted_jobs`)."""
        return interrupted_jobs(self.store, mark_failed=True)

    def close(self) -> None:
        """Stop the threads after the jobs they run (queued jobs stay queued: recover marks them)."""
        self._closing = True
        _OPEN_RUNNERS.discard(self.token)
        with self._lock:
            workers, self._workers = self._workers, []
        for _ in workers:
            self._queue.put(None)
        for thread in workers:
            thread.join(timeout=1)


def interrupted_jobs(store: Store, *, mark_failed: bool = False) -> list[str]:
    """Ids of queued/running jobs whose process on this host is gone; ``mark_failed`` records it.

    Run at startup (and by ``synthpersona store check``): a job whose process was killed is
    never finished otherwise. Its partial outputs sit in a staging folder the datasets
    sweep removes. Jobs of other hosts (several machines on one PostgreSQL) are left alone.
    """
    found = []
    for rec in store.list_documents(JOB_KIND):
        runner = rec.get("runner") or {}
        if rec.get("status") not in ACTIVE or runner.get("host") != _HOST:
            continue
        pid = runner.get("pid")
        if pid == os.getpid():
            if runner.get("token") in _OPEN_RUNNERS:
                continue
        elif isinstance(pid, int) and _alive(pid):
            continue
        found.append(rec["job_id"])
        if not mark_failed:
            continue
        rec.update(
            status="failed",
            progress="failed",
            finished_at=_now(),
            error={
                "code": "job_interrupted",
                "message": "The server stopped while this job ran; its partial outputs were removed. "
                "Submit it again.",
                "details": {},
            },
        )
        store.put_document(JOB_KIND, rec["job_id"], rec)
    if found and mark_failed:
        log.warning("interrupted jobs marked failed", extra={"event": "jobs_interrupted", "n": len(found)})
    return found
