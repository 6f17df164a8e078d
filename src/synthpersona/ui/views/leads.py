"""Leads / any table: upload, check and correct the columns, then ranked personas with interactive charts.

The upload and the analysis are in the URL (``?dataset=…&analysis=…``): a refresh or a shared
link shows the same preview and result, read back from the data directory.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from synthpersona.config import get_settings
from synthpersona.errors import NotFoundError
from synthpersona.formats import extensions
from synthpersona.segmentation import ClusteringParams, algorithm_help, algorithm_names
from synthpersona.ui import _jobs as jobs
from synthpersona.ui import _state
from synthpersona.ui._charts import leads_dashboard, leads_map, segment_colour, show_chart
from synthpersona.ui._components import page_header, run_step
from synthpersona.ui._format import BLANK, friendly, human
from synthpersona.ui._leads_data import EDITABLE, form_inputs, leads_job, roles_frame, user_choices
from synthpersona.ui._persist import LEADS_KIND, datasets, get_doc, put_doc, set_url, url_value
from synthpersona.usecases import tables as table_workflow
from synthpersona.usecases.isolation import request_runner
from synthpersona.usecases.trust import privacy_lines

LEADS_JOB = "ui_leads"  # the kind of the page's jobs
_CHOICES = "leads_restored_choices"  # {dataset id: column choices} the roles grid is drawn with

_TIER_COLOURS = {  # dark enough for white text (WCAG AA)
    "PREMIUM": "#5B21B6",
    "HIGH": "#047857",
    "MEDIUM": "#1D4ED8",
    "LOW": "#B45309",
    "MINIMAL": "#4B5563",
}
_TYPES = [ext.lstrip(".") for ext in extensions("table")]  # from the reader registry
_GRID = ("Column", "Role", "Use in segments", "Personal data")  # the roles grid's columns, in order
# k: the table workflow's default first, then "auto" and the clustering's default k range
_K_DEFAULT, _K_RANGE = table_workflow.TableOptions().k, ClusteringParams()
_K_CHOICES = [str(_K_DEFAULT), "auto"] + [
    str(k) for k in range(_K_RANGE.k_min, _K_RANGE.k_max + 1) if str(k) != str(_K_DEFAULT)
]
_ROLE_NAMES = sorted(table_workflow.COLUMN_ROLES)  # the tables package's one vocabulary of column roles

_SEED_HELP = (
    "The same file, settings and seed give the same personas; "
    "another seed may split borderline records differently."
)


def _upload(name: str, data: bytes) -> dict[str, Any]:
    """Keep the upload with its record (previewed once, on arrival) and return the preview."""
    # previewed in a child process with the job budgets (a workbook is parsed whole, ~8x its XML)
    return _preview_of(datasets().add(io.BytesIO(data), name, run=request_runner(get_settings())))


def _preview_of(doc: dict[str, Any]) -> dict[str, Any]:
    return {
        "dataset_id": doc["dataset_id"],
        "name": doc.get("filename") or doc["dataset_id"],
        **doc["preview"],
    }


def _preview(dataset_id: str) -> dict[str, Any]:
    return _preview_of(datasets().get(dataset_id))


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
            on_click="ignore",
        )


def _section(title: str, data: dict[str, Any] | None) -> None:
    """One profile section as a two-column table without a header: shares as 'value 40%'."""
    if not data:
        return
    rows = []
    for key, value in data.items():
        if isinstance(value, dict):
            shown = ", ".join(f"{a} {float(b):.0f}%" for a, b in value.items()) if value else BLANK
        elif value is None or value == "":
            shown = BLANK
        elif isinstance(value, float) and key == "concentration":
            shown = f"{value:.1f}% in the top state"
        else:
            shown = str(value)
        rows.append({"What": friendly(str(key)), "Value": shown})
    st.markdown(f"**{title}**")
    st.table(pd.DataFrame(rows), hide_index=True, hide_header=True)


def _tab_label(p: dict[str, Any]) -> str:
    tier = str((p.get("conversion_metrics") or {}).get("value_tier") or "")
    name = str(p.get("persona_name", "")).split(" [")[0]
    return f"#{p.get('rank')} {tier.title()} · {name}".replace("  ", " ")


def _persona_tab(p: dict[str, Any]) -> None:
    metrics = p.get("conversion_metrics") or {}
    tier = str(metrics.get("value_tier", ""))
    colour = segment_colour(int(p.get("rank", 1)))
    st.markdown(
        f"<span class='sp-swatch' style='background:{colour}' aria-hidden='true'></span>"
        f"<b>{p.get('persona_name', '')}</b>",
        unsafe_allow_html=True,
    )
    if tier:
        background = _TIER_COLOURS.get(tier, "#4B5563")
        st.markdown(
            f"<span class='sp-tier' style='background:{background}'>{tier} VALUE</span>",
            unsafe_allow_html=True,
        )
    c = st.columns(3)
    interval = f"{float(metrics.get('ci_low', 0)):.1f}–{float(metrics.get('ci_high', 0)):.1f}%"
    if metrics:
        c[0].metric(
            "Conversion rate",
            f"{float(metrics.get('conversion_rate', 0)):.1f}%",
            help=f"95 % interval {interval}",
        )
        c[1].metric("Conversions", f"{int(metrics.get('conversions', 0)):,}")
    c[2].metric("Size", f"{int(p.get('cluster_size', 0)):,} ({float(p.get('cluster_percentage', 0)):.1f}%)")
    if p.get("narrative"):
        st.markdown(p["narrative"])
    if metrics:
        shown = {
            "Conversion rate": f"{float(metrics.get('conversion_rate', 0)):.1f}%",
            "95 % interval": interval,
            "Lift over the whole table": f"{float(metrics.get('lift', 0)):.2f}×",
            "Records with an unknown outcome": f"{int(metrics.get('unknown_outcomes', 0)):,}",
        }
        st.markdown("**🎯 Conversion**")
        st.table(
            pd.DataFrame({"What": list(shown), "Value": list(shown.values())}),
            hide_index=True,
            hide_header=True,
        )
    _section("👥 Demographics", p.get("demographics"))
    _section("🌍 Geography", p.get("geography"))
    _section("💼 Professional", p.get("professional"))
    _section("📊 Acquisition", p.get("acquisition"))
    _section("Other attributes", p.get("attributes"))


def _privacy(report: dict[str, Any] | None, names: dict[str, str]) -> None:
    """What protecting the personas did: the k, each persona's matches and what was generalised."""
    if not report:
        st.caption(
            "🔓 These personas are shown unprotected (made before protection was the default): "
            "run the analysis again to protect them."
        )
        return
    lines = privacy_lines(report, names)
    with st.expander(f"🔒 {lines[0]}"):
        st.markdown("\n".join(f"- {line}" for line in lines[1:]) or "Nothing had to be generalised.")


