"""Simulation (seed 002): event log → behavioural personas, funnel, paths; A/B test of a product change.

Everything the deck shows is on the page: the A/B result with its uncertainty, recommendations,
the simulator's validation against held-out sessions, behavioural personas, the funnel, the
paths of each arm, the transition probabilities, plus the behaviour analytics of the log
(transition graph, step matrix). A run is in the URL (``?sim=…``) and restored on refresh; so are
the jobs that make it (``?job=…``), read the log's event names (``?read=…``) and draw the draggable
graph (``?graph=…``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from synthpersona.config import get_settings
from synthpersona.formats import extensions
from synthpersona.simulation.etl import EVENT_LOG_COLUMNS
from synthpersona.ui import _jobs as jobs
from synthpersona.ui import _state
from synthpersona.ui._behaviour_graph import converters_section, transition_graph_section
from synthpersona.ui._charts import figure_from_json, show_chart, styled
from synthpersona.ui._components import page_header
from synthpersona.ui._event_columns import column_mapping
from synthpersona.ui._format import BLANK, p_value, pct, pp, readable_table
from synthpersona.ui._log_jobs import READ_JOB, READ_LABEL, READ_SLOT, READ_STEPS, log_key, read_job
from synthpersona.ui._persist import SIM_KIND, get_doc, now, put_doc, set_url, simulation_dir, url_value
from synthpersona.ui._simulation_data import (
    BEHAVIOUR_FILE,
    BEHAVIOUR_KEYS,
    BEHAVIOUR_STEPS,
    FIND_STEP,
    behaviour_job,
    earlier_upload,
    find_job,
    form_inputs,
    simulation_id,
    simulation_job,
    upload_id,
)
from synthpersona.usecases.datasets import Datasets
from synthpersona.usecases.jobs import ACTIVE

SIM_JOB = "ui_simulation"  # the kind of the page's jobs
FIND_JOB = "ui_find_personas"  # finding the behavioural personas of a log before a first run
BEHAVIOUR_JOB = "ui_behaviour"  # the behaviour analytics of a simulation made before they were part of it
_FOUND = "sim_found_personas"  # {settings key: personas found} in this session
_FOUND_LAST = "sim_found_last"  # the last find job's result taken (its key and personas)
_EDIT_ROWS = "sim_edit_rows"  # the transition edits as rows (kept with a job, shown again on refresh)
_BUILDER = ("sim_extra", "sim_friction_pct", "sim_before", "sim_remove", "sim_desc", "sim_n", "sim_seed")

_AUTO_GOAL = "Let synthpersona choose"
_EARLIER = "Use the log I uploaded"  # the source offered after a refresh (``?log=`` names the upload)

_SEED_HELP = (
    "The same log, change and seed give the same result; "
    "another seed draws other synthetic users (a check that the lift is not luck)."
)


def _log_key(name: str, path: str | None) -> str:
    """The key of a widget whose choices come from the log (one per log, so a new log starts fresh)."""
    return f"{name}_{hashlib.sha256(str(path).encode()).hexdigest()[:8]}"


def _inputs(path: str | None) -> dict[str, Any]:
    """The form as it is now (widget key → value), kept with a job so a refresh shows it again."""
    keys = [*_BUILDER, _log_key("sim_funnel", path), _log_key("sim_goal", path)]
    keys += [f"sim_col_{role}_{path}" for role in EVENT_LOG_COLUMNS]  # an upload's column mapping
    values = {k: st.session_state[k] for k in keys if k in st.session_state}
    values["sim_source"] = st.session_state.get("sim_source")
    values["_sim_personas"] = list(st.session_state.get("sim_personas") or [])
    values["_sim_edits"] = st.session_state.get(_EDIT_ROWS) or []
    values["_path"] = path
    return values


def _restore_form() -> None:
    """Once per browser session: the form of the job in the URL, else of the simulation it shows."""
    shown = st.session_state.get(_state.SIMULATION)
    fallback = None
    if shown and shown.get("params"):
        path = shown.get("events_path")
        fallback = form_inputs(
            shown["params"], path, _log_key("sim_funnel", path), _log_key("sim_goal", path)
        )
    used = (
        jobs.restore_inputs(SIM_JOB, fallback)
        or jobs.restore_inputs(FIND_JOB)
        or jobs.restore_inputs(BEHAVIOUR_JOB, fallback)
        or jobs.restore_inputs(READ_JOB, slot=READ_SLOT)  # a refresh while the log was read
    )
    if used.get("_path") is not None:  # an uploaded log: offered again as the earlier upload
        log_id = upload_id(used["_path"])
        if earlier_upload(Datasets(get_settings()).root, log_id) is not None:
            set_url(log=log_id)
            st.session_state["sim_source"] = _EARLIER
        else:  # gone (or not the UI's): the user picks the log again
            st.session_state.pop("sim_source", None)
    for name in ("_sim_personas", "_sim_edits"):
        if name in used:
            st.session_state[name] = used[name]


@st.cache_resource(show_spinner=False)
def _logs_read() -> dict[str, dict[str, list[str]]]:
    """Event names and candidate goals of the logs read so far (log key → both), for every session."""
    return {}


def _read_log(path: str | None, columns: dict[str, str] | None) -> dict[str, list[str]] | None:
    """The log's event names and candidate goals (``None`` while they are read): read by a job the
    page polls (``?read=…``, found again on refresh), then kept for every session of the server.
    A read still running for another log (the user chose a new one) is cancelled, as a graph is."""
    key = log_key(path, columns)
    known = _logs_read()
    rec = jobs.current(READ_JOB, slot=READ_SLOT)
    if rec is not None and rec.get("subject", {}).get("key") != key:
        if rec["status"] in ACTIVE:
            jobs.cancel(str(rec["job_id"]))  # reading a log no longer asked for
        rec = None
    if key in known:
        return known[key]
    if rec is not None:
        if rec["status"] == "succeeded":
            result = dict(rec.get("result") or {})
            if len(known) >= 32:  # a server reading many logs keeps the latest ones
                known.pop(next(iter(known)))
            known[key] = {"events": list(result["events"]), "goals": list(result["goals"])}
            return known[key]
        jobs.show(rec, READ_LABEL, READ_STEPS)
        if rec["status"] in ACTIVE or not st.button("Read the log again", icon="🔁", key="sim_read"):
            return None
    jobs.start(READ_JOB, read_job(path, columns, key), inputs=_inputs(path), slot=READ_SLOT, key=key)
    st.rerun()  # the job's box shows at once


def _goal_picker(path: str | None, candidates: list[str]) -> str | None:
    """The goal event the user picks among the log's candidates (``None``: synthpersona chooses)."""
    choice = st.selectbox(
        "Goal event (the conversion)",
        [_AUTO_GOAL, *candidates],
        key=_log_key("sim_goal", path),
        help="Events that end the sessions they happen in, likeliest goal first. The funnel's last "
        "step is the goal when no goal is picked.",
    )
    return None if choice == _AUTO_GOAL else str(choice)


