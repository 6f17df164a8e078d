"""Role-play (seed 004): pick or write a scenario, generate a persona, read its system prompt, practise."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from synthpersona.errors import InputError
from synthpersona.scenarios import GENDERS, Mode
from synthpersona.ui import _jobs as jobs
from synthpersona.ui import _state
from synthpersona.ui._charts import PALETTE, show_chart, styled
from synthpersona.ui._components import page_header, show_error
from synthpersona.ui._format import BLANK, friendly, human, pct, short_name
from synthpersona.ui._persist import ROLEPLAY_KIND, get_doc, now, set_url, store, url_value
from synthpersona.ui._roleplay_data import (
    DRAFT_STEPS,
    LIST_SEPARATOR,
    draft_from_result,
    draft_job,
    fact_fields,
    facts_from_form,
    form_values,
)
from synthpersona.ui._roleplay_jobs import (
    GENERATE_STEPS,
    REPLY_STEP,
    SCORE_STEP,
    generate_job,
    reply_job,
    score_job,
)
from synthpersona.usecases.jobs import ACTIVE

# the scenarios' registries; assessed first (the CLI's and API's default mode)
_MODES = (Mode.ASSESS.value, *(m.value for m in Mode if m is not Mode.ASSESS))
_GENDERS = ("any", *GENDERS)
_DRAFT = "roleplay_draft"  # the scenario read, with its facts, before generation
DRAFT_JOB = "ui_roleplay_draft"  # the kind of the page's jobs: reading a scenario
GENERATE_JOB = "ui_roleplay_generate"  # generating the persona from the facts
REPLY_JOB = "ui_roleplay_reply"  # one reply of the persona in the practice conversation
SCORE_JOB = "ui_roleplay_score"  # scoring the conversation
_FACT_EDITS = "_facts"  # the facts form as the trainer left it, kept with the draft's job record
_KEPT = "rp_facts_kept"  # session key: the facts form whose corrections were kept in this session
_INPUTS = ("rp_source", "rp_example", "rp_text", "rp_mode", "rp_gender", "rp_seed")  # the form's widgets

_SEED_HELP = (
    "The same scenario, facts and seed give the same persona; "
    "another number gives another persona for the same scenario (to practise again)."
)


def _examples() -> dict[str, Path]:
    from synthpersona.examples import scenario_templates

    return {name.replace("_", " ").capitalize(): f for name, f in scenario_templates().items()}


def _form_key(source: str) -> str:
    """The facts form's key: one per scenario, the same in every server process (a refresh)."""
    return hashlib.sha256(source.encode()).hexdigest()[:10]


def _keep_edits(draft_job: str | None, key: str) -> None:
    """Keep the facts form as the trainer left it with the draft's job, so a refresh shows it."""
    if draft_job:
        values = {f.name: st.session_state.get(f"fact_{key}_{f.name}", "") for f in fact_fields()}
        jobs.remember(draft_job, {_FACT_EDITS: values})
        st.session_state[_KEPT] = key


def _facts_form(draft: dict[str, Any]) -> Any | None:
    """The facts the scenario states, editable; returns the corrected facts when the trainer generates.

    Every change is kept with the draft's job record at once (not only on Generate): a
    refresh shows the corrections a trainer made but did not generate from yet.
    """
    facts = draft["facts"]
    values = {**form_values(facts), **(draft.get("edits") or {})}
    st.subheader("Check what the scenario states")
    st.caption(
        f"The persona will play **{facts.counterpart or 'not stated'}**; the trainee is "
        f"**{facts.learner or 'not stated'}**. Correct anything that was read wrongly, then generate. "
        f"Leave a field empty when the scenario does not say; separate list items with “{LIST_SEPARATOR}”."
    )
    if facts.about:
        st.markdown(f"<div class='sp-muted'>“{facts.about}”</div>", unsafe_allow_html=True)
    if facts.domain_evidence:  # why this domain: read here, the domain itself is corrected below
        st.caption(f"Why this domain: {facts.domain_evidence[0]}.")
    edited: dict[str, str] = {}
    key = _form_key(draft["source"])
    keep = (draft.get("job_id"), key)  # the args of _keep_edits, called on every change
    with st.container(border=True):
        cols = st.columns(3)
        for i, field in enumerate(fact_fields()):
            col = cols[i % 3]
            wid = f"fact_{key}_{field.name}"
            if field.kind in ("choice", "yes/no"):
                options = ["", *(field.choices if field.kind == "choice" else ("yes", "no"))]
                current = values[field.name] if values[field.name] in options else ""
                edited[field.name] = col.selectbox(
                    field.label,
                    options,
                    index=options.index(current),
                    key=wid,
                    format_func=lambda o: "not stated" if o == "" else human(o),
                    help=field.help or None,
                    on_change=_keep_edits,
                    args=keep,
                )
            else:
                edited[field.name] = col.text_input(
                    field.label,
                    values[field.name],
                    key=wid,
                    help=field.help or None,
                    on_change=_keep_edits,
                    args=keep,
                )
        if draft.get("edits") or st.session_state.get(_KEPT) == key:
            st.caption("Your corrections are kept with this scenario: a refresh or a shared link shows them.")
        submitted = st.button("Generate persona", type="primary", icon="✨", key="rp_generate")
    if not submitted:
        return None
    try:
        return facts_from_form(edited, about=facts.about, read=facts)
    except InputError as exc:
        show_error(exc)
        return None


