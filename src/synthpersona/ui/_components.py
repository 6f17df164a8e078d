"""Shared Streamlit components: page header, readable errors, long steps, cards."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import streamlit as st

from synthpersona.errors import SynthPersonaError

__all__ = [
    "StepResult",
    "badges",
    "kv_table",
    "page_header",
    "run_step",
    "show_error",
    "show_unexpected",
]

log = logging.getLogger("synthpersona.ui")
T = TypeVar("T")

_TITLES = {
    "invalid_input": "Please check the input",
    "bad_data": "This file cannot be used as it is",
    "goal_not_understood": "The goal was not understood",
    "empty_result": "Nobody matches this goal",
    "not_found": "Not found",
    "bad_config": "Configuration problem",
    "store_error": "Storage problem",
    "llm_error": "The language model failed",
    "job_time_budget": "Stopped at its time budget",
    "job_memory_budget": "Stopped at its memory budget",
    "job_interrupted": "Interrupted by a restart",
    "job_worker_died": "The worker process died",
}


def page_header(title: str, subtitle: str) -> None:
    """Title and a one-line explanation of what the page does."""
    st.title(title)
    st.caption(subtitle)


def _detail_lines(details: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    for key in (
        "suggestion",
        "suggestions",
        "did_you_mean",
        "allowed",
        "examples",
        "missing",
        "close_matches",
    ):
        value = details.get(key)
        if not value:
            continue
        label = key.replace("_", " ").capitalize()
        if isinstance(value, dict):
            value = ", ".join(f"{k} → {v}" for k, v in value.items())
        elif isinstance(value, list | tuple | set):
            value = ", ".join(str(v) for v in list(value)[:12])
        lines.append(f"**{label}:** {value}")
    return lines


def show_error(exc: SynthPersonaError) -> None:
    """Show a library error as a readable message (title, message, hints), never a traceback."""
    title = _TITLES.get(exc.code, "Something needs fixing")
    body = f"**{title}.** {exc.message}"
    hints = _detail_lines(exc.details)
    if hints:
        body += "\n\n" + "  \n".join(hints)
    st.error(body, icon="⚠️")
    if exc.details:
        with st.expander("Error details"):
            st.json({"code": exc.code, **exc.details}, expanded=False)


def show_unexpected(exc: BaseException, what: str) -> None:
    """Show an unexpected failure in one readable sentence and log the traceback."""
    log.exception("unexpected error while %s", what)
    st.error(
        f"**Something went wrong while {what}.** {type(exc).__name__}: {exc}. "
        "Try again, or change the inputs; if it keeps happening, please report it with these inputs.",
        icon="🛑",
    )


@dataclass
class StepResult(Generic[T]):
    """Outcome of :func:`run_step`: the value or ``None``, the error and the time taken."""

    value: T | None
    error: BaseException | None
    seconds: float

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class _Stage:
    name: str
    began: float | None = None
    ended: float | None = None
    failed: bool = False


class _Stages:
    """The stages of one long step: each one's state (waiting, running, done, failed, skipped) and time."""

    def __init__(self, start: float, planned: list[str]) -> None:
        self.start = start
        self.rows = [_Stage(name) for name in planned]
        self.finished = False

    def now(self) -> float:
        return time.perf_counter() - self.start

    def running(self) -> str | None:
        """The stage now running (``None``: none reported yet)."""
        return next((r.name for r in reversed(self.rows) if r.began is not None and r.ended is None), None)

    def begin(self, stage: str) -> None:
        t = self.now()
        for row in self.rows:
            if row.began is not None and row.ended is None:
                row.ended = t
        waiting = [row for row in self.rows if row.name == stage and row.began is None]
        if waiting:
            waiting[0].began = t
        else:
            self.rows.append(_Stage(stage, began=t))

    def finish(self, failed: bool) -> None:
        t = self.now()
        self.finished = True
        for row in self.rows:
            if row.began is not None and row.ended is None:
                row.ended, row.failed = t, failed

    def markdown(self) -> str:
        lines = ["| Step | State | Time |", "|---|---|---|"]
        for row in self.rows:
            if row.began is None:
                state, when = ("skipped", "") if self.finished else ("waiting", "")
            elif row.ended is None:
                state, when = "running…", f"{self.now() - row.began:.0f} s so far"
            else:
                state = "failed" if row.failed else "done"
                when = f"{row.ended - row.began:.1f} s"
            lines.append(f"| {row.name} | {state} | {when} |")
        return "\n".join(lines)


