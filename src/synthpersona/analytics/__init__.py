"""Behaviour analytics over event logs: transition graph, step matrix, retention, comparison.

Library functions over a canonical event log (``user_id, event, timestamp``, plus
``session_id`` and attribute columns, as :func:`synthpersona.simulation.load_event_log`
returns it) that return data: pandas DataFrames and dataclasses. Rendering lives in
``synthpersona.reporting.behaviour``; the CLI and API call ``synthpersona.usecases.behaviour``.

- :func:`transition_graph`, :func:`transition_graph_by_group`, :func:`transition_graph_difference`
- :func:`step_matrix`, :func:`step_matrix_difference`
- :func:`step_sankey` (flows between consecutive steps, per A/B arm or persona)
- :func:`compare_groups` (two-proportion z, chi-square, Mann-Whitney U, Kolmogorov-Smirnov,
  Benjamini-Hochberg; step by step, :func:`first_step`) and :func:`benjamini_hochberg`
- :func:`retention_matrix` (:class:`Retention`), :func:`time_to_event`
- :func:`path_metrics`
- :class:`Pipeline` of preprocessing steps (:data:`STEPS`)

Every view works on integer-coded numpy arrays (one factorize, no Python loop over
rows or users), so a 5,000,000-event log takes seconds (``benchmarks/bench_behaviour.py``).
"""

from synthpersona.analytics._compare import (
    COMPARE_COLUMNS,
    STEP_TEST,
    benjamini_hochberg,
    compare_group_counts,
    compare_groups,
    first_step,
)
from synthpersona.analytics._graph import (
    EDGE_COLUMNS,
    transition_graph,
    transition_graph_by_group,
    transition_graph_difference,
)
from synthpersona.analytics._log import PATH_UNITS
from synthpersona.analytics._paths import path_metrics, time_to_event
from synthpersona.analytics._prep import (
    STEPS,
    AddMarkers,
    CollapseRepeats,
    FilterEvents,
    FilterUsers,
    Pipeline,
    RenameEvents,
    SplitSessions,
    Step,
    Truncate,
)
from synthpersona.analytics._retention import PERIODS, Retention, retention_matrix
from synthpersona.analytics._sankey import SANKEY_COLUMNS, step_sankey
from synthpersona.analytics._steps import ENDED, NOT_STARTED, step_matrix, step_matrix_difference

__all__ = [
    "COMPARE_COLUMNS",
    "EDGE_COLUMNS",
    "ENDED",
    "NOT_STARTED",
    "PATH_UNITS",
    "PERIODS",
    "SANKEY_COLUMNS",
    "STEPS",
    "STEP_TEST",
    "AddMarkers",
    "CollapseRepeats",
    "FilterEvents",
    "FilterUsers",
    "Pipeline",
    "RenameEvents",
    "Retention",
    "SplitSessions",
    "Step",
    "Truncate",
    "benjamini_hochberg",
    "compare_group_counts",
    "compare_groups",
    "first_step",
    "path_metrics",
    "retention_matrix",
    "step_matrix",
    "step_matrix_difference",
    "step_sankey",
    "time_to_event",
    "transition_graph",
    "transition_graph_by_group",
    "transition_graph_difference",
]
