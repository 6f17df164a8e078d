"""Personas page tools: export a persona card (PNG/PDF), edit a persona, verify and save the edit.

The card is drawn by :func:`synthpersona.usecases.personas.persona_card` (matplotlib, in
``reporting/``) only when its button is clicked. An edit is checked by
:func:`synthpersona.usecases.personas.verify_persona`, the same rules as ``synthpersona verify``:
what the data contradicts is listed with what the data gives instead. A checked edit can be
saved as the persona's next version with verify's result
(:func:`synthpersona.usecases.personas.save_persona_edit`); a saved version has a URL
(``?edit=<edit_id>``), is listed on History and reopens with :func:`saved_version`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from synthpersona.errors import NotFoundError
from synthpersona.personas import BARRIER_WORDS, CARE_WORDS
from synthpersona.ui._components import badges, run_step
from synthpersona.ui._persist import set_url, store, url_value
from synthpersona.usecases.personas import (
    edit_persona,
    edit_protected_persona,
    get_persona_edit,
    list_persona_edits,
    save_persona_edit,
    verify_persona,
)
from synthpersona.usecases.personas import persona_card as draw_card
from synthpersona.usecases.service import built_personas

__all__ = ["card_downloads", "edit_and_verify", "opened_version", "saved_version"]

_EDITED = "edited_persona"  # session key: {"run_id", "persona", "mismatches"} of the last verified edit


def _first_name(persona: dict[str, Any]) -> str:
    return str(persona.get("persona_name", persona.get("persona_id"))).split(" —")[0]


def card_downloads(persona: dict[str, Any], run: dict[str, Any], accent: str, key: str) -> None:
    """Two buttons that download the persona's card as PNG and as PDF (drawn on click).

    A click does not rerun the page (like every download button of the UI): each rerun registers
    the buttons' deferred files anew, and a PDF click during the rerun the PNG click started
    downloaded nothing once (the fresh-clone CI's browser journey, 2026-12-04).
    """
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
        on_click="ignore",
    )
    pdf.download_button(
        "Card PDF",
        data=lambda: draw_card(persona, fmt="pdf", context=context, accent=accent),
        file_name=f"{stem}.pdf",
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        key=f"card_pdf_{key}",
        width="stretch",
        on_click="ignore",
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
        # a privacy-protected persona states bands ("25-34", "₹25-50K"): no number to start from
        "age": _whole(profile.get("age")),
        "monthly_income_inr": _whole(profile.get("monthly_income_inr")),
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


def edit_and_verify(
    run: dict[str, Any], personas: list[dict[str, Any]], opened: dict[str, Any] | None = None
) -> None:
    """Pick a persona, change what it says, and see which changes the data contradicts.

    With ``opened`` (a saved version of one of ``personas``), that persona's form starts from it.
    """
    st.caption(
        "Change what a persona says and check it against the data, with the same rules as "
        "`synthpersona verify`: every number and trait word is derived again from the segment and "
        "the real member the persona is modelled on."
    )
    by_name = {_first_name(p): p for p in personas}
    name = st.selectbox("Persona to edit", list(by_name), key=f"edit_pick_{run.get('run_id')}")
    persona = by_name[name]
    if opened and opened.get("persona_id") == persona.get("persona_id"):
        persona = opened["persona"]
        st.caption(f"Starting from saved version {opened['version']}.")
    edits = _form(persona, f"{run.get('run_id')}_{persona.get('persona_id')}")
    if edits is not None:
        if not edits:
            st.info("Nothing was changed: edit a field, then verify.", icon="✏️")
        else:
            result = run_step("Checking the edited persona against the data", _check, run, persona, edits)
            if result.ok and result.value is not None:
                st.session_state[_EDITED] = result.value
    done = st.session_state.get(_EDITED)
    if done and done["run_id"] == run.get("run_id") and done["persona_id"] == persona.get("persona_id"):
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
        if done.get("saved"):
            st.success(f"Saved as **version {done['saved']['version']}**: it is on History.", icon="💾")
        elif st.button(
            "Save this version",
            icon="💾",
            key=f"save_edit_{run.get('run_id')}_{persona.get('persona_id')}",
            help="Keep the edited persona with the result of the check; History lists every version.",
        ):
            done["saved"] = save_persona_edit(
                store(), run, done["persona"], done["found"], built=done.get("built")
            )
            set_url(edit=done["saved"]["edit_id"])
            st.rerun()
    _versions(run, persona)


def _versions(run: dict[str, Any], persona: dict[str, Any]) -> None:
    """The saved versions of ``persona``, newest first, each reopening by its link."""
    saved = list_persona_edits(
        store(), run_id=str(run.get("run_id")), persona_id=str(persona.get("persona_id"))
    )
    if not saved:
        return
    st.markdown(f"**Saved versions of {_first_name(persona)}**")
    for rec in saved:
        mark = (
            "backed by the data"
            if rec.get("verified")
            else f"{len(rec.get('mismatches') or [])} contradicted"
        )
        st.page_link(
            "views/personas.py",
            label=f"Version {rec['version']} · {str(rec.get('created_at'))[:16].replace('T', ' ')} · "
            f"changed {', '.join(_plain(k) for k in rec.get('changed') or {}) or 'nothing'} · {mark}",
            icon=":material/history:",
            query_params={"run": str(rec["run_id"]), "edit": str(rec["edit_id"])},
        )


def _plain(field: str) -> str:
    return field.replace("_top2", "").replace("_top1", "").replace("_inr", "").replace("_", " ")


def opened_version() -> dict[str, Any] | None:
    """The saved persona version named in the URL (``?edit=…``), or ``None``."""
    edit_id = url_value("edit")
    if not edit_id:
        return None
    try:
        return get_persona_edit(store(), edit_id)
    except NotFoundError:
        st.warning(f"The saved persona version `{edit_id}` in this link no longer exists (deleted?).")
        set_url(edit=None)
        return None


def saved_version(rec: dict[str, Any], run: dict[str, Any], accent: str) -> None:
    """A reopened saved version: what was changed, what the data said, the persona as saved, its card."""
    persona = rec["persona"]
    with st.container(border=True):
        head, close = st.columns([5, 1], vertical_alignment="center")
        head.markdown(f"#### ✏️ {persona.get('persona_name')} · saved version {rec['version']}")
        if close.button("Close", key="close_edit", help="Back to the personas as generated."):
            set_url(edit=None)
            st.rerun()
        st.caption(
            f"Saved {str(rec.get('created_at'))[:16].replace('T', ' ')} · {persona.get('demographics', '')}"
        )
        changes = pd.DataFrame(
            [
                {
                    "Field": _plain(k).capitalize(),
                    "Generated": _text(v.get("from")),
                    "Saved": _text(v.get("to")),
                }
                for k, v in (rec.get("changed") or {}).items()
            ]
        )
        if not changes.empty:
            st.table(changes, hide_index=True)
        if rec.get("verified"):
            st.success("**The data backs this version** (checked when it was saved).", icon="✅")
        else:
            st.error(
                f"**The data contradicts {len(rec['mismatches'])} claim(s) of this version.**", icon="🚩"
            )
            st.table(
                pd.DataFrame(
                    [
                        {
                            "Where": m["where"].split(" ", 1)[-1].replace("_", " "),
                            "It says": m["claim"],
                            "The data gives": m["expected"],
                        }
                        for m in rec["mismatches"]
                    ]
                ),
                hide_index=True,
            )
        cares = persona.get("care_about_top2") or []
        if cares:
            st.markdown("**Cares about** " + badges(cares, "green"))
        if persona.get("barriers_top1"):
            st.markdown("**Main barrier** " + badges([persona["barriers_top1"]], "orange"))
        card_downloads(persona, run, accent, f"edit_{rec['edit_id']}")


def _whole(value: Any) -> int:
    """``value`` as a whole number, 0 when it is none (missing, or a protected persona's band).

    Examples
    --------
    >>> _whole(26), _whole("26"), _whole("25-34"), _whole(None)
    (26, 26, 0, 0)
    """
    text = str(value if value is not None else "").strip()
    return int(float(text)) if text.replace(".", "", 1).isdigit() else 0


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return "—" if value is None else str(value)


def _check(run: dict[str, Any], persona: dict[str, Any], edits: dict[str, Any]) -> dict[str, Any]:
    built = built_personas(store(), str(run.get("run_id"))) if run.get("privacy") else None
    if built is not None:  # a privacy-checked run: edited as built, then protected again (docs/trust.md)
        checked = edit_protected_persona(run, str(persona.get("persona_id")), edits, built=built)
        edited, found, as_built = checked.persona, checked.mismatches, checked.built
    else:
        edited, as_built = edit_persona(persona, edits), None
        found = verify_persona(run, edited)
    return {
        "built": as_built,
        "run_id": run.get("run_id"),
        "persona_id": persona.get("persona_id"),
        "found": found,
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
