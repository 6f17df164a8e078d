"""Clickstream -> behavioural personas -> simulated product changes (seed 002).

The public modules map one to one onto the seed's sample workflow:

- :mod:`~synthpersona.simulation.etl`: ``load_event_log``, ``load_event_log_csv``.
- :mod:`~synthpersona.simulation.features`: session, path (funnel) and user features.
- :mod:`~synthpersona.simulation.segmentation`: encode and cluster event sequences,
  attach clusters, profile and name behavioural personas.
- :mod:`~synthpersona.simulation.persona_generator`: ``MarkovPersonaGenerator`` and its
  validation against held-out sessions.
- :mod:`~synthpersona.simulation.environment`: ``ProductFlowSimulator``, ``FlowModification``.
- :mod:`~synthpersona.simulation.experiments`: ``run_ab_experiment`` and test planning.
- :mod:`~synthpersona.simulation.sample`: the sample log generator and bundled sample.
"""

from synthpersona.simulation._profiling import BehaviouralPersona, profile_behavioural_personas
from synthpersona.simulation._validation import GeneratorValidation, validate_generator
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
    engineer_path_features,
    engineer_session_features,
    engineer_user_features,
)
from synthpersona.simulation.persona_generator import MarkovPersonaGenerator, SyntheticSessions
from synthpersona.simulation.sample import make_sample_events, sample_events_path
from synthpersona.simulation.segmentation import (
    SequenceClustering,
    attach_clusters,
    cluster_event_sequences,
    encode_event_sequences,
    planted_group_agreement,
)

__all__ = [
    "ABExperiment",
    "BehaviouralPersona",
    "FlowModification",
    "GeneratorValidation",
    "IngestReport",
    "MarkovPersonaGenerator",
    "ProductFlowSimulator",
    "SequenceClustering",
    "SimulationResult",
    "SyntheticSessions",
    "attach_clusters",
    "cluster_event_sequences",
    "encode_event_sequences",
    "engineer_path_features",
    "engineer_session_features",
    "engineer_user_features",
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
    "validate_generator",
    "wilson_interval",
]
