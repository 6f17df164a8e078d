"""How k is chosen: the registered criteria, the no-structure reference, and the diagnostics kept.

Measured on planted populations (``benchmarks/bench_segments.py``, docs/benchmarks.md): the
plain best silhouette prefers k=2 whenever two planted segments lie closer to each other
than to the rest, and it scores data without any segments about as well as data with
them. The default criterion, ``reference``, compares each k's silhouette with the
silhouette k-means reaches at the same k on data WITHOUT segments: a Gaussian sample with
the data's own means and covariance (a gap statistic on the silhouette scale). The k whose
silhouette beats its no-structure reference by the most wins; when no k beats it by
:data:`MIN_EXCESS`, the result says "no clear segments" instead of presenting a split as
found structure.

Whatever the criterion, a k is only eligible when every cluster holds ``min_cluster_pct``
of the rows and every two clusters differ by at least :data:`MIN_EFFECT` pooled standard
deviations on some feature (a split whose segments differ by nothing a marketer could act
on is refused).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # numpy loads on first use: the package's registry and parameters import without it
    import numpy as np

__all__ = [
    "CRITERIA",
    "MIN_EFFECT",
    "MIN_EXCESS",
    "MIN_ROWS_PER_CLUSTER",
    "PARSIMONY",
    "Criterion",
    "KSelection",
    "min_pair_effect",
    "reference_silhouettes",
]

# Smallest silhouette excess over the no-structure reference that counts as "clear segments".
# Tuning split: planted populations 0.085-0.27, populations without segments 0.03-0.05.
MIN_EXCESS = 0.06
# A larger k must beat a smaller one by more than this excess to be preferred (near-ties
# such as 0.169 at k=3 against 0.175 at k=7 on a planted three-segment audience go to 3).
PARSIMONY = 0.02
# Two segments must differ by at least this many pooled within-segment standard deviations
# on at least one feature (Cohen's d of 0.5: a "medium" difference).
MIN_EFFECT = 0.5
# Small audiences: at most one cluster per this many rows (so each segment's figures rest on
# enough people), never below k_min.
MIN_ROWS_PER_CLUSTER = 30
# Rows of the no-structure reference sample (its k-means fits cost little at this size).
REFERENCE_ROWS = 1_500


@dataclass(frozen=True)
class Criterion:
    """A registered way of choosing k among eligible candidates.

    Attributes
    ----------
    name
        What users pass as ``criterion``.
    score_key
        Candidate field maximised (``excess`` or ``silhouette``). Whatever the criterion, the
        no-structure reference is computed, so ``clear`` is always assessed.
    description
        One line for help texts and the diagnostics.
    tolerance
        Parsimony: the smallest eligible k whose score is within ``tolerance`` of the best
        is chosen, so a larger k must win by more than that.
    """

    name: str
    score_key: str
    description: str
    tolerance: float = 0.0


CRITERIA: dict[str, Criterion] = {
    c.name: c
    for c in (
        Criterion(
            "reference",
            "excess",
            "largest silhouette excess over k-means on a no-structure Gaussian reference with the "
            f"data's covariance (the smallest k within {PARSIMONY:g} of the best); "
            f"'no clear segments' below {MIN_EXCESS:g}",
            PARSIMONY,
        ),
        Criterion("silhouette", "silhouette", "largest silhouette (the earlier default)"),
    )
}


@dataclass
class KSelection:
    """How k was chosen: the criterion, the scores of every k, whether segments are clear, and why.

    Attributes
    ----------
    criterion
        Name of the criterion (a key of :data:`CRITERIA`).
    k
        The chosen k.
    clear
        ``False`` when no k beats the no-structure reference by :data:`MIN_EXCESS`: the
        clusters are a descriptive split, not segments found in the data.
    reason
        One sentence for people: why this k.
    scores
        Per tried k of the chosen algorithm: ``silhouette``, ``reference_silhouette``,
        ``excess``, ``min_pair_effect``, ``smallest_cluster_pct``, ``eligible``, ``why_not``.
    """

    criterion: str
    k: int
    clear: bool
    reason: str
    scores: dict[int, dict[str, Any]] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        """JSON-friendly form (``scores`` keyed by k as text)."""
        return {
            "criterion": self.criterion,
            "k": int(self.k),
            "clear": bool(self.clear),
            "reason": self.reason,
            "scores": {str(k): dict(v) for k, v in sorted(self.scores.items())},
        }


def reference_silhouettes(
    X_sample: np.ndarray,
    ks: Sequence[int],
    random_state: int | None,
    n_init: int,
    silhouette: Callable[[np.ndarray], Any],
) -> dict[int, float]:
    """Silhouette k-means reaches at each k on a Gaussian sample with ``X_sample``'s mean and covariance.

    Such data has no segments, so its silhouette is what a split of structureless data
    of this shape scores; ``silhouette(X_ref)`` builds the scorer (a ``SampleSilhouette``).
    """
    import numpy as np
    from sklearn.cluster import KMeans
    from sklearn.exceptions import ConvergenceWarning

    rng = np.random.default_rng(None if random_state is None else [random_state, 7])
    Xs = np.asarray(X_sample, dtype=np.float64)
    rows = min(len(Xs), REFERENCE_ROWS)
    mean = Xs.mean(axis=0)
    cov = np.atleast_2d(np.cov(Xs, rowvar=False))
    # eigh is robust to a singular covariance (dummy columns sum to a constant).
    vals, vecs = np.linalg.eigh(cov)
    ref = mean + (rng.standard_normal((rows, len(vals))) * np.sqrt(np.clip(vals, 0.0, None))) @ vecs.T
    scorer = silhouette(ref.astype(np.float32))
    out: dict[int, float] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for k in ks:
            if k >= rows:
                continue
            km = KMeans(n_clusters=k, n_init=n_init, tol=1e-3, random_state=random_state).fit(ref)
            score, _ = scorer.score(km.labels_.astype(np.int64), k)
            out[int(k)] = float(score)
    return out


def min_pair_effect(X: np.ndarray, labels: np.ndarray, k: int) -> float:
    """Smallest, over pairs of clusters, of the largest standardised difference of a feature's means.

    The standardiser is each feature's pooled within-cluster standard deviation, so the
    figure is a Cohen's d: ``0.5`` means the two closest clusters still differ by half a
    typical spread on their most different feature. ``inf`` for a single cluster.
    """
    import numpy as np

    X = np.asarray(X, dtype=np.float64)
    labels = np.asarray(labels, dtype=np.int64)
    counts = np.bincount(labels, minlength=k).astype(np.float64)
    present = counts > 0
    if present.sum() < 2:
        return math.inf
    sums = np.zeros((k, X.shape[1]))
    np.add.at(sums, labels, X)
    means = sums / np.maximum(counts, 1.0)[:, None]
    resid = X - means[labels]
    pooled = np.sqrt((resid**2).sum(axis=0) / max(len(X) - int(present.sum()), 1))
    scale = np.where(pooled > 1e-12, pooled, np.inf)  # a constant column separates nothing
    idx = np.flatnonzero(present)
    best = math.inf
    for i, a in enumerate(idx):
        diff = np.abs(means[idx[i + 1 :]] - means[a]) / scale
        if diff.size:
            best = min(best, float(diff.max(axis=1).min()))
    return best


def check_criterion(name: str) -> Criterion:
    """The registered criterion ``name`` or an InputError listing them."""
    from synthpersona.errors import did_you_mean
    from synthpersona.segmentation._errors import ClusteringInputError

    key = name.strip().lower() if isinstance(name, str) else name
    if key not in CRITERIA:
        raise ClusteringInputError(
            f"Unknown k criterion {name!r}; choose one of {', '.join(CRITERIA)}."
            + did_you_mean(str(name), CRITERIA),
            details={"criterion": str(name), "allowed": list(CRITERIA)},
        )
    return CRITERIA[key]
