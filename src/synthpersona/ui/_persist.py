"""Results kept on the server, addressed by the page's URL, restored on refresh.

Goal runs are stored by :class:`~synthpersona.usecases.service.RunService` (``?run=<run_id>``),
uploads by :class:`~synthpersona.usecases.datasets.Datasets` (``?dataset=<id>``, with
``&analysis=<id>`` for a leads analysis), conversations by the store (``?chat=<id>``) and
simulations as a record plus their report folder (``?sim=<id>``). Everything lives in the
data directory's database, the same one the REST API uses.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import streamlit as st

from synthpersona.config import get_settings
from synthpersona.errors import NotFoundError
from synthpersona.store import Store
from synthpersona.usecases.datasets import UI_ANALYSIS_KIND, Datasets
from synthpersona.usecases.service import RunService

__all__ = [
    "LEADS_KIND",
    "ROLEPLAY_KIND",
    "SIM_KIND",
    "datasets",
    "delete_leads",
    "delete_simulation",
    "forget_runs",
    "get_doc",
    "list_docs",
    "now",
    "put_doc",
    "run_service",
    "set_url",
    "simulation_dir",
    "store",
    "url_value",
]

LEADS_KIND = UI_ANALYSIS_KIND  # one per leads analysis made in the UI (charts' data included)
ROLEPLAY_KIND = "ui_roleplay"  # one per role-play persona generated in the UI, with its conversation
SIM_KIND = "ui_simulation"  # one per simulation made in the UI (its report folder is beside)


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return Store(url)


def store() -> Store:
    """The data directory's store (one connection pool per server process and database)."""
    return _store(get_settings().resolved_database_url)


@st.cache_resource(show_spinner=False)
def _run_service(url: str) -> RunService:
    from synthpersona.ui._goal_data import goal_run_dict

    return RunService(_store(url), runner=goal_run_dict)


def run_service() -> RunService:
    """Goal runs: computed once per request, stored, found again by ``run_id`` after a restart."""
    return _run_service(get_settings().resolved_database_url)


def forget_runs() -> None:
    """Drop the runs the service keeps in memory (after a delete, so a deleted run is not served)."""
    _run_service.clear()


def datasets() -> Datasets:
    """Uploaded tables with their records (listed and deleted on the history page)."""
    return Datasets(get_settings(), store())


def simulation_dir(sim_id: str) -> Path:
    """Report folder of one simulation made in the UI."""
    return Path(get_settings().data_dir) / "ui" / "simulations" / sim_id


def now() -> str:
    """Current time as ISO text (records' ``created_at``)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def put_doc(kind: str, doc_id: str, payload: dict[str, Any]) -> None:
    """Store a UI record (JSON-safe: numpy values and NaN become plain JSON)."""
    store().put_document(kind, doc_id, json.loads(json.dumps(payload, default=_plain)))


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    if hasattr(value, "tolist"):
        return value.tolist()
    return str(value)


def get_doc(kind: str, doc_id: str) -> dict[str, Any] | None:
    """A UI record, or ``None`` when it does not exist (deleted, or a mistyped link)."""
    try:
        return store().get_document(kind, doc_id)
    except NotFoundError:
        return None


def list_docs(kind: str) -> list[dict[str, Any]]:
    """Every UI record of ``kind``, newest first."""
    docs = store().list_documents(kind)
    return sorted(docs, key=lambda d: str(d.get("created_at", "")), reverse=True)


def delete_leads(analysis_id: str) -> None:
    """Forget one leads analysis made in the UI (its files go with its dataset)."""
    store().delete_document(LEADS_KIND, analysis_id)


def delete_simulation(sim_id: str) -> None:
    """Delete a simulation's record and its report folder."""
    import shutil

    store().delete_document(SIM_KIND, sim_id)
    shutil.rmtree(simulation_dir(sim_id), ignore_errors=True)


def url_value(name: str) -> str | None:
    """The value of ``?name=…`` in the page's URL, if any."""
    value = st.query_params.get(name)
    return str(value) if value else None


def set_url(**values: str | None) -> None:
    """Put ``values`` in the URL (``None`` removes a parameter), so a refresh comes back here."""
    for name, value in values.items():
        if value is None:
            if name in st.query_params:
                del st.query_params[name]
        elif st.query_params.get(name) != str(value):
            st.query_params[name] = str(value)
