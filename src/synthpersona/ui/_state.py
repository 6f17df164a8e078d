"""Names of the values kept in Streamlit's session state (one place, one name each)."""

from __future__ import annotations

from typing import Any

import streamlit as st

__all__ = [
    "GOAL_RUN",
    "LEADS",
    "ROLEPLAY",
    "SELECTED_CLUSTER",
    "SELECTED_PERSONA",
    "SIMULATION",
    "chat_history",
]

GOAL_RUN = "goal_run"  # dict from GoalRun.to_dict() plus "seconds"
SELECTED_CLUSTER = "selected_cluster_id"
SELECTED_PERSONA = "selected_persona_id"
LEADS = "leads_result"
SIMULATION = "simulation_result"
ROLEPLAY = "roleplay_result"
_CHATS = "chats"


def chat_history(key: str) -> list[dict[str, Any]]:
    """The conversation kept for this session under ``key`` (a persona id), created empty."""
    chats: dict[str, list[dict[str, Any]]] = st.session_state.setdefault(_CHATS, {})
    return chats.setdefault(key, [])
