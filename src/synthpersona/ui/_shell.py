"""Page set-up shared by every page: config, styling that works from phone to desktop, sidebar."""

from __future__ import annotations

from typing import Any

import streamlit as st

from synthpersona import __version__
from synthpersona.config import Settings, get_settings

__all__ = ["engine_label", "render_navigation", "render_sidebar", "setup_page"]

# Small, targeted CSS: cards breathe, long labels wrap, chat bubbles are readable on a phone.
_CSS = """
<style>
.block-container {padding-top: 2.2rem; padding-bottom: 3rem; max-width: 1400px;}
[data-testid="stMetricValue"] {font-size: 1.55rem;}
[data-testid="stMetricLabel"] p {white-space: normal;}
.sp-icon {font-size: 1.6rem; line-height: 1.2;}
.sp-swatch {display: inline-block; width: 0.9rem; height: 0.9rem; border-radius: 0.2rem;
             margin-right: 0.45rem;
             vertical-align: 0.15rem;}
.sp-muted {color: #5b6175; font-size: 0.92rem;}
/* captions and help text at >= 4.5:1 contrast on white (Streamlit's default grey is 4.2:1) */
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {
  color: #4b5060 !important; opacity: 1 !important;}
.sp-nav-head {font-size: 0.8rem; font-weight: 600; color: #4b5060; margin: 0.6rem 0 0 0.2rem;}
/* the sidebar fits a 800-px-high window (a scrolling sidebar is a keyboard trap for axe-core) */
[data-testid="stSidebarUserContent"] {padding-bottom: 1rem;}
.sp-tier {display: inline-block; padding: 0.1rem 0.55rem; border-radius: 0.6rem; color: #fff;
          font-weight: 600; font-size: 0.8rem; letter-spacing: 0.02em;}
@media (max-width: 640px) {
  .block-container {padding-left: 0.8rem; padding-right: 0.8rem; padding-top: 1.2rem;}
  h1 {font-size: 1.6rem !important;}
  [data-testid="stMetricValue"] {font-size: 1.2rem;}
  /* static tables fit the screen, their words wrap: a table scrolling sideways is a region a
     keyboard cannot reach (axe-core: scrollable-region-focusable) */
  [data-testid="stTable"] table {table-layout: fixed; width: 100%;}
  [data-testid="stTable"] th, [data-testid="stTable"] td {white-space: normal; overflow-wrap: anywhere;}
}
</style>
"""


def setup_page() -> None:
    """Configure the browser tab and inject the shared styling (call first, once per run)."""
    st.set_page_config(
        page_title="synthpersona",
        page_icon="🧭",
        layout="wide",
        initial_sidebar_state="auto",
        menu_items={"About": f"synthpersona {__version__}: data-grounded segments and personas, offline."},
    )
    st.html(_CSS)


def engine_label(settings: Settings | None = None) -> str:
    """Human-readable name of the conversational engine in use."""
    settings = settings or get_settings()
    if settings.llm_configured:
        return f"LLM · {settings.llm_model}"
    return "Offline engine"


def render_navigation(pages: dict[str, list[Any]]) -> None:
    """The sidebar menu: a heading per group and a link per page (keyboard and screen-reader friendly)."""
    with st.sidebar:
        for group, items in pages.items():
            st.markdown(
                f"<div class='sp-nav-head' role='heading' aria-level='2'>{group}</div>",
                unsafe_allow_html=True,
            )
            for item in items:
                st.page_link(item, width="stretch")


def short_path(path: object, keep: int = 32) -> str:
    """``path`` with its middle elided to at most ``keep`` characters, so the sidebar keeps its height.

    >>> short_path("/tmp/pytest-of-root/pytest-12/test_every_workflow0/ui_home0", keep=24)
    '/tmp/…workflow0/ui_home0'
    """
    text = str(path)
    if len(text) <= keep:
        return text
    head = text[: text.find("/", 1) + 1] if text.find("/", 1) > 0 else ""
    tail = text[-(keep - len(head) - 1) :]
    return f"{head}…{tail}"


def render_sidebar() -> None:
    """Sidebar footer: which engine answers chats, where data lives, the version."""
    settings = get_settings()
    with st.sidebar:
        engine = engine_label(settings)
        if settings.llm_configured:
            st.caption(f"🤖 Chat engine: **{engine}** (falls back to offline on failure)")
        else:
            st.caption(f"🔒 Chat engine: **{engine}** — nothing leaves this machine")
        where = settings.data_dir
        st.caption(f"📁 Data: `{short_path(where)}`", help=f"Everything is kept in {where}")
        st.caption(f"synthpersona {__version__}")
