"""AppTest tests: each page's main path and its error paths, through the real app shell."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest


def assert_no_traceback(at) -> None:  # type: ignore[no-untyped-def]
    assert len(at.exception) == 0, [e.value for e in at.exception]


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


def test_goal_main_path_then_persona_chat(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page("goal")
    at.text_area(key="goal_text").set_value("college students interested in headphones")
    at.slider(key="goal_k").set_value((2, 4))
    submit = next(b for b in at.button if b.label == "Find segments")
    submit.click().run()
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
    first = run["personas"][str(run["clusters"][0]["cluster_id"])][0]
    next(b for b in at.button if b.key == f"chat_{first['persona_id']}").click().run()
    at.chat_input[0].set_value("What do you think about the price?").run()
    at.chat_input[0].set_value("And would you pay on EMI?").run()
    assert_no_traceback(at)
    bubbles = at.chat_message
    assert len(bubbles) == 4
    assert [b.name for b in bubbles] == ["user", "assistant", "user", "assistant"]
    answers = [b.markdown[0].value for b in bubbles if b.name == "assistant"]
    assert all(a.strip() for a in answers) and answers[0] != answers[1]
    assert any("offline" in c.value for c in at.caption)  # the engine is shown


@pytest.mark.parametrize(
    ("goal", "expected"),
    [("   ", "Please type a goal"), ("qwzx vvvv blorp", "The goal was not understood")],
)
def test_goal_errors_are_readable_messages(open_page, goal: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    at = open_page("goal")
    at.text_area(key="goal_text").set_value(goal)
    next(b for b in at.button if b.label == "Find segments").click().run()
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


def test_leads_upload_analyze_and_downloads(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page("leads")
    at.file_uploader(key="leads_file").set_value(("leads.csv", _leads_bytes(), "text/csv")).run()
    at.button(key="leads_go").click().run()
    assert_no_traceback(at)
    assert not at.error, [e.value for e in at.error]
    res = at.session_state["leads_result"]
    personas = res["personas"]
    assert len(personas) == 4
    rates = [p["conversion_metrics"]["conversion_rate"] for p in personas]
    assert rates == sorted(rates, reverse=True)  # tabs are ranked by conversion
    assert sum(p["cluster_size"] for p in personas) == 300
    assert len(at.tabs) == 4
    labels = {d.label for d in at.download_button}
    assert {
        "Download personas JSON",
        "Download clustered CSV",
        "Download HTML report",
        "Download dashboard PNG",
        "Download PCA PNG",
    } <= labels


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("empty.csv", b""),
        ("leads.csv", b"State,Industry\nMaharashtra,Banking\n"),
        ("junk.parquet", b"\x00\x01no"),
    ],
)
def test_leads_bad_files_get_clear_messages(open_page, name: str, data: bytes) -> None:  # type: ignore[no-untyped-def]
    at = open_page("leads")
    at.file_uploader(key="leads_file").set_value((name, data, "application/octet-stream")).run()
    at.button(key="leads_go").click().run()
    assert_no_traceback(at)
    assert at.error, "a bad file must produce a readable error"
    assert "Traceback" not in at.error[0].value
    assert "leads_result" not in at.session_state


def test_simulation_on_the_sample_and_a_bad_modification(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page("simulation")
    at.number_input(key="sim_n").set_value(500)
    next(b for b in at.button if b.label == "Run the A/B test").click().run()
    assert_no_traceback(at)
    assert not at.error, [e.value for e in at.error]
    labels = {m.label for m in at.metric}
    assert {"Control conversion", "Treatment conversion", "Relative lift", "p-value"} <= labels
    assert any(d.label == "Download PowerPoint deck" for d in at.download_button)
    stats = at.session_state["simulation_result"]["stats"]
    assert stats["abs_ci_low"] <= stats["abs_lift"] <= stats["abs_ci_high"]

    at.text_input(key="sim_mod").set_value("frobnicate=3")
    next(b for b in at.button if b.label == "Run the A/B test").click().run()
    assert_no_traceback(at)
    assert at.error and "frobnicate" in at.error[0].value


def test_simulation_upload_required_when_chosen(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page("simulation")
    at.radio(key="sim_source").set_value("Upload my event log").run()
    next(b for b in at.button if b.label == "Run the A/B test").click().run()
    assert at.error and "upload an event log" in at.error[0].value


def test_roleplay_example_persona_prompt_and_chat(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page("roleplay")
    at.selectbox(key="rp_example").set_value("Pharma sales")
    at.button(key="rp_go").click().run()
    assert_no_traceback(at)
    assert not at.error, [e.value for e in at.error]
    res = at.session_state["roleplay_result"]
    persona = res["persona"]
    assert 3 <= len(persona.detail_categories_included or persona.detail_categories) <= 8
    assert any(persona.name in s.value for s in at.subheader)
    assert res["system_prompt"] in [c.value for c in at.code]
    at.chat_input[0].set_value("Good morning doctor, do you have five minutes?").run()
    assert_no_traceback(at)
    assert len(at.chat_message) == 2


def test_roleplay_own_scenario_too_short_is_refused(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page("roleplay")
    at.radio(key="rp_source").set_value("Write my own").run()
    at.text_area(key="rp_text").set_value("hi")
    at.button(key="rp_go").click().run()
    assert at.error and "describe the scenario" in at.error[0].value


def test_roleplay_own_scenario_shows_its_facts(open_page) -> None:  # type: ignore[no-untyped-def]
    at = open_page("roleplay")
    at.radio(key="rp_source").set_value("Write my own").run()
    at.text_area(key="rp_text").set_value(
        "You are a bank relationship manager. You call Mrs. Kamala Iyer, a 68-year-old retired "
        "schoolteacher in Chennai, because her account shows three suspicious transfers. She is frightened."
    )
    at.button(key="rp_go").click().run()
    assert_no_traceback(at)
    assert not at.error, [e.value for e in at.error]
    res = at.session_state["roleplay_result"]
    assert res["facts"].name == "Mrs. Kamala Iyer" and res["persona"].name == "Mrs. Kamala Iyer"
    shown = " ".join(m.value for m in at.markdown)
    assert "Mrs. Kamala Iyer" in shown and "frightened" in shown