def _behaviour(res: dict[str, Any]) -> dict[str, Any]:
    """The behaviour analytics of the log (Plotly JSON), made by the simulation's job; for a
    simulation made before they were, a job the page polls computes them into its folder."""
    stored = res["files"].get(BEHAVIOUR_FILE)
    if stored and Path(stored).is_file():
        data: dict[str, Any] = json.loads(Path(stored).read_text(encoding="utf-8"))
        if set(data) >= BEHAVIOUR_KEYS:
            return data  # else made before a view was added: computed again below
    sim_id = str(res["sim_id"])
    label = "Computing the behaviour analytics"
    job = jobs.job_panel(BEHAVIOUR_JOB, label, BEHAVIOUR_STEPS, subject={"sim_id": sim_id})
    if job is not None and jobs.take(job, _state.SIMULATION, _simulation, lambda doc: {"sim": doc["sim_id"]}):
        st.rerun()
    running = jobs.current(BEHAVIOUR_JOB)
    if running is None or running["status"] not in ACTIVE:
        st.caption("This simulation was made before the behaviour analytics were part of it.")
        what = "Compute the transition graph, step matrix and step Sankey"
        if st.button(what, icon="🧭", key="sim_behaviour"):
            work = behaviour_job(sim_id, res, simulation_dir(sim_id), _keep)
            jobs.start(BEHAVIOUR_JOB, work, inputs=_inputs(res.get("events_path")), sim_id=sim_id)
            st.rerun()
    return {}


