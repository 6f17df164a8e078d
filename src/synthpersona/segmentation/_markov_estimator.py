"""The ``markov_mixture`` estimator of the registry: :class:`MarkovMixtureClustering`.

A scikit-learn-style wrapper (``fit``/``predict``, ``labels_``, ``k_``, ``selection_``) over
:func:`synthpersona.segmentation._markov.cluster_counts`, which fits the mixture of Markov chains
and chooses k; this module turns its :class:`~synthpersona.segmentation._markov.MixtureFit` into
the one result type, :class:`~synthpersona.segmentation._result.Clustering`.
"""

from __future__ import annotations

from typing import Any, Self

import numpy as np

from synthpersona.segmentation._base import LightClusterer
from synthpersona.segmentation._errors import ClusteringInputError
from synthpersona.segmentation._markov import (
    BehaviourCounts,
    MixtureFit,
    cluster_counts,
)
from synthpersona.segmentation._params import ClusteringParams
from synthpersona.segmentation._result import Clustering
from synthpersona.segmentation._selection import KSelection
from synthpersona.segmentation._validation import not_fitted

__all__ = ["MarkovMixtureClustering"]

_DEFAULTS = ClusteringParams()


class MarkovMixtureClustering(LightClusterer):
    """Groups of users as a mixture of Markov chains over their block counts; k fixed or chosen.

    Parameters
    ----------
    k
        Number of groups, or ``None`` to choose it by held-out likelihood (k = 1 included:
        when one chain predicts held-out users as well, ``selection_.clear`` is False and
        the best k >= 2 is kept as a descriptive split).
    k_min, k_max
        Range of k tried when ``k`` is None.
    min_cluster_pct
        Share of held-out users above which a group needs no further evidence for its k to be
        eligible. A smaller group counts when it is a segment on evidence (``_markov``'s
        ``MIN_SEGMENT_USERS`` users and ``SMALL_GROUP_FLOOR`` of them, and a held-out likelihood
        loss of ``MIN_GROUP_GAIN`` nats per member without it), so a clear 2 % segment of a large
        log is found; on a small log the percentage rules.
    select_sample
        Users k is chosen on (a random sample when there are more).
    fit_sample
        Users the chosen mixture is refined on; every user is then assigned.
    n_init
        Random EM starts per k.
    random_state
        Seed of every random step.

    Attributes
    ----------
    labels_ : ndarray of shape (n_users,)
        Group of every user (``0 .. k_-1``).
    k_ : int
        Number of groups.
    model_ : synthpersona.segmentation._markov_model.MarkovMixture
        The fitted mixture (``log_theta``, ``log_pi``).
    selection_ : KSelection
        How k was chosen and whether the groups are clear.
    result_ : Clustering
        The one result type of :func:`synthpersona.segmentation.cluster`.

    Examples
    --------
    >>> import numpy as np
    >>> from scipy import sparse
    >>> rows = np.r_[np.tile([[9, 1]], (20, 1)), np.tile([[1, 9]], (20, 1))]
    >>> X = BehaviourCounts(sparse.csr_matrix(rows.astype(float)), np.array([0, 0]), ["a", "b"])
    >>> est = MarkovMixtureClustering(k=2, random_state=0).fit(X)
    >>> est.k_, len(set(est.labels_[:20])), bool(est.labels_[0] != est.labels_[-1])
    (2, 1, True)
    """

    def __init__(
        self,
        k: int | None = None,
        *,
        k_min: int = _DEFAULTS.k_min,
        k_max: int = _DEFAULTS.k_max,
        min_cluster_pct: float = _DEFAULTS.min_cluster_pct,
        select_sample: int = 12_000,
        fit_sample: int = 60_000,
        n_init: int = 4,
        random_state: int | None = 0,
    ) -> None:
        self.k = k
        self.k_min = k_min
        self.k_max = k_max
        self.min_cluster_pct = min_cluster_pct
        self.select_sample = select_sample
        self.fit_sample = fit_sample
        self.n_init = n_init
        self.random_state = random_state

    def fit(self, X: Any, y: Any = None) -> Self:
        """Fit the mixture on ``X`` (a :class:`BehaviourCounts`) and label every user."""
        counts = _as_counts(X)
        n = counts.n_users
        if self.k is not None and not 1 <= int(self.k) <= n:
            raise ClusteringInputError(
                f"k must be between 1 and the number of users ({n}), got {self.k}.",
                details={"k": self.k, "n_users": n},
            )
        fit = cluster_counts(
            counts,
            None if self.k is None else int(self.k),
            k_min=self.k_min,
            k_max=min(self.k_max, max(n - 1, self.k_min)),
            min_cluster_pct=self.min_cluster_pct,
            select_sample=self.select_sample,
            fit_sample=self.fit_sample,
            n_init=self.n_init,
            random_state=self.random_state,
        )
        self.labels_ = fit.labels
        self.k_ = fit.k
        self.model_ = fit.model
        self.result_ = _clustering(fit, self.k_min)
        self.result_.estimator = self  # predict() assigns new users, as for every algorithm
        assert self.result_.selection is not None
        self.selection_ = self.result_.selection
        return self

    def predict(self, X: Any) -> np.ndarray:
        """The most probable group of each user of ``X`` (same columns as in ``fit``)."""
        if not hasattr(self, "model_"):
            raise not_fitted(self)
        return self.model_.predict(_as_counts(X))


def _as_counts(X: Any) -> BehaviourCounts:
    if not isinstance(X, BehaviourCounts):
        raise ClusteringInputError(
            f"markov_mixture clusters per-user block counts (BehaviourCounts, built from an event "
            f"log by synthpersona.simulation), got {type(X).__name__}; use another algorithm for a "
            "matrix.",
            details={"got": type(X).__name__},
        )
    return X


def _clustering(fit: MixtureFit, k_min: int) -> Clustering:
    """The :class:`Clustering` of a mixture fit (candidates = the k tried, with their scores)."""
    sizes = np.bincount(fit.labels, minlength=fit.k)
    scores = {kk: {**v, "why_not": None if v["eligible"] else "small"} for kk, v in fit.scores.items()}
    candidates = [
        {
            "algorithm": "markov_mixture",
            "k": kk,
            "heldout_ll_per_user": v["heldout_ll_per_user"],
            "gain_per_user": v["gain_per_user"],
            "smallest_cluster_pct": v["smallest_share"],
            "eligible": v["eligible"],
        }
        for kk, v in sorted(fit.scores.items())
        if kk >= k_min
    ] or [
        {
            "algorithm": "markov_mixture",
            "k": fit.k,
            "smallest_cluster_pct": float(sizes.min() / sizes.sum()),
            "eligible": True,
        }
    ]
    selection = KSelection(
        criterion="heldout_likelihood", k=fit.k, clear=fit.clear, reason=fit.reason, scores=scores
    )
    return Clustering(
        labels=fit.labels,
        k=fit.k,
        algorithm="markov_mixture",
        candidates=candidates,
        sampled=fit.sampled,
        notes=[fit.reason, *fit.notes],
        estimator=fit.model,
        selection=selection,
    )
