"""Parameter checks of :class:`~synthpersona.segmentation.AutoKClustering` (run by ``fit``).

scikit-learn estimators store their constructor arguments untouched and check them in
``fit``; these checks name the bad value, the allowed ones and the way out.
"""

from __future__ import annotations

import math
from typing import Any

from synthpersona.errors import did_you_mean
from synthpersona.segmentation._selection import check_criterion
from synthpersona.segmentation._validation import ClusteringInputError, check_int, check_random_state

__all__ = ["check_params"]


def check_params(est: Any, algorithms: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """The algorithm asked for and the algorithms to run; a ClusteringInputError when a parameter is bad.

    ``algorithms`` is the estimator's own list, ``"auto"`` first.
    """
    real = algorithms[1:]
    algorithm = est.algorithm
    if not isinstance(algorithm, str) or algorithm.lower() not in algorithms:
        raise ClusteringInputError(
            f"Unknown algorithm {algorithm!r}; choose one of {', '.join(algorithms)}."
            + did_you_mean(str(algorithm), algorithms),
            details={"algorithm": str(algorithm), "allowed": list(algorithms)},
        )
    algorithm = algorithm.lower()
    if algorithm == "auto":
        algs = tuple(a.lower() for a in est.auto_algorithms)
        unknown = [a for a in algs if a not in real]
        if not algs or unknown:
            raise ClusteringInputError(
                f"auto_algorithms must list algorithms among {', '.join(real)}; "
                f"got {list(est.auto_algorithms)}.",
                details={"auto_algorithms": list(est.auto_algorithms), "allowed": list(real)},
            )
    else:
        algs = (algorithm,)
    k_min = check_int("k_min", est.k_min, 2)
    k_max = check_int("k_max", est.k_max, 2)
    if k_min > k_max:
        raise ClusteringInputError(
            f"k_min ({k_min}) must not exceed k_max ({k_max}); swap them or widen the range.",
            details={"k_min": k_min, "k_max": k_max},
        )
    if est.k is not None:
        check_int("k", est.k, 2)
        if "hdbscan" in algs:
            raise ClusteringInputError(
                "hdbscan finds the number of clusters itself; leave k unset or pick another algorithm.",
                details={"k": est.k, "algorithm": "hdbscan"},
            )
    pct = est.min_cluster_pct
    if isinstance(pct, bool) or not isinstance(pct, int | float) or not math.isfinite(pct):
        raise ClusteringInputError(f"min_cluster_pct must be a number, got {pct!r}.")
    smallest_k = est.k if est.k is not None else k_min
    if not 0.0 <= pct <= 1.0 / smallest_k:
        raise ClusteringInputError(
            f"min_cluster_pct must be between 0 and 1/{smallest_k} = {1 / smallest_k:.3f} "
            f"(a share of rows, e.g. 0.03 for 3%), got {pct}.",
            details={"min_cluster_pct": pct},
        )
    check_int("fit_sample", est.fit_sample, 100)
    check_int("silhouette_sample", est.silhouette_sample, 50)
    check_int("n_init", est.n_init, 1)
    if est.n_threads is not None:
        check_int("n_threads", est.n_threads, 1)
    if est.random_state is not None:
        check_random_state(est.random_state)
    check_criterion(est.criterion)
    return algorithm, algs