def _figures(res: dict[str, Any]) -> dict[str, Any]:
    path = res["files"].get("figures.json")
    if not path or not Path(path).is_file():
        return {}
    data: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
    return data


def _ab_result(res: dict[str, Any]) -> None:
    stats = res["stats"]
    st.subheader(f"A/B result: {res.get('description', '')}")
    c = st.columns(4)
    c[0].metric("Control conversion", pct(stats["control_rate"]))
    c[1].metric("Treatment conversion", pct(stats["treatment_rate"]), delta=pp(stats["abs_lift"]))
    c[2].metric(
        "Relative lift",
        pct(stats["rel_lift"], signed=True),
        help=f"95 % interval {pct(stats['rel_ci_low'], signed=True)} to "
        f"{pct(stats['rel_ci_high'], signed=True)}",
    )
    c[3].metric("p-value", p_value(stats["p_value"]))
    verdict = "significant" if res["significant"] else "not significant"
    st.caption(
        f"Absolute lift {pp(stats['abs_lift'])}, 95 % interval {pp(stats['abs_ci_low'])} to "
        f"{pp(stats['abs_ci_high'])}: {verdict} at α = 0.05 "
        f"({int(stats['n_control']):,} synthetic users per arm)."
    )
    rows = [_metric_row(r) for r in res["experiment"]]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def _num(value: Any, signed: bool = False) -> str:
    if value is None or pd.isna(value):
        return BLANK
    return f"{float(value):{'+' if signed else ''}.2f}"


def _metric_row(r: dict[str, Any]) -> dict[str, str]:
    """One metric of the A/B table: shares in %, their differences in pp, p-values alike everywhere."""
    metric = str(r["metric"])
    value: Callable[[Any], str] = pct
    diff: Callable[[Any], str] = pp
    if metric == "relative lift":
        diff = partial(pct, signed=True)
    elif metric.startswith("minimum detectable"):
        diff = pct
    elif not metric.startswith(("conversion", "share")):
        value, diff = _num, partial(_num, signed=True)
    interval = (
        BLANK
        if r.get("ci_low") is None or pd.isna(r["ci_low"])
        else f"{diff(r['ci_low'])} to {diff(r['ci_high'])}"
    )
    return {
        "Metric": metric[:1].upper() + metric[1:],
        "Control": value(r.get("control")),
        "Treatment": value(r.get("treatment")),
        "Difference": diff(r.get("difference")),
        "95 % interval": interval,
        "p-value": p_value(r.get("p_value")),
        "Note": str(r.get("note") or BLANK),
    }


def _recommendations(res: dict[str, Any]) -> None:
    st.subheader("Recommendations")
    for line in res.get("recommendations") or []:
        st.markdown(f"- {line}")
    validation = res.get("validation")
    st.subheader("Can we trust the simulator?")
    if not validation:
        st.caption("The generator was not validated in this run.")
        return
    passed = res.get("validation_passed")
    (st.success if passed else st.warning)(
        "Synthetic sessions match held-out real sessions on every check."
        if passed
        else "The generator missed held-out sessions on some checks: read the numbers with care.",
    )
    frame = pd.DataFrame(validation)
    st.dataframe(readable_table(frame), hide_index=True, width="stretch")