def _results(res: dict[str, Any]) -> None:
    summary, outputs = res["summary"], res["outputs"]
    for warning in summary.get("warnings") or []:
        st.warning(warning, icon="💡")
    features = ", ".join(str(f) for f in summary.get("features") or []) or BLANK
    st.caption(
        f"{res['file']}: {int(summary.get('n_rows', 0)):,} rows · k = {summary.get('k')} · "
        f"{human(summary.get('algorithm'))} · features: {features}"
    )
    personas = sorted(res["personas"], key=lambda p: int(p.get("rank", 0)))
    _privacy(summary.get("privacy"), {str(p["persona_id"]): _tab_label(p) for p in personas})
    ranks = {int(p["cluster_id"]): int(p.get("rank", 0)) for p in personas}
    labels = {int(p["cluster_id"]): _tab_label(p) for p in personas}
    st.subheader("📊 Segments ranked by conversion")
    n_rows = int(summary.get("n_rows", 0))
    title = f"{summary.get('k')} segments · {n_rows:,} records · {human(summary.get('algorithm'))}"
    show_chart(leads_dashboard(res["dashboard"], ranks, labels, title), "leads_dashboard", "leads dashboard")
    left, right = st.columns([1, 1], gap="large")
    with left:
        show_chart(leads_map(res["pca"], ranks, labels), "leads_pca", "leads PCA map")
        st.caption("Each dot is a record; colours and names match the persona tabs.")
    with right:
        st.subheader("🏆 Persona profiles (ranked by conversion)")
        tabs = st.tabs([_tab_label(p).split(" · ")[0] for p in personas])
        for tab, persona in zip(tabs, personas, strict=True):
            with tab:
                _persona_tab(persona)
    st.divider()
    cols = st.columns(3)
    with cols[0]:
        _download("Download personas JSON", outputs, "personas", "application/json")
    with cols[1]:
        _download("Download clustered CSV", outputs, "clustered", "text/csv")
    with cols[2]:
        _download("Download HTML report", outputs, "report", "text/html")


