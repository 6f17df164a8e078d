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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # numpy loads on first use: the package's registry and parameters import without it
    import numpy as np

__all__ = [
    "CRITERIA",
    "MIN_EFFECT",
    "MIN_EXCESS",
    "MIN_EXCESS_WEIGHTED",
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
# The same with learned feature weights (``feature_weighting``): weighting sharpens whatever a
# k-means split finds, on the reference too, but not equally. Tuning split: planted goal
# populations 0.27-0.49, populations without planted segments 0.055-0.07.
MIN_EXCESS_WEIGHTED = 0.12
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
    on_k: Callable[[int, float], None] | None = None,
    *,
    weighted: bool = False,
) -> dict[int, float]:
    """Silhouette k-means reaches at each k on a Gaussian sample with ``X_sample``'s mean and covariance.

    Such data has no segments, so its silhouette is what a split of structureless data
    of this shape scores; ``silhouette(X_ref)`` builds the scorer (a ``SampleSilhouette``).
    ``on_k(k, score)`` is called as each k is done (a caller in another thread can use
    the small k while the larger ones are still fitted). ``weighted``: the clustering
    learns feature weights (``_weighting.py``), so the reference sample learns its own
    the same way before it is clustered.

    With a fixed ``random_state`` each k's figure depends only on the sample's content, k,
    ``random_state`` and ``n_init``; it is kept in a small per-process memo, so scoring the same
    audience again (other k range, other ``min_cluster_pct``) refits nothing.
    """
    from sklearn.exceptions import ConvergenceWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return _reference_silhouettes(X_sample, ks, random_state, n_init, silhouette, on_k, weighted)


def _reference_silhouettes(
    X_sample: np.ndarray,
    ks: Sequence[int],
    random_state: int | None,
    n_init: int,
    silhouette: Callable[[np.ndarray], Any],
    on_k: Callable[[int, float], None] | None = None,
    weighted: bool = False,
) -> dict[int, float]:
    """:func:`reference_silhouettes` without touching the (process-wide) warning filters."""
    import numpy as np

    Xs = np.asarray(X_sample, dtype=np.float64)
    memo_key = None if random_state is None else (_digest(Xs, weighted), int(random_state), int(n_init))
    out: dict[int, float] = {}
    todo: list[int] = []
    for k in ks:
        hit = None if memo_key is None else _REFERENCE_MEMO.get((*memo_key, int(k)))
        if hit is not None:
            out[int(k)] = hit
            if on_k is not None:
                on_k(int(k), hit)
        else:
            todo.append(int(k))
    if todo:
        for k, score in _fit_reference(Xs, todo, random_state, n_init, silhouette, weighted):
            out[k] = score
            if memo_key is not None:
                _remember((*memo_key, k), score)
            if on_k is not None:
                on_k(k, score)
    return {k: out[k] for k in sorted(out)}


# Memo of reference silhouettes: (sample digest, random_state, n_init, k) -> silhouette.
_REFERENCE_MEMO: dict[tuple[str, int, int, int], float] = {}
_MEMO_SIZE = 512


def _digest(Xs: np.ndarray, weighted: bool = False) -> str:
    """Content digest of the sample (shape, weighting and float64 bytes)."""
    import hashlib

    import numpy as np

    h = hashlib.blake2b(repr((Xs.shape, weighted)).encode(), digest_size=16)
    h.update(np.ascontiguousarray(Xs).tobytes())
    return h.hexdigest()


def _remember(key: tuple[str, int, int, int], score: float) -> None:
    if len(_REFERENCE_MEMO) >= _MEMO_SIZE:  # drop the oldest entry (dicts keep insertion order)
        _REFERENCE_MEMO.pop(next(iter(_REFERENCE_MEMO)), None)
    _REFERENCE_MEMO[key] = score