def _results(res: dict[str, Any]) -> None:
    files = res["files"]
    _ab_result(res)
    if files.get("deck.pptx") and Path(files["deck.pptx"]).is_file():
        st.download_button(
            "Download PowerPoint deck",
            Path(files["deck.pptx"]).read_bytes(),
            file_name="deck.pptx",
            mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
            type="primary",
            icon="📥",
            on_click="ignore",
        )
    _recommendations(res)
    figures = _figures(res)
    st.subheader("Behavioural personas")
    personas = pd.DataFrame(res["personas"])
    if res.get("privacy"):  # what had to be generalised so that no persona singles out a user
        from synthpersona.usecases.trust import privacy_lines

        names = {f"behaviour-{p.get('cluster_id')}": str(p.get("persona")) for p in res["personas"]}
        lines = privacy_lines(res["privacy"], names, unit="users")
        with st.expander("🔒 " + lines[0]):
            st.markdown("\n".join(f"- {line}" for line in lines[1:]) or "Nothing had to be generalised.")
    if len(personas):
        keep = [
            c
            for c in (
                "persona",
                "users",
                "share_users",
                "conversion_rate",
                "typical_path",
                "exit_event",
                "top_trait",
            )
            if c in personas
        ]
        st.dataframe(
            readable_table(personas[keep], percent=("share_users", "conversion_rate")),
            hide_index=True,
            width="stretch",
        )
    for stem, name in (
        ("personas", "behavioural personas"),
        ("funnel", "funnel"),
        ("experiment", "experiment by persona"),
    ):
        if stem in figures:
            show_chart(figure_from_json(figures[stem], height=460), f"sim_{stem}", name)
    st.subheader("Paths of synthetic sessions, per arm")
    for stem in ("sankey", "sankey_treatment"):
        if stem in figures:
            show_chart(figure_from_json(figures[stem], height=560), f"sim_{stem}", stem)
    if "transitions" in figures:
        show_chart(
            figure_from_json(figures["transitions"], height=520),
            "sim_transitions",
            "transition probabilities",
        )
    st.subheader("Behaviour of the real log")
    behaviour = _behaviour(res)
    if behaviour:
        left, right = st.columns(2, gap="large")
        with left:
            graph = styled(figure_from_json(behaviour["graph"]), height=520)
            show_chart(graph, "sim_graph", "transition graph")
            st.caption("Arrows: share of each event's next steps (edges under 5 % hidden). Hover for counts.")
        with right:
            show_chart(figure_from_json(behaviour["steps"]), "sim_steps", "step matrix")
            st.caption("Share of paths at each event, step by step from the start.")
        if behaviour.get("sankey"):
            fig = figure_from_json(behaviour["sankey"])
            show_chart(
                styled(fig, height=max(520, int(fig.layout.height or 0))), "sim_step_sankey", "step sankey"
            )
            st.caption(
                "Flows between the first six steps of the real log, one Sankey per behavioural persona."
            )
    transition_graph_section(res)  # draggable, per persona and persona vs persona (issue 17)
    converters_section(res, behaviour.get("converters"))  # where converters and the rest part


_Log = tuple[str | None, list[str], dict[str, str] | None, str | None]  # path, funnel, columns, goal


def _found_key(path: str | None, funnel: list[str], columns: dict[str, str] | None, goal: str | None) -> str:
    """The settings the personas found depend on (the log, its funnel, columns and goal, the seed)."""
    seed = int(st.session_state.get("sim_seed", 0))
    return json.dumps([path, funnel, columns or {}, goal, seed], sort_keys=True, default=str)


def _found_personas(result: dict[str, Any]) -> dict[str, Any] | None:
    return result if isinstance(result.get("personas"), list) else None


def _target_personas(personas: list[dict[str, Any]], log: _Log) -> list[str]:
    """The personas the change applies to (names; empty: all): from the last run on this log, or found
    by a job the page polls (the button starts it; a refresh finds it again by the URL)."""
    if not personas:
        found = st.session_state.setdefault(_FOUND, {})
        key = _found_key(*log)
        job = jobs.job_panel(FIND_JOB, "Finding the behavioural personas in the log", [FIND_STEP])
        if job is not None and jobs.take(job, _FOUND_LAST, _found_personas, lambda _doc: {}):
            found[str(st.session_state[_FOUND_LAST]["key"])] = st.session_state[_FOUND_LAST]["personas"]
        if key not in found:
            st.caption(
                "**Target personas:** the change applies to every user unless you aim it at some of the "
                "behavioural personas in this log."
            )
            if st.button("Find the personas in this log", icon="🔍", key="sim_find_personas"):
                seed = int(st.session_state.get("sim_seed", 0))
                jobs.start(FIND_JOB, find_job(*log, seed, key=key), inputs=_inputs(log[0]))
                st.rerun()  # the job's box shows at once, above the button
            return []
        personas = found[key]
    labels = {
        str(p["persona"]): f"{p['persona']} ({pct(p.get('share_users'), 0)} of users)" for p in personas
    }
    wanted = st.session_state.pop("_sim_personas", None)  # restored from a job or a result
    if wanted is not None and "sim_personas" not in st.session_state:
        st.session_state["sim_personas"] = [name for name in wanted if name in labels]
    return st.multiselect(
        "Apply the change to these personas only",
        list(labels),
        format_func=lambda name: labels[name],
        key="sim_personas",
        placeholder="Every persona",
        help="Users of the other personas keep today's flow in the treatment arm.",
    )


