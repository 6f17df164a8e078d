"""The UI's long steps as jobs: the page polls the job's record, cancels it, finds it again on refresh.

The job here is held at each stage by the test (events), so what the page shows follows
the job's state, never the clock: each page run reads the record as it is at that moment.
"""

from __future__ import annotations

import contextlib
import threading
import time
from datetime import UTC, datetime
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


def test_a_slow_language_model_never_blocks_the_role_play_page(open_page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The persona's reply is a job: while the model holds its answer, the page has run, shows the
    message with a running stage and Cancel, and takes the answer once it comes."""
    from tests.ui.conftest import finish_job

    from support.fake_llm import FakeLLM, RecordedRequest, reply, responder

    at = open_page("roleplay")
    at.selectbox(key="rp_example").set_value("Pharma sales")
    at.button(key="rp_read").click().run()
    finish_job(at)
    next(b for b in at.button if b.label == "Generate persona").click().run()
    assert finish_job(at)["status"] == "succeeded"  # type: ignore[index]  # generated in a job (offline)
    gate = threading.Event()

    def held(_req: RecordedRequest) -> Any:
        gate.wait(120)  # the model answers when the test says so, never by the clock
        return reply("Five minutes, yes. What is this about?")

    with FakeLLM() as llm:
        llm.script(responder(held))
        monkeypatch.setenv("SYNTHPERSONA_LLM_BASE_URL", llm.base_url)
        monkeypatch.setenv("SYNTHPERSONA_LLM_MODEL", "fake-model")
        try:
            at.chat_input[0].set_value("Good morning doctor, do you have five minutes?").run()
            job_id = _query(at, "job")
            _until(job_id, lambda _r: len(llm.chat_requests) >= 1)  # the model is holding the answer
            at.run()  # the page runs meanwhile: it is not waiting for the model
            assert_no_traceback(at)
            assert runner().get(job_id)["status"] == "running"
            assert "| Waiting for the persona's reply | running… |" in _rows(at)
            assert any(b.label == "Cancel" for b in at.button)
            assert [m.markdown[0].value for m in at.chat_message] == [
                "Good morning doctor, do you have five minutes?"
            ]
            assert at.chat_input[0].disabled  # one message at a time
        finally:
            gate.set()
        assert finish_job(at)["status"] == "succeeded"  # type: ignore[index]
    assert_no_traceback(at)
    said = [m.markdown[0].value for m in at.chat_message]
    assert len(said) == 2 and "Five minutes, yes" in said[1]
    assert not at.chat_input[0].disabled


def test_old_finished_ui_job_records_are_swept_at_startup(open_page) -> None:  # type: ignore[no-untyped-def]
    """Finished UI jobs older than the retention (7 days by default) go when the server starts (its
    first page run, whatever the page); running ones and other kinds stay, however old."""
    from synthpersona.ui import _jobs
    from synthpersona.usecases.jobs import JOB_KIND

    open_page("home")
    store = runner().store
    old, recent = "2000-01-01T00:00:00+00:00", datetime.now(UTC).isoformat()
    records = {
        "old-ui": {"kind": "ui_goal", "status": "succeeded", "finished_at": old},
        "old-failed-ui": {"kind": "ui_roleplay_draft", "status": "failed", "finished_at": old},
        "recent-ui": {"kind": "ui_goal", "status": "succeeded", "finished_at": recent},
        "old-running-ui": {
            "kind": "ui_simulation",
            "status": "running",
            "finished_at": None,
            "created_at": old,
        },
        "old-api": {"kind": "analysis", "status": "succeeded", "finished_at": old},
    }
    for job_id, rec in records.items():
        store.put_document(JOB_KIND, job_id, {"job_id": job_id, "inputs": {"goal_text": "x"}, **rec})
    try:
        _jobs._last_sweep.clear()  # a server that starts now
        open_page("home")
        left = {r["job_id"] for r in store.list_documents(JOB_KIND)}
        assert not {"old-ui", "old-failed-ui"} & left
        assert {"recent-ui", "old-running-ui", "old-api"} <= left
    finally:
        for job_id in records:
            with contextlib.suppress(Exception):
                store.delete_document(JOB_KIND, job_id)


def test_a_slow_language_model_never_blocks_the_personas_page_and_the_focus_group_counts(  # type: ignore[no-untyped-def]
    open_page, monkeypatch
) -> None:
    """A goal persona's reply and the focus group are jobs: while the model holds an answer the page
    runs, shows the message (or the persona being asked, counted) with Cancel, then takes the answer."""
    from tests.ui.conftest import finish_job

    from support.fake_llm import FakeLLM, RecordedRequest, reply, responder
    from synthpersona.usecases.chat import personas_of_run

    at = open_page("goal")
    at.text_area(key="goal_text").set_value("college students interested in headphones")
    at.slider(key="goal_k").set_value((2, 3))
    next(b for b in at.button if b.label == "Find segments").click().run()
    assert finish_job(at)["status"] == "succeeded"  # type: ignore[index]
    run = at.session_state["goal_run"]
    everyone = personas_of_run(run)
    first, second = (str(p["persona_name"]).split(" —")[0] for p in everyone[:2])
    gates = {first: threading.Event(), second: threading.Event()}

    def held(req: RecordedRequest) -> Any:
        said = " ".join(str(m.get("content")) for m in req.messages)
        for name, gate in gates.items():
            if name in said:  # the persona's own prompt names it
                gate.wait(120)  # the model answers when the test says so, never by the clock
        return reply("I would want to try it first.")

    with FakeLLM() as llm:
        llm.script(*[responder(held)] * (len(everyone) + 10))  # one action per request
        monkeypatch.setenv("SYNTHPERSONA_LLM_BASE_URL", llm.base_url)
        monkeypatch.setenv("SYNTHPERSONA_LLM_MODEL", "fake-model")
        try:
            at.switch_page("views/personas.py").run()
            next(b for b in at.button if b.key == f"chat_{everyone[0]['persona_id']}").click().run()
            at.chat_input[0].set_value("Would you buy these headphones?").run()
            job_id = _query(at, "job")
            _until(job_id, lambda _r: len(llm.chat_requests) >= 1)  # the model is holding the answer
            at.run()  # the page runs meanwhile: it is not waiting for the model
            assert_no_traceback(at)
            assert runner().get(job_id)["status"] == "running"
            assert "| Waiting for the persona's reply | running… |" in _rows(at)
            assert any(b.label == "Cancel" for b in at.button)
            assert [m.markdown[0].value for m in at.chat_message] == ["Would you buy these headphones?"]
            assert at.chat_input[0].disabled  # one message at a time
            gates[first].set()
            assert finish_job(at)["status"] == "succeeded"  # type: ignore[index]
            said = [m.markdown[0].value for m in at.chat_message]
            assert said == ["Would you buy these headphones?", "I would want to try it first."]
            assert _query(at, "chat")  # the conversation is stored and named in the URL

            at.text_input(key="focus_question").set_value("Would you pay ₹2,000 for them?")
            next(b for b in at.button if b.label == "Ask everyone").click().run()
            job_id = _query(at, "job")
            step = f"Asking every persona · 2 of {len(everyone)}"
            _until(job_id, lambda r: r["progress"] == step)  # the first answered, the second held
            at.run()
            assert_no_traceback(at)
            row = next(line for line in _rows(at).splitlines() if line.startswith("| Asking every persona |"))
            assert f"| running… 2 of {len(everyone)} |" in row and "s left" in row  # counted, estimated
            assert any(s.label.startswith(f"Focus group: {step}") for s in at.status)
        finally:
            for gate in gates.values():
                gate.set()
        assert finish_job(at)["status"] == "succeeded"  # type: ignore[index]
    assert_no_traceback(at)
    answers = at.session_state["focus_group"]["answers"]
    assert len(answers) == len(everyone)
    assert {a["response"] for a in answers} == {"I would want to try it first."}  # the model's answers
    assert any(len(d.value) == len(everyone) for d in at.dataframe)  # the answers' table
    # a refresh (a new session on the same URL) shows the answers and the question again
    fresh = open_page("personas", query={"run": run["run_id"], "job": _query(at, "job")})
    assert_no_traceback(fresh)
    assert len(fresh.session_state["focus_group"]["answers"]) == len(everyone)
    assert fresh.text_input(key="focus_question").value == "Would you pay ₹2,000 for them?"


def test_the_simulation_page_reads_a_log_in_a_job_of_its_own_restored_and_cancelled(  # type: ignore[no-untyped-def]
    open_page, monkeypatch, tmp_path
) -> None:
    """Reading an uploaded log's event names and goals is a job named by ``?read=`` (beside the page's
    main ``?job=``): held at its first step, the page shows it with Cancel and no form; a refresh finds
    the same job; a cancelled one offers to read again; the form then offers the log's own goals."""
    from tests.ui.conftest import finish_side_jobs

    from synthpersona.simulation import make_sample_events
    from synthpersona.ui._log_jobs import READ_LABEL, READ_STEPS, read_log

    log = tmp_path / "held_log.csv"
    make_sample_events(n_users=50, random_state=11)[["user_id", "event", "timestamp"]].to_csv(
        log, index=False
    )
    gate = threading.Event()
    progress = JobContext.progress

    def held(self: JobContext, step: str) -> None:  # the job waits at its first step until the test says
        progress(self, step)
        while step == READ_STEPS[0] and not gate.is_set():
            self.check()  # a cancel stops it here, as at any step
            time.sleep(0.02)

    at = open_page("simulation")  # the bundled sample's names are read (not held)
    monkeypatch.setattr(JobContext, "progress", held)
    try:
        at.radio(key="sim_source").set_value("Upload my event log").run()
        at.file_uploader(key="sim_file").set_value(("held_log.csv", log.read_bytes(), "text/csv")).run()
        read_id, log_id = _query(at, "read"), _query(at, "log")
        _until(read_id, lambda r: r["progress"] == READ_STEPS[0])
        at.run()  # the page runs while the log is read: the job's box, no form yet
        assert_no_traceback(at)
        assert at.status[0].label.startswith(f"{READ_LABEL}: {READ_STEPS[0]}… (")
        assert f"| {READ_STEPS[0]} | running… |" in _rows(at) and f"| {READ_STEPS[1]} | waiting |" in _rows(
            at
        )
        assert not any(b.label == "Run the A/B test" for b in at.button)

        fresh = open_page("simulation", query={"read": read_id, "log": log_id}, side=False)  # a refresh
        assert_no_traceback(fresh)
        assert _query(fresh, "read") == read_id  # the same job, not a second reading
        assert fresh.radio(key="sim_source").value == "Use the log I uploaded"
        assert fresh.status[0].label.startswith(f"{READ_LABEL}: {READ_STEPS[0]}…")
        next(b for b in fresh.button if b.label == "Cancel").click().run()
        assert _until(read_id, lambda r: r["status"] != "running")["status"] == "cancelled"
        fresh.run()
        assert_no_traceback(fresh)
        assert any("Cancelled" in i.value for i in fresh.info)
        gate.set()
        next(b for b in fresh.button if b.label == "Read the log again").click().run()
        assert _query(fresh, "read") != read_id
        finish_side_jobs(fresh)
    finally:
        gate.set()
    assert_no_traceback(fresh)
    read = read_log(str(log), None)  # the same file, read here
    picker = next(s for s in fresh.selectbox if s.label == "Goal event (the conversion)")
    assert list(picker.options) == ["Let synthpersona choose", *read["goals"]] and read["goals"]
    assert list(fresh.multiselect[0].options) == read["events"]  # the funnel picker
    assert any(b.label == "Run the A/B test" for b in fresh.button)
