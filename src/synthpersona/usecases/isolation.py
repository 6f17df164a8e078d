"""Use case: heavy work in a child process that is killed at its time or memory budget.

A thread cannot be stopped inside one long call into C (a CSV parse, a NumPy kernel, a
DuckDB query): the watchdog of :mod:`synthpersona.usecases.jobs` raises its exception only
at the next Python instruction, and memory grows past the budget meanwhile. A child
process can always be stopped: :func:`run_isolated` runs one function there, relays its
progress messages, watches the child's own resident memory and its time, and kills it
(``SIGKILL``) when either budget is spent, when the caller's ``check`` raises (a cancelled
job, a deleted dataset) or when the calling thread is stopped.

The function's outputs are the child's to write into a staging folder the *caller* moves
into place after a successful return, so a killed child leaves outputs that are complete
or absent, never half-visible. Children come from a fork server that imported the heavy
libraries once (``forkserver`` start method: the server process is single-threaded, so
forking it is safe, unlike forking a threaded service process), so a child starts in
milliseconds, not seconds. A child that answered is kept for the next task (up to two
wait per service process; its imports and caches stay warm), one that was stopped is
killed and replaced.

Where it is used: the job runner's :meth:`~synthpersona.usecases.jobs.JobContext.run`
(table analyses and behaviour views as jobs) and :func:`request_runner` (the same work done
inside a synchronous request). ``SYNTHPERSONA_JOB_ISOLATION=thread`` keeps the work in the
service process instead (budgets then fall back to the watchdog). A script that calls it
needs the usual ``if __name__ == "__main__":`` guard of multiprocessing.

Examples
--------
>>> run_isolated(divmod, 7, 2, timeout_s=60, memory_mb=2048)
(3, 1)
"""

from __future__ import annotations

import inspect
import multiprocessing as mp
import os
import threading
import time
from collections.abc import Callable
from functools import partial
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any, TypeVar, cast

from synthpersona.errors import ConflictError, DataError
from synthpersona.usecases import budget

if TYPE_CHECKING:
    from synthpersona.config import Settings

__all__ = ["Runner", "memory_budget_error", "request_runner", "run_isolated", "time_budget_error"]

T = TypeVar("T")
#: Runs ``fn(*args, **kwargs)`` somewhere (a child process with budgets, or here).
Runner = Callable[..., Any]
#: Imported once by the fork server, so a child does not import them again (seconds each).
_PRELOAD = [
    "synthpersona.usecases.isolation",
    "synthpersona.usecases.tables",
    "synthpersona.usecases.behaviour",
    "synthpersona.usecases.simulation",
    "synthpersona.usecases.goals",
    "synthpersona.usecases.scenarios",
    "synthpersona.usecases.chat",
    "synthpersona.scenarios",
    "synthpersona.tables",
    # synthpersona.tables exports lazily: its analysis and by-path modules are named themselves
    "synthpersona.tables._analysis",
    "synthpersona.tables._postal",
    "synthpersona.tables._header_meaning",
    "synthpersona.tables._verify",
    "synthpersona.tables.sql_file",
    "synthpersona.segmentation",
    "synthpersona.simulation",
    "synthpersona.reporting",
    "synthpersona.views.seed003",
    "jinja2",
]
_POLL_S = 0.1
_CHECK_EVERY_S = 1.0  # the caller's check reads the store (a cancel record): not every poll
_context: Any = None


def request_runner(settings: Settings) -> Runner | None:
    """How a request runs heavy work: in a child process with the job budgets
    (``SYNTHPERSONA_JOB_TIMEOUT_S``, ``SYNTHPERSONA_JOB_MEMORY_MB``), or ``None`` (in the request's
    thread) when ``SYNTHPERSONA_JOB_ISOLATION`` is ``thread``."""
    if settings.job_isolation != "process":
        return None
    return partial(run_isolated, timeout_s=settings.job_timeout_s, memory_mb=settings.job_memory_mb)


def time_budget_error() -> ConflictError:
    """The error of work stopped at its time budget (``job_time_budget``)."""
    return ConflictError(
        "The job ran past its time budget (SYNTHPERSONA_JOB_TIMEOUT_S) and was stopped; nothing it "
        "wrote was kept. Submit smaller work or raise the budget on the server.",
        code="job_time_budget",
        details={"setting": "SYNTHPERSONA_JOB_TIMEOUT_S"},
    )


def memory_budget_error(rss_mb: int, limit_mb: int, *, who: str = "this server process") -> DataError:
    """The error of work stopped at its memory budget (``job_memory_budget``)."""
    return DataError(
        f"The job was stopped: {who} reached {rss_mb:,} MB while it ran, above its "
        f"memory budget of {limit_mb:,} MB (SYNTHPERSONA_JOB_MEMORY_MB); nothing it wrote was kept. "
        "Submit smaller work, or raise SYNTHPERSONA_JOB_MEMORY_MB on the server.",
        code="job_memory_budget",
        details={"limit_mb": limit_mb, "rss_mb": rss_mb, "setting": "SYNTHPERSONA_JOB_MEMORY_MB"},
    )


def _mp() -> Any:
    global _context
    if _context is None:
        _context = mp.get_context("forkserver")
        _context.set_forkserver_preload(_PRELOAD)
    return _context


