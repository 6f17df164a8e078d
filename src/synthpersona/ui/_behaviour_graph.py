"""The simulation page's draggable transition graph: every user, one persona, or two compared.

The graph is :func:`synthpersona.usecases.behaviour_graph.persona_graph_page`, a
self-contained HTML page (SVG and a few lines of inline script, nothing fetched) shown in
the page's frame: nodes can be dragged, each arrow's share, count and median time show on
hover, and a slider in the graph hides lighter arrows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from synthpersona.ui._components import run_step
from synthpersona.usecases.behaviour_graph import ALL_USERS, persona_graph_page

__all__ = ["CONVERTERS_TITLE", "GRAPH_TITLE", "NOBODY", "converters_section", "transition_graph_section"]

NOBODY = "nobody (one graph)"
#: The graph's frame title (its accessible name).
GRAPH_TITLE = "Transition graph you can rearrange"
CONVERTERS_TITLE = "Converters and the rest, step by step"


@st.cache_data(show_spinner=False, max_entries=16)
def _page(
    events: str | None,
    members: str,
    names: tuple[tuple[int, str], ...],
    persona: str,
    versus: str | None,
    min_share: float,
    columns: tuple[tuple[str, str], ...],
) -> str:
    return persona_graph_page(
        events,
        members,
        dict(names),
        persona=persona,
        versus=versus,
        min_share=min_share,
        columns=dict(columns) or None,
    )


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
    step = run_step(
        "Drawing the transition graph",
        _page,
        res.get("events_path"),
        members,
        tuple(sorted(names.items())),
        persona,
        None if versus == NOBODY or persona == ALL_USERS else versus,
        float(min_share),
        tuple(sorted((res.get("params", {}).get("columns") or {}).items())),
    )
    if step.ok and step.value:
        st.iframe(step.value, height=760, alt=GRAPH_TITLE)
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
