"""Goal → segments: type a business goal, see how it was understood and the segments found."""

from __future__ import annotations

from typing import Any

import streamlit as st

from synthpersona.errors import NotFoundError
from synthpersona.segmentation import ClusteringParams
from synthpersona.ui import _jobs as jobs
from synthpersona.ui import _state
from synthpersona.ui._charts import segment_colour, segment_map, show_chart, silhouette_chart
from synthpersona.ui._components import badges, page_header
from synthpersona.ui._format import human
from synthpersona.ui._goal_data import (
    ALGORITHMS,
    EXAMPLE_GOALS,
    candidates_frame,
    cluster_label,
    filter_text,
    goal_job,
    projection_axes,
    projection_frame,
    run_json,
)
from synthpersona.ui._persist import run_service, set_url, url_value

GOAL_JOB = "ui_goal"  # the kind of the page's jobs
_DEFAULTS = ClusteringParams()  # the clustering defaults have one home: the parameters object
_INPUTS = ("goal_text", "goal_k", "goal_min_pct", "goal_algorithm", "goal_seed")  # the form's widgets


def _use_example() -> None:
    example = st.session_state.get("goal_example")
    if example:
        st.session_state["goal_text"] = example
        st.session_state["goal_example"] = None


def _form() -> dict[str, Any] | None:
    st.session_state.setdefault("goal_text", EXAMPLE_GOALS[0])
    st.pills(
        "Examples",
        EXAMPLE_GOALS,
        key="goal_example",
        on_change=_use_example,
        help="Click one to put it in the goal box.",
    )
    with st.form("goal_form", border=True):
        goal = st.text_area(
            "Business goal",
            key="goal_text",
            height=80,
            placeholder="e.g. new moms in Tier-2 cities interested in skincare",
            help="Plain words: who you want to reach and for what. English, Hinglish and Hindi work.",
        )
        c1, c2, c3 = st.columns([2, 2, 1.4])
        k_range = c1.slider(
            "Number of segments (k range)", 2, 12, (_DEFAULTS.k_min, _DEFAULTS.k_max), key="goal_k"
        )
        min_pct = c2.slider(
            "Minimum segment size (% of audience)",
            0.0,
            20.0,
            _DEFAULTS.min_cluster_pct * 100,
            step=0.5,
            format="%g %%",  # "3 %", not "3.00"
            key="goal_min_pct",
            help="k values whose smallest segment is smaller than this are not chosen.",
        )
        algorithm = c3.selectbox("Algorithm", ALGORITHMS, key="goal_algorithm", format_func=human)
        with st.expander("Advanced"):
            seed = st.number_input("Random seed", 0, 2**31 - 1, 0, key="goal_seed")
        submitted = st.form_submit_button("Find segments", type="primary", icon="🔎")
    if not submitted:
        return None
    return {
        "goal": goal.strip(),
        "k_min": int(k_range[0]),
        "k_max": int(k_range[1]),
        "min_cluster_pct": float(min_pct) / 100.0,
        "algorithm": algorithm,
        "random_state": int(seed),
    }


def _understanding(run: dict[str, Any]) -> None:
    spec = run.get("spec") or {}
    left, right = st.columns([1, 1], gap="large")
    with left:
        st.subheader("How the goal was understood")
        intents = sorted(spec.get("intents") or [], key=lambda i: -float(i.get("confidence", 0)))
        for intent in intents:
            conf = float(intent.get("confidence", 0.0))
            evidence = ", ".join(f"“{e}”" for e in intent.get("evidence") or [])
            st.progress(
                min(max(conf, 0.0), 1.0), text=f"**{intent.get('name', '?')}** · {conf:.0%} {evidence}"
            )
        if spec.get("domain"):
            st.markdown(f"Domain: :violet-badge[{spec['domain']}]")
        filters = spec.get("filters") or []
        if filters:
            st.markdown("**Filters applied**")
            st.markdown(badges((filter_text(f) for f in filters), "green"))
        else:
            st.info("No filter: the whole population is segmented.")
        if spec.get("unparsed"):
            st.caption(f"Not used: “{spec['unparsed']}”")
        for warning in spec.get("warnings") or []:
            st.warning(warning, icon="💡")
    with right:
        st.subheader("SQL that selected the audience")
        st.code(run.get("sql") or (run.get("meta") or {}).get("sql") or "-- no SQL", language="sql")
        params = run.get("params")
        if params:
            st.caption("Parameters: " + ", ".join(repr(p) for p in params))


