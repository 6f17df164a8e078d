"""Role-play (seed 004): pick or write a scenario, generate a persona, read its system prompt, practise."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import synthpersona
from synthpersona.errors import InputError
from synthpersona.ui import _jobs as jobs
from synthpersona.ui import _state
from synthpersona.ui._charts import PALETTE, show_chart, styled
from synthpersona.ui._components import page_header, run_step, show_error
from synthpersona.ui._format import BLANK, friendly, human, pct
from synthpersona.ui._persist import ROLEPLAY_KIND, get_doc, now, put_doc, set_url, store, url_value
from synthpersona.ui._roleplay_data import (
    DRAFT_STEPS,
    LIST_SEPARATOR,
    draft_from_result,
    draft_job,
    fact_fields,
    facts_from_form,
    form_values,
)

_MODES = ("assess_mode", "learn_mode", "try_mode")
_DRAFT = "roleplay_draft"  # the scenario read, with its facts, before generation
DRAFT_JOB = "ui_roleplay_draft"  # the kind of the page's jobs: reading a scenario
_INPUTS = ("rp_source", "rp_example", "rp_text", "rp_mode", "rp_gender", "rp_seed")  # the form's widgets


def _examples() -> dict[str, Path]:
    from synthpersona.examples import scenario_templates

    return {name.replace("_", " ").capitalize(): f for name, f in scenario_templates().items()}


def _generate(template: Any, facts: Any, mode: str, gender: str | None, seed: int) -> dict[str, Any]:
    from synthpersona.usecases import scenarios

    if facts != scenarios.extract_template_facts(template):  # corrected by the trainer
        template = scenarios.apply_facts(template, facts)
    result = scenarios.generate_prompt(template, mode=mode, gender=gender, random_state=seed, facts=facts)
    return {
        "persona": result.persona,
        "system_prompt": result.system_prompt,
        "engine": result.prompt_engine,
        "template": template,
        "facts": facts,
    }


def _facts_form(draft: dict[str, Any]) -> Any | None:
    """The facts the scenario states, editable; returns the corrected facts on submit."""
    facts = draft["facts"]
    values = form_values(facts)
    st.subheader("Check what the scenario states")
    st.caption(
        f"The persona will play **{facts.counterpart or 'not stated'}**; the trainee is "
        f"**{facts.learner or 'not stated'}**. Correct anything that was read wrongly, then generate. "
        f"Leave a field empty when the scenario does not say; separate list items with “{LIST_SEPARATOR}”."
    )
    if facts.about:
        st.markdown(f"<div class='sp-muted'>“{facts.about}”</div>", unsafe_allow_html=True)
    edited: dict[str, str] = {}
    key = abs(hash(draft["source"])) % 10**8
    with st.form(f"facts_{key}"):
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
                )
            else:
                edited[field.name] = col.text_input(
                    field.label, values[field.name], key=wid, help=field.help or None
                )
        submitted = st.form_submit_button("Generate persona", type="primary", icon="✨")
    if not submitted:
        return None
    try:
        return facts_from_form(edited, about=facts.about)
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
    """Score the conversation against the archetype's rubric; with a trainee id, keep it and show progress."""
    from synthpersona.usecases import scenarios

    st.subheader("Score the trainee")
    with st.form("rp_score_form", border=False):
        trainee = st.text_input(
            "Trainee (optional: keeps the score and shows progress)",
            key="rp_trainee",
            placeholder="e.g. asha.k",
        )
        submitted = st.form_submit_button("Score this conversation", icon="📝", disabled=len(history) < 2)
    if submitted:
        conversation = [{"role": t["role"], "message": t["message"]} for t in history]
        result = run_step(
            "Scoring against the rubric",
            scenarios.score_roleplay,
            conversation,
            persona=persona,
            trainee_id=trainee.strip() or None,
            store=store() if trainee.strip() else None,
        )
        if result.ok:
            st.session_state["rp_score"] = result.value
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
            progress = scenarios.trainee_progress(score["trainee_id"], store())
            sessions = progress.get("sessions") or []
            st.markdown(f"**Progress of {score['trainee_id']}** ({len(sessions)} scored sessions)")
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
                title=f"Progress of {score['trainee_id']}",
                xaxis={"title": "scored session", "dtick": 1},
                yaxis={"title": "overall score", "range": [0, 100]},
            )
            show_chart(styled(fig, height=280, legend=False), "rp_progress", "trainee progress")


