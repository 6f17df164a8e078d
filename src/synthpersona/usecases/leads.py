"""Use case: any customer table file -> ranked personas, clustered table, charts and an HTML report.

The CLI (``synthpersona leads analyze``), the REST API (``/datasets``) and the web UI
call these functions.

Example
-------
>>> from synthpersona.usecases.leads import analyze_file
>>> result = analyze_file("leads.csv", k="auto", out_dir="out")  # doctest: +SKIP
>>> sorted(result.outputs)  # doctest: +SKIP
['analysis', 'clustered', 'dashboard', 'pca', 'personas', 'report']
"""

from __future__ import annotations

import contextlib
import importlib
import json
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from synthpersona.engine import DuckDBEngine
from synthpersona.errors import ValidationError
from synthpersona.tables import (
    TABLE_ALGORITHMS,
    LeadsAnalysis,
    SourceInfo,
    analyze_table,
    atomic_path,
    atomic_write_bytes,
    atomic_write_text,
    match_roles,
    prepare_column,
    read_table,
)

__all__ = [
    "OUTPUT_FILES",
    "TABLE_ALGORITHMS",
    "analyze_file",
    "analyze_frame",
    "preview_file",
    "write_outputs",
]

# output key -> file name (the API's download names are the same)
OUTPUT_FILES: dict[str, str] = {
    "personas": "personas.json",
    "clustered": "clustered.csv",
    "dashboard": "dashboard.png",
    "pca": "pca.png",
    "report": "report.html",
    "analysis": "analysis.json",
}
Progress = Callable[[str], None]


def _noop(_: str) -> None:
    return None


def analyze_file(
    path: str | Path,
    *,
    k: int | str | None = 4,
    target: str | None = None,
    features: list[str] | None = None,
    exclude: list[str] | None = None,
    algorithm: str = "auto",
    mode: str = "auto",
    random_state: int = 0,
    out_dir: str | Path | None = None,
    progress: Progress | None = None,
) -> LeadsAnalysis:
    """Read a table file, segment it into ranked personas and (optionally) write every output.

    Parameters
    ----------
    path
        CSV/TXT/TSV (any common encoding and delimiter), Parquet or Excel file.
    k
        Number of clusters (default 4) or ``"auto"``.
    target, features, exclude, algorithm, mode, random_state
        See :func:`synthpersona.tables.analyze_table`.
    out_dir
        Folder for ``personas.json``, ``clustered.csv``, ``dashboard.png``, ``pca.png``,
        ``report.html`` and ``analysis.json``; nothing is written when ``None``.
    progress
        Called with a short message before each step.

    Returns
    -------
    LeadsAnalysis
        With ``outputs`` mapping output keys to written paths.
    """
    step = progress or _noop
    if out_dir is not None:
        # matplotlib's import is pure Python while pyarrow reads the file without the GIL: overlap them
        threading.Thread(target=_prefetch_reporting, daemon=True).start()
    step("Reading the table")
    df, info = read_table(path)
    return analyze_frame(
        df,
        info=info,
        k=k,
        target=target,
        features=features,
        exclude=exclude,
        algorithm=algorithm,
        mode=mode,
        random_state=random_state,
        out_dir=out_dir,
        progress=progress,
    )


def analyze_frame(
    df: pd.DataFrame,
    *,
    info: SourceInfo | None = None,
    k: int | str | None = 4,
    target: str | None = None,
    features: list[str] | None = None,
    exclude: list[str] | None = None,
    algorithm: str = "auto",
    mode: str = "auto",
    random_state: int = 0,
    out_dir: str | Path | None = None,
    progress: Progress | None = None,
) -> LeadsAnalysis:
    """Like :func:`analyze_file` for a table already in memory (text or typed columns)."""
    step = progress or _noop
    step("Clustering and profiling")
    result = analyze_table(
        df,
        k=k,
        target=target,
        features=features,
        exclude=exclude,
        algorithm=algorithm,
        mode=mode,
        random_state=random_state,
        source=info,
    )
    if out_dir is not None:
        write_outputs(result, df, out_dir, progress=progress)
    return result