def _cluster_card(cluster: dict[str, Any]) -> None:
    with st.container(border=True):
        icon = cluster.get("representative_icon", "")
        colour = segment_colour(int(cluster.get("cluster_id", 1)))
        st.markdown(
            f"<span class='sp-swatch' style='background:{colour}' aria-hidden='true'></span>"
            f"<span class='sp-icon'>{icon}</span>",
            unsafe_allow_html=True,
        )
        st.markdown(f"**{cluster_label(cluster)}**")
        m1, m2 = st.columns(2)
        m1.metric("Size", f"{int(cluster.get('cluster_size', 0)):,}")
        m2.metric("Share", f"{float(cluster.get('cluster_size_pct', 0)):.1f}%")
        if cluster.get("demographics_summary"):
            st.markdown(f"👥 {cluster['demographics_summary']}")
        if cluster.get("top_traits"):
            st.markdown("\n".join(f"- {t}" for t in cluster["top_traits"]))
        if cluster.get("cluster_description"):
            st.markdown(
                f"<div class='sp-muted'>{cluster['cluster_description']}</div>", unsafe_allow_html=True
            )
        if cluster.get("engagement_score"):
            st.caption(f"Engagement: {cluster['engagement_score']}")
        count = cluster.get("personas_count", 0)
        cid = cluster.get("cluster_id")
        if st.button(f"Meet {count} personas →", key=f"meet_{cid}", width="stretch"):
            st.session_state[_state.SELECTED_CLUSTER] = cid
            st.switch_page(
                "views/personas.py",
                query_params={"run": str(st.session_state[_state.GOAL_RUN]["run_id"]), "segment": str(cid)},
            )


def _clusters(run: dict[str, Any]) -> None:
    clusters = run.get("clusters") or []
    st.subheader(f"{len(clusters)} segments")
    per_row = 3
    for start in range(0, len(clusters), per_row):
        cols = st.columns(per_row, gap="medium")
        for col, cluster in zip(cols, clusters[start : start + per_row], strict=False):
            with col:
                _cluster_card(cluster)


def _quality(run: dict[str, Any]) -> None:
    meta = run.get("meta") or {}
    left, right = st.columns([2, 3], gap="large")
    with left:
        cands = candidates_frame(meta)
        if cands is None or cands.empty:
            st.caption("The run did not report candidate k values.")
        else:
            show_chart(silhouette_chart(cands, meta.get("k", "?")), "goal_silhouette")
            st.caption("Higher is better. Only k whose smallest segment meets the minimum size are eligible.")
    with right:
        points = projection_frame(run)
        if points is None or points.empty:
            st.caption("No projection was kept for this run.")
        else:
            labels = {int(c.get("cluster_id", 0)): cluster_label(c) for c in run.get("clusters") or []}
            show_chart(segment_map(points, labels, projection_axes(run)), "goal_map")
            note = (
                (run.get("projection") or {}).get("note") if isinstance(run.get("projection"), dict) else None
            )
            st.caption(note or "Each dot is a sampled member, placed by a 2-D projection of the features.")


