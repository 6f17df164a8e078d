"""The simulation page's draggable transition graph: every user, one persona, or two compared.

The graph is :func:`synthpersona.usecases.behaviour_graph.persona_graph_page`, a
self-contained HTML page (SVG and a few lines of inline script, nothing fetched) shown in
the page's frame: nodes can be dragged, each arrow's share, count and median time show on
hover, and a slider in the graph hides lighter arrows. Each graph is drawn by a job
(``?graph=…``, :mod:`synthpersona.ui._log_jobs`) into the simulation's folder, once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from synthpersona.ui import _jobs as jobs
from synthpersona.ui._log_jobs import GRAPH_JOB, GRAPH_SLOT, GRAPH_STEP, graph_file, graph_job
from synthpersona.ui._persist import simulation_dir
from synthpersona.usecases.behaviour_graph import ALL_USERS
from synthpersona.usecases.jobs import ACTIVE

__all__ = ["CONVERTERS_TITLE", "GRAPH_TITLE", "NOBODY", "converters_section", "transition_graph_section"]

NOBODY = "nobody (one graph)"
#: The graph's frame title (its accessible name).
GRAPH_TITLE = "Transition graph you can rearrange"
CONVERTERS_TITLE = "Converters and the rest, step by step"


def _graph(out: Path, choice: dict[str, Any]) -> bool:
    """Whether the graph of ``choice`` is drawn at ``out``; else its job's box (``?graph=…``): the job
    is started when the URL names none for this choice (one for another choice is cancelled)."""
    if out.is_file():
        return True
    rec = jobs.current(GRAPH_JOB, slot=GRAPH_SLOT)
    if rec is not None and rec.get("subject", {}).get("file") == str(out):
        if rec["status"] != "succeeded":  # running, or failed (its error), or cancelled
            jobs.show(rec, GRAPH_STEP, [GRAPH_STEP])
            if rec["status"] in ACTIVE or not st.button("Draw the graph again", icon="🔁", key="sim_graph"):
                return False
    elif rec is not None and rec["status"] in ACTIVE:
        jobs.cancel(str(rec["job_id"]))  # drawing a graph no longer asked for
    jobs.start(GRAPH_JOB, graph_job(out, choice), slot=GRAPH_SLOT, file=str(out))
    st.rerun()  # the job's box shows at once
    return False


def transition_graph_section(res: dict[str, Any]) -> None:
    """Pickers (whose transitions, compared with whom, lightest arrow kept) and the graph."""
    members = res.get("files", {}).get("members.parquet")
    if not members or not Path(members).is_file():
        return
    names = {int(p["cluster_id"]): str(p["persona"]) for p in res.get("personas", []) if "cluster_id" in p}
    st.subheader(GRAPH_TITLE)
    who, other, lightest = st.columns(3)
    persona = who.selectbox("Whose transitions", [ALL_USERS, *names.values()], key="sim_drag_persona")
    rivals = [n for n in names.values() if n != persona]
    versus = other.selectbox(
        "Compared with",
        [NOBODY, *rivals],
        key="sim_drag_versus",
        disabled=persona == ALL_USERS,
        help="Shows the first persona's shares minus the second's: green arrows are more frequent "
        "in the first, red ones in the second.",
    )
    min_share = lightest.slider(
        "Leave out arrows under this share", 0.0, 0.3, 0.02, 0.01, key="sim_drag_min_share"
    )
    choice = {
        "events": res.get("events_path"),
        "members": members,
        "names": sorted(names.items()),
        "persona": persona,
        "versus": None if versus == NOBODY or persona == ALL_USERS else versus,
        "min_share": float(min_share),
        "columns": sorted((res.get("params", {}).get("columns") or {}).items()),
    }
    out = graph_file(simulation_dir(str(res["sim_id"])), choice)
    if _graph(out, choice):
        st.iframe(out.read_text(encoding="utf-8"), height=760, alt=GRAPH_TITLE)
        st.caption(
            "Drag the circles to rearrange the graph; hover an arrow for its share, count and median "
            "time between the two events; the slider above the graph hides lighter arrows."
        )


def converters_section(res: dict[str, Any], table: dict[str, Any] | None) -> None:
    """From which step the converters and the rest of the log move differently, and whether it is real
    (``table``: computed by the simulation's job, ``ui._simulation_data.converters_table``)."""
    st.subheader(CONVERTERS_TITLE)
    if table:
        st.markdown(table["answer"])
        st.dataframe(table["rows"], hide_index=True, width="stretch")
        st.caption(
            "Each step: the events the two groups reach there (or having ended), compared with a "
            "chi-square test, Benjamini-Hochberg corrected with every other test of the comparison "
            "('Beyond chance'). The interval is the named event's own, not corrected: a step can "
            "differ as a whole while its largest single gap is within noise, and the other way round "
            "(`synthpersona behaviour compare --group-by converted`)."
        )
