"""Clickstream -> behavioural personas -> simulated product changes (seed 002).

The public modules map one to one onto the seed's sample workflow:

- :mod:`~synthpersona.simulation.etl`: ``load_event_log``, ``load_event_log_csv``.
- :mod:`~synthpersona.simulation.features`: session, path (funnel) and user features.
- :mod:`~synthpersona.simulation.sequences`: encode event sequences as a matrix, cluster
  the users (:func:`synthpersona.segmentation.cluster`), attach clusters, profile and name
  behavioural personas.
- :mod:`~synthpersona.simulation.persona_generator`: ``MarkovPersonaGenerator`` and its
  validation against held-out sessions.
- :mod:`~synthpersona.simulation.environment`: ``ProductFlowSimulator``, ``FlowModification``.
- :mod:`~synthpersona.simulation.experiments`: ``run_ab_experiment`` and test planning.
- :mod:`~synthpersona.simulation.sample`: the sample log generator and bundled sample.
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from synthpersona.simulation._profiling import profile_behavioural_personas, say_no_clear_segments
    from synthpersona.simulation._sessions import Sessions, index_sessions
    from synthpersona.simulation._stage_goal import StageGoal, add_stage_goal_events, find_stage_goal
    from synthpersona.simulation._validation import GeneratorValidation, validate_generator
    from synthpersona.simulation._verify import verify_behaviour
    from synthpersona.simulation.environment import FlowModification, ProductFlowSimulator, SimulationResult
    from synthpersona.simulation.etl import IngestReport, ingest_report, load_event_log, load_event_log_csv
    from synthpersona.simulation.experiments import (
        ABExperiment,
        minimum_detectable_effect,
        proportion_diff,
        required_sample_size,
        run_ab_experiment,
        wilson_interval,
    )
    from synthpersona.simulation.features import (
        cut_session_index,
        cut_sessions_at,
        engineer_path_features,
        engineer_session_features,
        engineer_user_features,
    )
    from synthpersona.simulation.persona_generator import MarkovPersonaGenerator, SyntheticSessions
    from synthpersona.simulation.sample import make_sample_events, sample_events_path
    from synthpersona.simulation.sequences import (
        attach_clusters,
        cluster_behaviour,
        cluster_event_sequences,
        encode_event_sequences,
        event_behaviour_counts,
        planted_group_agreement,
    )

# Names load on first use so that importing one module (e.g. the simulator) stays fast.
_EXPORTS = {
    "ABExperiment": "synthpersona.simulation.experiments",
    "FlowModification": "synthpersona.simulation.environment",
    "GeneratorValidation": "synthpersona.simulation._validation",
    "IngestReport": "synthpersona.simulation.etl",
    "MarkovPersonaGenerator": "synthpersona.simulation.persona_generator",
    "ProductFlowSimulator": "synthpersona.simulation.environment",
    "SimulationResult": "synthpersona.simulation.environment",
    "StageGoal": "synthpersona.simulation._stage_goal",
    "add_stage_goal_events": "synthpersona.simulation._stage_goal",
    "find_stage_goal": "synthpersona.simulation._stage_goal",
    "SyntheticSessions": "synthpersona.simulation.persona_generator",
    "Sessions": "synthpersona.simulation._sessions",
    "index_sessions": "synthpersona.simulation._sessions",
    "cut_session_index": "synthpersona.simulation.features",
    "attach_clusters": "synthpersona.simulation.sequences",
    "cluster_behaviour": "synthpersona.simulation.sequences",
    "cluster_event_sequences": "synthpersona.simulation.sequences",
    "cut_sessions_at": "synthpersona.simulation.features",
    "encode_event_sequences": "synthpersona.simulation.sequences",
    "event_behaviour_counts": "synthpersona.simulation.sequences",
    "engineer_path_features": "synthpersona.simulation.features",
    "engineer_session_features": "synthpersona.simulation.features",
    "engineer_user_features": "synthpersona.simulation.features",
    "ingest_report": "synthpersona.simulation.etl",
    "load_event_log": "synthpersona.simulation.etl",
    "load_event_log_csv": "synthpersona.simulation.etl",
    "make_sample_events": "synthpersona.simulation.sample",
    "minimum_detectable_effect": "synthpersona.simulation.experiments",
    "planted_group_agreement": "synthpersona.simulation.sequences",
    "profile_behavioural_personas": "synthpersona.simulation._profiling",
    "say_no_clear_segments": "synthpersona.simulation._profiling",
    "proportion_diff": "synthpersona.simulation.experiments",
    "required_sample_size": "synthpersona.simulation.experiments",
    "run_ab_experiment": "synthpersona.simulation.experiments",
    "sample_events_path": "synthpersona.simulation.sample",
    "validate_generator": "synthpersona.simulation._validation",
    "verify_behaviour": "synthpersona.simulation._verify",
    "wilson_interval": "synthpersona.simulation.experiments",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'synthpersona.simulation' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "ABExperiment",
    "FlowModification",
    "GeneratorValidation",
    "IngestReport",
    "MarkovPersonaGenerator",
    "ProductFlowSimulator",
    "Sessions",
    "SimulationResult",
    "StageGoal",
    "SyntheticSessions",
    "add_stage_goal_events",
    "attach_clusters",
    "cluster_behaviour",
    "cluster_event_sequences",
    "cut_session_index",
    "cut_sessions_at",
    "encode_event_sequences",
    "engineer_path_features",
    "engineer_session_features",
    "engineer_user_features",
    "event_behaviour_counts",
    "find_stage_goal",
    "index_sessions",
    "ingest_report",
    "load_event_log",
    "load_event_log_csv",
    "make_sample_events",
    "minimum_detectable_effect",
    "planted_group_agreement",
    "profile_behavioural_personas",
    "proportion_diff",
    "required_sample_size",
    "run_ab_experiment",
    "sample_events_path",
    "say_no_clear_segments",
    "validate_generator",
    "verify_behaviour",
    "wilson_interval",
]