def _persona_view(persona: Any, prompt: str, engine: str) -> None:
    from synthpersona.usecases import scenarios

    st.subheader(f"{persona.name}, {persona.age} — {persona.role}")
    st.caption(
        f"{persona.location.model_dump().get('city', '')} · {scenarios.archetype_label(persona.archetype)} "
        f"({pct(persona.archetype_confidence, 0)} sure) · {human(persona.mode)} · "
        f"prompt written by the {engine} engine"
    )
    st.markdown(persona.description)
    cats = persona.detail_categories_included or list(persona.detail_categories)
    st.markdown("**Detail categories:** " + " ".join(f":violet-badge[{human(c)}]" for c in cats))
    why = (persona.generation_metadata or {}).get("category_reasons") or {}
    for cat in cats:
        with st.expander(human(cat)):
            if why.get(cat):
                st.caption(f"Why: {why[cat]}")
            details = persona.detail_categories.get(cat, {}) or {}
            rows = [
                {"What": friendly(str(k)), "Value": ", ".join(map(str, v)) if isinstance(v, list) else str(v)}
                for k, v in details.items()
            ]
            if rows:
                st.table(pd.DataFrame(rows), hide_index=True, hide_header=True)
            else:
                st.caption(BLANK)
    with st.expander("System prompt", expanded=False):
        st.code(prompt, language="markdown", wrap_lines=True)


def _score(persona: Any, history: list[dict[str, Any]]) -> None:
    """Score the conversation against the archetype's rubric (a job); with a trainee id, keep it and
    show progress."""
    from synthpersona.usecases import scenarios

    st.subheader("Score the trainee")
    running = jobs.current(SCORE_JOB)
    busy = running is not None and running["status"] in ACTIVE
    with st.form("rp_score_form", border=False):
        trainee = st.text_input(
            "Trainee (optional: keeps the score and shows progress)",
            key="rp_trainee",
            placeholder="e.g. asha.k",
        )
        submitted = st.form_submit_button(
            "Score this conversation", icon="📝", disabled=len(history) < 2 or busy
        )
    if submitted:
        work = score_job(persona.id, trainee.strip() or None)
        jobs.start(SCORE_JOB, work, inputs=_form(), rp_id=persona.id)
    subject = {"rp_id": persona.id}
    job = jobs.job_panel(SCORE_JOB, "Scoring the conversation", [SCORE_STEP], subject=subject)
    if job is not None:
        jobs.take(job, "rp_score", lambda result: result.get("score"), lambda _score: {})
    score = st.session_state.get("rp_score")
    if score and score.get("persona_id") == persona.id:
        st.metric(
            "Overall",
            f"{float(score['overall']):.0f} / 100",
            help=f"Rubric for {scenarios.archetype_label(score['archetype'])}, {score['engine']} scorer",
        )
        rows = [
            {
                "Criterion": c["label"],
                "Score": pct(c["score"], 0),
                "Weight": f"{float(c['weight']):g}",
                "Why": c.get("rationale") or BLANK,
                "Evidence": " / ".join(c.get("evidence") or []) or BLANK,
            }
            for c in score.get("criteria") or []
        ]
        st.table(pd.DataFrame(rows), hide_index=True)
        if score.get("trainee_id"):
            _progress(str(score["trainee_id"]))


