"""Cluster profiles and personas grounded in the data (seed 000's response shapes).

Every number in a label, description or persona is computed from the cluster's
members, and each persona carries ``evidence`` naming the statistic behind
each claim.
"""

from synthpersona.personas._personas import Persona, age_band, build_personas, income_band, level
from synthpersona.personas._profiles import ClusterProfile, personas_per_cluster, profile_clusters
from synthpersona.personas._stats import ClusterStats, TraitStat, compute_stats

__all__ = [
    "ClusterProfile",
    "ClusterStats",
    "Persona",
    "TraitStat",
    "age_band",
    "build_personas",
    "compute_stats",
    "income_band",
    "level",
    "personas_per_cluster",
    "profile_clusters",
]
