"""Trust use cases: back-testing, privacy, versions and representation (CLI, API, UI, reports).

One module per concern, all re-exported here: back-tests
(:mod:`~synthpersona.usecases.trust_backtest`), privacy of tables
(:mod:`~synthpersona.usecases.trust_privacy`) and of goal anchors
(:mod:`~synthpersona.usecases.trust_anchors`), diffs of versions
(:mod:`~synthpersona.usecases.trust_versions`; stored goal runs:
:mod:`~synthpersona.usecases.trust_runs`) and representation
(:mod:`~synthpersona.usecases.trust_represent`); clickstream versions and representation
(:mod:`~synthpersona.usecases.trust_events`).

Every function that segments data takes ``engine=`` (an engine, its name or a SparkSession)
and hands it to the run it makes: goal functions to ``run_goal`` and the population, table
functions to ``analyze_table`` (its SQL counts), as documented there.

Examples
--------
>>> bt = backtest_goal("college students interested in headphones")  # doctest: +SKIP
>>> round(bt.calibration, 2)  # doctest: +SKIP
0.97
"""

from __future__ import annotations

from synthpersona.usecases.trust_anchors import privacy_goal, privacy_goal_run, public_summary
from synthpersona.usecases.trust_backtest import (
    backtest_dict,
    backtest_event_log,
    backtest_frame,
    backtest_goal,
    backtest_table,
)
from synthpersona.usecases.trust_events import (
    diff_event_logs,
    diff_events,
    drift_lines,
    representation_events,
    representation_lines,
)
from synthpersona.usecases.trust_privacy import (
    check_k_anonymity,
    privacy_events,
    privacy_frame,
    privacy_lines,
    privacy_table,
    protect_analysis,
)
from synthpersona.usecases.trust_represent import (
    representation_frame,
    representation_goal,
    representation_table,
)
from synthpersona.usecases.trust_runs import diff_stored_runs, goal_run_versions, stored_run_history
from synthpersona.usecases.trust_versions import diff_frames, diff_runs, diff_tables, persona_history

__all__ = [
    "backtest_dict",
    "backtest_event_log",
    "backtest_frame",
    "backtest_goal",
    "backtest_table",
    "check_k_anonymity",
    "diff_event_logs",
    "diff_events",
    "diff_frames",
    "diff_runs",
    "diff_stored_runs",
    "diff_tables",
    "drift_lines",
    "goal_run_versions",
    "persona_history",
    "privacy_events",
    "privacy_frame",
    "privacy_goal",
    "privacy_goal_run",
    "privacy_lines",
    "privacy_table",
    "protect_analysis",
    "public_summary",
    "representation_events",
    "representation_frame",
    "representation_goal",
    "representation_lines",
    "representation_table",
    "stored_run_history",
]