def write_outputs(
    analysis: LeadsAnalysis, df: pd.DataFrame, out_dir: str | Path, progress: Progress | None = None
) -> dict[str, str]:
    """Write all outputs of ``analysis`` into ``out_dir`` (each file atomically); return ``{key: path}``.

    The clustered table is ``df`` unchanged (original rows, original order, original
    text) plus a ``Cluster`` column.
    """
    # matplotlib is imported only when charts are drawn
    from synthpersona.reporting.leads import dashboard_png, pca_png, render_report

    step = progress or _noop
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ValidationError(f"Output path {str(out)!r} is a file; give a folder for the outputs.")
    out.mkdir(parents=True, exist_ok=True)
    files = {key: out / name for key, name in OUTPUT_FILES.items()}
    step("Writing personas, the clustered table and charts")
    # DuckDB writes the CSV without holding the GIL, so the charts are drawn meanwhile
    with ThreadPoolExecutor(max_workers=1) as pool:
        csv_job = pool.submit(write_clustered, df, analysis.labels, files["clustered"])
        atomic_write_text(
            files["personas"],
            json.dumps([p.to_dict() for p in analysis.personas], indent=2, ensure_ascii=False),
        )
        images = {"dashboard": dashboard_png(analysis), "pca": pca_png(analysis)}
        atomic_write_bytes(files["dashboard"], images["dashboard"])
        atomic_write_bytes(files["pca"], images["pca"])
        render_report(analysis, files["report"], images=images)
        csv_job.result()
    analysis.outputs = {key: str(p) for key, p in files.items()}
    atomic_write_text(
        files["analysis"], json.dumps(_json_safe(analysis.summary()), indent=2, ensure_ascii=False)
    )
    return analysis.outputs


def cluster_column_name(columns: list[str]) -> str:
    """``Cluster``, or ``Cluster_2``, ... when the table already has such a column."""
    name, i = "Cluster", 1
    while name in columns:
        i += 1
        name = f"Cluster_{i}"
    return name


def write_clustered(df: pd.DataFrame, labels: np.ndarray, path: str | Path) -> Path:
    """Write ``df`` plus a ``Cluster`` column as UTF-8 CSV, atomically, rows in their original order."""
    if len(labels) != len(df):
        raise ValidationError(f"{len(labels)} labels for {len(df)} rows; they must match.")
    name = cluster_column_name([str(c) for c in df.columns])
    engine = DuckDBEngine()
    engine.query("SET enable_progress_bar = false")
    # copy-on-write: assign() does not copy the text columns
    engine.register("clustered", df.assign(**{name: np.asarray(labels, dtype=np.int32)}))
    with atomic_path(path) as tmp:
        # DuckDB writes multi-threaded and quotes only the cells that need it, like the input
        quoted = str(tmp).replace("'", "''")
        engine.query(f"COPY clustered TO '{quoted}' (HEADER, DELIMITER ',', QUOTE '\"')")
    return Path(path)


def preview_file(path: str | Path, n_examples: int = 3) -> dict[str, Any]:
    """Schema preview of a table file: size, detected format and, per column, kind, role and examples.

    Examples
    --------
    >>> preview_file("leads.csv")["columns"][0]  # doctest: +SKIP
    {'name': 'State', 'kind': 'category', 'role': 'state', 'n_distinct': 12, 'n_blank': 3, 'examples': [...]}
    """
    df, info = read_table(path)
    roles = {col: role for role, col in match_roles([str(c) for c in df.columns]).items()}
    cols = []
    for name in df.columns:
        role = roles.get(name)
        pc = prepare_column(name, df[name], None if role == "target" else role)
        kind = "target" if role == "target" else pc.kind
        examples = [str(v) for v in df[name].dropna().drop_duplicates().head(n_examples).tolist()]
        cols.append(
            {
                "name": name,
                "kind": kind,
                "role": role,
                "used_by_default": pc.included or kind == "target",
                "n_distinct": int(df[name].nunique(dropna=True)),
                "n_blank": int(df[name].isna().sum()),
                "examples": examples,
            }
        )
    return {
        "n_rows": len(df),
        "n_columns": df.shape[1],
        "format": info.format,
        "encoding": info.encoding,
        "delimiter": info.delimiter,
        "description": info.describe(),
        "columns": cols,
    }


def _prefetch_reporting() -> None:
    # any problem is reported by the real import in write_outputs
    with contextlib.suppress(Exception):
        importlib.import_module("synthpersona.reporting.leads")


def _json_safe(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {str(k): _json_safe(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_json_safe(v) for v in obj]
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, float) and not np.isfinite(obj):
        return None
    return obj