def _roles_editor(preview: dict[str, Any], choices: dict[str, Any] | None) -> pd.DataFrame:
    """The inferred role of every column, editable: role and whether it shapes the segments
    (drawn with the ``choices`` of the job or analysis a refreshed page shows again)."""
    frame = roles_frame(preview, choices)
    edited = st.data_editor(
        frame,
        key=f"roles_{preview['dataset_id']}",
        hide_index=True,
        width="stretch",
        # what the user decides only: four narrow columns fit a phone's width without sideways
        # scrolling; why each role was inferred is below, in a table that wraps
        column_order=_GRID,
        disabled=[c for c in frame.columns if c not in EDITABLE],
        column_config={
            # widths in pixels add up to a phone's width; a wider screen stretches them
            "Column": st.column_config.TextColumn("Column", width=112),
            "Personal data": st.column_config.CheckboxColumn(
                "Personal", width=60, help="Personal data: never clustered or shown."
            ),
            "Role": st.column_config.SelectboxColumn(
                "Role",
                width=100,
                options=_ROLE_NAMES,
                format_func=human,
                required=True,
                help="What the column is. 'target' is the yes/no outcome personas are ranked by; personal "
                "data roles (email, phone, person_name…) are never clustered or shown.",
            ),
            "Use in segments": st.column_config.CheckboxColumn(
                "Use", width=50, help="Use in segments: untick to leave the column out of the segmentation."
            ),
        },
    )
    with st.expander("Why each column got its role (examples, distinct values, blanks)"):
        st.table(frame[["Column", *[c for c in frame.columns if c not in _GRID]]], hide_index=True)
    return edited


def _choices_line(choices: dict[str, Any]) -> None:
    """Say what the analysis will use, so an edit of the grid above is confirmed in words."""
    parts = []
    if choices.get("target"):
        parts.append(f"outcome: **{choices['target']}**")
    if choices.get("exclude"):
        parts.append("left out by you: " + ", ".join(f"**{c}**" for c in choices["exclude"]))
    for column, role in (choices.get("roles") or {}).items():
        parts.append(f"**{column}** read as {human(role)}")
    st.caption("Analysis will use " + ("; ".join(parts) if parts else "the roles as inferred") + ".")


def _restore() -> None:
    dataset_id = url_value("dataset")
    preview = st.session_state.get(_state.LEADS_PREVIEW)
    if dataset_id and (not preview or preview.get("dataset_id") != dataset_id):
        try:
            st.session_state[_state.LEADS_PREVIEW] = _preview(dataset_id)
        except NotFoundError:
            st.warning(f"The upload `{dataset_id}` in this link no longer exists (deleted?).")
            set_url(dataset=None, analysis=None)
            return
    analysis_id = url_value("analysis")
    res = st.session_state.get(_state.LEADS)
    if analysis_id and (not res or res.get("analysis_id") != analysis_id):
        doc = get_doc(LEADS_KIND, analysis_id)
        if doc is None:
            st.warning(f"The analysis `{analysis_id}` in this link no longer exists.")
            set_url(analysis=None)
        else:
            st.session_state[_state.LEADS] = doc


def _keep(analysis_id: str, record: dict[str, Any]) -> None:
    put_doc(LEADS_KIND, analysis_id, record)


def _analysis(result: dict[str, Any]) -> dict[str, Any] | None:
    return get_doc(LEADS_KIND, str(result.get("analysis_id")))


