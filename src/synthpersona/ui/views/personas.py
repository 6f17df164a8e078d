"""Personas: cards per segment with their evidence, side-by-side comparison, focus group, chat.

The run, the segment and the conversation are in the URL (``?run=…&segment=…&chat=…``): a
refresh or a shared link comes back to the same place, with the conversation read from the
store.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from synthpersona.errors import NotFoundError, SynthPersonaError
from synthpersona.ui import _jobs as jobs
from synthpersona.ui import _state
from synthpersona.ui._charts import segment_colour
from synthpersona.ui._chat_data import CHAT_STEP, FOCUS_STEP, chat_job, focus_job, load_conversation
from synthpersona.ui._components import badges, kv_table, page_header
from synthpersona.ui._format import BLANK, chat_evidence_table, evidence_table, friendly, short_name
from synthpersona.ui._goal_data import cluster_label, personas_for, protected_personas
from synthpersona.ui._persist import run_service, set_url, url_value
from synthpersona.ui._persona_tools import card_downloads, edit_and_verify, opened_version, saved_version
from synthpersona.usecases.jobs import ACTIVE
from synthpersona.usecases.trust import privacy_lines

CHAT_JOB = "ui_persona_chat"  # one reply of a goal persona, as a job
FOCUS_JOB = "ui_focus_group"  # the focus group's question to every persona, as a job


def _restore() -> dict[str, Any] | None:
    """The run, segment and conversation named in the URL, loaded into this session."""
    chat_id = url_value("chat")
    if chat_id and st.session_state.get(_state.CHAT_ID) != chat_id:
        try:
            conv = load_conversation(chat_id)
        except NotFoundError:
            st.warning(f"The conversation `{chat_id}` in this link no longer exists.")
            set_url(chat=None)
        else:
            st.session_state[_state.CHAT_ID] = chat_id
            st.session_state[_state.SELECTED_PERSONA] = str(conv["persona_id"])
            _state.chat_history(f"goal:{conv.get('run_id')}:{conv['persona_id']}")[:] = conv["messages"]
            if conv.get("run_id") and not url_value("run"):
                set_url(run=str(conv["run_id"]))
            cid = conv["persona"].get("cluster_id")
            if cid is not None:
                st.session_state[_state.SELECTED_CLUSTER] = int(cid)
    chatting = jobs.current(CHAT_JOB)  # a reply asked before a refresh: its persona is the open chat
    if chatting is not None and _state.SELECTED_PERSONA not in st.session_state:
        st.session_state[_state.SELECTED_PERSONA] = str(chatting["subject"].get("persona_id"))
        if str(chatting["subject"].get("cluster_id", "")).lstrip("-").isdigit() and not url_value("segment"):
            st.session_state[_state.SELECTED_CLUSTER] = int(chatting["subject"]["cluster_id"])
    run_id = url_value("run")
    opened = opened_version()
    if opened is not None:
        run_id = str(opened["run_id"])
        if url_value("edit") != st.session_state.get("_opened_edit"):  # first visit: go to its segment
            st.session_state["_opened_edit"] = url_value("edit")
            st.session_state[_state.SELECTED_CLUSTER] = int(opened["persona"].get("cluster_id") or 0)
    run = st.session_state.get(_state.GOAL_RUN)
    if run_id and (not run or run.get("run_id") != run_id):
        try:
            run = run_service().get_run(run_id).to_dict()
            st.session_state[_state.GOAL_RUN] = run
        except NotFoundError:
            st.warning(f"The run `{run_id}` in this link no longer exists (deleted?).")
            set_url(run=None)
    segment = url_value("segment")
    if segment and segment.lstrip("-").isdigit() and opened is None:
        st.session_state[_state.SELECTED_CLUSTER] = int(segment)
    return st.session_state.get(_state.GOAL_RUN)


def _persona_card(persona: dict[str, Any], selected: bool, run: dict[str, Any]) -> None:
    pid = str(persona.get("persona_id"))
    with st.container(border=True):
        name = persona.get("persona_name", pid)
        st.markdown(f"#### {'💬 ' if selected else ''}{name}")
        st.caption(str(persona.get("demographics", "")))
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
            traits = persona.get("personality_traits") or {}
            st.markdown(kv_table({friendly(k): v for k, v in traits.items()}))
        label = "Chatting" if selected else f"Chat with {short_name(name)}"
        if st.button(
            label,
            key=f"chat_{pid}",
            type="primary" if selected else "secondary",
            disabled=selected,
            width="stretch",
        ):
            st.session_state[_state.SELECTED_PERSONA] = pid
            st.session_state.pop(_state.CHAT_ID, None)
            set_url(chat=None)
            st.rerun()
        card_downloads(persona, run, segment_colour(int(persona.get("cluster_id") or 0)), pid)


def _evidence(personas: list[dict[str, Any]]) -> None:
    """Full-width evidence: every claim of every persona of the segment with its statistic."""
    st.subheader("Evidence behind each claim")
    st.caption(
        "Each statement on a card, the data column it comes from, the statistic, and its value in this "
        "segment against the whole audience (effect size: standardised difference)."
    )
    tabs = st.tabs([str(p.get("persona_name", p.get("persona_id"))).split(" —")[0] for p in personas])
    for tab, persona in zip(tabs, personas, strict=True):
        with tab:
            evidence = persona.get("evidence") or []
            if evidence:
                st.table(evidence_table(evidence), hide_index=True)
            else:
                st.caption("No evidence recorded for this persona.")


def _comparison(personas: list[dict[str, Any]]) -> None:
    """The personas of the segment side by side, one column each."""
    rows: dict[str, dict[str, str]] = {}
    for p in personas:
        name = str(p.get("persona_name", p.get("persona_id"))).split(" —")[0]
        traits = p.get("personality_traits") or {}
        rows[name] = {
            "Who": str(p.get("demographics") or BLANK),
            "Cares about": ", ".join(p.get("care_about_top2") or []) or BLANK,
            "Main barrier": str(p.get("barriers_top1") or BLANK),
            "Media": str(p.get("media_preference") or BLANK),
            "Match to the goal": str(p.get("behavioral_score") or BLANK),
            **{friendly(k): str(v) for k, v in traits.items()},
        }
    frame = pd.DataFrame(rows).fillna(BLANK)
    st.dataframe(frame, width="stretch")


def _focus_group(run: dict[str, Any], mode: str) -> None:
    """One question to every persona of ``run`` (its personas as shown: ``mode`` says which)."""
    st.caption(
        "Ask one question to every persona of the run (each answers fresh, without the chat history) "
        "and see where they stand."
    )
    jobs.restore_inputs(FOCUS_JOB)  # after a refresh: the question the job in the URL was asked
    with st.form("focus_form", border=False):
        question = st.text_input(
            "Question for all personas",
            key="focus_question",
            placeholder="Would you pay ₹2,000 a month for this on EMI?",
        )
        asked = st.form_submit_button("Ask everyone", icon="🗣️")
    run_id = str(run.get("run_id"))
    running = jobs.current(FOCUS_JOB)
    busy = running is not None and running["status"] in ACTIVE
    if asked:
        if not question.strip():
            st.error("**Please type a question** for the focus group.", icon="⚠️")
        elif not busy:
            work = focus_job(run, question.strip(), mode)
            jobs.start(FOCUS_JOB, work, inputs={"focus_question": question}, run_id=run_id, mode=mode)
            st.rerun()
    job = jobs.job_panel(FOCUS_JOB, "Focus group", [FOCUS_STEP], subject={"run_id": run_id, "mode": mode})
    if job is not None:
        jobs.take(job, _state.FOCUS, lambda result: result or None, lambda _result: {})
    res = st.session_state.get(_state.FOCUS)
    # answers of the personas as built are not shown beside the protected ones (they may state exact values)
    if res and res.get("run_id") == run.get("run_id") and res.get("shown_as", "built") == mode:
        stances = res.get("stances") or {}
        st.markdown(f"**“{res['question']}”** " + badges((f"{k}: {v}" for k, v in stances.items()), "violet"))
        table = pd.DataFrame(
            [
                {
                    "Segment": a.get("segment") or BLANK,
                    "Persona": str(a.get("persona_name", "")).split(" —")[0],
                    "Stance": str(a.get("stance") or BLANK),
                    "Answer": a.get("response") or BLANK,
                }
                for a in res["answers"]
            ]
        )
        st.dataframe(table, hide_index=True, width="stretch")


def _chat_panel(persona: dict[str, Any], run_id: str | None, mode: str = "built") -> None:
    """Chat with ``persona``; under the protected preview (``mode`` "protected:k") it is the protected
    persona, in a conversation of its own (the one with the persona as built is not shown beside it)."""
    pid = str(persona.get("persona_id"))
    built = mode == "built"
    history = _state.chat_history(f"goal:{run_id}:{pid}" + ("" if built else f":{mode}"))
    chat_key = _state.CHAT_ID if built else f"_chat_id_{mode}_{pid}"
    name = str(persona.get("persona_name", pid))
    head, clear = st.columns([3, 1.4], vertical_alignment="bottom")
    head.subheader(f"Chat with {name.split(' —')[0]}")
    if clear.button("New chat", key=f"clear_{pid}", disabled=not history, help="Start a new conversation."):
        history.clear()
        st.session_state.pop(chat_key, None)
        if built:
            set_url(chat=None)
        st.rerun()
    if not built:
        st.caption("🔒 You are talking to the protected persona: it knows only what it states.")
    engine = history[-1].get("engine") if history else None
    kept = (
        "the conversation is stored: its link (this page's URL) brings it back"
        if built
        else "the conversation is stored and listed on the History page"
    )
    st.caption(f"Engine: **{engine or 'offline (rule-based), or your LLM when configured'}** · {kept}")
    subject = {"persona_id": pid, "mode": mode}
    running = jobs.current(CHAT_JOB)
    pending = None  # the user's message the persona is answering now
    ours = running is not None and all(running["subject"].get(k) == v for k, v in subject.items())
    if running is not None and ours and running["status"] in ACTIVE:
        pending = str((running.get("inputs") or {}).get("_message") or "")
    box = st.container(border=True)  # no fixed height: a scrolling box is not reachable by keyboard
    with box:
        if not history and not pending:
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
                if role == "assistant" and turn.get("evidence"):
                    with st.expander(f"What this answer rests on ({len(turn['evidence'])})"):
                        st.table(chat_evidence_table(turn["evidence"]), hide_index=True)
        if pending:
            with st.chat_message("user", avatar="🧑‍💼"):
                st.markdown(pending)
        # an answer already in the conversation above needs no "done" box under it
        shown = running is not None and running["status"] == "succeeded" and jobs.taken(running["job_id"])
        label = f"{short_name(name)} is answering"
        job = None if shown else jobs.job_panel(CHAT_JOB, label, [CHAT_STEP], subject=subject)
    if job is not None and job["status"] == "succeeded":
        conversation = str((job.get("result") or {}).get("conversation_id"))
        try:
            history[:] = load_conversation(conversation)["messages"]
        except NotFoundError:  # deleted meanwhile (History page)
            st.warning("The conversation of this reply no longer exists.")
        else:
            st.session_state[chat_key] = conversation
            if built:
                set_url(chat=conversation)
            st.rerun()  # the conversation above shows the answer
    message = st.chat_input(
        f"Message {short_name(name)}…", key=f"chat_input_{pid}", disabled=pending is not None
    )
    if message and message.strip():
        text = message.strip()
        work = chat_job(persona, text, history, st.session_state.get(chat_key), run_id)
        where = {"run_id": str(run_id), "cluster_id": str(persona.get("cluster_id", ""))}
        jobs.start(CHAT_JOB, work, inputs={"_message": text}, **subject, **where)
        st.rerun()  # the message shows at once, with the job's box under it


def _protection(run: dict[str, Any]) -> dict[int, list[dict[str, Any]]] | None:
    """The protected personas by segment when the preview is on (with what was generalised); else ``None``."""
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    on = left.toggle(
        "🔒 Preview as protected (k-anonymity)",
        value=False,
        key="persona_protect",
        help="The built-in population is synthetic: no real person is behind a persona, so personas are "
        "shown as built, the same as in the API and the chat. Turn on to see them as they would be "
        "published from real customer data: each states only what at least k audience members share "
        "(exact age becomes an age band, a city is left out, ...).",
    )
    k = int(
        right.number_input(
            "People per persona (k)",
            2,
            500,
            5,
            key="persona_k",
            disabled=not on,
            help="At least this many audience members share everything a protected persona states.",
        )
    )
    if not on:
        st.caption(
            "Synthetic population: each persona states its synthetic anchor member's exact values; no real "
            "person can be singled out (uploaded tables and event logs are protected by default)."
        )
        return None
    cache = st.session_state.setdefault("_protected_personas", {})
    key = (str(run.get("run_id")), k)
    if key not in cache:
        try:
            cache[key] = protected_personas(run, k)
        except SynthPersonaError as exc:
            st.warning(f"🔓 The personas could not be protected, so they are shown unprotected: {exc}")
            return None
    summary, by_segment = cache[key]
    names = {str(p["persona_id"]): str(p.get("persona_name", "")) for ps in by_segment.values() for p in ps}
    lines = privacy_lines(summary, names, unit="audience members")
    with st.expander(lines[0]):
        st.markdown("\n".join(f"- {line}" for line in lines[1:]) or "Nothing had to be generalised.")
    return by_segment


def _with_personas(run: dict[str, Any], by_segment: dict[int, list[dict[str, Any]]]) -> dict[str, Any]:
    """``run`` with these personas (the protected ones) in place of its own."""
    return {**run, "personas": {str(seg): list(ps) for seg, ps in by_segment.items()}}


def main() -> None:
    page_header(
        "💬 Personas & chat",
        "Data-grounded personas per segment, with the statistics behind every "
        "claim. Compare them, ask them all one question, or talk to one.",
    )
    run = _restore()
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
        "Segment", ids, index=index, format_func=lambda c: labels[c], key=f"persona_cluster_{run['run_id']}"
    )
    st.markdown(
        f"<span class='sp-swatch' style='background:{segment_colour(int(cluster_id))}' aria-hidden='true'>"
        "</span><span class='sp-muted'>colour of this segment on every chart</span>",
        unsafe_allow_html=True,
    )
    if cluster_id != current:
        st.session_state[_state.SELECTED_CLUSTER] = cluster_id
    set_url(run=str(run["run_id"]), segment=str(cluster_id))
    stored = personas_for(run, cluster_id)
    if not stored:
        st.warning("No personas for this segment.")
        return
    protected = _protection(run)
    mode = "built" if protected is None else f"protected:{int(st.session_state.get('persona_k', 5))}"
    # cards, evidence, comparison and card downloads show the protected personas; chat and
    # edit work on the stored persona (they need its exact values)
    personas = stored if protected is None else protected.get(int(cluster_id), stored)
    selected = st.session_state.get(_state.SELECTED_PERSONA)
    by_id = {str(p.get("persona_id")): p for p in personas}
    opened = opened_version()
    if opened is not None and opened.get("run_id") != run.get("run_id"):
        opened = None
    if opened is not None:
        saved_version(opened, run, segment_colour(int(opened["persona"].get("cluster_id") or 0)))
    cards, compare, focus, edit = st.tabs(
        ["Personas & chat", "Side by side", "Focus group (all personas)", "Edit & verify"]
    )
    with cards:
        left, right = st.columns([1.05, 1], gap="large")
        with left:
            for persona in personas:
                _persona_card(persona, str(persona.get("persona_id")) == selected, run)
        with right:
            if selected in by_id:
                chosen = (
                    {str(p.get("persona_id")): p for p in stored}[selected]
                    if mode == "built"
                    else by_id[selected]
                )
                _chat_panel(chosen, str(run.get("run_id")), mode)
            else:
                st.info("Pick a persona on the left to chat with it.", icon="💬")
        _evidence(personas)
    with compare:
        _comparison(personas)
    with focus:
        _focus_group(run if protected is None else _with_personas(run, protected), mode)
    with edit:
        if protected is None:
            edit_and_verify(run, stored, opened)
        else:  # editing works on the persona as built (its exact values): not under the preview
            st.info(
                "Editing and verifying work on the persona as built, with its exact values: turn off "
                "“Preview as protected” above to edit.",
                icon="🔒",
            )


main()