def _rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _serve(conn: Connection) -> None:
    """A worker's loop: run each task it is sent, report its progress, then its result or error."""
    progress = partial(_send, conn, "progress")
    while True:
        try:
            env, fn, args, kwargs = conn.recv()
        except (EOFError, OSError):  # the service process closed the pipe or died
            return
        os.environ.clear()  # the caller's environment now, not the fork server's from its start
        os.environ.update(env)
        if "progress" in kwargs:
            kwargs["progress"] = progress
        try:
            result = fn(*args, **kwargs)
        except BaseException as exc:  # re-raised in the caller; the worker serves the next task
            try:
                conn.send(("error", exc))
            except Exception:  # an exception that does not pickle: its type and text
                conn.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
            continue
        finally:
            del fn, args, kwargs
        conn.send(("ok", result))
        del result


def _send(conn: Connection, kind: str, value: Any) -> None:
    conn.send((kind, value))


class _Worker:
    """One child process serving tasks; killed when a task must stop, else reused (its imports
    and caches, e.g. the header embeddings, stay warm like in the service process)."""

    def __init__(self) -> None:
        ctx = _mp()
        self.conn, there = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(there,), name="synthpersona-isolated", daemon=True)
        self.proc.start()
        there.close()

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(timeout=30)
        self.conn.close()


_idle: list[_Worker] = []
_idle_lock = threading.Lock()
_MAX_IDLE = 2  # workers kept waiting per service process; more are closed after their task


def _take() -> _Worker:
    with _idle_lock:
        while _idle:
            worker = _idle.pop()
            if worker.proc.is_alive():
                return worker
            worker.kill()
    return _Worker()


def _give_back(worker: _Worker, memory_mb: int | None) -> None:
    # a worker holding much memory after its task (fragmentation, caches) is replaced
    retire = (memory_mb or 1024) * budget.MB // 2
    with _idle_lock:
        if worker.proc.is_alive() and len(_idle) < _MAX_IDLE and _rss_bytes(worker.proc.pid) < retire:
            _idle.append(worker)
            return
    worker.kill()


def run_isolated(
    fn: Callable[..., T],
    /,
    *args: Any,
    timeout_s: float | None = None,
    memory_mb: int | None = None,
    check: Callable[[], None] | None = None,
    **kwargs: Any,
) -> T:
    """Run ``fn(*args, **kwargs)`` in a child process and return its result.

    Parameters
    ----------
    fn
        A module-level function (it is pickled by name); its arguments and result must pickle.
    timeout_s
        Time budget: the child is killed after it and :func:`time_budget_error` raised.
    memory_mb
        Memory budget: when what the child grows by during the task, plus what this process
        holds (:func:`~synthpersona.usecases.budget.process_rss_bytes`, as the admission check
        counts it), goes above it, the child is killed and :func:`memory_budget_error` raised
        (sampled every 0.1 s).
    check
        Called about every second while the child runs; what it raises stops the child and
        is raised here (a cancel, a dataset deleted meanwhile).
    kwargs
        Passed on; a ``progress`` callable is called here, in the caller, for every message
        the child reports (what it raises stops the child too).

    Raises
    ------
    SynthPersonaError
        What ``fn`` raised (re-raised here), a budget error, or a ``DataError``
        ``job_worker_died`` when the child died without an answer.
    """
    progress = kwargs.get("progress")
    if progress is not None and "progress" not in inspect.signature(fn).parameters:
        kwargs.pop("progress")
        progress = None
    if progress is not None:  # the child reports through the pipe; the callable stays here
        kwargs["progress"] = True
    deadline = None if timeout_s is None else time.monotonic() + timeout_s
    worker = _take()
    answered = False
    try:
        worker.conn.send((dict(os.environ), fn, args, kwargs))
        kind, value = _await(worker, deadline, memory_mb, check, progress)
        answered = True
    finally:  # every other way out (a budget, a cancel, a stop raised in this thread) kills it
        if answered:
            _give_back(worker, memory_mb)
        else:
            worker.kill()
    if kind == "error":
        raise value
    return cast(T, value)


def _await(
    worker: _Worker,
    deadline: float | None,
    memory_mb: int | None,
    check: Callable[[], None] | None,
    progress: Callable[[str], None] | None,
) -> tuple[str, Any]:
    conn, child = worker.conn, worker.proc
    next_check = time.monotonic() + _CHECK_EVERY_S
    # the work's memory is what the child grows by, counted on top of what the service process
    # holds, as the admission check counts it (budget.check_memory): the child, which holds less
    # than the service process (no population), stays below the budget as a whole
    allowed = None
    if memory_mb:
        allowed = memory_mb * budget.MB - budget.process_rss_bytes() + _rss_bytes(child.pid)
    while True:
        if conn.poll(_POLL_S):
            try:
                kind, value = conn.recv()
            except EOFError:  # the child died after the poll
                raise _died(child) from None
            if kind == "progress":
                if progress is not None:
                    progress(value)
                continue
            return kind, value
        if not child.is_alive() and not conn.poll():
            raise _died(child)
        now = time.monotonic()
        if deadline is not None and now > deadline:
            raise time_budget_error()
        if memory_mb and allowed is not None:
            rss = _rss_bytes(child.pid)
            if rss > allowed:
                raise memory_budget_error(-(-rss // budget.MB), memory_mb, who="its worker process")
        if check is not None and now >= next_check:
            check()
            next_check = now + _CHECK_EVERY_S


def _died(child: Any) -> DataError:
    child.join(timeout=5)
    code = child.exitcode
    how = "was killed (signal 9: out of memory?)" if code == -9 else f"exited with code {code}"
    return DataError(
        f"The worker process of this job {how} before it answered; nothing it wrote was kept. "
        "Submit smaller work, or retry.",
        code="job_worker_died",
        details={"exit_code": code},
    )