def _modification_builder(
    events: list[str],
    personas: list[dict[str, Any]],
    log: _Log,
) -> dict[str, Any]:
    """The product change, built from pickers and a slider instead of ``key=value`` text."""
    st.markdown("**Product change to test**")
    c1, c2, c3 = st.columns(3)
    extra = c1.number_input(
        "Extra steps", 0, 10, 2, key="sim_extra", help="Clicks or screens added before the chosen step."
    )
    friction = c2.slider(
        "Friction per extra step",
        0,
        50,
        10,
        step=1,
        key="sim_friction_pct",
        format="%d %%",  # "10 %", not "0.10"
        help="Chance, in %, that a user leaves at each extra step.",
    )
    before = c3.selectbox(
        "Added before",
        ["(the conversion step)", *events],
        key="sim_before",
        help="Where the extra steps go in the flow.",
    )
    c1, c2 = st.columns(2)
    removed = c1.multiselect("Steps removed", events, key="sim_remove", placeholder="None removed")
    description = c2.text_input(
        "Name of the change (optional)", key="sim_desc", placeholder="e.g. Two-step phone verification"
    )
    st.caption("Transition edits: set the probability of moving from one step to another (optional).")
    restored = pd.DataFrame(
        st.session_state.pop("_sim_edits", None) or [], columns=["From", "To", "Probability"]
    )
    edits = st.data_editor(
        restored.astype({"From": str, "To": str, "Probability": float}),
        key="sim_edits",
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config={
            "From": st.column_config.SelectboxColumn("From", options=events),
            "To": st.column_config.SelectboxColumn("To", options=events),
            "Probability": st.column_config.NumberColumn(
                "Probability", min_value=0.0, max_value=1.0, step=0.05
            ),
        },
    )
    targets = _target_personas(personas, log)
    spec: dict[str, Any] = {}
    if extra:
        spec["additional_steps"] = int(extra)
        spec["friction_factor"] = friction / 100
        if before != "(the conversion step)":
            spec["insert_before"] = before
    if removed:
        spec["remove_steps"] = list(removed)
    if targets:
        spec["personas"] = list(targets)
    for row in edits.to_dict(orient="records"):
        if (
            row.get("From")
            and row.get("To")
            and row.get("Probability") is not None
            and not pd.isna(row["Probability"])
        ):
            spec[f"{row['From']}->{row['To']}"] = float(row["Probability"])
    st.session_state[_EDIT_ROWS] = [{"From": a, "To": b, "Probability": p} for a, b, p in _edit_triples(spec)]
    if description.strip() and spec:
        spec["description"] = description.strip()
    return spec


def _edit_triples(spec: dict[str, Any]) -> list[tuple[str, str, float]]:
    return [(*k.split("->", 1), float(v)) for k, v in spec.items() if "->" in k]  # type: ignore[misc]


def _restore() -> None:
    sim_id = url_value("sim")
    res = st.session_state.get(_state.SIMULATION)
    if sim_id and (not res or res.get("sim_id") != sim_id):
        doc = get_doc(SIM_KIND, sim_id)
        if doc is None:
            st.warning(f"The simulation `{sim_id}` in this link no longer exists (deleted?).")
            set_url(sim=None)
        else:
            st.session_state[_state.SIMULATION] = doc


