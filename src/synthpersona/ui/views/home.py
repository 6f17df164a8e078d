"""Welcome page: what each workflow does and where to start."""

from __future__ import annotations

import streamlit as st

from synthpersona.ui._components import page_header

_WORKFLOWS = [
    (
        "views/goal.py",
        "🎯",
        "Goal → segments",
        "Type a business goal in plain words. See how it was understood, the SQL it ran, and the segments "
        "found in the built-in population of Indian consumers.",
    ),
    (
        "views/personas.py",
        "💬",
        "Personas & chat",
        "Two or three personas per segment, each anchored on real members, with the evidence behind every "
        "claim. Chat with one: offline, or through your LLM when configured.",
    ),
    (
        "views/leads.py",
        "📊",
        "Leads / any table",
        "Upload a CSV, Excel or Parquet export. Get segments ranked by conversion, value tiers, a dashboard, "
        "a PCA map and downloadable personas and reports.",
    ),
    (
        "views/simulation.py",
        "🧪",
        "Simulation",
        "Use the sample or upload a clickstream log. Find behavioural personas, see the funnel and paths, "
        "simulate a product change as an A/B test and download the deck.",
    ),
    (
        "views/roleplay.py",
        "🎭",
        "Role-play",
        "Pick or write a training scenario. Get a rich persona with the details the scenario needs, its "
        "system prompt, and practise the conversation.",
    ),
]


def main() -> None:
    page_header(
        "🧭 synthpersona",
        "Data-grounded user segments and personas, from your customer data or a "
        "plain business goal. Everything runs on this machine.",
    )
    for start in range(0, len(_WORKFLOWS), 3):
        cols = st.columns(3, gap="medium")
        for col, (path, icon, title, text) in zip(cols, _WORKFLOWS[start : start + 3], strict=False):
            with col, st.container(border=True, height="stretch"):
                st.markdown(f"#### {icon} {title}")
                st.markdown(text)
                st.page_link(path, label=f"Open {title}", icon="➡️")
    st.caption("New here? Start with **Goal → segments** and click an example goal.")


main()
