"""Segmentation: cluster any matrix with one entry point, or segment people from a population table.

- :func:`cluster` ``(X, ClusteringParams) -> Clustering``: the one clustering entry point
  of synthpersona (people's features, a customer table, clickstream sequences). The
  algorithm is a name of the registry :data:`ALGORITHMS` (``auto``, ``latent_class``,
  ``kmeans``, ``gmm``, ``agglomerative``, ``spectral``, ``hdbscan``; ``markov_mixture`` for
  event logs' per-user counts, ``data="event_counts"``); interfaces build their choices from it.
  k fixed or chosen (a criterion of :data:`CRITERIA`, by default the
  silhouette excess over structureless data of the same shape; BIC for the latent class
  model), only among k whose smallest cluster meets ``min_cluster_pct``; the result's
  ``selection`` (:class:`KSelection`) holds the scores per k, whether the segments are
  clear ("no clear segments" otherwise) and why this k. Large inputs are
  fitted on a sample and the other rows assigned; the result says so in ``notes``.
- Estimators with scikit-learn's interface: :class:`AutoKClustering` (silhouette family),
  :class:`LatentClassModel` (mixture of categorical columns), :class:`MarkovMixtureClustering`
  (mixture of Markov chains over :class:`BehaviourCounts`, k by held-out likelihood).
- :func:`segment`: domain features (:mod:`synthpersona.features`) + :func:`cluster`,
  with centroids in original units and each row's distance to its centroid.

Only the registry and the parameters load with the package (no numpy: command-line
help and API schemas read them); the rest loads on first use. Names that need
scikit-learn are never loaded by the latent class model (the default path of a leads
analysis).
"""

import importlib
from typing import TYPE_CHECKING, Any

from synthpersona.segmentation._errors import ClusteringInputError
from synthpersona.segmentation._params import ClusteringParams
from synthpersona.segmentation._registry import (
    ALGORITHMS,
    Algorithm,
    DataKind,
    algorithm_help,
    algorithm_names,
    get_algorithm,
    resolve_algorithm,
)
from synthpersona.segmentation._selection import CRITERIA, Criterion, KSelection

if TYPE_CHECKING:
    from synthpersona.segmentation._algorithms import HEAVY_SAMPLE_CAP
    from synthpersona.segmentation._auto import AutoKClustering
    from synthpersona.segmentation._cluster import cluster, cluster_matrix
    from synthpersona.segmentation._latent import LatentClassModel
    from synthpersona.segmentation._markov import BehaviourCounts
    from synthpersona.segmentation._markov_estimator import MarkovMixtureClustering
    from synthpersona.segmentation._metrics import SampleSilhouette, nearest_centroid
    from synthpersona.segmentation._result import Clustering, Segmentation
    from synthpersona.segmentation._segment import AUTO_ALGORITHMS, centroids_in_original_units, segment
    from synthpersona.segmentation._weighting import learn_feature_weights

_LAZY = {
    "AUTO_ALGORITHMS": "synthpersona.segmentation._segment",
    "Clustering": "synthpersona.segmentation._result",
    "LatentClassModel": "synthpersona.segmentation._latent",
    "BehaviourCounts": "synthpersona.segmentation._markov",
    "MarkovMixtureClustering": "synthpersona.segmentation._markov_estimator",
    "Segmentation": "synthpersona.segmentation._result",
    "cluster": "synthpersona.segmentation._cluster",
    "cluster_matrix": "synthpersona.segmentation._cluster",
    "AutoKClustering": "synthpersona.segmentation._auto",
    "HEAVY_SAMPLE_CAP": "synthpersona.segmentation._algorithms",
    "SampleSilhouette": "synthpersona.segmentation._metrics",
    "centroids_in_original_units": "synthpersona.segmentation._segment",
    "nearest_centroid": "synthpersona.segmentation._metrics",
    "segment": "synthpersona.segmentation._segment",
    "learn_feature_weights": "synthpersona.segmentation._weighting",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'synthpersona.segmentation' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "ALGORITHMS",
    "AUTO_ALGORITHMS",
    "CRITERIA",
    "HEAVY_SAMPLE_CAP",
    "Algorithm",
    "AutoKClustering",
    "BehaviourCounts",
    "Clustering",
    "ClusteringInputError",
    "ClusteringParams",
    "Criterion",
    "DataKind",
    "KSelection",
    "LatentClassModel",
    "MarkovMixtureClustering",
    "SampleSilhouette",
    "Segmentation",
    "algorithm_help",
    "algorithm_names",
    "centroids_in_original_units",
    "cluster",
    "cluster_matrix",
    "get_algorithm",
    "learn_feature_weights",
    "nearest_centroid",
    "resolve_algorithm",
    "segment",
]