def main() -> None:
    page_header(
        "🧪 Simulation",
        "Find behavioural personas in a clickstream, then simulate a product change "
        "as an A/B test on synthetic users generated from their Markov chains.",
    )
    _restore()
    _restore_form()
    earlier = earlier_upload(Datasets(get_settings()).root, url_value("log"))
    options = ["Use the bundled sample", "Upload my event log", *([_EARLIER] if earlier else [])]
    if st.session_state.get("sim_source") not in (None, *options):
        st.session_state.pop("sim_source")  # the earlier upload is gone
    source = st.radio("Event log", options, horizontal=True, key="sim_source")
    path: str | None = None
    columns: dict[str, str] | None = None
    if source == _EARLIER and earlier is not None:
        st.caption(
            f"The event log uploaded before ({earlier.stat().st_size / 1e6:.1f} MB), kept on this server."
        )
        path = str(earlier)
        columns = column_mapping(path)
        if columns is None:
            _show_previous()
            return
    elif source.startswith("Upload"):
        upload = st.file_uploader(
            "Event log (user_id, event, timestamp columns)",
            type=[ext.lstrip(".") for ext in extensions("event_log")],  # from the reader registry
            key="sim_file",
        )
        if upload is None:
            st.info("Upload an event log, or choose the bundled sample.", icon="📁")
            _show_previous()
            return
        path = str(Datasets(get_settings()).save_bytes(upload.name, upload.getvalue()))
        set_url(log=upload_id(path))  # after a refresh the log is offered again (the uploader forgets it)
        columns = column_mapping(path)
        if columns is None:
            _show_previous()
            return
    read = _read_log(path, columns)
    if read is None or not read["events"]:
        _show_previous()
        return
    events = read["events"]
    default_funnel = [e for e in ("landing", "signup_start", "signup_complete") if e in events]
    funnel = st.multiselect(
        "Funnel steps, in order (the last is the conversion)",
        events,
        default=default_funnel,
        key=_log_key("sim_funnel", path),
        help="Picked from the log's own events. Leave empty to let synthpersona choose.",
    )
    goal = _goal_picker(path, read["goals"])
    previous = st.session_state.get(_state.SIMULATION) or {}
    last = previous.get("params") or {}
    same_log = (
        previous.get("events_path") == path
        and last.get("columns", {}) == (columns or {})
        and last.get("goal") == goal  # another goal finds other personas
    )
    modification = _modification_builder(
        events, list(previous.get("personas") or []) if same_log else [], (path, list(funnel), columns, goal)
    )
    c1, c2 = st.columns(2)
    n = c1.number_input("Synthetic users per arm", 100, 2_000_000, 5000, step=500, key="sim_n")
    seed = c2.number_input("Seed", 0, 2**31 - 1, 0, key="sim_seed", help=_SEED_HELP)
    if st.button("Run the A/B test", type="primary", icon="▶️", key="sim_go"):
        request = {
            "events": path,
            "funnel": list(funnel),
            "modification": modification,
            "n": int(n),
            "seed": int(seed),
            "columns": columns,
            "goal": goal,
        }
        final = simulation_dir(simulation_id(request))
        work = simulation_job(Datasets(get_settings()), request, final, _keep, now)
        jobs.start(SIM_JOB, work, inputs=_inputs(path), simulation_id=simulation_id(request))
    job = jobs.job_panel(SIM_JOB, "Simulating the A/B test")
    if job is not None and jobs.take(job, _state.SIMULATION, _simulation, lambda doc: {"sim": doc["sim_id"]}):
        st.rerun()  # the builder above offers the personas this run found
    _show_previous()


def _keep(sim_id: str, record: dict[str, Any]) -> None:
    put_doc(SIM_KIND, sim_id, record)


def _simulation(result: dict[str, Any]) -> dict[str, Any] | None:
    return get_doc(SIM_KIND, str(result.get("sim_id")))


def _show_previous() -> None:
    res = st.session_state.get(_state.SIMULATION)
    if res:
        st.divider()
        _results(res)


main()
