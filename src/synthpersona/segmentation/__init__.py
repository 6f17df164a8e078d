"""Segmentation: cluster any float matrix (choosing k), or segment people from a population table.

- :func:`cluster_matrix` / :class:`AutoKClustering`: the one clustering entry point of
  synthpersona. k fixed or chosen by a silhouette computed on a sample (cost linear in
  the number of rows), only among k whose smallest cluster meets ``min_cluster_pct``.
  Algorithms: ``kmeans``, ``gmm``, ``agglomerative`` (ward), ``spectral``, ``hdbscan`` and
  ``auto``. Large inputs are fitted on a sample and the other rows assigned to the
  nearest centroid; the result says so in ``notes``.
- :func:`segment`: domain features (:mod:`synthpersona.features`) + :func:`cluster_matrix`,
  with centroids in original units and each row's distance to its centroid.
"""

from synthpersona.segmentation._algorithms import HEAVY_SAMPLE_CAP
from synthpersona.segmentation._auto import ALGORITHMS, AutoKClustering, cluster_matrix
from synthpersona.segmentation._metrics import SampleSilhouette, nearest_centroid
from synthpersona.segmentation._result import ClusteringResult, SegmentationResult
from synthpersona.segmentation._segment import AUTO_ALGORITHMS, centroids_in_original_units, segment

__all__ = [
    "ALGORITHMS",
    "AUTO_ALGORITHMS",
    "HEAVY_SAMPLE_CAP",
    "AutoKClustering",
    "ClusteringResult",
    "SampleSilhouette",
    "SegmentationResult",
    "centroids_in_original_units",
    "cluster_matrix",
    "nearest_centroid",
    "segment",
]
