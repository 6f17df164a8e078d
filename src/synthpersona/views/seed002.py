"""Seed 002's behavioural persona summary (clickstream), over the core model.

- :func:`persona_summary`: the table ``reporting.build_persona_summary`` returns (one row
  per behavioural persona).
- :func:`persona_record`: one persona as the simulation summary (API, ``summary.json``)
  carries it.

Examples
--------
>>> from synthpersona.simulation import make_sample_events, cluster_event_sequences, attach_clusters
>>> from synthpersona.simulation import profile_behavioural_personas
>>> log = make_sample_events(random_state=0)
>>> segments, personas = profile_behavioural_personas(
...     attach_clusters(log, cluster_event_sequences(log, k=3)))
>>> list(persona_summary(segments, personas).columns[:3])
['cluster_id', 'persona', 'users']
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from synthpersona.model import BehaviourSegmentFacts, Persona, Segment
from synthpersona.personas.rules import evidence_record

__all__ = ["persona_record", "persona_summary"]


def _facts(seg: Segment) -> BehaviourSegmentFacts:
    if not isinstance(seg.facts, BehaviourSegmentFacts):
        raise TypeError(f"Segment {seg.segment_id} is not a clickstream segment.")
    return seg.facts


def _pairs(segments: Sequence[Segment], personas: Sequence[Persona]) -> list[tuple[Segment, Persona]]:
    by_id = {s.segment_id: s for s in segments}
    return [(by_id[p.segment_id], p) for p in personas]


def persona_record(seg: Segment, p: Persona) -> dict[str, Any]:
    """One behavioural persona: size, conversion, paths, exit, traits, description and name evidence."""
    f = _facts(seg)
    return {
        "cluster_id": seg.segment_id,
        "name": p.name,
        "n_users": seg.size,
        "n_sessions": f.n_sessions,
        "share_users": seg.share,
        "conversion_rate": seg.outcome.rate if seg.outcome is not None else 0.0,
        "median_session_events": f.median_session_events,
        "mean_duration_s": f.mean_duration_s,
        "mean_back_steps": f.mean_back_steps,
        "typical_paths": [tuple(t) for t in f.typical_paths],
        "exit_event": f.exit_event,
        "dropoff_step": f.dropoff_step,
        "distinctive_events": [tuple(t) for t in f.distinctive_events],
        "traits": copy.deepcopy(f.traits),
        "description": p.narrative,
        "evidence": [evidence_record(e) for e in p.evidence],
        # the share of sessions on Saturday or Sunday, when the profiler measured it
        **({"weekend_share": f.weekend_share} if f.weekend_share is not None else {}),
    }


def persona_summary(segments: Sequence[Segment], personas: Sequence[Persona]) -> pd.DataFrame:
    """One row per behavioural persona: size, conversion, typical path, exit and top trait."""
    rows = []
    for seg, p in _pairs(segments, personas):
        f = _facts(seg)
        trait = f.traits[0] if f.traits else None
        rows.append(
            {
                "cluster_id": seg.segment_id,
                "persona": p.name,
                "users": seg.size,
                "share_users": seg.share,
                "sessions": f.n_sessions,
                "conversion_rate": seg.outcome.rate if seg.outcome is not None else 0.0,
                "median_session_events": f.median_session_events,
                "mean_duration_s": f.mean_duration_s,
                "typical_path": f.typical_paths[0][0] if f.typical_paths else "",
                "typical_path_share": f.typical_paths[0][1] if f.typical_paths else np.nan,
                "exit_event": f.exit_event,
                "dropoff_step": f.dropoff_step,
                "distinctive_events": ", ".join(e for e, _ in f.distinctive_events),
                "top_trait": (
                    f"{trait['attribute']}={trait['value']} ({trait['lift']:.1f}x)"
                    if trait and trait.get("lift")
                    else ""
                ),
                "description": p.narrative,
            }
        )
    return pd.DataFrame(rows)
