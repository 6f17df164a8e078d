"""The UI's long steps as jobs: the page polls the job's record, cancels it, finds it again on refresh.

The job here is held at each stage by the test (events), so what the page shows follows
the job's state, never the clock: each page run reads the record as it is at that moment.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from tests.ui.test_pages import _query, assert_no_traceback

from synthpersona.ui._jobs import runner, stage_rows
from synthpersona.usecases.goals import GOAL_STEPS
from synthpersona.usecases.jobs import JobContext

STEPS = list(GOAL_STEPS.values())


def _until(job_id: str, ok: Any, timeout: float = 60) -> dict[str, Any]:
    """The job's record once ``ok(record)`` holds (polled: a condition, not a fixed wait)."""
    end = time.monotonic() + timeout
    while True:
        rec = runner().get(job_id)
        if ok(rec) or time.monotonic() > end:
            return rec
        time.sleep(0.02)


def _rows(at) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(m.value for m in at.markdown if m.value.startswith("| Step"))


def test_the_goal_page_follows_a_job_by_its_record_cancels_it_and_restores_it(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page("goal")  # the page's runner exists (and its store) once the page ran
    gates = [threading.Event(), threading.Event()]

    def work(ctx: JobContext) -> dict[str, Any]:
        ctx.progress(STEPS[0])
        gates[0].wait(60)
        ctx.progress(STEPS[1])
        gates[1].wait(60)
        ctx.progress(STEPS[2])  # a cancel requested meanwhile stops the job here
        return {"run_id": "never"}

    job_id = runner().submit("ui_goal", {"goal": "held"}, work)["job_id"]
    try:
        _until(job_id, lambda r: r["progress"] == STEPS[0])
        at = open_page("goal", query={"job": job_id})  # the link a started job puts in the URL
        assert_no_traceback(at)
        assert at.status[0].label.startswith(f"Finding segments: {STEPS[0]}… (")  # stage and seconds
        table = _rows(at)
        assert f"| {STEPS[0]} | running… |" in table and f"| {STEPS[1]} | waiting |" in table
        assert any(b.label == "Cancel" for b in at.button)

        gates[0].set()  # the job moves on; the page's next poll shows it
        _until(job_id, lambda r: r["progress"] == STEPS[1])
        at.run()
        table = _rows(at)
        assert f"| {STEPS[0]} | done |" in table and f"| {STEPS[1]} | running… |" in table

        fresh = open_page("goal", query={"job": job_id})  # a browser refresh: a new session
        assert_no_traceback(fresh)
        assert f"| {STEPS[1]} | running… |" in _rows(fresh)
        assert fresh.status[0].label.startswith(f"Finding segments: {STEPS[1]}…")

        next(b for b in fresh.button if b.label == "Cancel").click().run()
        assert runner().get(job_id)["cancel_requested"]
        gates[1].set()
        rec = _until(job_id, lambda r: r["status"] != "running")
        assert rec["status"] == "cancelled" and rec["result"] is None
        fresh.run()
        assert_no_traceback(fresh)
        assert any("Cancelled" in i.value for i in fresh.info)
        assert not any(b.label == "Cancel" for b in fresh.button)
        assert "goal_run" not in fresh.session_state  # nothing was taken from a cancelled job
    finally:
        for gate in gates:
            gate.set()


def test_a_failed_rerun_keeps_the_last_good_run_on_the_page(open_page) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.conftest import finish_job

    at = open_page("goal")
    at.text_area(key="goal_text").set_value("college students interested in headphones")
    at.slider(key="goal_k").set_value((2, 3))
    next(b for b in at.button if b.label == "Find segments").click().run()
    assert finish_job(at)["status"] == "succeeded"  # type: ignore[index]
    good = at.session_state["goal_run"]["run_id"]
    at.text_area(key="goal_text").set_value("qwzx vvvv blorp")
    next(b for b in at.button if b.label == "Find segments").click().run()
    assert finish_job(at)["status"] == "failed"  # type: ignore[index]
    assert_no_traceback(at)
    assert any("The goal was not understood" in e.value for e in at.error)
    assert any("previous result" in i.value for i in at.info)
    assert at.session_state["goal_run"]["run_id"] == good
    assert {m.label for m in at.metric} >= {"Audience", "Segments"}  # still on the page

    # A refresh: the good run comes back from the URL, and the form is the one the user sent last
    # (read from the job's record: the browser keeps nothing)
    fresh = open_page("goal", query={"run": good, "job": _query(at, "job")})
    assert_no_traceback(fresh)
    assert fresh.session_state["goal_run"]["run_id"] == good
    assert fresh.text_area(key="goal_text").value == "qwzx vvvv blorp"
    assert tuple(fresh.slider(key="goal_k").value) == (2, 3)  # not the default (2, 8)
    link = open_page("goal", query={"run": good})  # a link to the run alone: its goal is in the box
    assert link.text_area(key="goal_text").value == "college students interested in headphones"


def test_stage_rows_follow_the_record() -> None:
    rec = {"status": "failed", "stages": [{"name": "A", "at": 0.0}, {"name": "B", "at": 2.0}]}
    assert stage_rows(rec, ["A", "B", "C"], elapsed=5.0) == [
        ("A", "done", "2.0 s"),
        ("B", "failed", "3.0 s"),
        ("C", "skipped", ""),
    ]
