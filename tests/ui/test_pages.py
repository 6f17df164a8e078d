"""AppTest tests: each page's main path and its error paths, through the real app shell."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from tests.ui.conftest import finish_job, finish_side_jobs


def assert_no_traceback(at) -> None:  # type: ignore[no-untyped-def]
    assert len(at.exception) == 0, [e.value for e in at.exception]


def strict_personas(at, run) -> list[dict]:  # type: ignore[no-untyped-def]
    """The protected personas of the run's first segment at k=50, as the page computed them."""
    _summary, by_segment = at.session_state["_protected_personas"][(run["run_id"], 50)]
    return list(by_segment[int(run["clusters"][0]["cluster_id"])])


def _query(at, name: str) -> str:  # type: ignore[no-untyped-def]
    """A query parameter of the page's URL (AppTest keeps a value or a list of values)."""
    value = at.query_params[name]
    return str(value if isinstance(value, str) else value[0])


def _texts(at) -> str:  # type: ignore[no-untyped-def]
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def test_shell_lists_every_workflow_and_the_engine(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page()
    assert_no_traceback(at)
    assert at.title[0].value.endswith("synthpersona")
    body = _texts(at)
    for title in ("Goal → segments", "Personas & chat", "Leads / any table", "Simulation", "Role-play"):
        assert title in body
    assert "Offline engine" in body  # no LLM configured: the sidebar says nothing leaves the machine


def _ask(at, text: str) -> None:  # type: ignore[no-untyped-def]
    """Send a chat message; the persona's answer is a job: the message shows at once, the answer after it."""
    at.chat_input[0].set_value(text).run()
    assert any(b.markdown[0].value == text for b in at.chat_message if b.name == "user")
    assert finish_job(at)["status"] == "succeeded"  # type: ignore[index]


def test_goal_main_path_then_persona_chat(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page("goal")
    at.text_area(key="goal_text").set_value("college students interested in headphones")
    at.slider(key="goal_k").set_value((2, 4))
    submit = next(b for b in at.button if b.label == "Find segments")
    submit.click().run()
    finish_job(at)
    assert_no_traceback(at)
    assert not at.error, [e.value for e in at.error]
    labels = {m.label: m.value for m in at.metric}
    assert int(labels["Audience"].replace(",", "")) >= 20
    assert 2 <= int(labels["Segments"]) <= 4
    code = "\n".join(c.value for c in at.code)
    assert "SELECT" in code and "occupation" in code  # the SQL that ran is shown
    assert any("Filters applied" in m.value for m in at.markdown)
    run = at.session_state["goal_run"]
    assert len(run["projection"]["points"]) > 0
    selection = run["meta"].get("selection") or {}  # the verdict of automatic k is shown when unclear
    assert any("No clear segments" in w.value for w in at.warning) == (selection.get("clear") is False)

    # Personas of the first segment; open a chat and exchange two messages.
    at.switch_page("views/personas.py").run()
    assert_no_traceback(at)
    # synthetic population: shown as built (as the API and chat show them); the protected
    # preview states only what at least 5 audience members share
    assert "_protected_personas" not in at.session_state or not at.session_state["_protected_personas"]
    assert any("Synthetic population" in c.value for c in at.caption)
    at.toggle(key="persona_protect").set_value(True).run()
    assert_no_traceback(at)
    summary, protected = at.session_state["_protected_personas"][(run["run_id"], 5)]
    assert summary["ok"] and all(c["matches"] >= 5 for c in summary["personas"])
    assert any(
        e.label.startswith("Protected: what each persona states is shared by at least 5") for e in at.expander
    )
    shown = protected[int(run["clusters"][0]["cluster_id"])]
    captions = {c.value for c in at.caption}
    assert all(p["demographics"] in captions for p in shown)
    assert all("anchor_user_id" not in p["profile"] for p in shown)
    at.number_input(key="persona_k").set_value(50).run()  # a stricter k is applied on the spot
    assert_no_traceback(at)
    strict, _ = at.session_state["_protected_personas"][(run["run_id"], 50)]
    assert strict["ok"] and all(c["matches"] >= 50 for c in strict["personas"])
    first = run["personas"][run["clusters"][0]["cluster_id"]][0]
    next(b for b in at.button if b.key == f"chat_{first['persona_id']}").click().run()
    # under the preview the chat is with the protected persona: it does not know the exact age
    age = str(first["profile"]["age"])
    shown_first = next(p for p in strict_personas(at, run) if p["persona_id"] == first["persona_id"])
    assert str(shown_first["profile"].get("age")) != age  # at k=50 the exact age is withheld (a band)
    _ask(at, "How old are you exactly?")
    assert_no_traceback(at)
    said = [b.markdown[0].value for b in at.chat_message if b.name == "assistant"]
    assert len(said) == 1 and not re.search(rf"(?<![\d-]){age}(?![\d-])", said[0]), said  # a band may
    assert "chat" not in at.query_params  # a preview conversation is not the run's conversation
    at.toggle(key="persona_protect").set_value(False).run()  # as built again: the run's own chat
    assert not at.chat_message
    _ask(at, "What do you think about the price?")
    _ask(at, "And would you pay on EMI?")
    assert_no_traceback(at)
    bubbles = at.chat_message
    assert len(bubbles) == 4
    assert [b.name for b in bubbles] == ["user", "assistant", "user", "assistant"]
    answers = [b.markdown[0].value for b in bubbles if b.name == "assistant"]
    assert all(a.strip() for a in answers) and answers[0] != answers[1]
    assert any("offline" in c.value for c in at.caption)  # the engine is shown
    chat_id = _query(at, "chat")
    assert _query(at, "run") == run["run_id"]

    # A refresh (a new session on the same URL) brings back the run and the conversation.
    fresh = open_page("personas", query={"run": run["run_id"], "chat": chat_id})
    assert_no_traceback(fresh)
    assert fresh.session_state["goal_run"]["run_id"] == run["run_id"]
    assert [b.markdown[0].value for b in fresh.chat_message if b.name == "assistant"] == answers
    goal = open_page("goal", query={"run": run["run_id"]})
    assert_no_traceback(goal)
    assert {m.label for m in goal.metric} >= {"Audience", "Segments"}


@pytest.mark.parametrize(
    ("goal", "expected"),
    [("   ", "Please type a goal"), ("qwzx vvvv blorp", "The goal was not understood")],
)
def test_goal_errors_are_readable_messages(open_page, goal: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    at = open_page("goal")
    at.text_area(key="goal_text").set_value(goal)
    next(b for b in at.button if b.label == "Find segments").click().run()
    finish_job(at)
    assert_no_traceback(at)
    assert any(expected in e.value for e in at.error), [e.value for e in at.error]
    assert "goal_run" not in at.session_state


def test_personas_page_without_a_run_points_to_the_goal_page(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page("personas")
    assert_no_traceback(at)
    assert any("run a goal first" in i.value for i in at.info)


def _leads_bytes(n: int = 300) -> bytes:
    rng = np.random.default_rng(0)
    df = pd.DataFrame(
        {
            "State": rng.choice(["Maharashtra", "Karnataka", "Delhi"], n),
            "Industry": rng.choice(["Banking", "Retail", "IT Services"], n),
            "Job Title": rng.choice(["CEO", "Sr. Manager", "Analyst", "Intern"], n),
            "Education Level": rng.choice(["Graduate", "Post-graduate"], n),
            "Age_range": rng.choice(["25-34", "35-44"], n),
            "Years of Experience": rng.choice(["0-2", "3-5", "6-10"], n),
            "Gender": rng.choice(["Female", "Male"], n),
            "Lead Source": rng.choice(["Website", "Referral", "Event"], n),
            "is_sale": rng.choice(["yes", "no"], n),
        }
    )
    buf = io.StringIO()
    df.to_csv(buf, index=False)
    return buf.getvalue().encode()


def test_leads_upload_preview_analyze_charts_and_refresh(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page("leads")
    at.file_uploader(key="leads_file").set_value(("leads.csv", _leads_bytes(), "text/csv")).run()
    assert_no_traceback(at)
    preview = at.session_state["leads_preview"]
    roles = {c["name"]: c["role"] for c in preview["columns"]}
    assert roles["is_sale"] == "target" and roles["State"] == "state"  # inferred, shown for correction
    assert _query(at, "dataset") == preview["dataset_id"]  # the upload is in the URL
    from synthpersona.segmentation import algorithm_names
    from synthpersona.ui._format import human

    # the algorithm pick-list is the registry's (tables accept every registered algorithm)
    assert list(at.selectbox(key="leads_algo").options) == [human(n) for n in algorithm_names()]
    assert at.number_input(key="leads_k_anonymity").value == 5  # protected by default
    at.number_input(key="leads_k_anonymity").set_value(10)
    at.button(key="leads_go").click().run()
    finish_job(at)
    assert_no_traceback(at)
    assert not at.error, [e.value for e in at.error]
    res = at.session_state["leads_result"]
    personas = res["personas"]
    assert len(personas) == 4
    rates = [p["conversion_metrics"]["conversion_rate"] for p in personas]
    assert rates == sorted(rates, reverse=True)  # tabs are ranked by conversion
    assert sum(p["cluster_size"] for p in personas) == 300
    # the dashboard's numbers are the personas' own: same sizes and rates per cluster
    dash = res["dashboard"]
    by_id = {p["cluster_id"]: p for p in personas}
    for cid, size, rate in zip(dash["cluster_ids"], dash["sizes"], dash["rates"], strict=True):
        assert by_id[cid]["cluster_size"] == size
        assert by_id[cid]["conversion_metrics"]["conversion_rate"] == rate
    assert len(res["pca"]["points"]) == len(res["pca"]["labels"]) > 0
    assert len(at.tabs) == 4
    labels = [d.label for d in at.download_button]
    assert {"Download personas JSON", "Download clustered CSV", "Download HTML report"} <= set(labels)
    assert labels.count("Download chart (HTML)") == 2  # one per interactive chart
    assert _query(at, "analysis") == res["analysis_id"]
    # the personas are protected at the k chosen, and the page says so and what it generalised
    privacy = res["summary"]["privacy"]
    assert privacy["k"] == 10 and privacy["ok"] and all(c["matches"] >= 10 for c in privacy["personas"])
    assert any(
        e.label.startswith("🔒 Protected: what each persona states is shared by at least 10")
        for e in at.expander
    )

    # A new session (a browser refresh) with the same URL shows the same analysis again.
    url = {"dataset": preview["dataset_id"], "analysis": res["analysis_id"]}
    fresh = open_page("leads", query=url)
    assert_no_traceback(fresh)
    assert fresh.session_state["leads_result"]["personas"] == personas
    assert fresh.number_input(key="leads_k_anonymity").value == 10  # the form that made it, not 5
    job = open_page("leads", query={**url, "job": _query(at, "job")})  # the same, read from the job
    assert job.number_input(key="leads_k_anonymity").value == 10
    assert job.selectbox(key="leads_k").value == "4"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("empty.csv", b""),
        ("junk.parquet", b"\x00\x01no"),
    ],
)
def test_leads_bad_files_get_clear_messages(open_page, name: str, data: bytes) -> None:  # type: ignore[no-untyped-def]
    at = open_page("leads")
    at.file_uploader(key="leads_file").set_value((name, data, "application/octet-stream")).run()
    assert_no_traceback(at)
    assert at.error, "a bad file must produce a readable error"
    assert "Traceback" not in at.error[0].value
    assert "leads_preview" not in at.session_state and "leads_result" not in at.session_state


def test_leads_table_without_usable_rows_is_a_readable_error(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page("leads")
    at.file_uploader(key="leads_file").set_value(
        ("leads.csv", b"State,Industry\nMaharashtra,Banking\n", "text/csv")
    )
    at.run()
    if not at.error:  # readable as a table: the analysis refuses it
        at.button(key="leads_go").click().run()
    finish_job(at)
    assert_no_traceback(at)
    assert at.error and "Traceback" not in at.error[0].value
    assert "leads_result" not in at.session_state


def test_simulation_on_the_sample_then_a_failed_rerun_keeps_it(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page("simulation")
    at.number_input(key="sim_n").set_value(500)
    next(b for b in at.button if b.label == "Run the A/B test").click().run()
    finish_job(at)
    assert_no_traceback(at)
    assert not at.error, [e.value for e in at.error]
    labels = {m.label for m in at.metric}
    assert {"Control conversion", "Treatment conversion", "Relative lift", "p-value"} <= labels
    assert any(d.label == "Download PowerPoint deck" for d in at.download_button)
    res = at.session_state["simulation_result"]
    stats = res["stats"]
    assert stats["abs_ci_low"] <= stats["abs_lift"] <= stats["abs_ci_high"]
    figures = json.loads(Path(res["files"]["figures.json"]).read_text())
    assert {"sankey", "sankey_treatment", "funnel", "transitions"} <= set(figures)
    assert res["recommendations"] and res["validation"]
    assert any(r in m.value for m in at.markdown for r in res["recommendations"][:1])
    assert _query(at, "sim") == res["sim_id"]
    # converters and the rest: from which step they part, and whether that is beyond chance
    assert any("first move differently at step" in m.value for m in at.markdown)
    # the behaviour analytics of the log were made by the job (counted stages), not in the page
    texts = _texts(at)
    assert "| Behaviour of the real log: transition graph (1 of 4) | done |" in texts
    assert "| Behaviour of the real log: converters and the rest, step by step (4 of 4) | done |" in texts
    behaviour = json.loads(Path(res["files"]["behaviour.json"]).read_text())
    assert set(behaviour) == {"graph", "steps", "sankey", "converters"}
    # the draggable graph is drawn by a job of its own (``?graph=``) into the simulation's folder
    from synthpersona.ui._jobs import runner

    graph = runner().get(_query(at, "graph"))
    assert graph["kind"] == "ui_graph" and graph["status"] == "succeeded"
    drawn = Path(graph["result"]["file"])
    assert drawn.parent.parent == Path(res["files"]["behaviour.json"]).parent and "<svg" in drawn.read_text()

    # A one-step funnel is refused with a readable message; the last good result stays.
    at.multiselect[0].set_value(["landing"])
    next(b for b in at.button if b.label == "Run the A/B test").click().run()
    finish_job(at)
    assert_no_traceback(at)
    assert at.error and "at least two steps" in at.error[0].value
    assert at.session_state["simulation_result"]["sim_id"] == res["sim_id"]
    assert any("previous result" in i.value for i in at.info)

    # A refresh shows the last good result with the form of the failed run (from its job's record)
    fresh = open_page("simulation", query={"sim": res["sim_id"], "job": _query(at, "job")})
    assert_no_traceback(fresh)
    assert fresh.session_state["simulation_result"]["sim_id"] == res["sim_id"]
    assert fresh.multiselect[0].value == ["landing"] and fresh.number_input(key="sim_n").value == 500
    link = open_page("simulation", query={"sim": res["sim_id"]})  # the result's own form
    assert link.multiselect[0].value == ["landing", "signup_start", "signup_complete"]
    assert link.number_input(key="sim_n").value == 500
    # friction in %: the slider's 10 % is the simulation's 0.10 chance to leave, and back
    assert res["params"]["modification"]["friction_factor"] == 0.1
    assert link.slider(key="sim_friction_pct").value == 10


def test_simulation_target_personas_are_offered_before_a_first_run(open_page) -> None:  # type: ignore[no-untyped-def]
    from synthpersona.ui._format import pct
    from synthpersona.usecases.simulation import find_behaviour_personas

    at = open_page("simulation")
    assert not any(m.label == "Apply the change to these personas only" for m in at.multiselect)
    goal_picker = next(s for s in at.selectbox if s.label == "Goal event (the conversion)")
    goal = str(goal_picker.options[1])  # the first candidate: the personas are found with the goal picked
    goal_picker.set_value(goal).run()
    next(b for b in at.button if b.label == "Find the personas in this log").click().run()
    assert finish_job(at)["status"] == "succeeded"  # type: ignore[index]  # a job the page polls
    assert_no_traceback(at)
    picker = next(m for m in at.multiselect if m.label == "Apply the change to these personas only")
    assert "| Loading and clustering the log's users (one step) | done |" in _texts(at)  # job's stages
    # a refresh finds the job by the URL: the personas it found and the goal picked come back
    fresh = open_page("simulation", query={"job": _query(at, "job")})
    assert_no_traceback(fresh)
    again = next(m for m in fresh.multiselect if m.label == "Apply the change to these personas only")
    assert list(again.options) == list(picker.options)
    assert next(s for s in fresh.selectbox if s.label == "Goal event (the conversion)").value == goal
    funnel = ["landing", "signup_start", "signup_complete"]  # the page's default funnel on the sample
    found = find_behaviour_personas(None, funnel=funnel, completion_events=[goal], random_state=0)
    # the personas the run will find, each with its share of users
    shares = zip(found["persona"], found["share_users"], strict=True)
    assert list(picker.options) == [f"{name} ({pct(share, 0)} of users)" for name, share in shares]
    target = str(found["persona"].iloc[0])
    picker.set_value([target])
    at.number_input(key="sim_n").set_value(500)
    next(b for b in at.button if b.label == "Run the A/B test").click().run()
    finish_job(at)
    assert_no_traceback(at)
    assert not at.error, [e.value for e in at.error]
    res = at.session_state["simulation_result"]
    assert res["params"]["modification"]["personas"] == [target]
    assert target in [p["persona"] for p in res["personas"]]


def test_simulation_goal_picker_offers_the_logs_candidate_goals(open_page) -> None:  # type: ignore[no-untyped-def]
    from synthpersona.usecases.behaviour import load_behaviour_events
    from synthpersona.usecases.event_logs import goal_candidates

    at = open_page("simulation")
    picker = next(s for s in at.selectbox if s.label == "Goal event (the conversion)")
    candidates = goal_candidates(load_behaviour_events(None)[0])
    assert list(picker.options) == ["Let synthpersona choose", *candidates]
    assert candidates[0] == "signup_complete"  # named like a conversion: first
    picker.set_value(candidates[0])
    at.number_input(key="sim_n").set_value(500)
    next(b for b in at.button if b.label == "Run the A/B test").click().run()
    finish_job(at)
    assert_no_traceback(at)
    assert not at.error, [e.value for e in at.error]
    assert at.session_state["simulation_result"]["params"]["goal"] == candidates[0]


def test_simulation_uploaded_log_is_offered_again_after_a_refresh(open_page) -> None:  # type: ignore[no-untyped-def]
    from synthpersona.simulation import sample_events_path

    data = Path(sample_events_path()).read_bytes()
    at = open_page("simulation")
    at.radio(key="sim_source").set_value("Upload my event log").run()
    at.file_uploader(key="sim_file").set_value(("my_log.csv", data, "text/csv")).run()
    assert_no_traceback(at)
    finish_side_jobs(at)  # its event names are read by a job (``?read=``)
    log_id = _query(at, "log")  # the upload is named in the URL
    at.multiselect[0].set_value(["landing", "signup_complete"])
    at.number_input(key="sim_n").set_value(500)
    next(b for b in at.button if b.label == "Run the A/B test").click().run()
    assert finish_job(at)["status"] == "succeeded"  # type: ignore[index]
    res = at.session_state["simulation_result"]
    assert Path(res["events_path"]).parent.name == log_id
    # A refresh: the uploader is empty, the same log is the selected source, with the run's form
    fresh = open_page("simulation", query={"sim": res["sim_id"], "job": _query(at, "job"), "log": log_id})
    assert_no_traceback(fresh)
    assert fresh.radio(key="sim_source").value == "Use the log I uploaded"
    assert fresh.multiselect[0].value == ["landing", "signup_complete"]
    assert any(b.label == "Run the A/B test" for b in fresh.button)  # ready to run again on that log
    # a link to the simulation alone (no job, no log) finds the upload through the simulation's record
    link = open_page("simulation", query={"sim": res["sim_id"]})
    assert link.radio(key="sim_source").value == "Use the log I uploaded" and _query(link, "log") == log_id
    # a link naming something that is not an upload offers no earlier upload
    bad = open_page("simulation", query={"log": "../../etc"})
    assert list(bad.radio(key="sim_source").options) == ["Use the bundled sample", "Upload my event log"]


def test_simulation_upload_required_when_chosen(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page("simulation")
    at.radio(key="sim_source").set_value("Upload my event log").run()
    assert_no_traceback(at)
    assert any("Upload an event log" in i.value for i in at.info)
    assert not any(b.label == "Run the A/B test" for b in at.button)


def _generate(at) -> None:  # type: ignore[no-untyped-def]
    """Click Generate; the persona is made in a job the page polls (finished here)."""
    next(b for b in at.button if b.label == "Generate persona").click().run()
    finish_job(at)


def _say(at, text: str) -> None:  # type: ignore[no-untyped-def]
    """Send a message; the persona's answer is a job: the message shows at once, the answer after it."""
    at.chat_input[0].set_value(text).run()
    assert any(text in m.markdown[0].value for m in at.chat_message)  # shown while the persona answers
    assert finish_job(at)["status"] == "succeeded"  # type: ignore[index]


def test_roleplay_example_persona_prompt_chat_and_score(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page("roleplay")
    at.selectbox(key="rp_example").set_value("Pharma sales")
    at.button(key="rp_read").click().run()
    finish_job(at)  # the scenario is read in a job the page polls
    assert_no_traceback(at)
    draft = at.session_state["roleplay_draft"]
    assert draft["facts"].counterpart  # the facts are shown before anything is generated
    assert "roleplay_result" not in at.session_state
    _generate(at)
    assert_no_traceback(at)
    assert not at.error, [e.value for e in at.error]
    res = at.session_state["roleplay_result"]
    persona = res["persona"]
    assert 3 <= len(persona.detail_categories_included or persona.detail_categories) <= 8
    assert any(persona.name in s.value for s in at.subheader)
    assert res["system_prompt"] in [c.value for c in at.code]
    line = next(c.value for c in at.caption if "sure)" in c.value)  # archetype and mode, in plain words
    assert "Assess (realistic test)" in line and "assess_mode" not in line
    from synthpersona.usecases.scenarios import archetype_label

    assert archetype_label(persona.archetype) in line and persona.archetype not in line
    _say(at, "Good morning doctor, do you have five minutes?")
    assert "| Waiting for the persona's reply | done |" in _texts(at)  # the reply job's stage table
    _say(at, "What evidence would help you decide? Could we meet next week?")
    assert_no_traceback(at)
    assert len(at.chat_message) == 4
    at.text_input(key="rp_trainee").set_value("asha")
    next(b for b in at.button if b.label == "Score this conversation").click().run()
    finish_job(at)  # scored in a job too
    assert_no_traceback(at)
    score = at.session_state["rp_score"]
    assert score["trainee_id"] == "asha" and 0 <= score["overall"] <= 100
    assert any(m.label == "Overall" for m in at.metric)
    assert any("Progress of asha" in m.value for m in at.markdown)

    # A refresh (a new session on the same URL) brings back the persona and the conversation,
    # and the history page lists it with a link that reopens it.
    assert _query(at, "roleplay") == persona.id
    fresh = open_page("roleplay", query={"roleplay": persona.id})
    assert_no_traceback(fresh)
    assert fresh.session_state["roleplay_result"]["persona"] == persona
    assert [m.markdown[0].value for m in fresh.chat_message] == [m.markdown[0].value for m in at.chat_message]
    history = open_page("history")
    assert_no_traceback(history)
    assert any(persona.name in m.value and "4 practice turns" in m.value for m in history.markdown)


def test_roleplay_own_scenario_too_short_is_refused(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page("roleplay")
    at.radio(key="rp_source").set_value("Write my own").run()
    at.text_area(key="rp_text").set_value("hi")
    at.button(key="rp_read").click().run()
    assert at.error and "describe the scenario" in at.error[0].value


def test_roleplay_own_scenario_facts_are_shown_and_corrected(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page("roleplay")
    at.radio(key="rp_source").set_value("Write my own").run()
    at.text_area(key="rp_text").set_value(
        "You are a bank relationship manager. You call Mrs. Kamala Iyer, a 68-year-old retired "
        "schoolteacher in Chennai, because her account shows three suspicious transfers. She is frightened."
    )
    at.button(key="rp_read").click().run()
    finish_job(at)  # the scenario is read in a job the page polls
    assert_no_traceback(at)
    facts = at.session_state["roleplay_draft"]["facts"]
    assert facts.name == "Mrs. Kamala Iyer"
    assert "| Drafting a template from the text | done |" in _texts(at)  # read in a job, by stages
    # A refresh: the job in the URL brings back the scenario text and the facts read from it;
    # the trainer goes on from there.
    text = at.text_area(key="rp_text").value
    at = open_page("roleplay", query={"job": _query(at, "job")})
    assert_no_traceback(at)
    assert at.radio(key="rp_source").value == "Write my own" and at.text_area(key="rp_text").value == text
    assert at.session_state["roleplay_draft"]["facts"] == facts
    name_box = next(t for t in at.text_input if t.label == "Name")
    assert name_box.value == "Mrs. Kamala Iyer"  # the extracted facts are in the form
    # The trainer corrects the name and the city, and refreshes before generating: the
    # corrections are kept with the scenario's draft (named in the URL), not only in the browser.
    name_box.set_value("Mrs. Kamala Raman")
    next(t for t in at.text_input if t.label == "City").set_value("Madurai").run()
    assert_no_traceback(at)
    at = open_page("roleplay", query={"draft": _query(at, "draft"), "job": _query(at, "job")})
    assert_no_traceback(at)
    assert next(t for t in at.text_input if t.label == "Name").value == "Mrs. Kamala Raman"
    assert next(t for t in at.text_input if t.label == "City").value == "Madurai"
    _generate(at)
    assert_no_traceback(at)
    assert not at.error, [e.value for e in at.error]
    res = at.session_state["roleplay_result"]
    assert res["facts"].name == "Mrs. Kamala Raman" and res["persona"].name == "Mrs. Kamala Raman"
    assert res["persona"].location.model_dump().get("city") == "Madurai"
    # A wrong value is a readable message naming the field.
    next(t for t in at.text_input if t.label == "Age").set_value("sixty")
    next(b for b in at.button if b.label == "Generate persona").click().run()
    assert at.error and "Age" in at.error[0].value


def test_persona_history_page_opens(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page()
    at.switch_page("views/versions.py").run()
    assert_no_traceback(at)
    assert "Persona history" in at.title[0].value


def test_history_lists_only_the_ui_tenants_runs_and_chats(open_page) -> None:  # type: ignore[no-untyped-def]
    # issue 20: the History page listed every API tenant's goal runs and conversations
    from synthpersona.config import Settings
    from synthpersona.store import Store

    store = Store(Settings().resolved_database_url)
    for tenant, goal in (("default", "mine: students buying headphones"), ("acme", "ACME SECRET GOAL")):
        store.save_run({"run_id": f"run_{tenant}", "goal": goal, "k": 2, "personas": {}}, tenant=tenant)
        persona = {"persona_id": f"p_{tenant}", "persona_name": f"{tenant.upper()} PERSONA"}
        store.create_conversation(persona, tenant=tenant)
    store.close()
    at = open_page("history")
    assert_no_traceback(at)
    shown = " ".join(m.value for m in at.markdown)
    assert "mine: students buying headphones" in shown and "DEFAULT PERSONA" in shown
    assert "ACME SECRET GOAL" not in shown and "ACME PERSONA" not in shown


def test_persona_history_of_a_goals_runs(open_page) -> None:  # type: ignore[no-untyped-def]
    from synthpersona.config import get_settings
    from synthpersona.store import Store
    from synthpersona.usecases.trust_runs import RUN_MEMBERS_KIND

    store = Store(get_settings().resolved_database_url)
    goal = "college students interested in headphones"
    clusters = [{"cluster_id": 1, "cluster_label": "Gamers"}, {"cluster_id": 2, "cluster_label": "Readers"}]
    personas = {c["cluster_id"]: [{"persona_id": f"dyn_{c['cluster_id']}_0"}] for c in clusters}
    # the refresh: Gamers grow from 50 % to 70 % of the audience
    for rid, split in (("run_old", 50), ("run_new", 70)):
        store.save_run({"run_id": rid, "goal": goal, "clusters": clusters, "personas": personas, "meta": {}})
        store.put_document(
            RUN_MEMBERS_KIND,
            rid,
            {"run_id": rid, "user_id": list(range(100)), "cluster_id": [1] * split + [2] * (100 - split)},
        )
    at = open_page("versions")
    assert_no_traceback(at)
    next(b for b in at.button if b.label == "Compare runs").click().run()
    assert_no_traceback(at)
    rows = at.session_state["versions_history"]
    assert {(r["persona_id"], r["version"], round(r["share"], 2)) for r in rows} == {
        ("dyn_1_0", 0, 0.5), ("dyn_2_0", 0, 0.5), ("dyn_1_0", 1, 0.7), ("dyn_2_0", 1, 0.3),
    }  # fmt: skip
    assert any("Gamers: 50.0% → 70.0% of the audience" in m.value for m in at.markdown)