def _progress(trainee: str) -> None:
    """The trainee's overall score, session after session."""
    from synthpersona.usecases import scenarios

    progress = scenarios.trainee_progress(trainee, store())
    sessions = progress.get("sessions") or []
    st.markdown(f"**Progress of {trainee}** ({len(sessions)} scored sessions)")
    fig = go.Figure(
        go.Scatter(
            x=list(range(1, len(sessions) + 1)),
            y=[float(s["overall"]) for s in sessions],
            mode="lines+markers",
            marker_color=PALETTE[0],
            hovertemplate="session %{x}<br>overall %{y:.0f} / 100<extra></extra>",
        )
    )
    fig.update_layout(
        title=f"Progress of {trainee}",
        xaxis={"title": "scored session", "dtick": 1},
        yaxis={"title": "overall score", "range": [0, 100]},
    )
    show_chart(styled(fig, height=280, legend=False), "rp_progress", "trainee progress")


def _chat(persona: Any, prompt: str) -> None:
    """The practice conversation; each reply is a job (a slow language model never blocks the page)."""
    history = _state.chat_history(f"roleplay:{persona.id}")
    st.subheader(f"Practise the conversation with {short_name(persona.name)}")
    running = jobs.current(REPLY_JOB)
    pending = None  # the trainee's message the persona is answering now
    if running and running["status"] in ACTIVE and running["subject"].get("rp_id") == persona.id:
        pending = str((running.get("inputs") or {}).get("_message") or "")
    box = st.container(border=True)  # no fixed height: a scrolling box is not reachable by keyboard
    with box:
        if not history and not pending:
            st.caption("Open the conversation as the trainee would; the persona stays in character.")
        for turn in history:
            role = "user" if turn["role"] == "user" else "assistant"
            with st.chat_message(role, avatar="🧑‍💼" if role == "user" else "🎭"):
                st.markdown(turn["message"])
                if turn.get("engine"):
                    st.caption(turn["engine"])
        if pending:
            with st.chat_message("user", avatar="🧑‍💼"):
                st.markdown(pending)
        label = f"{short_name(persona.name)} is answering"
        job = jobs.job_panel(REPLY_JOB, label, [REPLY_STEP], subject={"rp_id": persona.id})
    if job is not None and job["status"] == "succeeded":
        doc = get_doc(ROLEPLAY_KIND, persona.id) or {}
        history[:] = list(doc.get("history") or [])
        st.rerun()  # the conversation above shows the answer
    message = st.chat_input("Say something…", key="roleplay_input", disabled=pending is not None)
    if message and message.strip():
        text = message.strip()
        inputs = {**_form(), "_message": text}
        jobs.start(REPLY_JOB, reply_job(persona.id, text), inputs=inputs, rp_id=persona.id)
        st.rerun()  # the message shows at once, with the job's box under it
    _score(persona, history)


def _form() -> dict[str, Any]:
    """The scenario form as it is now (widget key → value), kept with each job for a refresh."""
    return {k: st.session_state.get(k) for k in _INPUTS if k in st.session_state}


def _show(rp_id: str) -> bool:
    """Put the stored role-play ``rp_id`` (persona, prompt, conversation, last score) on the page."""
    from synthpersona.scenarios import PersonaInstance, ScenarioFacts

    doc = get_doc(ROLEPLAY_KIND, rp_id)
    if doc is None:
        return False
    persona = PersonaInstance.model_validate(doc["persona"])
    st.session_state[_state.ROLEPLAY] = {
        "persona": persona,
        "system_prompt": doc["system_prompt"],
        "engine": doc.get("engine", ""),
        "facts": ScenarioFacts.model_validate(doc["facts"]) if doc.get("facts") else None,
    }
    history = _state.chat_history(f"roleplay:{persona.id}")
    history[:] = list(doc.get("history") or [])
    shown = st.session_state.get("rp_score") or {}
    if doc.get("score") and shown.get("persona_id") != persona.id:
        st.session_state["rp_score"] = doc["score"]  # the last score of this role-play
    return True


def _restore() -> None:
    """A refresh (or a shared link) brings back the scenario read (``?draft=``) with the trainer's
    corrections, the persona and its conversation (``?roleplay=``), and the form."""
    rp_id = url_value("roleplay")
    doc = get_doc(ROLEPLAY_KIND, rp_id) if rp_id else None
    draft_rec = jobs.record(url_value("draft"))
    if _DRAFT not in st.session_state and draft_rec is not None and draft_rec["status"] == "succeeded":
        draft = draft_from_result(dict(draft_rec.get("result") or {}))
        if draft is not None:
            edits = (draft_rec.get("inputs") or {}).get(_FACT_EDITS)
            st.session_state[_DRAFT] = {**draft, "job_id": draft_rec["job_id"], "edits": edits}
    fallback = (draft_rec or {}).get("inputs") or (doc or {}).get("inputs")
    jobs.restore_inputs(DRAFT_JOB, fallback)
    res = st.session_state.get(_state.ROLEPLAY)
    if not rp_id or (res and res["persona"].id == rp_id):
        return
    if not _show(rp_id):
        st.warning(f"The role-play `{rp_id}` in this link no longer exists.")
        set_url(roleplay=None)


