"""Personas: cards per segment with their evidence; pick one and chat with it."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from synthpersona.ui import _state
from synthpersona.ui._chat_data import send_message
from synthpersona.ui._components import badges, kv_table, page_header, show_error
from synthpersona.ui._goal_data import cluster_label, personas_for

_EVIDENCE_COLUMNS = ["field", "claim", "column", "value", "cluster_value", "audience_value", "effect_size"]


def _evidence_frame(evidence: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(evidence)
    cols = [c for c in _EVIDENCE_COLUMNS if c in frame.columns]
    frame = frame[cols] if cols else frame
    return frame.astype(str).replace({"nan": "", "None": ""})


def _persona_card(persona: dict[str, Any], selected: bool) -> None:
    pid = str(persona.get("persona_id"))
    with st.container(border=True):
        name = persona.get("persona_name", pid)
        st.markdown(f"#### {'💬 ' if selected else ''}{name}")
        st.caption(f"{persona.get('demographics', '')} · `{pid}`")
        cares = persona.get("care_about_top2") or []
        if cares:
            st.markdown("**Cares about** " + badges(cares, "green"))
        if persona.get("barriers_top1"):
            st.markdown("**Main barrier** " + badges([persona["barriers_top1"]], "orange"))
        if persona.get("media_preference"):
            st.markdown(f"**Media** {persona['media_preference']}")
        if persona.get("behavioral_score"):
            st.markdown(f"**Match to the goal** {persona['behavioral_score']}")
        with st.expander("Personality traits"):
            st.markdown(kv_table(persona.get("personality_traits") or {}))
        evidence = persona.get("evidence") or []
        with st.expander(f"Evidence ({len(evidence)} claims)"):
            if evidence:
                st.caption("Each claim and the cluster statistic it comes from (cluster vs. whole audience).")
                st.dataframe(_evidence_frame(evidence), hide_index=True, width="stretch")
            else:
                st.caption("No evidence recorded.")
        label = "Chatting" if selected else f"Chat with {str(name).split(' ')[0]}"
        if st.button(
            label,
            key=f"chat_{pid}",
            type="primary" if selected else "secondary",
            disabled=selected,
            width="stretch",
        ):
            st.session_state[_state.SELECTED_PERSONA] = pid
            st.rerun()


def _chat_panel(persona: dict[str, Any]) -> None:
    pid = str(persona.get("persona_id"))
    history = _state.chat_history(f"goal:{pid}")
    name = str(persona.get("persona_name", pid))
    head, clear = st.columns([4, 1], vertical_alignment="bottom")
    head.subheader(f"Chat with {name.split(' —')[0]}")
    if clear.button("Clear", key=f"clear_{pid}", disabled=not history, help="Start the conversation again."):
        history.clear()
        st.rerun()
    engine = history[-1].get("engine") if history else None
    st.caption(
        f"Engine: **{engine or 'offline (rule-based), or your LLM when configured'}** · history kept "
        "for this browser session"
    )
    box = st.container(height=460, border=True)
    with box:
        if not history:
            st.caption(
                "Ask about price, quality, features, brands, EMI, privacy, delivery… "
                "The persona answers in character from its data."
            )
        for turn in history:
            role = "user" if turn["role"] == "user" else "assistant"
            avatar = "🧑‍💼" if role == "user" else "🧑"
            with st.chat_message(role, avatar=avatar):
                st.markdown(turn["message"])
                if role == "assistant" and turn.get("engine"):
                    st.caption(turn["engine"])
    message = st.chat_input(f"Message {name.split(' ')[0]}…", key=f"chat_input_{pid}")
    if message:
        text = message.strip()
        if not text:
            return
        try:
            reply = send_message(persona, text, history)
        except Exception as exc:  # readable message instead of a traceback
            from synthpersona.errors import SynthPersonaError

            if isinstance(exc, SynthPersonaError):
                show_error(exc)
            else:
                st.error(f"**The persona could not answer.** {type(exc).__name__}: {exc}", icon="🛑")
            return
        history.append({"role": "user", "message": text})
        history.append({"role": "persona", "message": reply.response, "engine": reply.engine})
        st.rerun()


def main() -> None:
    page_header(
        "💬 Personas & chat",
        "Data-grounded personas per segment, with the statistics behind every "
        "claim. Pick one and talk to it.",
    )
    run = st.session_state.get(_state.GOAL_RUN)
    if not run:
        st.info("No segments yet: run a goal first.", icon="👈")
        st.page_link("views/goal.py", label="Go to Goal → segments", icon="🎯")
        return
    clusters = run.get("clusters") or []
    if not clusters:
        st.warning("This run has no segments.")
        return
    st.markdown(f"Goal: **{run.get('goal', '')}**")
    ids = [c.get("cluster_id") for c in clusters]
    labels = {
        c.get("cluster_id"): f"{cluster_label(c)} ({float(c.get('cluster_size_pct', 0)):.0f}%)"
        for c in clusters
    }
    current = st.session_state.get(_state.SELECTED_CLUSTER)
    index = ids.index(current) if current in ids else 0
    cluster_id = st.selectbox(
        "Segment", ids, index=index, format_func=lambda c: labels[c], key="persona_cluster"
    )
    if cluster_id != current:
        st.session_state[_state.SELECTED_CLUSTER] = cluster_id
    personas = personas_for(run, cluster_id)
    if not personas:
        st.warning("No personas for this segment.")
        return
    selected = st.session_state.get(_state.SELECTED_PERSONA)
    by_id = {str(p.get("persona_id")): p for p in personas}
    left, right = st.columns([1.05, 1], gap="large")
    with left:
        for persona in personas:
            _persona_card(persona, str(persona.get("persona_id")) == selected)
    with right:
        if selected in by_id:
            _chat_panel(by_id[selected])
        else:
            st.info("Pick a persona on the left to chat with it.", icon="💬")


main()
