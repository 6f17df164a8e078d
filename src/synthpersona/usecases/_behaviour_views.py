"""One dispatch of the behaviour views over two backends: pandas in memory and SQL in an engine.

:func:`synthpersona.usecases.behaviour.analyse` resolves the data (a loaded frame, or a log
registered with a query engine) and the grouping, then calls :func:`compute`, which looks the
view up in :data:`VIEW_STEPS` and runs it on the backend's functions (:data:`MEMORY`:
:mod:`synthpersona.analytics`; :func:`sql_backend`: :mod:`synthpersona.simulation.sql_analytics`).
A view computed on both backends is described once, so its parameters and output are the same.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from synthpersona import analytics
from synthpersona.errors import InputError

#: Groupings that are not a column of the log.
GROUP_SPECIALS = ("converted", "persona")


@dataclass(frozen=True)
class Backend:
    """The functions one backend computes the shared views with (same keywords on both)."""

    transition_graph: Callable[..., pd.DataFrame]
    transition_graph_difference: Callable[..., pd.DataFrame]
    step_matrix: Callable[..., pd.DataFrame]
    step_matrix_difference: Callable[..., pd.DataFrame]
    retention_matrix: Callable[..., Any]
    in_memory: bool


MEMORY = Backend(
    analytics.transition_graph,
    analytics.transition_graph_difference,
    analytics.step_matrix,
    analytics.step_matrix_difference,
    analytics.retention_matrix,
    in_memory=True,
)


def sql_backend() -> Backend:
    """The SQL twins of the shared views (imported on use: the engine path is optional)."""
    from synthpersona.simulation import sql_analytics as q

    return Backend(
        q.transition_graph_sql,
        q.transition_graph_difference_sql,
        q.step_matrix_sql,
        q.step_matrix_difference_sql,
        q.retention_matrix_sql,
        in_memory=False,
    )


@dataclass(frozen=True)
class ViewOptions:
    """The parameters of a view, as :func:`~synthpersona.usecases.behaviour.analyse` takes them."""

    max_steps: int = 10
    back_from: str | None = None
    period: str = "week"
    cohort_event: str | None = None
    return_event: str | None = None
    min_count: int = 0
    min_share: float = 0.0
    path_unit: str = "user"
    groups_asked: bool = False  # the caller named the two groups (sankey keeps only those)


@dataclass
class Inputs:
    """What a view step reads: the data, the grouping and pair, the targets, the options."""

    data: Any  # a loaded frame (memory) or an engine's EventTable (SQL)
    grouping: Any  # None, a column name or {user: group} (memory), or groups SQL (engine)
    pair: tuple[str, str] | None
    targets: list[str] | None
    options: ViewOptions


Step = Callable[[Backend, Inputs, dict[str, Any]], tuple[pd.DataFrame, Any]]


def _graph(b: Backend, x: Inputs, params: dict[str, Any]) -> tuple[pd.DataFrame, Any]:
    o = x.options
    if x.grouping is None:
        table = b.transition_graph(
            x.data, path_unit=o.path_unit, min_count=o.min_count, min_share=o.min_share
        )
    else:
        table = b.transition_graph_difference(
            x.data, x.grouping, x.pair, path_unit=o.path_unit, min_count=o.min_count
        )
        params["groups"] = list(table.attrs["groups"])
    params.update(min_count=o.min_count, min_share=o.min_share)
    return table, None


def _steps(b: Backend, x: Inputs, params: dict[str, Any]) -> tuple[pd.DataFrame, Any]:
    o = x.options
    if x.grouping is None:
        table = b.step_matrix(x.data, max_steps=o.max_steps, target=o.back_from, path_unit=o.path_unit)
        params["n_paths"] = table.attrs["n_paths"]
    else:
        table = b.step_matrix_difference(
            x.data, x.grouping, x.pair, max_steps=o.max_steps, target=o.back_from, path_unit=o.path_unit
        )
        params["groups"] = list(table.attrs["groups"])
        params["n_paths"] = list(table.attrs["n_paths"])
    params.update(max_steps=o.max_steps, back_from=o.back_from)
    return table, None


def _retention(b: Backend, x: Inputs, params: dict[str, Any]) -> tuple[pd.DataFrame, Any]:
    o = x.options
    retention = b.retention_matrix(
        x.data, period=o.period, cohort_event=o.cohort_event, return_event=o.return_event
    )
    params.update(period=o.period, cohort_event=o.cohort_event, return_event=o.return_event)
    return retention.shares, retention


def _sankey(b: Backend, x: Inputs, params: dict[str, Any]) -> tuple[pd.DataFrame, Any]:
    o = x.options
    table = analytics.step_sankey(
        x.data, max_steps=o.max_steps, group_by=x.grouping, min_share=o.min_share, path_unit=o.path_unit
    )
    if o.groups_asked:  # the groups asked for, in that order (all groups otherwise)
        n_paths = {g: table.attrs["n_paths"][g] for g in x.pair or () if g in table.attrs["n_paths"]}
        table = pd.concat([table[table["group"] == g] for g in n_paths], ignore_index=True)
        table.attrs["n_paths"] = n_paths
        params["groups"] = list(n_paths)
    params.update(max_steps=o.max_steps, min_share=o.min_share, n_paths=table.attrs["n_paths"])
    return table, None


#: Steps from the start that ``compare`` tests one by one (from which step two groups part).
STEPS_TESTED = 10


def _compare(b: Backend, x: Inputs, params: dict[str, Any]) -> tuple[pd.DataFrame, Any]:
    if x.grouping is None:
        raise InputError(
            "compare needs the groups: pass group_by (a column of the log, 'converted' or 'persona').",
            code="missing_group_by",
            details={"allowed": [*GROUP_SPECIALS, *(str(c) for c in x.data.columns)]},
        )
    table = analytics.compare_groups(
        x.data, x.grouping, x.targets or [], x.pair, path_unit=x.options.path_unit, steps_tested=STEPS_TESTED
    )
    from synthpersona.reporting.behaviour import compare_headline

    params.update(
        groups=list(table.attrs["groups"]),
        target=x.targets,
        first_step=table.attrs["first_step"],
        answer=compare_headline(table),
    )
    return table, None


def _paths(b: Backend, x: Inputs, params: dict[str, Any]) -> tuple[pd.DataFrame, Any]:
    table = analytics.path_metrics(x.data, x.targets or [], path_unit=x.options.path_unit)
    params["target"] = x.targets
    return table, None


#: Every view and its step; those in :data:`SQL_VIEWS` run on either backend, the rest in memory.
VIEW_STEPS: dict[str, Step] = {
    "graph": _graph,
    "steps": _steps,
    "sankey": _sankey,
    "compare": _compare,
    "retention": _retention,
    "paths": _paths,
}
SQL_VIEWS = ("graph", "steps", "retention")


def compute(view: str, backend: Backend, inputs: Inputs, params: dict[str, Any]) -> tuple[pd.DataFrame, Any]:
    """The view's table and (retention) its :class:`~synthpersona.analytics.Retention`; ``params`` filled."""
    if not backend.in_memory and view not in SQL_VIEWS:
        raise ValueError(f"{view!r} has no SQL twin; compute it in memory")
    return VIEW_STEPS[view](backend, inputs, params)