def _take_draft(job: dict[str, Any]) -> None:
    """A scenario read: its facts go in the form, and the URL names it (``?draft=``) for a refresh."""

    def load(result: dict[str, Any]) -> dict[str, Any] | None:
        draft = draft_from_result(result)
        edits = (job.get("inputs") or {}).get(_FACT_EDITS)  # corrections made before a refresh
        return None if draft is None else {**draft, "job_id": job["job_id"], "edits": edits}

    jobs.take(job, _DRAFT, load, lambda _draft: {"draft": job["job_id"]})


def _generate(draft: dict[str, Any], facts: Any, mode: str, gender: str, seed: int) -> None:
    """Generate the persona as a job from the corrected facts."""
    inputs = {**_form(), "_draft": draft.get("job_id")}
    work = generate_job(
        draft["template"].model_dump(mode="json"),
        facts.model_dump(mode="json"),
        mode,
        None if gender == "any" else gender,
        seed,
        inputs=inputs,
        now=now,
    )
    jobs.start(GENERATE_JOB, work, inputs=inputs)


def main() -> None:
    _restore()
    page_header(
        "🎭 Role-play",
        "Training scenarios: check what the scenario states, get a persona with exactly the details it "
        "needs and a natural system prompt, practise the conversation and score it.",
    )
    examples = _examples()
    choice = st.radio("Scenario", ["Pick an example", "Write my own"], horizontal=True, key="rp_source")
    path: Path | None = None
    text = ""
    if choice == "Pick an example" and examples:
        name = st.selectbox("Example scenario", list(examples), key="rp_example")
        path = examples[name]
    else:
        text = st.text_area(
            "Describe the scenario",
            key="rp_text",
            height=140,
            placeholder="A pharmaceutical sales rep meets a busy cardiologist in Pune who is "
            "sceptical about a new drug…",
        )
    c1, c2, c3 = st.columns(3)
    mode = c1.selectbox("Mode", _MODES, format_func=human, key="rp_mode")
    gender = c2.selectbox("Gender", _GENDERS, key="rp_gender", format_func=str.capitalize)
    seed = c3.number_input("Seed", 0, 2**31 - 1, 1, key="rp_seed", help=_SEED_HELP)
    source = str(path or text.strip())
    if st.button("Read the scenario", icon="🔎", key="rp_read"):
        if path is None and len(text.strip()) < 20:
            st.error(
                "**Please describe the scenario** in a sentence or two (who, where, what is at stake).",
                icon="⚠️",
            )
        else:
            work = draft_job(str(path) if path else None, text.strip())
            jobs.start(DRAFT_JOB, work, inputs=_form())
    planned = DRAFT_STEPS[1:] if path is not None else DRAFT_STEPS
    job = jobs.job_panel(DRAFT_JOB, "Reading the scenario and the facts it states", planned)
    if job is not None:
        _take_draft(job)
    draft = st.session_state.get(_DRAFT)
    if draft and draft["source"] == source:
        facts = _facts_form(draft)
        if facts is not None:
            _generate(draft, facts, mode, gender, int(seed))
        job = jobs.job_panel(GENERATE_JOB, "Generating the persona", GENERATE_STEPS[1:])
        if job is not None and jobs.take(
            job, _state.ROLEPLAY, _generated, lambda res: {"roleplay": res["persona"].id}
        ):
            st.session_state.pop("rp_score", None)  # a new persona: no score yet
    res = st.session_state.get(_state.ROLEPLAY)
    if res:
        st.divider()
        left, right = st.columns([1.1, 1], gap="large")
        with left:
            _persona_view(res["persona"], res["system_prompt"], res["engine"])
        with right:
            _chat(res["persona"], res["system_prompt"])


def _generated(result: dict[str, Any]) -> dict[str, Any] | None:
    """The persona a generation job stored, as the page holds it (``None``: its record is gone)."""
    rp_id = str(result.get("rp_id") or "")
    return st.session_state.get(_state.ROLEPLAY) if rp_id and _show(rp_id) else None


main()