def _fit_reference(
    Xs: np.ndarray,
    ks: Sequence[int],
    random_state: int | None,
    n_init: int,
    silhouette: Callable[[np.ndarray], Any],
    weighted: bool = False,
) -> Iterator[tuple[int, float]]:
    """Draw the Gaussian reference sample and yield ``(k, silhouette)`` of k-means at each k."""
    import numpy as np
    from sklearn.cluster import KMeans

    from synthpersona.segmentation._weighting import apply_weights, learn_feature_weights

    rng = np.random.default_rng(None if random_state is None else [random_state, 7])
    rows = min(len(Xs), REFERENCE_ROWS)
    mean = Xs.mean(axis=0)
    cov = np.atleast_2d(np.cov(Xs, rowvar=False))
    # eigh is robust to a singular covariance (dummy columns sum to a constant).
    vals, vecs = np.linalg.eigh(cov)
    ref = mean + (rng.standard_normal((rows, len(vals))) * np.sqrt(np.clip(vals, 0.0, None))) @ vecs.T
    if weighted:
        ref = apply_weights(ref, learn_feature_weights(ref, random_state=random_state))
    scorer = silhouette(ref.astype(np.float32))
    for k in ks:
        if k >= rows:
            continue
        km = KMeans(n_clusters=k, n_init=n_init, tol=1e-3, random_state=random_state).fit(ref)
        score, _ = scorer.score(km.labels_.astype(np.int64), k)
        yield int(k), float(score)


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
    # one bincount per column: np.add.at's unbuffered path cost ~15 ms a candidate on 2,000 rows
    sums = np.column_stack([np.bincount(labels, weights=X[:, j], minlength=k) for j in range(X.shape[1])])
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


class BackgroundReference:
    """:func:`reference_silhouettes` fitted in a worker thread while the caller fits the data.

    k-means releases the GIL in its inner loop, so on two cores the reference's fits run
    beside the candidates' fits; :meth:`get` waits only for the k asked for. The figures
    are the same as a direct call: every fit is seeded and the caller runs this inside
    ``threadpool_limits(1)`` (one BLAS thread, and the worker also asks OpenMP for
    ``n_threads``), so thread counts do not change the arithmetic. The caller ignores
    ConvergenceWarning while the worker runs and calls :meth:`result` before leaving.
    """

    def __init__(
        self,
        X_sample: np.ndarray,
        ks: Sequence[int],
        random_state: int | None,
        n_init: int,
        silhouette: Callable[[np.ndarray], Any],
        n_threads: int,
        *,
        weighted: bool = False,
    ) -> None:
        import threading

        self._values: dict[int, float] = {}
        self._done = False
        self._error: BaseException | None = None
        self._cond = threading.Condition()
        args = (X_sample, ks, random_state, n_init, silhouette, n_threads, weighted)
        self._thread = threading.Thread(
            target=self._run, args=args, name="synthpersona-reference", daemon=True
        )
        self._thread.start()

    def _run(
        self,
        X_sample: np.ndarray,
        ks: Sequence[int],
        random_state: int | None,
        n_init: int,
        silhouette: Callable[[np.ndarray], Any],
        n_threads: int,
        weighted: bool,
    ) -> None:
        from threadpoolctl import threadpool_limits

        try:
            # OpenMP thread counts are per thread: the worker sets its own.
            with threadpool_limits(limits=n_threads, user_api="openmp"):
                _reference_silhouettes(
                    X_sample, ks, random_state, n_init, silhouette, on_k=self._put, weighted=weighted
                )
        except BaseException as exc:  # handed to the caller by get()/result()
            self._error = exc
        finally:
            with self._cond:
                self._done = True
                self._cond.notify_all()

    def _put(self, k: int, score: float) -> None:
        with self._cond:
            self._values[k] = score
            self._cond.notify_all()

    def get(self, k: int, default: float | None = None) -> float | None:
        """The reference silhouette at ``k`` (waits for it), or ``default`` when none is fitted."""
        with self._cond:
            self._cond.wait_for(lambda: k in self._values or self._done)
        if self._error is not None:
            raise self._error
        return self._values.get(k, default)

    def result(self) -> dict[int, float]:
        """Every k's reference silhouette, once the worker is done."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return dict(sorted(self._values.items()))
