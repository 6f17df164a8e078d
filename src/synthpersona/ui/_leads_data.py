"""Leads glue for the UI: the column-roles table a user edits, and their edits as use-case parameters."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from synthpersona.ui._format import BLANK

if TYPE_CHECKING:
    from synthpersona.usecases.datasets import Datasets
    from synthpersona.usecases.jobs import JobContext

__all__ = ["EDITABLE", "analysis_outputs", "form_inputs", "leads_job", "roles_frame", "user_choices"]

#: Columns of :func:`roles_frame` the user may change.
EDITABLE = ("Role", "Use in segments")


def roles_frame(preview: dict[str, Any], choices: dict[str, Any] | None = None) -> pd.DataFrame:
    """One row per column of an upload: inferred role, whether it shapes the segments, why, examples.

    ``preview`` is :func:`synthpersona.usecases.tables.preview_file`'s answer (personal-data
    columns come without examples and are shown as hidden). ``choices`` are corrections made
    before (:func:`user_choices`'s answer, kept with a job or an analysis): the grid shows them
    again, so that :func:`user_choices` of the grid gives them back.

    Examples
    --------
    >>> preview = {"columns": [
    ...     {"name": "Won", "role": "extra", "used_by_default": False},
    ...     {"name": "City", "role": "category", "used_by_default": True},
    ...     {"name": "Notes", "role": "free_text", "used_by_default": False}]}
    >>> for c in preview["columns"]:
    ...     c.update(personal=False, reason="", examples=[], n_distinct=2, n_blank=0)
    >>> choices = {"target": "Won", "roles": {"Notes": "category"}, "exclude": ["City"]}
    >>> user_choices(preview, roles_frame(preview, choices)) == choices
    True
    """
    frame = _inferred_frame(preview)
    for column, role in ((choices or {}).get("roles") or {}).items():
        frame.loc[frame["Column"] == column, "Role"] = role
    for column in (choices or {}).get("exclude") or []:
        frame.loc[frame["Column"] == column, "Use in segments"] = False
    target = (choices or {}).get("target")
    if target:
        frame.loc[frame["Column"] == target, "Role"] = "target"
        frame.loc[frame["Column"] == target, "Use in segments"] = False
    return frame


def _inferred_frame(preview: dict[str, Any]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Column": c["name"],
                "Role": c["role"],
                "Use in segments": bool(c["used_by_default"]) and c["role"] != "target",
                "Personal data": bool(c["personal"]),
                "Why": c["reason"],
                "Examples": ", ".join(c["examples"])
                if c["examples"]
                else ("hidden" if c["personal"] else BLANK),
                "Distinct": int(c["n_distinct"]),
                "Blank": int(c["n_blank"]),
            }
            for c in preview["columns"]
        ]
    )


def user_choices(preview: dict[str, Any], edited: pd.DataFrame) -> dict[str, Any]:
    """The user's corrections as the leads use case's ``target``, ``roles`` and ``exclude``.

    A column set to ``target`` becomes the target; a changed role is passed as an override;
    an unticked column that would have been used is excluded; a ticked column that would
    have been left out is used as a category.

    Examples
    --------
    >>> preview = {"columns": [
    ...     {"name": "Won", "role": "extra", "used_by_default": False},
    ...     {"name": "City", "role": "category", "used_by_default": True},
    ...     {"name": "Notes", "role": "free_text", "used_by_default": False}]}
    >>> edited = pd.DataFrame({"Column": ["Won", "City", "Notes"],
    ...                        "Role": ["target", "category", "free_text"],
    ...                        "Use in segments": [False, False, True]})
    >>> user_choices(preview, edited)
    {'target': 'Won', 'roles': {'Notes': 'category'}, 'exclude': ['City']}
    """
    inferred = {c["name"]: c for c in preview["columns"]}
    roles: dict[str, str] = {}
    exclude: list[str] = []
    target = None
    for row in edited.to_dict(orient="records"):
        name, role = str(row["Column"]), str(row["Role"])
        before = inferred[name]
        if role == "target":
            target = name
            continue
        if role != before["role"]:
            roles[name] = role
        if not row["Use in segments"] and before["used_by_default"]:
            exclude.append(name)
        elif row["Use in segments"] and not before["used_by_default"] and name not in roles:
            roles[name] = "category"  # asked to use a column the analysis would leave out
    return {"target": target, "roles": roles or None, "exclude": exclude or None}


def form_inputs(params: dict[str, Any]) -> dict[str, Any]:
    """The leads form's values (widget key → value) for an analysis's parameters, and its column
    choices under ``_choices`` (the roles grid is drawn with them, it cannot be set directly).

    >>> form_inputs({"k": "auto", "algorithm": "kmodes", "random_state": 3, "k_anonymity": 5,
    ...              "target": "Won", "roles": None, "exclude": ["City"]})["leads_k"]
    'auto'
    """
    return {
        "leads_k": str(params.get("k", "4")),
        "leads_algo": params.get("algorithm"),
        "leads_seed": int(params.get("random_state") or 0),
        "leads_k_anonymity": int(params.get("k_anonymity") or 5),
        "_choices": {name: params.get(name) for name in ("target", "roles", "exclude")},
    }


def analysis_outputs(
    source: Path, out_dir: Path, params: dict[str, Any], progress: Callable[[str], None] | None = None
) -> dict[str, Any]:
    """Analyse the table at ``source`` into ``out_dir``: what the page shows of it (JSON-safe).

    Runs in a job's child process (pure: it reads the file and writes ``out_dir``, nothing
    else); the job moves ``out_dir`` into place and stores the record.
    """
    from dataclasses import asdict

    from synthpersona.reporting.tables import dashboard_data, pca_data
    from synthpersona.usecases import tables as table_workflow
    from synthpersona.views import seed003

    options, sheet = table_workflow.options_of(params)
    analysis = table_workflow.analyze_file(source, options, out_dir=out_dir, progress=progress, sheet=sheet)
    pca = pca_data(analysis)
    summary = analysis.summary()
    return {
        "summary": {k: v for k, v in summary.items() if k not in ("columns", "outputs")},
        "personas": seed003.personas(analysis.segments, analysis.personas),
        "outputs": {k: Path(v).relative_to(out_dir).as_posix() for k, v in analysis.outputs.items()},
        "dashboard": asdict(dashboard_data(analysis)),
        "pca": {
            "points": pca.points.round(4).tolist(),
            "labels": pca.labels.tolist(),
            "explained_variance": list(pca.explained_variance),
            "n_rows": pca.n_rows,
        },
    }


def leads_job(
    datasets: Datasets,
    dataset_id: str,
    name: str,
    params: dict[str, Any],
    keep: Callable[[str, dict[str, Any]], None],
) -> Callable[[JobContext], dict[str, Any]]:
    """The work of a leads analysis as a job: analysed in the child process, then published.

    The outputs are written to a staging folder and moved into the dataset's analyses folder
    only when complete, so a cancelled, failed or killed analysis leaves nothing visible.
    ``keep(analysis_id, record)`` stores the page's record; the result names it.
    """
    import shutil
    import uuid

    from synthpersona.ui._persist import now
    from synthpersona.usecases.jobs import uninterruptible

    def work(ctx: JobContext) -> dict[str, Any]:
        analysis_id = uuid.uuid4().hex
        source = datasets.path(dataset_id)
        staging = datasets.staging_folder("ui-analysis")
        final = datasets.analysis_dir(dataset_id, analysis_id)
        try:
            part = ctx.run(analysis_outputs, source, staging, params, progress=ctx.progress)
            ctx.progress("Storing the analysis")
            with uninterruptible():
                final.parent.mkdir(parents=True, exist_ok=True)
                staging.rename(final)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        outputs = {k: str(final / v) for k, v in part.pop("outputs").items()}
        record = {
            "analysis_id": analysis_id,
            "dataset_id": dataset_id,
            "file": name,
            "created_at": now(),
            "params": params,
            **part,
            "outputs": outputs,
        }
        keep(analysis_id, record)
        return {"analysis_id": analysis_id, "dataset_id": dataset_id}

    return work
