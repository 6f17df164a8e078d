"""Use case: behaviour analytics on an event log (the bundled sample or a user's file).

:func:`analyse` is what the CLI (``synthpersona behaviour graph|steps|sankey|compare|retention|paths``)
and the REST API (``POST /behaviour/{view}``) call: load the log, apply a declarative
preprocessing pipeline, resolve the groups to compare, compute one view with
:mod:`synthpersona.analytics` and, given ``out_dir``, write it as CSV, JSON, interactive
HTML and the pipeline that prepared it.

Groups (``group_by``) are an event-log column (a logged variant, a user attribute), or
``"converted"`` (converters vs the rest, by ``target``), or ``"persona"`` (the behavioural
personas of the clickstream workflow: sequence clusters).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from synthpersona import analytics
from synthpersona._files import atomic_write_text
from synthpersona.engine import engine_for_source
from synthpersona.errors import InputError, did_you_mean
from synthpersona.usecases._behaviour_engine import analyse_in_engine, runs_in_engine
from synthpersona.usecases._behaviour_views import (
    GROUP_SPECIALS,
    MEMORY,
    VIEW_STEPS,
    Inputs,
    ViewOptions,
    compute,
)

if TYPE_CHECKING:
    from synthpersona.store import Store

__all__ = [
    "GROUP_SPECIALS",
    "PATH_UNITS",
    "PERIODS",
    "RESULT_KIND",
    "VIEWS",
    "BehaviourView",
    "analyse",
    "converted_groups",
    "delete_result",
    "delete_results_of",
    "event_log_columns",
    "get_result",
    "list_results",
    "load_behaviour_events",
    "runs_in_engine",
    "save_result",
    "view_html",
]

VIEWS = tuple(VIEW_STEPS)
PERIODS, PATH_UNITS = analytics.PERIODS, analytics.PATH_UNITS  # the choices interfaces offer
CONVERTED, NOT_CONVERTED = "converted", "not converted"


@dataclass
class BehaviourView:
    """One computed view and how it was made.

    Attributes
    ----------
    view
        One of :data:`VIEWS`.
    table
        The view's data (edges, step matrix, comparison, retention shares, path metrics).
    params
        The parameters used (target and groups resolved).
    pipeline
        The preprocessing pipeline's JSON form.
    n_events, n_users
        Size of the log after preprocessing.
    retention
        The full :class:`~synthpersona.analytics.Retention` for the retention view.
    files
        Files written by :meth:`write` (name -> path).
    """

    view: str
    table: pd.DataFrame
    params: dict[str, Any]
    pipeline: dict[str, Any]
    n_events: int
    n_users: int
    retention: analytics.Retention | None = None
    files: dict[str, Path] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary: parameters, pipeline and the data (NaN as ``None``)."""
        out: dict[str, Any] = {
            "view": self.view,
            "params": self.params,
            "pipeline": self.pipeline,
            "n_events": self.n_events,
            "n_users": self.n_users,
        }
        if self.retention is not None:
            out["data"] = self.retention.to_dict()
        elif self.view == "steps":
            out["data"] = {
                "events": [str(i) for i in self.table.index],
                "steps": [int(c) for c in self.table.columns],
                "shares": [[_clean(v) for v in row] for row in self.table.to_numpy()],
            }
        else:
            out["data"] = [
                {k: _clean(v) for k, v in row.items()} for row in self.table.to_dict(orient="records")
            ]
        return out

    def write(self, out_dir: str | Path) -> dict[str, Path]:
        """Write the view as CSV and JSON, its pipeline and, for charted views, interactive HTML and a PNG."""
        from synthpersona.reporting import behaviour as charts

        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        files = {
            f"{self.view}.csv": atomic_write_text(out / f"{self.view}.csv", self.table.to_csv()),
            f"{self.view}.json": atomic_write_text(
                out / f"{self.view}.json", json.dumps(self.to_dict(), indent=2)
            ),
            "pipeline.json": atomic_write_text(out / "pipeline.json", json.dumps(self.pipeline, indent=2)),
        }
        fig = self.figure()
        if fig is not None:
            files[f"{self.view}.html"] = charts.write_html(fig, out / f"{self.view}.html")
            files["plotly.min.js"] = out / "plotly.min.js"
            files[f"{self.view}.png"] = charts.save_png(fig, out / f"{self.view}.png")
        self.files = files
        return files

    def figure(self) -> Any:
        """The interactive Plotly figure of a graph, step matrix, Sankey or retention view (else ``None``)."""
        from synthpersona.reporting import behaviour as charts

        groups = self.params.get("groups")
        vs = f" — {groups[0]} minus {groups[1]}" if groups else ""
        if self.view == "graph":
            weight = "share_diff" if groups else "share"
            return charts.graph_figure(self.table, weight=weight, title=f"Transition graph{vs}")
        if self.view == "steps":
            return charts.step_matrix_figure(self.table, title=f"Step matrix{vs}")
        if self.view == "sankey":
            by = f" by {self.params['group_by']}" if self.params.get("group_by") else ""
            return charts.sankey_figure(self.table, title=f"Step Sankey{by}")
        if self.retention is not None:
            return charts.retention_figure(
                self.retention.shares, self.retention.sizes, title="Retention by cohort"
            )
        return None


