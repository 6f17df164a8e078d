"""synthpersona: data-grounded user segments and personas.

The names below are imported lazily, so ``import synthpersona`` stays fast.

Examples
--------
>>> import synthpersona as sp
>>> spec = sp.parse_goal("Gen Z moms in tier-2 cities")  # doctest: +SKIP
>>> run = sp.run_goal("Gen Z moms in tier-2 cities")  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
import os
from typing import Any

# OpenMP threads (scikit-learn's k-means, the e5 embedding engine) spin up to 300,000 times at
# each barrier before they sleep: on a shared machine, where the partner thread is not running,
# every barrier then burns milliseconds of both cores (k-means k=2..8 on 200,000 x 12 at load 20:
# 70 s, 14 CPU s; with 10,000 spins: 19 s, 4 CPU s). 10,000 spins still cover a barrier whose
# threads all run (no sleep on a quiet machine). libgomp reads it when it loads, so it holds for
# libraries imported after synthpersona; a value the caller set is kept.
os.environ.setdefault("GOMP_SPINCOUNT", "10000")

__version__ = "0.1.0"  # the only place the version is written (pyproject reads it)

_EXPORTS = {
    "generate_population": ("synthpersona.population", "generate"),
    "load_population": ("synthpersona.population", "load_population"),
    "parse_goal": ("synthpersona.goals", "parse_goal"),
    "build_query": ("synthpersona.goals", "build_query"),
    "GoalSpec": ("synthpersona.goals", "GoalSpec"),
    "Filter": ("synthpersona.goals", "Filter"),
    "Intent": ("synthpersona.goals", "Intent"),
    "explain_empty": ("synthpersona.goals", "explain_empty"),
    "select_audience": ("synthpersona.goals", "select_audience"),
    "segment": ("synthpersona.segmentation", "segment"),
    "cluster": ("synthpersona.segmentation", "cluster"),
    "ClusteringParams": ("synthpersona.segmentation", "ClusteringParams"),
    "cluster_matrix": ("synthpersona.segmentation", "cluster_matrix"),
    "profile_clusters": ("synthpersona.personas", "profile_clusters"),
    "build_personas": ("synthpersona.personas", "build_personas"),
    "run_goal": ("synthpersona.usecases.goals", "run_goal"),
    "Segment": ("synthpersona.model", "Segment"),
    "Persona": ("synthpersona.model", "Persona"),
    "Evidence": ("synthpersona.model", "Evidence"),
    "SynthPersonaError": ("synthpersona.errors", "SynthPersonaError"),
    "Settings": ("synthpersona.config", "Settings"),
}

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        module, attr = _EXPORTS[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'synthpersona' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
