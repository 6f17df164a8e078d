"""Leads / any table (seed 003's layout): upload a file, dashboard and PCA left, ranked personas right."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import streamlit as st

from synthpersona.config import get_settings
from synthpersona.formats import extensions
from synthpersona.segmentation import algorithm_help, algorithm_names
from synthpersona.ui import _state
from synthpersona.ui._components import kv_table, page_header, run_step
from synthpersona.usecases.datasets import Datasets

_TIER_COLOURS = {
    "PREMIUM": "#7C3AED",
    "HIGH": "#059669",
    "MEDIUM": "#2563EB",
    "LOW": "#D97706",
    "MINIMAL": "#6B7280",
}
_TYPES = [ext.lstrip(".") for ext in extensions("table")]  # from the reader registry


def _analyze(
    path: Path, k: int | str, target: str | None, algorithm: str, seed: int, name: str
) -> dict[str, Any]:
    from synthpersona.usecases import leads
    from synthpersona.views import seed003

    # the dataset's folder is named by its id (see Datasets.save_bytes)
    out_dir = Datasets(get_settings()).analysis_dir(path.parent.name, f"ui_{k}_{target}_{algorithm}_{seed}")
    analysis = leads.analyze_file(
        path, k=k, target=target, algorithm=algorithm, random_state=seed, out_dir=out_dir
    )
    return {
        "summary": analysis.summary(),
        "personas": seed003.personas(analysis.segments, analysis.personas),
        "outputs": dict(analysis.outputs),
        "file": name,
    }


def _download(label: str, outputs: dict[str, str], key: str, mime: str) -> None:
    path = outputs.get(key)
    if path and Path(path).exists():
        st.download_button(
            label,
            Path(path).read_bytes(),
            file_name=Path(path).name,
            mime=mime,
            key=f"dl_{key}",
            width="stretch",
        )


def _section(title: str, data: dict[str, Any] | None) -> None:
    if data:
        st.markdown(f"**{title}**")
        flat = {
            k: (", ".join(f"{a} {b}%" for a, b in v.items()) if isinstance(v, dict) else v)
            for k, v in data.items()
        }
        st.markdown(kv_table(flat))


def _persona_tab(p: dict[str, Any]) -> None:
    metrics = p.get("conversion_metrics") or {}
    tier = str(metrics.get("value_tier", ""))
    colour = _TIER_COLOURS.get(tier, "#6B7280")
    st.markdown(f"### {p.get('persona_name', '')}")
    if tier:
        st.markdown(
            f"<span class='sp-tier' style='background:{colour}'>{tier} VALUE</span>", unsafe_allow_html=True
        )
    c = st.columns(3)
    if metrics:
        c[0].metric("Conversion rate", f"{float(metrics.get('conversion_rate', 0)):.1f}%")
        c[1].metric("Conversions", f"{int(metrics.get('conversions', 0)):,}")
    c[2].metric("Size", f"{int(p.get('cluster_size', 0)):,} ({float(p.get('cluster_percentage', 0)):.1f}%)")
    if p.get("narrative"):
        st.markdown(p["narrative"])
    _section("🎯 Conversion metrics", metrics)
    _section("👥 Demographics", p.get("demographics"))
    _section("🌍 Geography", p.get("geography"))
    _section("💼 Professional", p.get("professional"))
    _section("📊 Acquisition", p.get("acquisition"))
    _section("Other attributes", p.get("attributes"))


def _results(res: dict[str, Any]) -> None:
    summary, outputs = res["summary"], res["outputs"]
    for warning in summary.get("warnings") or []:
        st.warning(warning, icon="💡")
    st.caption(
        f"{res['file']}: {int(summary.get('n_rows', 0)):,} rows · k = {summary.get('k')} · "
        f"{summary.get('algorithm')} · features: {', '.join(summary.get('features') or [])}"
    )
    left, right = st.columns([1, 1], gap="large")
    with left:
        st.subheader("📊 Cluster analysis dashboard")
        if outputs.get("dashboard"):
            st.image(outputs["dashboard"], width="stretch")
        _download("Download dashboard PNG", outputs, "dashboard", "image/png")
        st.subheader("PCA cluster map")
        if outputs.get("pca"):
            st.image(outputs["pca"], width="stretch")
        _download("Download PCA PNG", outputs, "pca", "image/png")
    with right:
        st.subheader("🏆 Persona profiles (ranked by conversion)")
        personas = res["personas"]
        tabs = st.tabs(
            [
                f"#{p.get('rank', i + 1)} {(p.get('conversion_metrics') or {}).get('value_tier', '')}".strip()
                for i, p in enumerate(personas)
            ]
        )
        for tab, persona in zip(tabs, personas, strict=True):
            with tab:
                _persona_tab(persona)
        st.divider()
        _download("Download personas JSON", outputs, "personas", "application/json")
        _download("Download clustered CSV", outputs, "clustered", "text/csv")
        _download("Download HTML report", outputs, "report", "text/html")


def main() -> None:
    page_header(
        "📊 Leads / any table",
        "Upload a lead export or any customer table (CSV, TXT/TSV, Excel, "
        "Parquet). Segments are ranked by conversion when the table has a yes/no target.",
    )
    upload = st.file_uploader(
        "Customer table",
        type=_TYPES,
        key="leads_file",
        help="Seed columns (State, Industry, Job Title, … is_sale) are matched "
        "forgivingly; any other table works too.",
    )
    c1, c2, c3, c4 = st.columns(4)
    k_choice = c1.selectbox("Segments (k)", ["4", "auto", "2", "3", "5", "6", "7", "8"], key="leads_k")
    target = c2.text_input(
        "Target column (optional)",
        key="leads_target",
        help="A yes/no column such as is_sale; detected automatically when empty.",
    )
    algorithm = c3.selectbox(
        "Algorithm", list(algorithm_names()), key="leads_algo", help=algorithm_help().replace("; ", "  \n")
    )
    seed = c4.number_input("Seed", 0, 2**31 - 1, 0, key="leads_seed")
    if st.button("Analyze", type="primary", icon="🔎", disabled=upload is None, key="leads_go"):
        assert upload is not None
        path = Datasets(get_settings()).save_bytes(upload.name, upload.getvalue())
        k: int | str = "auto" if k_choice == "auto" else int(k_choice)
        result = run_step(
            "Reading, clustering and profiling the table",
            _analyze,
            path,
            k,
            target.strip() or None,
            algorithm,
            int(seed),
            upload.name,
        )
        if result.ok:
            st.session_state[_state.LEADS] = result.value
        else:
            st.session_state.pop(_state.LEADS, None)
    res = st.session_state.get(_state.LEADS)
    if upload is None and not res:
        st.info("Upload a file to start. Try a CSV export from your CRM.", icon="📁")
    if res:
        st.divider()
        _results(res)
        with st.expander("Run details (JSON)"):
            st.code(
                json.dumps(
                    {k: v for k, v in res["summary"].items() if k != "columns"}, indent=2, default=str
                )[:20000],
                language="json",
            )


main()