def view_html(result: BehaviourView) -> str:
    """A self-contained HTML page of ``result`` (Plotly inlined; a plain table for compare/paths)."""
    fig = result.figure()
    if fig is not None:
        return str(fig.to_html(include_plotlyjs=True, full_html=True))
    title = f"{result.view}: {result.n_events:,} events, {result.n_users:,} users"
    table = result.table.to_html(index=False, float_format=lambda v: f"{v:.4g}", na_rep="")
    head = f"<head><meta charset='utf-8'><title>{title}</title></head>"
    return f"<!doctype html><html>{head}<body><h1>{title}</h1>{table}</body></html>"


def _clean(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item"):
        value = value.item()
        return None if isinstance(value, float) and math.isnan(value) else value
    if isinstance(value, tuple):
        return list(value)
    return value


def load_behaviour_events(
    source: pd.DataFrame | str | Path | None = None,
    *,
    columns: Mapping[str, str] | None = None,
    pipeline: analytics.Pipeline | Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
) -> tuple[pd.DataFrame, analytics.Pipeline]:
    """Load an event log (``None``: the bundled sample) and apply a preprocessing pipeline."""
    from synthpersona.simulation import load_event_log, sample_events_path

    events = load_event_log(source if source is not None else sample_events_path(), columns)
    pipe = pipeline if isinstance(pipeline, analytics.Pipeline) else analytics.Pipeline.from_dict(pipeline)
    return (pipe.apply(events) if pipe.steps else events), pipe


def event_log_columns(source: str | Path, rows: int = 5) -> dict[str, Any]:
    """The columns of an event-log file and which event-log column each seems to be, before loading it.

    Returns ``columns`` (the file's header), ``detected`` (canonical name -> the file's column or
    ``None``, from :func:`synthpersona.simulation.etl.detect_event_columns`) and ``preview`` (the
    first ``rows`` rows as text). The file is read by the format registry's table readers, so
    any format an event log may come in is read the same way. Pass the completed ``detected``
    mapping as ``columns=`` to :func:`load_behaviour_events` or the simulation.

    Examples
    --------
    >>> from synthpersona.simulation import sample_events_path
    >>> event_log_columns(sample_events_path())["detected"]["event"]
    'event'
    """
    from synthpersona.simulation.etl import detect_event_columns
    from synthpersona.tables import read_table

    frame, _ = read_table(source, head=rows)
    columns = [str(c) for c in frame.columns]
    return {"columns": columns, "detected": detect_event_columns(columns), "preview": frame}


def _vocabulary(events: pd.DataFrame) -> list[str]:
    ev = events["event"]
    cats = ev.cat.categories if isinstance(ev.dtype, pd.CategoricalDtype) else pd.unique(ev.astype(str))
    return [str(c) for c in cats]


def _target(events: pd.DataFrame, target: str | Sequence[str] | None) -> list[str]:
    """The conversion event(s): as given (checked), or the log's completion-like events."""
    from synthpersona.simulation.features import default_completion_events, resolve_events

    vocab = _vocabulary(events)
    if target:
        names = [target] if isinstance(target, str) else list(target)
        return resolve_events(
            [n for part in names for n in str(part).split(",") if n.strip()], vocab, "Target"
        )
    found = sorted(default_completion_events(vocab))
    if not found:
        raise InputError(
            "No conversion event given and none looks like one; pass the target event, one of "
            f"{', '.join(vocab)}.",
            code="missing_target",
            details={"allowed": vocab},
        )
    return found


def converted_groups(events: pd.DataFrame, target: Sequence[str]) -> dict[Any, str]:
    """User id -> ``"converted"`` or ``"not converted"`` (reached one of ``target`` or not).

    Examples
    --------
    >>> events = pd.DataFrame({"user_id": ["a", "a", "b"], "event": ["home", "buy", "home"],
    ...     "timestamp": pd.to_datetime([0, 1, 0], unit="s")})
    >>> converted_groups(events, ["buy"])
    {'a': 'converted', 'b': 'not converted'}
    """
    metrics = analytics.path_metrics(events, list(target))
    labels = metrics["converted"].map({True: CONVERTED, False: NOT_CONVERTED})
    return dict(zip(metrics["user_id"], labels, strict=True))


def _groups(
    events: pd.DataFrame,
    group_by: str,
    target: list[str] | None,
    *,
    k: int | None,
    random_state: int | None,
    engine: Any = None,
) -> tuple[str | dict[Any, str], tuple[str, str] | None]:
    """The grouping to pass to :mod:`analytics`, and the default pair for special groupings."""
    if group_by == "converted":
        return converted_groups(events, target or _target(events, None)), (CONVERTED, NOT_CONVERTED)
    if group_by == "persona":
        from synthpersona.simulation import cluster_event_sequences
        from synthpersona.simulation.sql import cluster_events_in_engine

        clustering = (
            cluster_event_sequences(events, k, random_state=random_state)
            if engine is None
            else cluster_events_in_engine(events, engine, k, random_state=random_state)
        )
        ids = list(clustering.row_ids) if clustering.row_ids is not None else []
        return {u: f"persona {int(c)}" for u, c in zip(ids, clustering.labels, strict=True)}, None
    if group_by not in events.columns:
        choices = [*GROUP_SPECIALS, *(str(c) for c in events.columns if c not in ("event", "timestamp"))]
        raise InputError(
            f"Cannot group by {group_by!r}.{did_you_mean(group_by, choices)} "
            f"Choose one of: {', '.join(choices)}.",
            code="unknown_group_by",
            details={"group_by": group_by, "allowed": choices},
        )
    return group_by, None


def analyse(
    view: str,
    source: pd.DataFrame | str | Path | None = None,
    *,
    group_by: str | None = None,
    groups: Sequence[str] | None = None,
    target: str | Sequence[str] | None = None,
    max_steps: int = 10,
    back_from: str | None = None,
    period: str = "week",
    cohort_event: str | None = None,
    return_event: str | None = None,
    min_count: int = 0,
    min_share: float = 0.0,
    path_unit: str = "user",
    pipeline: analytics.Pipeline | Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
    columns: Mapping[str, str] | None = None,
    k: int | None = None,
    random_state: int | None = 0,
    out_dir: str | Path | None = None,
    engine: Any = None,
) -> BehaviourView:
    """Compute one behaviour view on an event log.

    Parameters
    ----------
    view
        ``"graph"`` (transition graph; with ``group_by`` the difference A minus B),
        ``"steps"`` (step matrix; with ``group_by`` the difference A minus B),
        ``"sankey"`` (flows between consecutive steps; with ``group_by`` one Sankey per
        group, e.g. per A/B arm or persona),
        ``"compare"`` (statistics table, needs ``group_by``), ``"retention"`` (cohort
        matrix) or ``"paths"`` (per-user metrics).
    source
        A path, a DataFrame, or ``None`` for the bundled sample log.
    group_by
        A column of the log, ``"converted"`` or ``"persona"``.
    groups
        The two groups (A, B) to compare; default the two largest (converted vs not
        converted for ``"converted"``).
    target
        Conversion event(s) (compare, paths, ``group_by="converted"``; default the log's
        completion-like events such as ``signup_complete`` or ``purchase``).
    max_steps, back_from
        Step matrix and Sankey: number of steps, and (step matrix) the event to count back
        from (``None``: from the path's start).
    period, cohort_event, return_event
        Retention: see :func:`synthpersona.analytics.retention_matrix`.
    min_count, min_share
        Graph: edge filters; Sankey: ``min_share`` hides thinner flows.
    path_unit
        ``"user"`` or ``"session"``.
    k, random_state
        ``group_by="persona"``: number of personas (``None``: automatic) and seed.
    pipeline
        Preprocessing steps (``{"steps": [...]}``), applied after loading.
    out_dir
        Write the view's files there.
    engine
        ``None``: in memory, unless ``SYNTHPERSONA_ENGINE`` is set and ``source`` is a path (or
        the bundled sample): then that engine. An engine, its name (``"duckdb"``, ``"spark"``) or a
        ``SparkSession``: the graph, step matrix and retention views (ungrouped, or grouped by
        ``"converted"`` or ``"persona"``, without a pipeline) are computed in SQL over the log
        read in place, so only their counts reach memory
        (:mod:`synthpersona.simulation.sql_analytics`); ``params["engine"]`` says so. Other
        views load the log, and cluster personas through the engine
        (:mod:`synthpersona.simulation.sql`, the same personas on logs up to 200,000 users).

    Examples
    --------
    >>> result = analyse("graph", min_share=0.3)
    >>> set(result.table.columns) >= {"source", "target", "count", "share"}
    True
    """
    if view not in VIEWS:
        raise InputError(
            f"View {view!r} is not one of {', '.join(VIEWS)}.{did_you_mean(view, VIEWS)}",
            code="unknown_view",
            details={"allowed": list(VIEWS)},
        )
    if groups is not None and len(groups) != 2:
        raise InputError(f"Give exactly two groups to compare, got {len(groups)}: {list(groups)}.")
    options = ViewOptions(
        max_steps=max_steps,
        back_from=back_from,
        period=period,
        cohort_event=cohort_event,
        return_event=return_event,
        min_count=min_count,
        min_share=min_share,
        path_unit=path_unit,
        groups_asked=bool(groups),
    )
    pair: tuple[str, str] | None = (str(groups[0]), str(groups[1])) if groups else None
    engine = engine_for_source(source, engine)  # a path: the SYNTHPERSONA_ENGINE setting when set
    if runs_in_engine(view, engine, group_by, pipeline):  # the log read in place, the view in SQL
        table, params, retention, n_events, n_users = analyse_in_engine(
            view,
            source,
            engine=engine,
            group_by=group_by,
            pair=pair,
            target=target,
            options=options,
            columns=columns,
            k=k,
            random_state=random_state,
        )
        pipe_doc = analytics.Pipeline.from_dict(None).to_dict()
    else:
        events, pipe = load_behaviour_events(source, columns=columns, pipeline=pipeline)
        needs_target = view in ("compare", "paths") or group_by == "converted"
        targets = _target(events, target) if needs_target else None
        grouping: str | dict[Any, str] | None = None
        if group_by is not None:
            grouping, default_pair = _groups(
                events, group_by, targets, k=k, random_state=random_state, engine=engine
            )
            pair = pair or default_pair
        params = {"path_unit": path_unit, "group_by": group_by}
        table, retention = compute(view, MEMORY, Inputs(events, grouping, pair, targets, options), params)
        pipe_doc, n_events, n_users = pipe.to_dict(), len(events), int(events["user_id"].nunique())
    if group_by == "persona":
        params.update(k=k, random_state=random_state)
    result = BehaviourView(view, table, params, pipe_doc, n_events, n_users, retention=retention)
    if out_dir is not None:
        result.write(out_dir)
    return result


#: Store kind of behaviour views computed as jobs (``POST /behaviour/{view}/jobs``).
RESULT_KIND = "behaviour_result"


def save_result(store: Store, out: dict[str, Any], *, tenant: str) -> str:
    """Store a view's JSON (:meth:`BehaviourView.to_dict`) as ``tenant``'s; return its random id."""
    import uuid
    from datetime import UTC, datetime

    result_id = uuid.uuid4().hex
    created = datetime.now(UTC).isoformat(timespec="seconds")
    doc = {**out, "result_id": result_id, "tenant": tenant, "created_at": created}
    store.put_document(RESULT_KIND, result_id, doc)
    return result_id


def get_result(store: Store, result_id: str, *, tenant: str) -> dict[str, Any]:
    """A stored view of ``tenant``; another tenant's is not found, as a missing one."""
    from synthpersona.errors import NotFoundError
    from synthpersona.usecases.tenants import owned_by

    doc = store.get_document(RESULT_KIND, result_id)
    if not owned_by(doc, tenant):
        raise NotFoundError(
            f"No {RESULT_KIND} with id {result_id!r}.",
            code=f"{RESULT_KIND}_not_found",
            details={"kind": RESULT_KIND, "id": result_id},
        )
    return {k: v for k, v in doc.items() if k != "tenant"}


def list_results(store: Store, *, tenant: str) -> list[dict[str, Any]]:
    """Summaries of ``tenant``'s stored views, oldest first (the views' data left out).

    Each has ``result_id``, ``view``, ``source``, ``n_events``, ``n_users`` and
    ``created_at`` (``None`` for views stored before it was recorded).
    """
    from synthpersona.usecases.tenants import owned_by

    fields = ("result_id", "view", "source", "n_events", "n_users", "created_at")
    return [
        {f: doc.get(f) for f in fields} for doc in store.list_documents(RESULT_KIND) if owned_by(doc, tenant)
    ]


def delete_result(store: Store, result_id: str, *, tenant: str) -> None:
    """Delete ``tenant``'s stored view ``result_id``; another tenant's is not found, as a missing one."""
    get_result(store, result_id, tenant=tenant)
    store.delete_document(RESULT_KIND, result_id)


def delete_results_of(store: Store, dataset_id: str) -> int:
    """Delete every stored view computed from the dataset ``dataset_id``; return how many."""
    from synthpersona.errors import NotFoundError

    removed = 0
    for doc in store.list_documents(RESULT_KIND):
        if doc.get("source") == dataset_id:
            try:
                store.delete_document(RESULT_KIND, str(doc["result_id"]))
                removed += 1
            except NotFoundError:  # deleted meanwhile by a concurrent request
                pass
    return removed
