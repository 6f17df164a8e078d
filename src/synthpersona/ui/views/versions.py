"""Persona history: versions of a table's or a goal's personas over time (stable ids, share per version).

Tables: upload two or more versions. Goal runs: every stored run keeps its members, so the
runs of one goal (e.g. run again after the data was refreshed) are versions
(:func:`synthpersona.usecases.trust.diff_stored_runs`).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from synthpersona.errors import SynthPersonaError
from synthpersona.segmentation import ClusteringParams
from synthpersona.ui._components import page_header
from synthpersona.ui._format import friendly
from synthpersona.ui._persist import store
from synthpersona.usecases.tenants import DEFAULT_TENANT
from synthpersona.usecases.trust import diff_tables, goal_run_versions, persona_history, stored_run_history

_K_RANGE = ClusteringParams()  # the k a version may be segmented into: the clustering's default range
_K_CHOICES = range(_K_RANGE.k_min, _K_RANGE.k_max + 1)

page_header(
    "Persona history",
    "Versions of a goal's runs, or of an uploaded table, oldest first: see each persona over time.",
)


def _goal_runs() -> None:
    """Pick a goal with two or more stored runs and compare them."""
    runs = goal_run_versions(store(), tenant=DEFAULT_TENANT)  # never other API tenants' runs
    by_goal: dict[str, list[dict[str, Any]]] = {}
    for r in runs:
        by_goal.setdefault(str(r.get("goal")), []).append(r)
    goals = [g for g, rs in by_goal.items() if len(rs) >= 2]
    if not goals:
        st.info(
            "No goal has two runs yet. Run the same goal again (for example after the data was refreshed) "
            "and its runs become versions.",
            icon="🎯",
        )
        return
    goal = st.selectbox("Goal", goals, key="versions_goal")
    chosen = st.multiselect(
        "Runs to compare (oldest first)",
        [str(r["run_id"]) for r in by_goal[goal]],
        default=[str(r["run_id"]) for r in by_goal[goal]],
        format_func=lambda rid: next(
            f"{str(r.get('created_at'))[:16].replace('T', ' ')} · {r.get('k')} segments · {rid[:8]}"
            for r in by_goal[goal]
            if str(r["run_id"]) == rid
        ),
        key="versions_runs",
    )
    if len(chosen) >= 2 and st.button("Compare runs", key="versions_compare_runs", type="primary"):
        try:
            drifts, history = stored_run_history(store(), chosen, tenant=DEFAULT_TENANT)
        except SynthPersonaError as exc:
            st.error(exc.message)
            return
        st.session_state["versions_history"] = history
        summaries = [d.summary() for d in drifts]
        st.session_state["versions_changes"] = [_changes(s) for s in summaries]
        st.session_state["versions_traits"] = _traits_table(summaries)


def _trait(t: dict[str, Any]) -> str:
    """One trait change in words: ``age (mean) 24.1 → 27.9`` or ``gender Female 40% → 55%``."""
    feature = str(t["feature"])
    if "=" in feature:
        column, value = feature.split("=", 1)
        return f"{friendly(column)} {value} {100 * t['old']:.0f}% → {100 * t['new']:.0f}%"
    return f"{friendly(feature)} (mean) {t['old']:,.1f} → {t['new']:,.1f}"


def _changes(s: dict[str, Any]) -> str:
    """What changed between two versions, in words: shares, trait words, traits beyond noise."""
    out = []
    for m in s["matches"]:
        said = []
        if m["changed"]:
            said.append(f"{100 * m['share_old']:.1f}% → {100 * m['share_new']:.1f}% of the audience")
        if m.get("words_gained"):
            said.append("now " + ", ".join(f"“{w}”" for w in m["words_gained"]))
        if m.get("words_lost"):
            said.append("no longer " + ", ".join(f"“{w}”" for w in m["words_lost"]))
        beyond = [t for t in m.get("traits") or [] if t["significant"]]
        if beyond:
            said.append("beyond noise: " + "; ".join(_trait(t) for t in beyond[:3]))
        if said:
            out.append(f"{m['new_label']}: " + ", ".join(said))
    out += [f"New segment: {n['label']} ({100 * n['share']:.1f}%)" for n in s["new_segments"]]
    out += [f"Gone: {v['label']} (was {100 * v['share']:.1f}%)" for v in s["vanished_segments"]]
    text = "; ".join(out) if out else "no segment changed by 5 points or more, no trait beyond noise"
    return f"{s['old']} → {s['new']}: {text}"


def _traits_table(summaries: list[dict[str, Any]]) -> pd.DataFrame:
    """Every compared trait of every matched segment, with whether its change is beyond noise."""
    rows = [
        {
            "Versions": f"{s['old']} → {s['new']}",
            "Segment": m["new_label"],
            "Trait": _trait(t),
            "Effect size": round(float(t["effect"]), 2),
            "p (Holm)": "< 0.001" if t["p_value"] < 0.001 else f"{t['p_value']:.3f}",
            "Beyond noise": "yes" if t["significant"] else "no",
        }
        for s in summaries
        for m in s["matches"]
        for t in m.get("traits") or []
    ]
    return pd.DataFrame(rows)


source = st.radio(
    "Versions of", ["A goal's runs", "An uploaded table"], horizontal=True, key="versions_source"
)
if source == "A goal's runs":
    _goal_runs()
    for line in st.session_state.get("versions_changes") or []:
        st.markdown(f"- {line}")
    traits = st.session_state.get("versions_traits")
    if traits is not None and not traits.empty:
        with st.expander(f"Every trait compared ({len(traits)}), and whether its change is beyond noise"):
            st.dataframe(traits, hide_index=True, use_container_width=True)
files = (
    None
    if source == "A goal's runs"
    else st.file_uploader(
        "Versions of the table (oldest first)", accept_multiple_files=True, key="versions_files"
    )
)
k = None if files is None else st.selectbox("Segments per version", ["auto", *_K_CHOICES], key="versions_k")
if files and len(files) < 2:
    st.info("Add at least one more version to compare.")
if files and len(files) >= 2 and st.button("Compare versions", key="versions_run", type="primary"):
    with tempfile.TemporaryDirectory() as tmp, st.spinner("Segmenting each version and matching them"):
        paths = []
        for i, f in enumerate(files):
            path = Path(tmp) / f"{i:02d}-{Path(f.name).name}"
            path.write_bytes(f.getvalue())
            paths.append(path)
        try:
            st.session_state["versions_history"] = persona_history(diff_tables(paths, k=k))
        except SynthPersonaError as exc:
            st.error(exc.message)
rows = st.session_state.get("versions_history")
if rows:
    frame = pd.DataFrame(rows)
    frame["share %"] = (100 * frame["share"]).round(1)
    st.subheader("Share of each persona's segment, per version")
    wide = frame.pivot_table(index="persona_id", columns="version_name", values="share %", sort=False)
    st.dataframe(wide, use_container_width=True)
    st.line_chart(frame.pivot_table(index="version", columns="persona_id", values="share %"))
    st.subheader("Each persona over time")
    st.dataframe(
        frame[["persona_id", "version_name", "segment_id", "label", "share %"]],
        hide_index=True,
        use_container_width=True,
    )
    st.caption(
        "A persona keeps its id while its segment persists (matched by membership overlap and profile "
        "distance); a missing version means its segment was not there yet, or had vanished. "
        "See docs/trust.md."
    )
