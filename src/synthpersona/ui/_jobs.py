"""The web UI's long steps as jobs: they run outside the page, the page polls them.

A goal segmentation, a table analysis and a simulation run through the same job runner as
the REST API (:class:`~synthpersona.usecases.jobs.Jobs`): the heavy part runs in a child
process killed at the job's time and memory budgets (``SYNTHPERSONA_JOB_TIMEOUT_S``,
``SYNTHPERSONA_JOB_MEMORY_MB``) or on cancel, and the job's record in the store says what
it is doing. The page starts a job, puts its id in the URL (``?job=…``) and polls the
record about every second (a Streamlit fragment): the running stage, each stage's time, the
elapsed seconds and a cancel button. A browser refresh finds the job again by the URL, a
finished job hands its result to the page once, and a failed or cancelled re-run leaves the
result shown before it in place.

Examples
--------
>>> rec = {"status": "running", "stages": [{"name": "Reading", "at": 0.0},
...        {"name": "Clustering", "at": 1.5}]}
>>> stage_rows(rec, ["Reading", "Clustering", "Writing"], elapsed=4.0)
[('Reading', 'done', '1.5 s'), ('Clustering', 'running…', '2 s so far'), ('Writing', 'waiting', '')]
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

import streamlit as st

from synthpersona.config import get_settings
from synthpersona.errors import NotFoundError, SynthPersonaError
from synthpersona.ui._components import show_error
from synthpersona.ui._persist import set_url, store, url_value
from synthpersona.usecases.jobs import ACTIVE, JOB_KIND, JobContext, Jobs

if TYPE_CHECKING:
    from synthpersona.store import Store

__all__ = [
    "KIND_PREFIX",
    "POLL_S",
    "cancel",
    "current",
    "job_panel",
    "record",
    "remember",
    "restore_inputs",
    "runner",
    "show",
    "stage_rows",
    "start",
    "sweep_finished",
    "take",
    "taken",
]

log = logging.getLogger("synthpersona.ui")
KIND_PREFIX = "ui_"  # every UI job's kind starts so (the retention sweep removes only these)

POLL_S = 1.0  # how often a page asks a running job's record for news
_CONSUMED = "ui_jobs_consumed"  # ids of finished jobs whose result this session has taken
_RESTORED = "ui_inputs_restored"  # pages whose form this session has already filled from a record


@st.cache_resource(show_spinner=False)
def _runner(url: str) -> Jobs:
    settings = get_settings()
    jobs = Jobs(
        store(),
        threads=settings.job_threads,
        timeout_s=settings.job_timeout_s,
        memory_mb=settings.job_memory_mb,
        isolation=settings.job_isolation,
    )
    jobs.recover()  # jobs of a UI server that died are marked failed, not shown as running forever
    return jobs


_last_sweep: dict[str, float] = {}  # database url -> monotonic time of this process's last sweep


def runner() -> Jobs:
    """The UI server's job runner (one per process and database).

    Old finished UI job records are swept here: at the server's first page run and then at
    most every ``SYNTHPERSONA_SWEEP_INTERVAL_S`` seconds (:func:`sweep_finished`).
    """
    settings = get_settings()
    url = settings.resolved_database_url
    jobs = _runner(url)
    now = time.monotonic()
    last = _last_sweep.get(url)
    if last is None or (settings.sweep_interval_s > 0 and now - last >= settings.sweep_interval_s):
        _last_sweep[url] = now
        try:
            gone = sweep_finished(jobs.store, timedelta(days=settings.ui_job_retention_days))
        except SynthPersonaError as exc:  # a store hiccup must not break the page; the next sweep retries
            log.warning("UI job sweep failed", extra={"event": "ui_job_sweep_failed", "code": exc.code})
        else:
            if gone:
                log.info("old UI job records removed", extra={"event": "ui_job_sweep", "n": len(gone)})
    return jobs


def sweep_finished(store: Store, keep: timedelta, now: datetime | None = None) -> list[str]:
    """Remove the UI's finished job records that finished more than ``keep`` ago; return their ids.

    A UI job's record holds the form it was started with (a goal, a scenario's text), so it
    is not kept forever (``SYNTHPERSONA_UI_JOB_RETENTION_DAYS``). Queued and running jobs are
    never removed, nor jobs of other kinds (the REST API's). A page whose URL names a removed
    job shows the result its URL names, with that result's own form.

    Examples
    --------
    >>> from synthpersona.store import Store
    >>> s = Store("sqlite://")
    >>> _ = s.put_document(JOB_KIND, "a", {"job_id": "a", "kind": "ui_goal", "status": "succeeded",
    ...                                    "finished_at": "2026-01-01T00:00:00+00:00"})
    >>> _ = s.put_document(JOB_KIND, "b", {"job_id": "b", "kind": "ui_goal", "status": "running",
    ...                                    "finished_at": None, "created_at": "2026-01-01T00:00:00+00:00"})
    >>> sweep_finished(s, timedelta(days=7), now=datetime(2026, 1, 9, tzinfo=UTC))
    ['a']
    """
    limit = (now or datetime.now(UTC)) - keep
    gone = []
    for rec in store.list_documents(JOB_KIND):
        if not str(rec.get("kind", "")).startswith(KIND_PREFIX) or rec.get("status") in ACTIVE:
            continue
        ended = rec.get("finished_at") or rec.get("created_at")
        try:
            when = datetime.fromisoformat(str(ended))
        except ValueError:
            continue  # a record without a readable time is left alone
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        if when < limit:
            with contextlib.suppress(NotFoundError):  # another server process swept it first
                store.delete_document(JOB_KIND, str(rec["job_id"]))
            gone.append(str(rec["job_id"]))
    return gone


def start(
    kind: str,
    work: Callable[[JobContext], dict[str, Any]],
    *,
    inputs: dict[str, Any] | None = None,
    slot: str = "job",
    **subject: str,
) -> str:
    """Queue ``work`` as a job of ``kind`` and name it in the URL (``?job=…``); return its id.

    ``work`` runs in the runner's thread: it must not touch Streamlit, and it runs its heavy
    step through ``ctx.run`` (the child process) and reports stages with ``ctx.progress``.
    ``inputs`` are the page's form values (widget key → value), kept in the job's record so a
    refreshed page fills its form again (:func:`restore_inputs`). ``slot`` is the URL key that
    names the job: ``job`` is the page's main job (its result); a step the page needs before it
    can show its form (reading a log's event names) has its own key, so both are restored on refresh.
    """
    if not kind.startswith(KIND_PREFIX):
        raise ValueError(f"a UI job's kind starts with {KIND_PREFIX!r}, got {kind!r}")
    rec = runner().submit(kind, dict(subject), work, inputs=inputs)
    set_url(**{slot: rec["job_id"]})
    return str(rec["job_id"])


def cancel(job_id: str) -> None:
    """Ask a job to stop (the child process is killed within about a second)."""
    runner().cancel(job_id)


def _elapsed(rec: dict[str, Any]) -> float:
    if rec.get("seconds") is not None and rec.get("status") not in ACTIVE:
        return float(rec["seconds"])
    began = rec.get("started_at") or rec.get("created_at")
    if not began:
        return 0.0
    return max(0.0, (datetime.now(UTC) - datetime.fromisoformat(str(began))).total_seconds())


ITEMS = " · "  # a stage reported as "<stage> · i of n" counts its items: one row, with the count


def _items(name: str) -> tuple[str, tuple[int, int] | None]:
    """``("Asking every persona", (3, 9))`` for ``"Asking every persona · 3 of 9"``; no count: ``None``."""
    base, _, detail = name.partition(ITEMS)
    done, _, total = detail.partition(" of ")
    if done.isdigit() and total.isdigit():
        return base, (int(done), int(total))
    return name, None


def _left(count: tuple[int, int] | None, spent: float) -> str:
    """An estimate from the items finished so far (none before the first is done: never guessed)."""
    if count is None:
        return ""
    at, total = count
    finished = at - 1  # item ``at`` is the one running
    if finished < 1 or at > total:
        return ""
    return f", about {spent / finished * (total - finished):.0f} s left"


def stage_rows(rec: dict[str, Any], planned: Sequence[str], elapsed: float) -> list[tuple[str, str, str]]:
    """``(stage, state, time)`` per stage of a job record: planned stages first, then any other reported.

    A stage ended when the next began; the last one reported is running while the job is, and
    failed when the job failed. Planned stages never reported are waiting, or skipped once the
    job finished. A stage that counts its items (reported as ``"<stage> · i of n"`` as each item
    starts) is one row: running, it shows the item and, once one item is done, the time left at
    the pace so far.

    Examples
    --------
    >>> rec = {"status": "running", "stages": [{"name": "Asking · 1 of 4", "at": 0.0},
    ...        {"name": "Asking · 2 of 4", "at": 2.0}, {"name": "Asking · 3 of 4", "at": 4.0}]}
    >>> stage_rows(rec, ["Asking"], elapsed=5.0)
    [('Asking', 'running… 3 of 4', '5 s so far, about 5 s left')]
    """
    seen: list[tuple[str, float, tuple[int, int] | None]] = []
    for stage in rec.get("stages") or []:
        name, count = _items(str(stage["name"]))
        if seen and seen[-1][0] == name and count is not None:
            seen[-1] = (name, seen[-1][1], count)  # the next item of the same stage
        else:
            seen.append((name, float(stage["at"]), count))
    active = rec.get("status") in ACTIVE
    rows: dict[str, tuple[str, str, str]] = {}
    for i, (name, at, count) in enumerate(seen):
        if i + 1 < len(seen):
            rows[name] = (name, "done", f"{seen[i + 1][1] - at:.1f} s")
        elif active:
            spent = max(0.0, elapsed - at)
            state = "running…" if count is None else f"running… {count[0]} of {count[1]}"
            rows[name] = (name, state, f"{spent:.0f} s so far{_left(count, spent)}")
        else:
            state = "done" if rec.get("status") == "succeeded" else str(rec.get("status"))
            rows[name] = (name, state, f"{max(0.0, elapsed - at):.1f} s")
    out = [rows.pop(name, (name, "waiting" if active else "skipped", "")) for name in planned]
    return out + list(rows.values())


def _table(rows: list[tuple[str, str, str]]) -> str:
    lines = ["| Step | State | Time |", "|---|---|---|"]
    lines += [f"| {name} | {state} | {when} |" for name, state, when in rows]
    return "\n".join(lines)


def _get(job_id: str) -> dict[str, Any] | None:
    try:
        return runner().get(job_id)
    except NotFoundError:
        return None


def record(job_id: str | None) -> dict[str, Any] | None:
    """The record of a job, ``None`` when there is none (removed, or a mistyped link)."""
    return _get(job_id) if job_id else None


def current(kind: str, slot: str = "job") -> dict[str, Any] | None:
    """The record of the job the URL names (``?job=…``, or ``?<slot>=…``) when it is of ``kind``."""
    rec = record(url_value(slot))
    return rec if rec is not None and rec.get("kind") == kind else None


def taken(job_id: str) -> bool:
    """Whether this browser session already took the finished job's result (:func:`job_panel`)."""
    return job_id in st.session_state.get(_CONSUMED, set())


def remember(job_id: str, values: dict[str, Any]) -> None:
    """Keep more form values with a finished job (what the user changed after it), for a refresh.

    A running job's record is the runner's to write: it is left alone.
    """
    rec = _get(job_id)
    if rec is None or rec["status"] in ACTIVE:
        return
    rec.pop("cancel_requested", None)  # read from the cancel records, not stored in the job's
    rec["inputs"] = {**(rec.get("inputs") or {}), **values}
    runner().store.put_document(JOB_KIND, job_id, rec)


def _draw(rec: dict[str, Any], label: str, planned: Sequence[str]) -> None:
    """The job's status box: title with the running stage and the seconds, the stage table, cancel."""
    elapsed = _elapsed(rec)
    status = rec["status"]
    state: Literal["running", "complete", "error"]
    if status in ACTIVE:
        doing = "waiting for a free worker" if status == "queued" else rec.get("progress") or "starting"
        if rec.get("cancel_requested"):
            doing = "cancelling"
        title, state = f"{label}: {doing}… ({elapsed:.0f} s)", "running"
    elif status == "succeeded":
        title, state = f"{label} — done in {elapsed:.1f} s", "complete"
    else:
        title, state = f"{label} — {status}", "error"
    with st.status(title, state=state, expanded=status in ACTIVE):
        rows = stage_rows(rec, planned, elapsed)
        if rows:
            st.markdown(_table(rows))
        stoppable = status in ACTIVE and not rec.get("cancel_requested")
        if stoppable and st.button("Cancel", key=f"cancel_{rec['job_id']}", icon="⏹️"):
            cancel(rec["job_id"])
            st.rerun(scope="fragment")
    error = rec.get("error") or {}
    if status == "cancelled":
        st.info("Cancelled: nothing from this run was kept.", icon="⏹️")
    elif status == "failed":  # the job's error as the library raised it: title, message and hints
        show_error(
            SynthPersonaError(
                str(error.get("message", "")),
                code=str(error.get("code", "job_failed")),
                details=dict(error.get("details") or {}),
            )
        )


def show(rec: dict[str, Any], label: str, planned: Sequence[str] = ()) -> None:
    """A job's status box: polled every :data:`POLL_S` seconds while it runs (the page runs again
    when it finishes), final otherwise (with the error of a failed job)."""
    if rec["status"] in ACTIVE:
        _live(str(rec["job_id"]), label, tuple(planned))
    else:
        _draw(rec, label, planned)


def job_panel(
    kind: str,
    label: str,
    planned: Sequence[str] = (),
    *,
    subject: dict[str, str] | None = None,
    slot: str = "job",
) -> dict[str, Any] | None:
    """Show the job named in the URL when it is of ``kind`` (and about ``subject``, when given);
    return it once when it has just finished.

    While the job runs, its box is redrawn every :data:`POLL_S` seconds from the job's record,
    and the whole page runs again when it finishes. A finished job is returned the first time
    this session sees it finished (so the page takes its result once: after a refresh too), and
    ``None`` afterwards or when there is no such job. ``slot``: the URL key naming the job.
    """
    job_id = url_value(slot)
    rec = _get(job_id) if job_id else None
    if rec is None or rec.get("kind") != kind:
        return None
    if subject and any(rec.get("subject", {}).get(k) != v for k, v in subject.items()):
        return None  # a job about something else than the page shows now (an earlier upload)
    if rec["status"] in ACTIVE:
        _live(job_id or "", label, tuple(planned))
        return None
    _draw(rec, label, planned)
    consumed: set[str] = st.session_state.setdefault(_CONSUMED, set())
    if rec["job_id"] in consumed:
        return None
    consumed.add(rec["job_id"])
    return rec


def take(
    job: dict[str, Any],
    key: str,
    load: Callable[[dict[str, Any]], dict[str, Any] | None],
    url: Callable[[dict[str, Any]], dict[str, str | None]],
) -> bool:
    """Show a job that just finished: its result replaces the page's ``key``; keep the last on failure.

    ``load(job_result)`` reads the record the job stored (``None``: gone), ``url(record)`` is
    what the URL names once it is shown (a refresh or shared link finds it there). A failed or
    cancelled job, or one whose record is gone, leaves the result shown before it in place and
    says so. Returns whether a new result was taken.
    """
    doc = load(dict(job.get("result") or {})) if job["status"] == "succeeded" else None
    if doc is None:
        if st.session_state.get(key):
            st.info("The previous result is still shown below.", icon="↩️")
        return False
    st.session_state[key] = doc
    set_url(**url(doc))
    return True


def restore_inputs(kind: str, fallback: dict[str, Any] | None = None, slot: str = "job") -> dict[str, Any]:
    """Fill a page's form once per browser session from the record behind its URL; return what was used.

    After a refresh the browser has forgotten every widget: the job named in the URL
    (``?job=…``, of ``kind``) has the form values it was started with (:func:`start`'s
    ``inputs``), else ``fallback`` (read by the page from the result its URL names). Values go
    into the widgets' session state before the widgets are drawn, so the user sees the form
    that made the result; a widget the user already changed in this session is left alone.
    Call it before drawing the form. ``slot``: the URL key naming the job (:func:`start`).
    """
    done: set[str] = st.session_state.setdefault(_RESTORED, set())
    if kind in done:
        return {}
    done.add(kind)
    job_id = url_value(slot)
    rec = _get(job_id) if job_id else None
    values = dict(rec.get("inputs") or {}) if rec is not None and rec.get("kind") == kind else {}
    values = values or dict(fallback or {})
    for name, value in values.items():
        if name not in st.session_state and not name.startswith("_"):
            st.session_state[name] = value  # names starting with "_" are the page's own (a grid's rows)
    return values


@st.fragment(run_every=POLL_S)
def _live(job_id: str, label: str, planned: tuple[str, ...]) -> None:
    rec = _get(job_id)
    if rec is None:
        return
    _draw(rec, label, planned)
    if rec["status"] not in ACTIVE:
        st.rerun(scope="app")  # the record is final: the page takes the result on its next run
