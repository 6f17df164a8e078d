"""History: every goal run, conversation, upload, simulation and role-play kept here, to reopen or delete."""

from __future__ import annotations

import contextlib
from typing import Any

import streamlit as st

from synthpersona.errors import NotFoundError
from synthpersona.ui._chat_data import delete_conversation, list_conversations
from synthpersona.ui._components import page_header
from synthpersona.ui._persist import (
    LEADS_KIND,
    ROLEPLAY_KIND,
    SIM_KIND,
    datasets,
    delete_leads,
    delete_simulation,
    forget_runs,
    list_docs,
    store,
)
from synthpersona.usecases.personas import delete_persona_edit, list_persona_edits
from synthpersona.usecases.service import delete_run_documents
from synthpersona.usecases.tenants import DEFAULT_TENANT  # the UI is the default tenant


def _when(text: Any) -> str:
    return str(text or "")[:16].replace("T", " ")


def _row(title: str, detail: str, page: str, params: dict[str, str], key: str) -> bool:
    """One line of the history: what it is, a link that reopens it, a delete button."""
    with st.container(border=True):
        left, mid, right = st.columns([6, 2, 1.4], vertical_alignment="center")
        left.markdown(f"**{title}**  \n<span class='sp-muted'>{detail}</span>", unsafe_allow_html=True)
        with mid:
            st.page_link(page, label="Open", icon="↗️", query_params=params)
        return right.button("Delete", key=f"del_{key}", icon="🗑️", help="Delete it and its files for good.")


def _runs() -> None:
    st.subheader("🎯 Goal runs")
    runs = store().list_runs(limit=200, tenant=DEFAULT_TENANT)  # never other API tenants' runs
    if not runs:
        st.caption("No goal run yet.")
    for run in runs:
        detail = (
            f"{_when(run.get('created_at'))} · audience {int(run.get('subset_n') or 0):,} · "
            f"{run.get('k')} segments · {run.get('personas_count')} personas"
        )
        if _row(str(run.get("goal")), detail, "views/goal.py", {"run": run["run_id"]}, run["run_id"]):
            with contextlib.suppress(NotFoundError):
                store().delete_run(run["run_id"], tenant=DEFAULT_TENANT)
            delete_run_documents(store(), run["run_id"])  # members, persona values, personas as built
            forget_runs()
            st.rerun()


def _conversations() -> None:
    st.subheader("💬 Conversations with personas")
    convs = list_conversations()
    if not convs:
        st.caption("No conversation yet.")
    for conv in convs:
        cid = str(conv["conversation_id"])
        name = str(conv.get("persona_name") or conv.get("persona_id"))
        detail = f"{_when(conv.get('updated_at'))} · {int(conv.get('n_messages') or 0)} messages"
        params = {"chat": cid} | ({"run": str(conv["run_id"])} if conv.get("run_id") else {})
        if _row(f"Chat with {name}", detail, "views/personas.py", params, cid):
            with contextlib.suppress(NotFoundError):
                delete_conversation(cid)
            st.rerun()


def _edits() -> None:
    st.subheader("✏️ Edited personas")
    edits = list_persona_edits(store())
    if not edits:
        st.caption("No saved persona version yet (Personas → Edit & verify → Save this version).")
    for rec in edits:
        persona = rec.get("persona") or {}
        mark = (
            "backed by the data"
            if rec.get("verified")
            else f"{len(rec.get('mismatches') or [])} claim(s) contradicted"
        )
        detail = f"{_when(rec.get('created_at'))} · version {rec.get('version')} · {mark}"
        params = {"run": str(rec["run_id"]), "edit": str(rec["edit_id"])}
        title = str(persona.get("persona_name") or rec.get("persona_id"))
        if _row(title, detail, "views/personas.py", params, str(rec["edit_id"])):
            with contextlib.suppress(NotFoundError):
                delete_persona_edit(store(), str(rec["edit_id"]))
            st.rerun()


def _uploads() -> None:
    st.subheader("📊 Uploaded tables and their analyses")
    docs = datasets().list_all()
    analyses: dict[str, list[dict[str, Any]]] = {}
    for rec in list_docs(LEADS_KIND):
        analyses.setdefault(str(rec.get("dataset_id")), []).append(rec)
    if not docs:
        st.caption("No upload yet.")
    for doc in sorted(docs, key=lambda d: str(d.get("created_at", "")), reverse=True):
        did = str(doc["dataset_id"])
        preview = doc.get("preview") or {}
        detail = f"{_when(doc.get('created_at'))} · {int(preview.get('n_rows') or 0):,} rows"
        if _row(str(doc.get("filename")), detail, "views/leads.py", {"dataset": did}, did):
            for rec in analyses.get(did, []):
                delete_leads(str(rec["analysis_id"]))
            datasets().delete(did)
            st.rerun()
        for rec in analyses.get(did, []):
            summary = rec.get("summary") or {}
            aid = str(rec["analysis_id"])
            st.page_link(
                "views/leads.py",
                label=f"{_when(rec.get('created_at'))} · k = {summary.get('k')} · analysis {aid[:8]}",
                icon=":material/subdirectory_arrow_right:",
                query_params={"dataset": did, "analysis": aid},
            )


def _simulations() -> None:
    st.subheader("🧪 Simulations")
    sims = list_docs(SIM_KIND)
    if not sims:
        st.caption("No simulation yet.")
    for sim in sims:
        stats = sim.get("stats") or {}
        lift = stats.get("abs_lift")
        detail = f"{_when(sim.get('created_at'))} · {sim.get('source')}" + (
            f" · lift {100 * float(lift):+.1f} pp" if lift is not None else ""
        )
        title = str(sim.get("description") or "Simulation")
        if _row(title, detail, "views/simulation.py", {"sim": sim["sim_id"]}, sim["sim_id"]):
            delete_simulation(sim["sim_id"])
            st.rerun()


def _roleplays() -> None:
    st.subheader("🎭 Role-play personas and their practice conversations")
    docs = list_docs(ROLEPLAY_KIND)
    if not docs:
        st.caption("No role-play yet.")
    for doc in docs:
        turns = len(doc.get("history") or [])
        detail = f"{_when(doc.get('created_at'))} · {turns} practice turns"
        rp_id = str(doc.get("rp_id"))
        if _row(
            str(doc.get("title") or "Role-play persona"),
            detail,
            "views/roleplay.py",
            {"roleplay": rp_id},
            rp_id,
        ):
            store().delete_document(ROLEPLAY_KIND, rp_id)
            st.rerun()


def main() -> None:
    page_header(
        "🗂️ History",
        "Everything kept on this server: reopen a result exactly as it was, or delete it and its files.",
    )
    _runs()
    _conversations()
    _edits()
    _uploads()
    _simulations()
    _roleplays()


main()
