"""Persona history: versions of a table's personas over time (stable persona ids, share per version)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from synthpersona.errors import SynthPersonaError
from synthpersona.ui._components import page_header
from synthpersona.usecases.trust import diff_tables, persona_history

page_header(
    "Persona history", "Upload two or more versions of a table, oldest first: see each persona over time."
)
files = st.file_uploader(
    "Versions of the table (oldest first)", accept_multiple_files=True, key="versions_files"
)
k = st.selectbox("Segments per version", ["auto", 2, 3, 4, 5, 6, 7, 8], key="versions_k")
if files and len(files) < 2:
    st.info("Add at least one more version to compare.")
if files and len(files) >= 2 and st.button("Compare versions", key="versions_run", type="primary"):
    with tempfile.TemporaryDirectory() as tmp, st.spinner("Segmenting each version and matching them"):
        paths = []
        for i, f in enumerate(files):
            path = Path(tmp) / f"{i:02d}-{Path(f.name).name}"
            path.write_bytes(f.getvalue())
            paths.append(path)
        try:
            st.session_state["versions_history"] = persona_history(diff_tables(paths, k=k))
        except SynthPersonaError as exc:
            st.error(exc.message)
rows = st.session_state.get("versions_history")
if rows:
    frame = pd.DataFrame(rows)
    frame["share %"] = (100 * frame["share"]).round(1)
    st.subheader("Share of each persona's segment, per version")
    wide = frame.pivot_table(index="persona_id", columns="version_name", values="share %", sort=False)
    st.dataframe(wide, use_container_width=True)
    st.line_chart(frame.pivot_table(index="version", columns="persona_id", values="share %"))
    st.subheader("Each persona over time")
    st.dataframe(
        frame[["persona_id", "version_name", "segment_id", "label", "share %"]],
        hide_index=True,
        use_container_width=True,
    )
    st.caption(
        "A persona keeps its id while its segment persists (matched by membership overlap and profile "
        "distance); a missing version means its segment was not there yet, or had vanished. "
        "See docs/trust.md."
    )
