"""Role-play (seed 004): pick or write a scenario, generate a persona, read its system prompt, practise."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import streamlit as st

import synthpersona
from synthpersona.ui import _state
from synthpersona.ui._components import kv_table, page_header, run_step, show_error

_MODES = {
    "assess_mode": "Assess (realistic test)",
    "learn_mode": "Learn (guided, forgiving)",
    "try_mode": "Try (practice)",
}


def _examples() -> dict[str, Path]:
    from synthpersona.examples import scenario_templates

    return {name.replace("_", " ").capitalize(): f for name, f in scenario_templates().items()}


def _generate(
    template_path: Path | None, text: str, mode: str, gender: str | None, seed: int
) -> dict[str, Any]:
    from synthpersona.usecases import scenarios

    facts = None
    if template_path is not None:
        template = scenarios.load_template_file(template_path)
    else:
        understood = asyncio.run(scenarios.understand_text(text))
        template, facts = understood.template, understood.facts
    result = scenarios.generate_prompt(template, mode=mode, gender=gender, random_state=seed, facts=facts)
    return {
        "persona": result.persona,
        "system_prompt": result.system_prompt,
        "engine": result.prompt_engine,
        "template": template,
        "facts": facts,
    }


def _facts_view(facts: Any) -> None:
    """What the drafted scenario states: a wrong counterpart shows here before anyone practises."""
    shown = {
        k: (", ".join(map(str, v)) if isinstance(v, list) else v)
        for k, v in facts.model_dump(mode="json").items()
        if v not in (None, [], "") and k != "about"
    }
    with st.expander("What the scenario states (the persona must agree)", expanded=True):
        st.caption(
            f"The persona plays **{facts.counterpart}**; the trainee is **{facts.learner or 'not stated'}**. "
            "If a fact is wrong, rewrite the sentence in the scenario and generate again."
        )
        st.markdown(kv_table(shown))


def _persona_view(persona: Any, prompt: str, engine: str) -> None:
    st.subheader(f"{persona.name}, {persona.age} — {persona.role}")
    st.caption(
        f"{persona.location.model_dump().get('city', '')} · archetype {persona.archetype} "
        f"({persona.archetype_confidence:.0%}) · mode {persona.mode} · prompt engine: {engine}"
    )
    st.markdown(persona.description)
    cats = persona.detail_categories_included or list(persona.detail_categories)
    st.markdown("**Detail categories:** " + " ".join(f":violet-badge[{c}]" for c in cats))
    why = (persona.generation_metadata or {}).get("category_reasons") or {}
    for cat in cats:
        with st.expander(cat.replace("_", " ").capitalize()):
            if why.get(cat):
                st.caption(f"Why: {why[cat]}")
            st.markdown(kv_table(persona.detail_categories.get(cat, {})))
    with st.expander("System prompt", expanded=False):
        st.code(prompt, language="markdown", wrap_lines=True)


def _chat(persona: Any, prompt: str) -> None:
    history = _state.chat_history(f"roleplay:{persona.id}")
    st.subheader(f"Practise the conversation with {persona.name.split(' ')[0]}")
    box = st.container(height=420, border=True)
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
        st.rerun()


def main() -> None:
    page_header(
        "🎭 Role-play",
        "Training scenarios: a persona with exactly the details the scenario needs, "
        "a natural system prompt, and a conversation in the chosen mode.",
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
    mode = c1.selectbox("Mode", list(_MODES), format_func=lambda m: _MODES[m], key="rp_mode")
    gender = c2.selectbox("Gender", ["any", "female", "male"], key="rp_gender")
    seed = c3.number_input("Seed", 0, 2**31 - 1, 1, key="rp_seed")
    if st.button("Generate persona", type="primary", icon="✨", key="rp_go"):
        if path is None and len(text.strip()) < 20:
            st.error(
                "**Please describe the scenario** in a sentence or two (who, where, what is at stake).",
                icon="⚠️",
            )
        else:
            result = run_step(
                "Choosing categories, generating details and writing the prompt",
                _generate,
                path,
                text.strip(),
                mode,
                None if gender == "any" else gender,
                int(seed),
            )
            if result.ok:
                st.session_state[_state.ROLEPLAY] = result.value
            else:
                st.session_state.pop(_state.ROLEPLAY, None)
    res = st.session_state.get(_state.ROLEPLAY)
    if res:
        st.divider()
        left, right = st.columns([1.1, 1], gap="large")
        with left:
            if res.get("facts") is not None:
                _facts_view(res["facts"])
            _persona_view(res["persona"], res["system_prompt"], res["engine"])
        with right:
            _chat(res["persona"], res["system_prompt"])


main()