def _chat(persona: Any, prompt: str) -> None:
    history = _state.chat_history(f"roleplay:{persona.id}")
    st.subheader(f"Practise the conversation with {persona.name.split(' ')[0]}")
    box = st.container(border=True)  # no fixed height: a scrolling box is not reachable by keyboard
    with box:
        if not history:
            st.caption("Open the conversation as the trainee would; the persona stays in character.")
        for turn in history:
            role = "user" if turn["role"] == "user" else "assistant"
            with st.chat_message(role, avatar="🧑‍💼" if role == "user" else "🎭"):
                st.markdown(turn["message"])
                if turn.get("engine"):
                    st.caption(turn["engine"])
    message = st.chat_input("Say something…", key="roleplay_input")
    if message and message.strip():
        from synthpersona.usecases import scenarios

        try:
            reply = scenarios.roleplay_reply(
                persona,
                prompt,
                message.strip(),
                history=[{"role": t["role"], "message": t["message"]} for t in history],
            )
        except Exception as exc:
            if isinstance(exc, synthpersona.errors.SynthPersonaError):
                show_error(exc)
            else:
                st.error(f"**The persona could not answer.** {type(exc).__name__}: {exc}", icon="🛑")
            return
        history.append({"role": "user", "message": message.strip()})
        history.append({"role": "persona", "message": reply.response, "engine": reply.engine})
        _save(persona, prompt, history)
        st.rerun()
    _score(persona, history)


def _save(persona: Any, prompt: str, history: list[dict[str, Any]], engine: str | None = None) -> None:
    """Keep the persona and its conversation in the store; the page's URL names it (``?roleplay=``).

    The form that made it is kept with it, so a refresh or a link shows that form again."""
    old = get_doc(ROLEPLAY_KIND, persona.id) or {}
    inputs = old.get("inputs") or {k: st.session_state.get(k) for k in _INPUTS if k in st.session_state}
    put_doc(
        ROLEPLAY_KIND,
        persona.id,
        {
            "rp_id": persona.id,
            "title": f"{persona.name}, {persona.role}",
            "created_at": old.get("created_at") or now(),
            "persona": persona.model_dump(mode="json"),
            "system_prompt": prompt,
            "engine": engine or old.get("engine", ""),
            "history": list(history),
            "inputs": inputs,
        },
    )
    set_url(roleplay=persona.id)


def _restore() -> None:
    """A refresh (or a shared link) brings back the persona and its conversation, and the form."""
    from synthpersona.scenarios import PersonaInstance

    rp_id = url_value("roleplay")
    doc = get_doc(ROLEPLAY_KIND, rp_id) if rp_id else None
    jobs.restore_inputs(DRAFT_JOB, (doc or {}).get("inputs"))
    res = st.session_state.get(_state.ROLEPLAY)
    if not rp_id or (res and res["persona"].id == rp_id):
        return
    if doc is None:
        st.warning(f"The role-play `{rp_id}` in this link no longer exists.")
        set_url(roleplay=None)
        return
    persona = PersonaInstance.model_validate(doc["persona"])
    st.session_state[_state.ROLEPLAY] = {
        "persona": persona,
        "system_prompt": doc["system_prompt"],
        "engine": doc.get("engine", ""),
    }
    history = _state.chat_history(f"roleplay:{persona.id}")
    history[:] = list(doc.get("history") or [])


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
    gender = c2.selectbox("Gender", ["any", "female", "male"], key="rp_gender", format_func=str.capitalize)
    seed = c3.number_input("Seed", 0, 2**31 - 1, 1, key="rp_seed")
    source = str(path or text.strip())
    if st.button("Read the scenario", icon="🔎", key="rp_read"):
        if path is None and len(text.strip()) < 20:
            st.error(
                "**Please describe the scenario** in a sentence or two (who, where, what is at stake).",
                icon="⚠️",
            )
        else:
            inputs = {k: st.session_state.get(k) for k in _INPUTS if k in st.session_state}
            work = draft_job(str(path) if path else None, text.strip())
            jobs.start(DRAFT_JOB, work, inputs=inputs)
    planned = DRAFT_STEPS[1:] if path is not None else DRAFT_STEPS
    job = jobs.job_panel(DRAFT_JOB, "Reading the scenario and the facts it states", planned)
    if job is not None:
        jobs.take(job, _DRAFT, draft_from_result, lambda _draft: {})
    draft = st.session_state.get(_DRAFT)
    if draft and draft["source"] == source:
        facts = _facts_form(draft)
        if facts is not None:
            result = run_step(
                "Choosing categories, generating details and writing the prompt",
                _generate,
                draft["template"],
                facts,
                mode,
                None if gender == "any" else gender,
                int(seed),
            )
            if result.ok and result.value is not None:
                st.session_state[_state.ROLEPLAY] = result.value
                value = result.value
                _save(value["persona"], value["system_prompt"], [], value["engine"])
            elif st.session_state.get(_state.ROLEPLAY):
                st.info("The previous persona is still shown below.", icon="↩️")
    res = st.session_state.get(_state.ROLEPLAY)
    if res:
        st.divider()
        left, right = st.columns([1.1, 1], gap="large")
        with left:
            _persona_view(res["persona"], res["system_prompt"], res["engine"])
        with right:
            _chat(res["persona"], res["system_prompt"])


main()
