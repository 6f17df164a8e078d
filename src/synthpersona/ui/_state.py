"""Names of the values kept in Streamlit's session state (one place, one name each)."""

from __future__ import annotations

from typing import Any

import streamlit as st

__all__ = [
    "CHAT_ID",
    "FOCUS",
    "GOAL_RUN",
    "LEADS",
    "LEADS_PREVIEW",
    "ROLEPLAY",
    "SELECTED_CLUSTER",
    "SELECTED_PERSONA",
    "SIMULATION",
    "chat_history",
]

GOAL_RUN = "goal_run"  # run dict as stored (RunService) plus "seconds"
SELECTED_CLUSTER = "selected_cluster_id"
SELECTED_PERSONA = "selected_persona_id"
CHAT_ID = "conversation_id"  # the stored conversation of the open chat
FOCUS = "focus_group"
LEADS = "leads_result"
LEADS_PREVIEW = "leads_preview"
SIMULATION = "simulation_result"
ROLEPLAY = "roleplay_result"
_CHATS = "chats"


def chat_history(key: str) -> list[dict[str, Any]]:
    """The conversation kept for this session under ``key`` (a persona id), created empty."""
    chats: dict[str, list[dict[str, Any]]] = st.session_state.setdefault(_CHATS, {})
    return chats.setdefault(key, [])
