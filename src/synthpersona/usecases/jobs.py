"""Use case: long work (table analyses) as jobs that run outside the request.

A small in-process runner: a few daemon threads take jobs from a queue. Every job has a
record in the store (kind ``job``), so any worker process of the service can answer its
status, and a cancel request is a second record (kind ``job_cancel``) that the running job
sees at its next step, whichever worker runs it. Records hold ids, status, progress text
and the error or result, never customer data.

Lifecycle: ``queued`` → ``running`` → ``succeeded`` | ``failed`` | ``cancelled``. A job is
cancelled cooperatively, at the start of its next step (reading, clustering, writing).

Budgets are enforced while the work runs: a watchdog thread looks at the running jobs
every quarter second and stops a job that is past its time budget
(``SYNTHPERSONA_JOB_TIMEOUT_S``, ``job_time_budget``) or, when the process's resident
memory is above ``SYNTHPERSONA_JOB_MEMORY_MB``, the job with the largest estimate
(``job_memory_budget``). It stops a job by raising :class:`JobStopped` in its thread
(``PyThreadState_SetAsyncExc``): the exception arrives at the job's next Python
instruction, so a single long call into C (a CSV parse) finishes first; it is never
raised while the job is inside the store or a block marked :func:`uninterruptible`
(moving finished outputs into place), so a stopped job's output is either complete or
absent, never half-written. That is why the heavy step of a job (reading, clustering,
writing outputs to staging) runs through :meth:`JobContext.run`: in a child process
(:mod:`synthpersona.usecases.isolation`) that is killed at once at the time budget, above
the memory budget (its own resident memory) or on cancel, whatever C call it is in.
When a server process dies, its queued and running jobs are marked ``failed``
(``job_interrupted``) by :meth:`Jobs.recover` at the next start; their partial outputs
live in staging folders that the datasets sweep removes.

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
import ctypes
import gc
import logging
import os
import queue
import socket
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from synthpersona.errors import ConflictError, NotFoundError, SynthPersonaError
from synthpersona.usecases import budget
from synthpersona.usecases._folders import alive
from synthpersona.usecases.isolation import memory_budget_error, run_isolated, time_budget_error
from synthpersona.usecases.tenants import DEFAULT_TENANT, owned_by

if TYPE_CHECKING:
    from synthpersona.store import Store

__all__ = [
    "ACTIVE",
    "CANCEL_KIND",
    "JOB_KIND",
    "STATUSES",
    "JobContext",
    "JobStopped",
    "Jobs",
    "interrupted_jobs",
    "request_cancel",
    "uninterruptible",
]

log = logging.getLogger("synthpersona.api")
T = TypeVar("T")

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


class JobStopped(BaseException):
    """Raised in a job's thread by the watchdog; the job's :attr:`JobContext.stop_error` says why.

    A ``BaseException`` (like ``KeyboardInterrupt``), so work code's ``except Exception``
    fallbacks never swallow it; ``finally`` blocks and ``except BaseException`` cleanups run.
    """


#: Depth of :func:`uninterruptible` blocks per thread id (read by the watchdog thread).
_SHIELDS: dict[int, int] = {}
#: Modules a job must not be interrupted in: a write to the store, its driver or an import.
_UNSAFE_MODULES = ("synthpersona.store", "sqlalchemy", "psycopg", "sqlite3", "alembic", "importlib", "shutil")


@contextlib.contextmanager
def uninterruptible() -> Iterator[None]:
    """Within this block the watchdog never stops the current job (it waits for the block's end).

    For the last steps of a job that make its outputs visible (rename a staging folder,
    store the record): stopped there, they would be half-done. A no-op outside a job.

    Examples
    --------
    >>> with uninterruptible():
    ...     print("moved into place")
    moved into place
    """
    ident = threading.get_ident()
    _SHIELDS[ident] = _SHIELDS.get(ident, 0) + 1
    try:
        yield
    finally:
        _SHIELDS[ident] -= 1
        if not _SHIELDS[ident]:
            del _SHIELDS[ident]


def _async_raise(thread_id: int, exc: type[BaseException] | None) -> int:
    """Raise ``exc`` in the thread ``thread_id`` at its next instruction (``None`` clears a pending one)."""
    arg = None if exc is None else ctypes.py_object(exc)  # None is passed as NULL
    return int(ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), arg))


def _give_back_memory() -> None:
    """Free a stopped job's objects and hand freed heap pages back to the system (glibc), so the
    process's resident memory falls back and the next job is not stopped for the last one's."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _safe_to_stop(thread_id: int) -> bool:
    """Whether the thread is outside uninterruptible blocks and runs no store, driver, import or
    file-removal code right now."""
    if _SHIELDS.get(thread_id):
        return False
    frame = sys._current_frames().get(thread_id)
    while frame is not None:
        if str(frame.f_globals.get("__name__", "")).startswith(_UNSAFE_MODULES):
            return False
        frame = frame.f_back
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
    estimate_bytes: int = 0
    started: float = 0.0
    thread_id: int = 0
    #: Set by the watchdog: why the job must stop (raised at its next step, or as JobStopped).
    stop_error: SynthPersonaError | None = None
    in_work: bool = False
    raised: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)
    #: Memory budget of the child process :meth:`run` starts; ``isolate`` False: run in this thread.
    memory_mb: int | None = None
    isolate: bool = True

    def run(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run the heavy step ``fn(*args, **kwargs)`` in a child process that is killed at the
        job's time or memory budget or when it is cancelled (:func:`~synthpersona.usecases.
        isolation.run_isolated`; its outputs must go to a staging folder the job publishes
        afterwards). A ``progress`` keyword is called here for each step the child reports."""
        if not self.isolate:
            return fn(*args, **kwargs)
        left = None if self.deadline is None else max(0.0, self.deadline - time.monotonic())
        # shielded from the watchdog's JobStopped: landing in run_isolated's cleanup it would skip
        # killing the child (an endless DuckDB query outlived its test that way); the budgets and
        # a stop the watchdog decides (ctx.check) are enforced by run_isolated itself
        with uninterruptible():
            return run_isolated(
                fn, *args, timeout_s=left, memory_mb=self.memory_mb, check=self.check, **kwargs
            )

    def check(self) -> None:
        """Raise when the job was cancelled or its time or memory budget is spent."""
        if self.stop_error is not None:
            raise self.stop_error
        if self.store.has_document(CANCEL_KIND, self.job_id):
            raise ConflictError("The job was cancelled.", code="job_cancelled")
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise _time_budget_error()

    def progress(self, step: str) -> None:
        """Record ``step`` as the current step (after checking cancel and budget)."""
        self.check()
        self.steps.append(step)
        # each step with the seconds since the job started: a page shows what ran for how long
        at = round(time.monotonic() - self.started, 1) if self.started else 0.0
        stages = [*self.record.get("stages", []), {"name": step, "at": at}]
        self.record.update(progress=step, steps_done=len(self.steps) - 1, stages=stages)
        self.store.put_document(JOB_KIND, self.job_id, self.record)


Work = Callable[[JobContext], dict[str, Any]]


_time_budget_error = time_budget_error
_memory_budget_error = memory_budget_error


class Jobs:
    """Run work functions as jobs in ``threads`` background threads; records in ``store``.

    Parameters
    ----------
    store
        Holds the job records.
    threads
        Jobs that run at once in this process; more wait in the queue.
    timeout_s
        Time budget of one job (enforced while it runs), ``None`` for none.
    memory_mb
        Memory budget of this process while jobs run (resident memory, enforced while they
        run: the job with the largest estimate is stopped first), ``None`` for none; also the
        budget of each child process of :meth:`JobContext.run`.
    isolation
        ``"process"``: :meth:`JobContext.run` runs heavy steps in a child process that can be
        killed at once; ``"thread"``: in the job's thread (stopped at its next Python instruction).
    """

    def __init__(
        self,
        store: Store,
        *,
        threads: int = 2,
        timeout_s: float | None = None,
        memory_mb: int | None = None,
        isolation: str = "process",
    ) -> None:
        self.store = store
        self.isolation = isolation
        self.threads = max(1, threads)
        self.timeout_s = timeout_s
        self.memory_mb = memory_mb
        self._queue: queue.Queue[tuple[str, Work, Callable[[], bool] | None, int] | None] = queue.Queue()
        self._running: dict[str, JobContext] = {}
        self._watchdog: threading.Thread | None = None
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
        estimate_bytes: int = 0,
        inputs: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Queue ``work`` as a job of ``kind`` about ``subject`` (e.g. ``{"dataset_id": ...}``).

        ``subject_gone`` is asked when the job ends: when its subject was deleted meanwhile,
        the job's record is deleted too (deletion leaves no record behind).
        ``estimate_bytes`` is the work's estimated peak (:mod:`synthpersona.usecases.budget`):
        a job waits while it would not fit beside the jobs running, and the process going
        over its memory budget stops the running job with the largest estimate first.
        ``inputs`` are the settings the job was started with, as the asker wants them back (the
        web UI's form values, so a refreshed page shows the form that started the job).
        """
        job_id = uuid.uuid4().hex
        record = {
            "job_id": job_id,
            "tenant": tenant,
            "kind": kind,
            "status": "queued",
            "progress": "queued",
            "steps_done": 0,
            "stages": [],
            "subject": dict(subject),
            "inputs": dict(inputs or {}),
            "created_at": _now(),
            "started_at": None,
            "finished_at": None,
            "result": None,
            "error": None,
            "runner": {"host": _HOST, "pid": os.getpid(), "token": self.token},
        }
        record = self.store.put_document(JOB_KIND, job_id, record)
        self._start_threads()
        self._queue.put((job_id, work, subject_gone, estimate_bytes))
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

    def _run(
        self, job_id: str, work: Work, subject_gone: Callable[[], bool] | None = None, estimate: int = 0
    ) -> None:
        record = self.store.get_document(JOB_KIND, job_id)
        ctx = JobContext(
            self.store,
            job_id,
            None,
            record,
            estimate_bytes=estimate,
            memory_mb=self.memory_mb,
            isolate=self.isolation == "process",
        )
        try:
            self._wait_for_room(ctx)
            ctx.started = time.monotonic()
            ctx.deadline = None if self.timeout_s is None else ctx.started + self.timeout_s
            record.update(status="running", started_at=_now(), progress="starting")
            ctx.check()
            self.store.put_document(JOB_KIND, job_id, record)
            self._enter(ctx)
            try:
                result = work(ctx)
            finally:
                self._leave(ctx)
        except JobStopped:
            self._leave(ctx)  # again: the exception may have landed inside the first call
            _give_back_memory()
            error = ctx.stop_error or _time_budget_error()
            record.update(status="failed", error=error.to_dict(), progress="failed")
        except Exception as exc:
            if ctx.raised and ctx.stop_error is not None:  # work code turned JobStopped into another error
                _give_back_memory()
                record.update(status="failed", error=ctx.stop_error.to_dict(), progress="failed")
            else:
                self._record_error(record, exc)
        else:
            record.update(status="succeeded", result=result, progress="done", steps_done=len(ctx.steps))
        record["finished_at"] = _now()
        record["seconds"] = round(time.monotonic() - ctx.started, 1) if ctx.started else 0.0
        self.store.put_document(JOB_KIND, job_id, record)
        with contextlib.suppress(NotFoundError):  # served its purpose (status says cancelled)
            self.store.delete_document(CANCEL_KIND, job_id)
        if subject_gone is not None and subject_gone():
            with contextlib.suppress(NotFoundError):
                self.store.delete_document(JOB_KIND, job_id)

    @staticmethod
    def _record_error(record: dict[str, Any], exc: Exception) -> None:
        job_id = record["job_id"]
        if isinstance(exc, SynthPersonaError):
            status = "cancelled" if exc.code == "job_cancelled" else "failed"
            record.update(status=status, error=exc.to_dict(), progress=status)
            return
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

    # --- budgets while jobs run ------------------------------------------------------------------

    def _wait_for_room(self, ctx: JobContext) -> None:
        """Keep a job queued while it would not fit in the memory budget beside the running ones."""
        if not self.memory_mb or not ctx.estimate_bytes:
            return
        limit = self.memory_mb * budget.MB
        while self._running and budget.process_rss_bytes() + ctx.estimate_bytes > limit:
            ctx.check()  # a cancel reaches a job waiting here too
            with self._done:
                self._done.wait(timeout=0.25)

    def _enter(self, ctx: JobContext) -> None:
        ctx.thread_id = threading.get_ident()
        with ctx.lock:
            ctx.in_work = True
        with self._lock:
            self._running[ctx.job_id] = ctx
            if self._watchdog is None or not self._watchdog.is_alive():
                self._watchdog = threading.Thread(
                    target=self._watch, name="synthpersona-job-watchdog", daemon=True
                )
                self._watchdog.start()

    def _leave(self, ctx: JobContext) -> None:
        with self._lock:
            self._running.pop(ctx.job_id, None)
        with ctx.lock:
            ctx.in_work = False
            if ctx.raised:  # the work ended before a JobStopped arrived: never let it land later
                _async_raise(ctx.thread_id, None)

    def _watch(self) -> None:
        """Every 0.25 s: stop jobs past their time budget, and one job while memory is over budget."""
        while not self._closing:
            time.sleep(0.25)
            with self._lock:
                running = list(self._running.values())
            if not running:
                continue
            now = time.monotonic()
            for ctx in running:
                if ctx.deadline is not None and now > ctx.deadline and ctx.stop_error is None:
                    ctx.stop_error = _time_budget_error()
            if self.memory_mb:
                rss = budget.process_rss_bytes()
                if rss > self.memory_mb * budget.MB and not any(c.stop_error for c in running):
                    victim = max(running, key=lambda c: (c.estimate_bytes, c.started))
                    victim.stop_error = _memory_budget_error(-(-rss // budget.MB), self.memory_mb)
                    log.warning(
                        "job over the memory budget stopped",
                        extra={
                            "event": "job_memory_budget",
                            "job_id": victim.job_id,
                            "rss_mb": rss // budget.MB,
                        },
                    )
            for ctx in running:
                if ctx.stop_error is not None:
                    self._stop(ctx)

    @staticmethod
    def _stop(ctx: JobContext) -> None:
        """Raise JobStopped in the job's thread unless it is in the store or an uninterruptible block."""
        with ctx.lock:
            if not ctx.in_work or ctx.raised or not _safe_to_stop(ctx.thread_id):
                return  # not now: the next tick (0.25 s) tries again, and ctx.check() raises meanwhile
            ctx.raised = bool(_async_raise(ctx.thread_id, JobStopped))
            if ctx.raised and not _safe_to_stop(ctx.thread_id):  # it moved on meanwhile: take it back
                _async_raise(ctx.thread_id, None)
                ctx.raised = False

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
        elif isinstance(pid, int) and alive(pid):
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