def _summary(run: dict[str, Any]) -> None:
    meta = run.get("meta") or {}
    cols = st.columns(5)
    cols[0].metric("Audience", f"{int(meta.get('subset_n', 0)):,}")
    cols[1].metric("Segments", meta.get("k", len(run.get("clusters") or [])))
    sil = meta.get("silhouette")
    cols[2].metric("Silhouette", f"{float(sil):.3f}" if sil is not None else "–")
    cols[3].metric("Algorithm", human(meta.get("algorithm", "–")))
    seconds = run.get("seconds")
    cols[4].metric(
        "Time",
        "stored" if seconds is None or run.get("cached") else f"{float(seconds):.1f} s",
        help="A run asked for before is read back from the store instead of being computed again.",
    )
    selection = meta.get("selection") or {}
    unclear = selection.get("reason") if selection.get("clear") is False else None
    if unclear:  # the segments are a descriptive split: say so where the figures are
        st.warning(unclear)
    for note in meta.get("notes") or []:
        if note != unclear:
            st.caption(f"ℹ️ {note}")


def _restore() -> None:
    """Load the run named in the URL (``?run=…``) when this session does not hold it yet."""
    wanted = url_value("run")
    current = st.session_state.get(_state.GOAL_RUN)
    if not wanted or (current and current.get("run_id") == wanted):
        return
    try:
        st.session_state[_state.GOAL_RUN] = run_service().get_run(wanted).to_dict()
    except NotFoundError:
        st.warning(f"The run `{wanted}` in this link no longer exists (deleted?). Run the goal again.")
        set_url(run=None)


def _stored_run(result: dict[str, Any]) -> dict[str, Any] | None:
    """The run a goal job stored, with the job's seconds (``None`` and a warning when it is gone)."""
    try:
        run = run_service().get_run(str(result.get("run_id"))).to_dict()
    except NotFoundError:
        st.warning("The run this job made no longer exists (deleted?). Run the goal again.")
        return None
    run["cached"] = bool(result.get("cached"))
    return run


def _take(job: dict[str, Any]) -> None:
    """A goal job just finished: show its run (a failed or cancelled one leaves the last run shown)."""
    if jobs.take(job, _state.GOAL_RUN, _stored_run, lambda run: {"run": str(run["run_id"])}):
        st.session_state[_state.GOAL_RUN]["seconds"] = job.get("seconds")
        st.session_state.pop(_state.SELECTED_CLUSTER, None)
        st.session_state.pop(_state.SELECTED_PERSONA, None)


def main() -> None:
    page_header(
        "🎯 Goal → segments",
        "Describe who you want to reach. synthpersona filters the built-in population of Indian "
        "consumers, finds segments and writes data-grounded personas for each.",
    )
    _restore()
    shown = st.session_state.get(_state.GOAL_RUN) or {}
    jobs.restore_inputs(GOAL_JOB, {"goal_text": shown["goal"]} if shown.get("goal") else None)
    params = _form()
    if params is not None:
        if not params["goal"]:
            st.error(
                "**Please type a goal.** For example: “college students interested in headphones”.", icon="⚠️"
            )
        else:
            goal = params.pop("goal")
            inputs = {k: st.session_state.get(k) for k in _INPUTS}
            jobs.start(GOAL_JOB, goal_job(run_service(), goal, params), inputs=inputs, goal=goal[:200])
    from synthpersona.usecases.goals import GOAL_STEPS

    job = jobs.job_panel(GOAL_JOB, "Finding segments", list(GOAL_STEPS.values()))
    if job is not None:
        _take(job)
    current: dict[str, Any] | None = st.session_state.get(_state.GOAL_RUN)
    if not current:
        return
    _results(current)


def _results(run: dict[str, Any]) -> None:
    st.divider()
    st.markdown(f"#### Results for “{run.get('goal', '')}”")
    _summary(run)
    _understanding(run)
    st.divider()
    _clusters(run)
    st.divider()
    _quality(run)
    st.page_link(
        "views/personas.py",
        label="Meet the personas and chat with them",
        icon="💬",
        query_params={"run": str(run.get("run_id"))},
    )
    with st.expander("Download this run"):
        st.download_button(
            "Run as JSON",
            data=run_json(run),
            file_name=f"run_{run.get('run_id', 'goal')}.json",
            mime="application/json",
            on_click="ignore",
        )


main()
