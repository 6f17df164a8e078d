"""Simulation (seed 002): event log → behavioural personas, funnel, paths; A/B test of a product change."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from synthpersona.config import get_settings
from synthpersona.formats import extensions
from synthpersona.ui import _state
from synthpersona.ui._components import page_header, run_step
from synthpersona.usecases.datasets import Datasets


def _simulate(events: Path | None, funnel: str, modification: str, n: int, seed: int) -> dict[str, Any]:
    from synthpersona.usecases import simulation

    key = hashlib.sha256(f"{events}|{funnel}|{modification}|{n}|{seed}".encode()).hexdigest()[:12]
    out = Path(get_settings().data_dir) / "ui" / "simulations" / key
    run = simulation.run_simulation(
        events,
        funnel=funnel or None,
        modification=modification or None,
        n_personas=n,
        random_state=seed,
        out_dir=out,
        simulation_id=f"ui_{key}",
    )
    return {
        "summary": run.summary(),
        "personas": run.persona_summary,
        "experiment": run.experiment_table,
        "stats": dict(run.experiment.stats),
        "significant": bool(run.experiment.significant),
        "files": {k: str(v) for k, v in run.files.items()},
    }


def _results(res: dict[str, Any]) -> None:
    files, stats = res["files"], res["stats"]
    st.subheader("A/B result")
    c = st.columns(4)
    c[0].metric("Control conversion", f"{stats['control_rate']:.1%}")
    c[1].metric(
        "Treatment conversion", f"{stats['treatment_rate']:.1%}", delta=f"{stats['abs_lift'] * 100:+.1f} pp"
    )
    c[2].metric(
        "Relative lift",
        f"{stats['rel_lift']:+.1%}",
        help=f"95% CI [{stats['rel_ci_low']:+.1%}, {stats['rel_ci_high']:+.1%}]",
    )
    c[3].metric("p-value", f"{stats['p_value']:.3f}")
    verdict = "significant" if res["significant"] else "not significant"
    st.caption(
        f"Absolute lift {stats['abs_lift'] * 100:+.1f} pp, 95% CI [{stats['abs_ci_low'] * 100:+.1f}, "
        f"{stats['abs_ci_high'] * 100:+.1f}] pp — {verdict} at α = 0.05 "
        f"({int(stats['n_control']):,} synthetic users per arm)."
    )
    table = res["experiment"].copy()
    if "p_value" in table:
        table["p_value"] = [
            "" if pd.isna(v) else ("< 0.001" if float(v) < 0.001 else f"{float(v):.3f}")
            for v in table["p_value"]
        ]
    st.dataframe(table.round(4), hide_index=True, width="stretch")
    if files.get("deck.pptx"):
        st.download_button(
            "Download PowerPoint deck",
            Path(files["deck.pptx"]).read_bytes(),
            file_name="deck.pptx",
            mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
            type="primary",
            icon="📥",
        )
    st.subheader("Behavioural personas")
    st.dataframe(res["personas"], hide_index=True, width="stretch")
    left, right = st.columns(2, gap="large")
    for col, name, title in ((left, "funnel.png", "Funnel"), (right, "sankey.png", "Paths (Sankey)")):
        with col:
            st.markdown(f"**{title}**")
            if files.get(name):
                st.image(files[name], width="stretch")
    left, right = st.columns(2, gap="large")
    for col, name, title in ((left, "experiment.png", "Experiment"), (right, "personas.png", "Personas")):
        with col:
            st.markdown(f"**{title}**")
            if files.get(name):
                st.image(files[name], width="stretch")


def main() -> None:
    page_header(
        "🧪 Simulation",
        "Find behavioural personas in a clickstream, then simulate a product change "
        "as an A/B test on synthetic users generated from their Markov chains.",
    )
    source = st.radio(
        "Event log", ["Use the bundled sample", "Upload my event log"], horizontal=True, key="sim_source"
    )
    upload = None
    if source.startswith("Upload"):
        upload = st.file_uploader(
            "Event log (user_id, event, timestamp columns)",
            type=[ext.lstrip(".") for ext in extensions("event_log")],  # from the reader registry
            key="sim_file",
        )
    with st.form("sim_form"):
        funnel = st.text_input(
            "Funnel steps (comma-separated, optional)",
            key="sim_funnel",
            placeholder="landing,signup_start,signup_complete",
        )
        modification = st.text_input(
            "Product change",
            "additional_steps=2,friction_factor=0.1",
            key="sim_mod",
            help="key=value pairs: additional_steps, friction_factor, description, insert_before, "
            "remove_steps=a|b, personas=0|2, pricing->signup_start=0.5",
        )
        c1, c2 = st.columns(2)
        n = c1.number_input("Synthetic users per arm", 100, 2_000_000, 5000, step=500, key="sim_n")
        seed = c2.number_input("Seed", 0, 2**31 - 1, 42, key="sim_seed")
        go = st.form_submit_button("Run the A/B test", type="primary", icon="▶️")
    if go:
        if source.startswith("Upload") and upload is None:
            st.error("**Please upload an event log** or choose the bundled sample.", icon="⚠️")
        else:
            path = (
                Datasets(get_settings()).save_bytes(upload.name, upload.getvalue())
                if upload is not None
                else None
            )
            result = run_step(
                "Loading events, clustering, fitting chains and simulating",
                _simulate,
                path,
                funnel.strip(),
                modification.strip(),
                int(n),
                int(seed),
            )
            if result.ok:
                st.session_state[_state.SIMULATION] = result.value
            else:
                st.session_state.pop(_state.SIMULATION, None)
    res = st.session_state.get(_state.SIMULATION)
    if res:
        st.divider()
        _results(res)


main()
