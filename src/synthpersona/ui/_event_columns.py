"""Column mapping for an uploaded event log: which column is the user, the event, the time.

The columns are detected by the library (:func:`synthpersona.usecases.behaviour.event_log_columns`,
over :func:`synthpersona.simulation.etl.detect_event_columns`); when one is not found the
user picks it from the file's own header, with a preview of the first rows. The mapping
goes to the use cases as ``columns=``, as the CLI's and API's ``columns`` do.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from synthpersona.errors import SynthPersonaError
from synthpersona.simulation.etl import EVENT_LOG_COLUMNS, REQUIRED_COLUMNS
from synthpersona.ui._components import show_error

__all__ = ["column_mapping"]

_LABELS = {
    "user_id": "User column",
    "event": "Event column",
    "timestamp": "Timestamp column",
    "session_id": "Session column (optional)",
}
_NONE = "(none)"


@st.cache_data(show_spinner=False, max_entries=8)
def _header(path: str) -> dict[str, Any]:
    from synthpersona.usecases.behaviour import event_log_columns

    return event_log_columns(path)


def column_mapping(path: str) -> dict[str, str] | None:
    """The log's ``columns=`` mapping, detected or picked; ``None`` while a required column is missing."""
    try:
        info = _header(path)
    except SynthPersonaError as exc:
        show_error(exc)
        return None
    detected: dict[str, str | None] = info["detected"]
    missing = [_LABELS[r].removesuffix(" column").lower() for r in REQUIRED_COLUMNS if not detected[r]]
    title = "Columns of your log" + (": pick the ones not found" if missing else " (found automatically)")
    picked: dict[str, str] = {}
    with st.expander(title, expanded=bool(missing), icon="🧭"):
        if missing:
            st.warning(
                f"synthpersona could not tell which column holds the {' and the '.join(missing)}. "
                "Pick them below; the first rows of the file are shown to help.",
                icon="🧭",
            )
        st.dataframe(info["preview"], hide_index=True, width="stretch")
        options = list(info["columns"])
        cols = st.columns(len(EVENT_LOG_COLUMNS))
        for col, role in zip(cols, EVENT_LOG_COLUMNS, strict=True):
            found = detected[role]
            choices = [_NONE, *options, *([found] if found and found not in options else [])]
            value = col.selectbox(
                _LABELS[role],
                choices,
                index=choices.index(found) if found else 0,
                key=f"sim_col_{role}_{path}",
                help=EVENT_LOG_COLUMNS[role][:1].upper() + EVENT_LOG_COLUMNS[role][1:] + ".",
            )
            if value != _NONE:
                picked[role] = value
    lacking = [_LABELS[r] for r in REQUIRED_COLUMNS if r not in picked]
    if lacking:
        st.info(f"Choose the {', '.join(lacking).lower()} to read the log.", icon="👆")
        return None
    chosen = list(picked.values())
    if len(set(chosen)) < len(chosen):
        st.error("**Each column can play one part only.** Two parts use the same column.", icon="⚠️")
        return None
    return picked
