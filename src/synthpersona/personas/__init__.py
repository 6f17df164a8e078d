"""Segments and personas of a goal audience, grounded in the data (seed 000's workflow).

:func:`profile_clusters` turns clusters into core :class:`~synthpersona.model.Segment`
objects and :func:`build_personas` anchors core :class:`~synthpersona.model.Persona`
objects on real members. Every number in a label, description or persona is computed
from the segment's members, and each claim carries the
:class:`~synthpersona.model.Evidence` behind it. Seed 000's JSON is written by
:mod:`synthpersona.views.seed000`.
"""

from synthpersona.personas._personas import (
    age_band,
    build_personas,
    income_band,
    level,
    relevance_label,
)
from synthpersona.personas._profiles import personas_per_cluster, profile_clusters, separation_label
from synthpersona.personas._stats import ClusterStats, TraitStat, compute_stats, describe, whole
from synthpersona.personas._traits import BARRIER_WORDS, CARE_WORDS, band, bands
from synthpersona.personas._verify import Mismatch, verify_goal_output
from synthpersona.personas.rules import RULES, WordRule, rule_of

__all__ = [
    "BARRIER_WORDS",
    "CARE_WORDS",
    "RULES",
    "ClusterStats",
    "Mismatch",
    "TraitStat",
    "WordRule",
    "age_band",
    "band",
    "bands",
    "build_personas",
    "compute_stats",
    "describe",
    "income_band",
    "level",
    "personas_per_cluster",
    "profile_clusters",
    "relevance_label",
    "rule_of",
    "separation_label",
    "verify_goal_output",
    "whole",
]