def _analysis_url(doc: dict[str, Any]) -> dict[str, str | None]:
    return {"dataset": doc["dataset_id"], "analysis": doc["analysis_id"]}


def _restore_form(preview: dict[str, Any]) -> dict[str, Any] | None:
    """The form of the job or analysis in the URL, once per session; its column choices."""
    shown = st.session_state.get(_state.LEADS) or {}
    same = shown.get("dataset_id") == preview["dataset_id"] and shown.get("params")
    used = jobs.restore_inputs(LEADS_JOB, form_inputs(shown["params"]) if same else None)
    if "_choices" in used:
        st.session_state[_CHOICES] = {preview["dataset_id"]: used["_choices"]}
    return dict(st.session_state.get(_CHOICES) or {}).get(preview["dataset_id"])


def main() -> None:
    page_header(
        "📊 Leads / any table",
        "Upload a lead export or any customer table (CSV, TXT/TSV, Excel, "
        "Parquet), check how each column was understood, then get segments ranked by conversion.",
    )
    _restore()
    upload = st.file_uploader(
        "Customer table",
        type=_TYPES,
        key="leads_file",
        help="Seed columns (State, Industry, Job Title, … is_sale) are matched "
        "forgivingly; any other table works too.",
    )
    if upload is not None and st.session_state.get("leads_upload_seen") != (upload.name, upload.size):
        st.session_state["leads_upload_seen"] = (upload.name, upload.size)
        result = run_step("Reading the table", _upload, upload.name, upload.getvalue())
        if result.ok and result.value is not None:
            st.session_state[_state.LEADS_PREVIEW] = result.value
            st.session_state.pop(_state.LEADS, None)
            set_url(dataset=result.value["dataset_id"], analysis=None, job=None)
    preview = st.session_state.get(_state.LEADS_PREVIEW)
    if not preview:
        st.info("Upload a file to start. Try a CSV export from your CRM.", icon="📁")
        return
    st.markdown(f"**{preview['name']}** · {preview['description']}")
    for note in preview.get("repairs") or []:
        st.caption(f"ℹ️ {note}")
    st.caption(
        "How each column was understood. Change a role (for example pick the **target**) or untick "
        "**Use** to leave a column out of the segments; personal data is never clustered or shown."
    )
    edited = _roles_editor(preview, _restore_form(preview))
    choices = user_choices(preview, edited)
    _choices_line(choices)
    c1, c2, c3, c4 = st.columns([1, 1, 1, 1.2])
    k_choice = c1.selectbox("Segments (k)", _K_CHOICES, key="leads_k")
    algorithm = c2.selectbox(
        "Algorithm",
        list(algorithm_names()),
        key="leads_algo",
        format_func=human,
        help=algorithm_help().replace("; ", "  \n"),
    )
    seed = c3.number_input("Seed", 0, 2**31 - 1, 0, key="leads_seed", help=_SEED_HELP)
    k_anon = c4.number_input(
        "Privacy: records per persona (k)",
        2,
        1000,
        5,
        key="leads_k_anonymity",
        help="k-anonymity. What a persona states (its segment's and its own values) is generalised until "
        "at least this many records of the table share it; counts from fewer records are merged into Other. "
        "The report under the results lists what was generalised.",
    )
    if st.button("Analyze", type="primary", icon="🔎", key="leads_go"):
        params = {
            "k": "auto" if k_choice == "auto" else int(k_choice),
            "algorithm": algorithm,
            "random_state": int(seed),
            "k_anonymity": int(k_anon),
            **choices,
        }
        work = leads_job(datasets(), preview["dataset_id"], preview["name"], params, _keep)
        jobs.start(LEADS_JOB, work, inputs=form_inputs(params), dataset_id=preview["dataset_id"])
    job = jobs.job_panel(
        LEADS_JOB,
        "Reading, clustering and profiling the table",
        subject={"dataset_id": preview["dataset_id"]},
    )
    if job is not None:
        jobs.take(job, _state.LEADS, _analysis, _analysis_url)
    res = st.session_state.get(_state.LEADS)
    if res and res.get("dataset_id") == preview["dataset_id"]:
        st.divider()
        _results(res)


main()