def _in_worker(
    fn: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any], tick: Callable[[], None]
) -> tuple[T | None, BaseException | None]:
    """Run ``fn`` in a worker thread and call ``tick`` about every second until it ends.

    The page's status box is redrawn by ``tick`` in the script thread, so the elapsed time
    keeps counting while a step that reports nothing (a clustering, a model load) runs.
    """
    from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

    out: dict[str, Any] = {}

    def work() -> None:
        try:
            out["value"] = fn(*args, **kwargs)
        except Exception as exc:  # shown by the caller as a readable message
            out["error"] = exc

    worker = threading.Thread(target=work, name="ui-step", daemon=True)
    ctx = get_script_run_ctx()
    if ctx is not None:  # st.cache_* and session state inside fn need the page's context
        add_script_run_ctx(worker, ctx)
    worker.start()
    tick()
    while worker.is_alive():
        worker.join(timeout=1.0)
        if worker.is_alive():
            tick()
    return out.get("value"), out.get("error")


def run_step(
    label: str,
    fn: Callable[..., T],
    *args: Any,
    staged: bool = False,
    steps: Iterable[str] | None = None,
    **kwargs: Any,
) -> StepResult[T]:
    """Run a long step behind a status box and show any error readably afterwards.

    With ``staged=True``, ``fn`` gets a ``progress`` callable: the stages it reports are listed
    in the status box as a table with each one's state (waiting, running, done, failed, skipped)
    and the seconds it took, and the running one is in the box's title, so a long step says
    what is happening. ``steps`` lists the stages expected, shown as waiting from the start.
    The error message is rendered outside the status box so that it stays visible when the box
    collapses.
    """
    start = time.perf_counter()
    table = _Stages(start, list(steps or []))
    with st.status(f"{label}…", expanded=staged) as status:
        box = st.empty() if staged else None

        def tick() -> None:  # in the script thread: what runs now and for how long, every second
            stage = table.running()
            doing = f"{label}: {stage}…" if stage else f"{label}…"
            status.update(label=f"{doing} ({table.now():.0f} s)")
            if box is not None and table.rows:
                box.markdown(table.markdown())

        if staged:
            kwargs["progress"] = table.begin  # the worker only records; the script thread renders
        value, error = _in_worker(fn, args, kwargs, tick)
        seconds = time.perf_counter() - start
        table.finish(failed=error is not None)
        if box is not None and table.rows:
            box.markdown(table.markdown())
        if error is None:
            status.update(label=f"{label} — done in {seconds:.1f} s", state="complete", expanded=False)
        else:
            status.update(label=f"{label} — failed", state="error")
    if isinstance(error, SynthPersonaError):
        show_error(error)
    elif error is not None:
        show_unexpected(error, label[:1].lower() + label[1:])
    return StepResult(value, error, seconds)


def badges(items: Iterable[str], colour: str = "blue") -> str:
    """Markdown for a row of coloured badges."""
    return " ".join(f":{colour}-badge[{_escape(str(item))}]" for item in items if str(item).strip())


def _escape(text: str) -> str:
    return text.replace("[", "(").replace("]", ")")


def kv_table(pairs: dict[str, Any]) -> str:
    """A two-column Markdown table of labels and values (values rendered as text)."""
    rows = ["| | |", "|---|---|"]
    for key, value in pairs.items():
        label = str(key).replace("_", " ").capitalize()
        rows.append(f"| {label} | {str(value).replace('|', '/')} |")
    return "\n".join(rows)
