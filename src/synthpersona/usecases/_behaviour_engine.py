"""Behaviour views through a query engine: the log read in place, the views computed in SQL (issue 18).

:func:`synthpersona.usecases.behaviour.analyse` comes here when it is given ``engine=`` for a
view that has a SQL twin (``_behaviour_views.SQL_VIEWS``: graph, step matrix, retention) and no
preprocessing pipeline: the log is registered with the engine by path
(:func:`~synthpersona.simulation.sql.open_event_log`), groups are SQL over it (converters, or the
behavioural personas the engine-side clustering labels), and
:mod:`synthpersona.simulation.sql_analytics` brings back only the counts behind each view.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from synthpersona.errors import DataError, InputError, SynthPersonaError
from synthpersona.usecases._behaviour_views import SQL_VIEWS, Inputs, ViewOptions, compute, sql_backend

#: Groupings the engine computes itself (a log column is grouped in memory).
SQL_GROUPS = (None, "converted", "persona")
_counter = itertools.count()


def runs_in_engine(view: str, engine: Any, group_by: str | None, pipeline: Any) -> bool:
    """Whether ``analyse`` computes this view in the engine (else: in memory, as without ``engine``)."""
    steps = pipeline.get("steps") if isinstance(pipeline, Mapping) else getattr(pipeline, "steps", pipeline)
    return engine is not None and view in SQL_VIEWS and group_by in SQL_GROUPS and not steps


def _mapping(engine: Any, raw: str, columns: Mapping[str, str] | None) -> dict[str, str] | None:
    """The caller's mapping, or the log's columns recognised by name (``visitor_id``, ``action``...)."""
    if columns:
        return dict(columns)
    from synthpersona.simulation._event_columns import detect_event_columns

    found = detect_event_columns(list(engine.columns(raw)))
    return {k: v for k, v in found.items() if v is not None and "+" not in v}


def analyse_in_engine(
    view: str,
    source: pd.DataFrame | str | Path | None,
    *,
    engine: Any,
    group_by: str | None,
    pair: tuple[str, str] | None,
    target: str | Sequence[str] | None,
    options: ViewOptions,
    columns: Mapping[str, str] | None,
    k: int | None,
    random_state: int | None = 0,
) -> tuple[pd.DataFrame, dict[str, Any], Any, int, int]:
    """The view's table, its parameters, the retention (or ``None``), events and users, via SQL."""
    from synthpersona.engine import get_engine
    from synthpersona.simulation import sample_events_path
    from synthpersona.simulation.sql import open_event_log, session_summary

    eng = get_engine(engine)
    table = f"behaviour_{next(_counter)}"
    path = sample_events_path() if source is None else source
    if not isinstance(path, pd.DataFrame):  # find the columns by name, as loading in memory does
        eng.register(f"{table}_probe", str(path))
        columns = _mapping(eng, f"{table}_probe", columns)
    try:
        log = open_event_log(path, eng, columns=columns, table=table)
        groups_sql = _groups_sql(log, group_by, target, k, random_state)
        params: dict[str, Any] = {"path_unit": options.path_unit, "group_by": group_by, "engine": eng.name}
        inputs = Inputs(log, groups_sql, pair, None, options)
        out, retention = compute(view, sql_backend(), inputs, params)
        sizes = session_summary(log)
    except SynthPersonaError:
        raise
    except Exception as exc:  # the engines' own error types (e.g. a timestamp that does not parse)
        raise DataError(
            f"Could not compute the {view!r} view of {str(path)[:200]!r} through {eng.name}: {exc}. "
            "Times must be dates and times the engine reads; otherwise run without --engine.",
            code="engine_failed",
        ) from exc
    return out, params, retention, sizes["n_events"], sizes["n_users"]


def _groups_sql(
    log: Any,
    group_by: str | None,
    target: str | Sequence[str] | None,
    k: int | None,
    random_state: int | None,
) -> str | None:
    from synthpersona.simulation import sql_analytics as q
    from synthpersona.simulation.features import default_completion_events, resolve_events
    from synthpersona.simulation.sql import cluster_event_sequences_sql

    if group_by is None:
        return None
    if group_by == "persona":
        cluster_event_sequences_sql(log, k, random_state=random_state)
        return q.persona_groups_sql(log)
    if target:
        names = [target] if isinstance(target, str) else list(target)
        targets = resolve_events(
            [n for p in names for n in str(p).split(",") if n.strip()], log.vocabulary, "Target"
        )
    else:
        targets = sorted(default_completion_events(log.vocabulary))
    if not targets:
        raise InputError(
            "No conversion event given and none looks like one; pass the target event, one of "
            f"{', '.join(log.vocabulary)}.",
            code="missing_target",
            details={"allowed": log.vocabulary},
        )
    return q.converted_groups_sql(log, targets)
