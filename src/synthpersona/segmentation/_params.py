"""The one parameters object of a clustering run (what every workflow passes to :func:`cluster`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

__all__ = ["ClusteringParams"]


@dataclass(frozen=True)
class ClusteringParams:
    """How to cluster: the algorithm, k (fixed or a range), sample sizes and the random state.

    ``None`` for ``fit_sample`` and ``n_init`` means the algorithm's own default
    (k-means family: 50,000 rows and 2 restarts; latent class: 20,000 rows and 3 starts).
    Parameters are checked when the estimator is fitted, with messages naming the bad value.

    Parameters
    ----------
    algorithm
        A name of :data:`~synthpersona.segmentation.ALGORITHMS` (``"auto"``, ``"kmeans"``,
        ``"latent_class"``...).
    k
        Fixed number of clusters; ``None`` chooses it in ``[k_min, k_max]``.
    k_min, k_max
        Range of k tried when ``k`` is ``None`` (``k_max`` is capped at ``n - 1``).
    min_cluster_pct
        Smallest eligible cluster, as a share of rows (``0.03`` = 3%).
    random_state
        Seed of every random step; the same seed gives the same labels.
    fit_sample
        The model is fitted on at most this many rows; the others are assigned to their
        nearest centroid (most probable class).
    silhouette_sample
        Rows the silhouette is computed on (silhouette-scored algorithms).
    n_init
        Restarts per k (k-means) or random starts per k (latent class).
    auto_algorithms
        What ``algorithm="auto"`` compares on a numeric matrix.
    n_threads
        BLAS/OpenMP threads during the fit (``None``: library default).
    criterion
        How k is chosen by the silhouette-scored algorithms: a name of
        :data:`~synthpersona.segmentation.CRITERIA` (``"reference"``, the default: silhouette
        excess over structureless data of the same shape, with "no clear segments" when no
        k beats it; ``"silhouette"``: the largest silhouette).
    feature_weighting
        Silhouette-scored algorithms: learn a weight per column before clustering, so the
        columns that carry segments dominate the distance (``learn_feature_weights``; the
        goal workflow turns it on). ``False``: every column as given.
    options
        Extra keyword arguments of the algorithm's estimator (e.g. ``n_levels`` of the
        latent class model).

    Examples
    --------
    >>> params = ClusteringParams(algorithm="kmeans", k_max=5)
    >>> params.with_(k=3).k
    3
    """

    algorithm: str = "auto"
    k: int | None = None
    k_min: int = 2
    k_max: int = 8
    min_cluster_pct: float = 0.03
    random_state: int | None = 0
    fit_sample: int | None = None
    silhouette_sample: int = 2_000
    n_init: int | None = None
    auto_algorithms: tuple[str, ...] = ("kmeans",)
    n_threads: int | None = 1
    criterion: str = "reference"
    feature_weighting: bool = False
    options: Mapping[str, Any] = field(default_factory=dict)

    def with_(self, **changes: Any) -> ClusteringParams:
        """A copy with ``changes`` applied (the object itself is immutable)."""
        return replace(self, **changes)

    def given(self, *names: str) -> dict[str, Any]:
        """The fields among ``names`` that are not ``None``: an estimator keeps its own default for the rest.

        >>> ClusteringParams(n_init=5).given("fit_sample", "n_init")
        {'n_init': 5}
        """
        return {name: getattr(self, name) for name in names if getattr(self, name) is not None}
