"""The files of a simulation run: its report, deck, behaviour views and members (one step of
:func:`synthpersona.usecases.simulation.run_simulation`)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from synthpersona.errors import InputError
from synthpersona.reporting.simulation import write_simulation_report

if TYPE_CHECKING:
    from synthpersona.usecases.simulation import SimulationRun

_log = logging.getLogger(__name__)


def write_reports(run: SimulationRun, out_dir: Path, deck: bool) -> None:
    run.out_dir = out_dir
    views, graph = _behaviour_views(run)
    run.files = write_simulation_report(
        out_dir,
        experiment=run.experiment,
        generator=run.generator,
        personas=(run.segments, run.personas),
        funnel_events=run.funnel,
        real_funnel=run.real_funnel,
        validation=run.validation,
        ingest=run.ingest,
        extra={
            "simulation_id": run.simulation_id,
            "clustering": run.clustering.summary(),
            "planted_ari": run.planted_ari,
            # what 'synthpersona verify' needs to recompute the personas from the log
            "completion_events": run.completion_events,
            "drop_events": run.drop_events,
            # what was generalised so that no persona singles out fewer than k users (docs/trust.md)
            "privacy": run.privacy.summary() if run.privacy else None,
            # how the personas cover the log's users, and what changed since compare_to (docs/trust.md)
            "representation": run.representation.summary() if run.representation else None,
            "drift": run.drift.summary() if run.drift else None,
        },
        deck=deck,
        behaviour=views,
        behaviour_graph=graph,  # also as a page whose nodes can be dragged, linked from index.html
    )
    # who is in which behavioural segment (activation, and verify)
    from synthpersona.usecases._verify_more import MEMBERS_FILE, members_of_events

    members = out_dir / MEMBERS_FILE
    members_of_events(run.events).to_parquet(members, index=False)
    run.files[MEMBERS_FILE] = members


def _behaviour_views(run: SimulationRun) -> tuple[dict[str, tuple[Any, str, str]], pd.DataFrame | None]:
    """How converters and the rest move differently in the real log, for the report and deck.

    The log is already loaded and the users grouped once; both views read them. Also returns
    the transition-graph difference itself (for the draggable page).
    """
    from synthpersona import analytics
    from synthpersona.reporting import behaviour as charts
    from synthpersona.usecases.behaviour import CONVERTED, NOT_CONVERTED, converted_groups

    pair = (CONVERTED, NOT_CONVERTED)
    try:
        groups = converted_groups(run.events, run.completion_events)
        steps = analytics.step_matrix_difference(
            run.events, groups, pair, max_steps=max(len(run.funnel) + 2, 5)
        )
        graph = analytics.transition_graph_difference(run.events, groups, pair)
    except InputError as exc:  # e.g. nobody (or everybody) converted: no two groups to compare
        _log.info("behaviour views skipped: %s", exc)
        return {}, None
    vs = f" — {CONVERTED} minus {NOT_CONVERTED}"
    views = {
        "behaviour_steps": (
            charts.step_matrix_figure(steps, title=f"Step matrix{vs}"),
            "Where converters and the rest part ways",
            f"Step matrix of the real log: share of {CONVERTED} users at each event by step, "
            f"minus {NOT_CONVERTED}",
        ),
        "behaviour_graph": (
            charts.graph_figure(graph, weight="share_diff", title=f"Transition graph{vs}"),
            "How they move differently",
            f"Transition graph of the real log: {CONVERTED} minus {NOT_CONVERTED} "
            f"(green: {CONVERTED} move more)",
        ),
    }
    return views, graph
