"""Personas page tools: export a persona card (PNG/PDF), edit a persona and verify the edit.

The card is drawn by :func:`synthpersona.usecases.personas.persona_card` (matplotlib, in
``reporting/``) only when its button is clicked. An edit is checked by
:func:`synthpersona.usecases.personas.verify_persona`, the same rules as ``synthpersona verify``:
what the data contradicts is listed with what the data gives instead.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from synthpersona.personas import BARRIER_WORDS, CARE_WORDS
from synthpersona.ui._components import run_step
from synthpersona.usecases.personas import edit_persona, verify_persona
from synthpersona.usecases.personas import persona_card as draw_card

__all__ = ["card_downloads", "edit_and_verify"]

_EDITED = "edited_persona"  # session key: {"run_id", "persona", "mismatches"} of the last verified edit


def _first_name(persona: dict[str, Any]) -> str:
    return str(persona.get("persona_name", persona.get("persona_id"))).split(" —")[0]


def card_downloads(persona: dict[str, Any], run: dict[str, Any], accent: str, key: str) -> None:
    """Two buttons that download the persona's card as PNG and as PDF (drawn on click)."""
    context = f"Goal: {run.get('goal', '')}"
    stem = f"persona-{persona.get('persona_id')}"
    png, pdf = st.columns(2)
    png.download_button(
        "Card PNG",
        data=lambda: draw_card(persona, fmt="png", context=context, accent=accent),
        file_name=f"{stem}.png",
        mime="image/png",
        icon=":material/image:",
        key=f"card_png_{key}",
        width="stretch",
        help="The persona card as a picture, with the statistics behind its claims.",
    )
    pdf.download_button(
        "Card PDF",
        data=lambda: draw_card(persona, fmt="pdf", context=context, accent=accent),
        file_name=f"{stem}.pdf",
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        key=f"card_pdf_{key}",
        width="stretch",
    )


def _form(persona: dict[str, Any], key: str) -> dict[str, Any] | None:
    """The edit form; the fields the user changed, or ``None`` until it is submitted."""
    profile = persona.get("profile") or {}
    cares_now = list(persona.get("care_about_top2") or [])
    barrier_now = str(persona.get("barriers_top1") or "")
    barriers = list(dict.fromkeys([barrier_now, *BARRIER_WORDS]))
    current: dict[str, Any] = {
        "title": str(profile.get("title") or str(persona.get("persona_name", "")).partition(" — ")[2]),
        "care_about_top2": cares_now,
        "barriers_top1": barrier_now,
        "media_preference": str(persona.get("media_preference") or ""),
        "age": int(profile.get("age") or 0),
        "monthly_income_inr": int(profile.get("monthly_income_inr") or 0),
        "city": str(profile.get("city") or ""),
        "occupation": str(profile.get("occupation") or ""),
    }
    with st.form(f"edit_{key}", border=True):
        left, right = st.columns(2)
        values = {
            "title": left.text_input("Title", current["title"]),
            "care_about_top2": left.multiselect(
                "Cares about (one or two)",
                list(dict.fromkeys([*cares_now, *CARE_WORDS])),
                default=cares_now,
                max_selections=2,
            ),
            "barriers_top1": left.selectbox("Main barrier", barriers, index=0),
            "media_preference": left.text_input("Media (main one first)", current["media_preference"]),
            "age": right.number_input("Age", min_value=0, max_value=120, value=current["age"], step=1),
            "monthly_income_inr": right.number_input(
                "Monthly income (₹)", min_value=0, value=current["monthly_income_inr"], step=500
            ),
            "city": right.text_input("City", current["city"]),
            "occupation": right.text_input("Occupation", current["occupation"]),
        }
        submitted = st.form_submit_button("Verify my edits", icon="🔎", type="primary")
    if not submitted:
        return None
    return {k: v for k, v in values.items() if v != current[k]}


def edit_and_verify(run: dict[str, Any], personas: list[dict[str, Any]]) -> None:
    """Pick a persona, change what it says, and see which changes the data contradicts."""
    st.caption(
        "Change what a persona says and check it against the data, with the same rules as "
        "`synthpersona verify`: every number and trait word is derived again from the segment and "
        "the real member the persona is modelled on."
    )
    by_name = {_first_name(p): p for p in personas}
    name = st.selectbox("Persona to edit", list(by_name), key=f"edit_pick_{run.get('run_id')}")
    persona = by_name[name]
    edits = _form(persona, f"{run.get('run_id')}_{persona.get('persona_id')}")
    if edits is not None:
        if not edits:
            st.info("Nothing was changed: edit a field, then verify.", icon="✏️")
        else:
            result = run_step("Checking the edited persona against the data", _check, run, persona, edits)
            if result.ok and result.value is not None:
                st.session_state[_EDITED] = result.value
    done = st.session_state.get(_EDITED)
    if not done or done["run_id"] != run.get("run_id") or done["persona_id"] != persona.get("persona_id"):
        return
    changed = ", ".join(done["changed"])
    if not done["mismatches"]:
        st.success(f"**The data backs the edited persona** (changed: {changed}).", icon="✅")
    else:
        st.error(
            f"**The data contradicts {len(done['mismatches'])} claim(s) of the edited persona** "
            f"(changed: {changed}).",
            icon="🚩",
        )
        st.table(pd.DataFrame(done["mismatches"]), hide_index=True)


def _check(run: dict[str, Any], persona: dict[str, Any], edits: dict[str, Any]) -> dict[str, Any]:
    edited = edit_persona(persona, edits)
    found = verify_persona(run, edited)
    return {
        "run_id": run.get("run_id"),
        "persona_id": persona.get("persona_id"),
        "changed": [k.replace("_top2", "").replace("_top1", "").replace("_", " ") for k in edits],
        "persona": edited,
        "mismatches": [
            {
                "Where": m.where.split(" ", 1)[-1].replace("_", " "),
                "It says": m.claim,
                "The data gives": m.expected,
            }
            for m in found
        ],
    }
