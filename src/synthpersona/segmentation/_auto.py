"""Clustering with automatic choice of k: the estimator and the one-call function."""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator, Sequence
from typing import Any, Self

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.cluster import KMeans
from sklearn.exceptions import ConvergenceWarning
from threadpoolctl import threadpool_limits

from synthpersona.errors import InputError, did_you_mean
from synthpersona.segmentation._algorithms import (
    HEAVY_SAMPLE_CAP,
    SELECT_SAMPLE,
    RunContext,
    run_agglomerative,
    run_gmm,
    run_hdbscan,
    run_kmeans,
    run_spectral,
)
from synthpersona.segmentation._metrics import SampleSilhouette, cluster_means, nearest_centroid
from synthpersona.segmentation._result import ClusteringResult

ALGORITHMS: tuple[str, ...] = ("auto", "kmeans", "gmm", "agglomerative", "spectral", "hdbscan")
_REAL = ALGORITHMS[1:]
_HEAVY = ("agglomerative", "spectral", "hdbscan")


def _check_matrix(X: Any) -> np.ndarray:
    """Return ``X`` as a C-contiguous float32 2-D array or raise a clear InputError."""
    if isinstance(X, pd.DataFrame):
        bad = [str(c) for c, t in X.dtypes.items() if not (pd.api.types.is_numeric_dtype(t))]
        if bad:
            raise InputError(
                f"X must be numeric; columns {bad[:5]} are not. Encode them first "
                "(synthpersona.features.build_features does this for population tables).",
                details={"non_numeric_columns": bad},
            )
    try:
        arr = np.asarray(X, dtype=np.float32)
    except (TypeError, ValueError) as exc:
        raise InputError(f"X must be a numeric matrix; could not convert it to floats ({exc}).") from exc
    if arr.ndim == 1:
        raise InputError(
            f"X must be 2-D (rows x features), got a 1-D array of {arr.shape[0]} values; "
            "use X.reshape(-1, 1) for a single feature."
        )
    if arr.ndim != 2 or arr.shape[1] == 0:
        raise InputError(f"X must be 2-D with at least one column, got shape {arr.shape}.")
    finite = np.isfinite(arr)
    if not finite.all():
        bad_rows = int((~finite.all(axis=1)).sum())
        bad_cols = np.flatnonzero(~finite.all(axis=0))[:10].tolist()
        raise InputError(
            f"X has {bad_rows:,} row(s) with NaN or infinite values (columns {bad_cols}). "
            "Impute or drop them before clustering.",
            details={"bad_rows": bad_rows, "bad_columns": bad_cols},
        )
    return np.ascontiguousarray(arr)


def _check_int(name: str, value: Any, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise InputError(f"{name} must be an integer, got {value!r}.", details={name: repr(value)})
    if value < minimum:
        raise InputError(f"{name} must be >= {minimum}, got {value}.", details={name: int(value)})
    return int(value)


def _compact(labels: np.ndarray, k: int) -> tuple[np.ndarray, int]:
    """Renumber labels to 0..m-1 (dropping empty clusters); return them and m."""
    sizes = np.bincount(labels, minlength=k)
    if (sizes > 0).all():
        return labels, k
    remap = np.cumsum(sizes > 0) - 1
    return remap[labels], int((sizes > 0).sum())


class AutoKClustering(ClusterMixin, BaseEstimator):
    """Cluster any float matrix, choosing k by a sampled silhouette under a minimum cluster size.

    Each candidate k is fitted (on a sample of rows for large inputs, the rest
    assigned to the nearest centroid) and scored by the silhouette on one random
    sample of rows, so the cost stays linear in the number of rows. Only k whose
    smallest cluster holds at least ``min_cluster_pct`` of all rows are eligible;
    if none is, the best k is kept and ``notes_`` carries a warning.

    Parameters
    ----------
    k
        Fixed number of clusters; ``None`` chooses it in ``[k_min, k_max]``.
    k_min, k_max
        Range of k to try (``2 <= k_min <= k_max``); ``k_max`` is capped at ``n - 1``.
    min_cluster_pct
        Smallest acceptable cluster as a share of rows, in ``[0, 1/k_min]``.
    algorithm
        ``"auto"``, ``"kmeans"``, ``"gmm"``, ``"agglomerative"``, ``"spectral"`` or ``"hdbscan"``.
        ``"auto"`` tries every algorithm of ``auto_algorithms`` and keeps the best
        eligible silhouette.
    random_state
        Seed of every random step (samples, k-means seeding, GMM, spectral).
    fit_sample
        k-means centroids are fitted on at most this many rows (k itself is chosen
        on at most 4,000, then the chosen k is refined on up to ``fit_sample``); gmm,
        agglomerative, spectral and hdbscan fit at most 4,000 (``min(fit_sample, 4000)``).
        The other rows are assigned to the nearest centroid (gmm: most probable component).
    silhouette_sample
        Rows on which the silhouette is computed.
    n_init
        k-means restarts per k (best inertia kept).
    auto_algorithms
        Algorithms compared when ``algorithm="auto"``.
    n_threads
        BLAS/OpenMP threads during the fit (``None``: library default). One is
        fastest for these many small fits and robust on a shared machine.

    Attributes
    ----------
    labels_, k_, silhouette_, candidates_, centroids_, algorithm_, notes_
        See :class:`~synthpersona.segmentation.ClusteringResult`.
    silhouette_by_cluster_, sampled_
        Per-cluster mean silhouette; whether the fit used a sample.
    result_
        The whole :class:`~synthpersona.segmentation.ClusteringResult`.

    Examples
    --------
    >>> from sklearn.datasets import make_blobs
    >>> X, _ = make_blobs(600, 4, centers=3, random_state=0)
    >>> model = AutoKClustering(k_max=6, random_state=0).fit(X)
    >>> model.k_
    3
    """

    def __init__(
        self,
        k: int | None = None,
        *,
        k_min: int = 2,
        k_max: int = 8,
        min_cluster_pct: float = 0.03,
        algorithm: str = "auto",
        random_state: int | None = 0,
        fit_sample: int = 50_000,
        silhouette_sample: int = 3_000,
        n_init: int = 2,
        auto_algorithms: Sequence[str] = ("kmeans",),
        n_threads: int | None = 1,
    ):
        self.k = k
        self.k_min = k_min
        self.k_max = k_max
        self.min_cluster_pct = min_cluster_pct
        self.algorithm = algorithm
        self.random_state = random_state
        self.fit_sample = fit_sample
        self.silhouette_sample = silhouette_sample
        self.n_init = n_init
        self.auto_algorithms = auto_algorithms
        self.n_threads = n_threads

    # ------------------------------------------------------------------ validation
    def _validated(self) -> tuple[str, tuple[str, ...]]:
        algorithm = self.algorithm
        if not isinstance(algorithm, str) or algorithm.lower() not in ALGORITHMS:
            raise InputError(
                f"Unknown algorithm {algorithm!r}; choose one of {', '.join(ALGORITHMS)}."
                + did_you_mean(str(algorithm), ALGORITHMS),
                details={"algorithm": str(algorithm), "allowed": list(ALGORITHMS)},
            )
        algorithm = algorithm.lower()
        if algorithm == "auto":
            algs = tuple(a.lower() for a in self.auto_algorithms)
            unknown = [a for a in algs if a not in _REAL]
            if not algs or unknown:
                raise InputError(
                    f"auto_algorithms must list algorithms among {', '.join(_REAL)}; "
                    f"got {list(self.auto_algorithms)}.",
                    details={"auto_algorithms": list(self.auto_algorithms), "allowed": list(_REAL)},
                )
        else:
            algs = (algorithm,)
        k_min = _check_int("k_min", self.k_min, 2)
        k_max = _check_int("k_max", self.k_max, 2)
        if k_min > k_max:
            raise InputError(
                f"k_min ({k_min}) must not exceed k_max ({k_max}); swap them or widen the range.",
                details={"k_min": k_min, "k_max": k_max},
            )
        if self.k is not None:
            _check_int("k", self.k, 2)
            if "hdbscan" in algs:
                raise InputError(
                    "hdbscan finds the number of clusters itself; leave k unset or pick another algorithm.",
                    details={"k": self.k, "algorithm": "hdbscan"},
                )
        pct = self.min_cluster_pct
        if isinstance(pct, bool) or not isinstance(pct, int | float) or not math.isfinite(pct):
            raise InputError(f"min_cluster_pct must be a number, got {pct!r}.")
        smallest_k = self.k if self.k is not None else k_min
        if not 0.0 <= pct <= 1.0 / smallest_k:
            raise InputError(
                f"min_cluster_pct must be between 0 and 1/{smallest_k} = {1 / smallest_k:.3f} "
                f"(a share of rows, e.g. 0.03 for 3%), got {pct}.",
                details={"min_cluster_pct": pct},
            )
        _check_int("fit_sample", self.fit_sample, 100)
        _check_int("silhouette_sample", self.silhouette_sample, 50)
        _check_int("n_init", self.n_init, 1)
        if self.n_threads is not None:
            _check_int("n_threads", self.n_threads, 1)
        if self.random_state is not None:
            _check_int("random_state", self.random_state, 0)
        return algorithm, algs

    # ------------------------------------------------------------------ fitting
    def fit(self, X: Any, y: Any = None) -> Self:
        """Cluster ``X`` (``(n, d)`` numeric, no NaN) and choose k.

        Raises
        ------
        InputError
            Bad parameters, NaN/infinite values, too few rows, or data that cannot
            be split (all rows identical).
        """
        algorithm, algs = self._validated()
        # The per-k fits are small: one thread avoids thread start-up and, on a busy machine,
        # threads waiting for each other (measured 2-10x slower with 2 threads under load).
        with threadpool_limits(limits=self.n_threads):
            return self._fit(X, algorithm, algs)

    def _fit(self, X: Any, algorithm: str, algs: tuple[str, ...]) -> Self:
        X = _check_matrix(X)
        n = X.shape[0]
        k_min = self.k if self.k is not None else self.k_min
        if n < k_min + 1:
            raise InputError(
                f"Need at least {k_min + 1} rows to form {k_min} clusters, got {n}. "
                "Widen the audience or lower k_min.",
                details={"rows": n, "k_min": k_min},
            )
        if not (X.max(axis=0) > X.min(axis=0)).any():
            raise InputError(
                f"All {n:,} rows are identical, so they cannot be split into clusters. "
                "Use a broader audience or more informative features.",
                details={"rows": n},
            )
        notes: list[str] = []
        if self.k is not None:
            ks = [int(self.k)]
        else:
            k_max = min(self.k_max, n - 1)
            if k_max < self.k_max:
                notes.append(f"k_max lowered from {self.k_max} to {k_max}: only {n} rows.")
            ks = list(range(k_min, k_max + 1))

        seed = self.random_state
        rng_sil = np.random.default_rng(None if seed is None else [seed, 1])
        rng_fit = np.random.default_rng(None if seed is None else [seed, 2])
        if n > self.silhouette_sample:
            sil_index = np.sort(rng_sil.choice(n, self.silhouette_sample, replace=False))
            notes.append(
                f"Silhouette estimated on a random sample of {self.silhouette_sample:,} of {n:,} rows."
            )
        else:
            sil_index = np.arange(n)
        scorer = SampleSilhouette(X[sil_index])

        best: dict[str, Any] | None = None  # best eligible candidate
        best_any: dict[str, Any] | None = None  # best candidate regardless of size
        candidates: list[dict[str, Any]] = []
        fit_rows: dict[str, int] = {}
        for alg in algs:
            cap = min(self.fit_sample, HEAVY_SAMPLE_CAP if alg in _HEAVY else SELECT_SAMPLE)
            fit_index = np.sort(rng_fit.choice(n, cap, replace=False)) if n > cap else None
            fit_rows[alg] = n if fit_index is None else cap
            ctx = RunContext(X, fit_index, seed, self.n_init, float(self.min_cluster_pct))
            for used, k, labels in self._runs(alg, ctx, ks, notes):
                cand, state = self._score(used, k, labels, n, scorer, sil_index)
                fit_rows.setdefault(used, fit_rows[alg])
                candidates.append(cand)
                if state is None:
                    continue
                state["candidate"] = cand
                if cand["eligible"] and (best is None or cand["silhouette"] > best["silhouette"]):
                    best = {**cand, **state}
                if best_any is None or cand["silhouette"] > best_any["silhouette"]:
                    best_any = {**cand, **state}
            notes.extend(ctx.notes)

        chosen = best
        if chosen is None:
            if best_any is None:
                raise InputError(
                    "The data cannot be clustered: no candidate could be scored ("
                    + "; ".join(sorted({str(c.get("note")) for c in candidates}))
                    + "). Use more varied data, a smaller k or a larger silhouette_sample.",
                    details={"candidates": candidates},
                )
            chosen = best_any
            pct_txt = f"{100 * self.min_cluster_pct:g}%"
            notes.insert(
                0,
                f"Warning: no candidate gives every cluster at least {pct_txt} of rows; "
                f"kept the best silhouette (k={chosen['k']}, "
                f"smallest cluster {100 * chosen['smallest_cluster_pct']:.1f}%). "
                "Lower min_cluster_pct or k_min to silence this.",
            )
        if algorithm == "auto" and len(algs) > 1:
            scores = {
                a: max(
                    (c["silhouette"] for c in candidates if c["algorithm"] == a and c["eligible"]),
                    default=None,
                )
                for a in algs
            }
            txt = ", ".join(
                f"{a} {s:.3f}" if s is not None else f"{a} none eligible" for a, s in scores.items()
            )
            notes.append(f"auto: kept {chosen['algorithm']} (best eligible silhouette: {txt}).")

        alg = str(chosen["algorithm"])
        k = int(chosen["k"])
        target_rows = min(n, self.fit_sample)
        if alg == "kmeans" and target_rows > fit_rows[alg]:
            chosen = self._refine(X, chosen, target_rows, rng_fit, scorer, sil_index)
            if chosen["refined"]:
                notes.append(
                    f"kmeans: k chosen on {fit_rows[alg]:,} rows; centroids refined on "
                    f"{'all' if target_rows == n else 'a random sample of'} {target_rows:,} rows."
                )
                fit_rows[alg] = target_rows
        if fit_rows[alg] < n:
            how = "their most probable component" if alg == "gmm" else "the nearest centroid"
            notes.append(
                f"{alg}: fitted on a random sample of {fit_rows[alg]:,} of {n:,} rows; "
                f"the other rows were assigned to {how}."
            )
        labels = chosen["labels"]
        self.result_ = ClusteringResult(
            labels=labels,
            k=k,
            silhouette=float(chosen["silhouette"]),
            candidates=candidates,
            algorithm=str(chosen["algorithm"]),
            centroids=cluster_means(X, labels, k),
            silhouette_by_cluster=chosen["per_cluster"],
            sampled=fit_rows[alg] < n,
            notes=notes,
        )
        self.labels_ = labels
        self.k_ = k
        self.silhouette_ = self.result_.silhouette
        self.candidates_ = candidates
        self.centroids_ = self.result_.centroids
        self.algorithm_ = self.result_.algorithm
        self.silhouette_by_cluster_ = self.result_.silhouette_by_cluster
        self.sampled_ = self.result_.sampled
        self.notes_ = notes
        self.n_features_in_ = X.shape[1]
        return self

    def _refine(
        self,
        X: np.ndarray,
        chosen: dict[str, Any],
        rows: int,
        rng: np.random.Generator,
        scorer: SampleSilhouette,
        sil_index: np.ndarray,
    ) -> dict[str, Any]:
        """Polish the chosen k-means centroids on more rows, warm-started from the selection fit.

        The refined labelling replaces the chosen one unless it breaks ``min_cluster_pct``
        (which the chosen one met) or loses silhouette beyond sampling noise.
        """
        k = int(chosen["k"])
        n = X.shape[0]
        index = np.sort(rng.choice(n, rows, replace=False)) if rows < n else None
        X_ref = X if index is None else X[index]
        init = cluster_means(X, chosen["labels"], k)
        km = KMeans(n_clusters=k, init=init, n_init=1, max_iter=100, random_state=self.random_state).fit(
            X_ref
        )
        labels = nearest_centroid(X, km.cluster_centers_)
        cand, state = self._score("kmeans", k, labels, n, scorer, sil_index)
        ok = state is not None and (cand["eligible"] or not chosen["eligible"])
        if not ok or cand["silhouette"] < chosen["silhouette"] - 0.01:
            return {**chosen, "refined": False}
        # Report the final figures in the candidates table too, so it agrees with the result.
        chosen["candidate"].update(
            silhouette=cand["silhouette"], smallest_cluster_pct=cand["smallest_cluster_pct"]
        )
        assert state is not None
        return {**chosen, **cand, **state, "refined": True}

    def _runs(
        self, alg: str, ctx: RunContext, ks: list[int], notes: list[str]
    ) -> Iterator[tuple[str, int, np.ndarray]]:
        """Yield ``(algorithm actually used, k, labels)`` for every candidate of ``alg``."""
        with warnings.catch_warnings():
            # Duplicate points make k-means warn; such candidates are detected (fewer distinct
            # clusters than k) and reported in the candidates list instead.
            warnings.simplefilter("ignore", ConvergenceWarning)
            runner = {
                "kmeans": run_kmeans,
                "gmm": run_gmm,
                "agglomerative": run_agglomerative,
                "spectral": run_spectral,
            }.get(alg)
            if runner is not None:
                for k, labels in runner(ctx, ks):
                    yield alg, k, labels
            else:
                found = run_hdbscan(ctx)
                if found is None:
                    notes.append(
                        "hdbscan found fewer than 2 dense clusters; "
                        "fell back to kmeans with k chosen by silhouette."
                    )
                    for k, labels in run_kmeans(ctx, ks):
                        yield "kmeans", k, labels
                else:
                    yield alg, found[0], found[1]

    def _score(
        self,
        alg: str,
        k: int,
        labels: np.ndarray,
        n: int,
        scorer: SampleSilhouette,
        sil_index: np.ndarray,
    ) -> tuple[dict[str, Any], dict[str, Any] | None]:
        labels, m = _compact(np.asarray(labels, dtype=np.int64), k)
        sizes = np.bincount(labels, minlength=m)
        smallest = float(sizes.min() / n)
        cand: dict[str, Any] = {
            "algorithm": alg,
            "k": k,
            "silhouette": None,
            "smallest_cluster_pct": smallest,
            "eligible": False,
        }
        if m < k:
            cand["note"] = f"only {m} distinct cluster(s) found"
            return cand, None
        sil, per_cluster = scorer.score(labels[sil_index], k)
        if not math.isfinite(sil):
            cand["note"] = "silhouette sample holds fewer than 2 clusters"
            return cand, None
        cand["silhouette"] = sil
        cand["eligible"] = smallest >= self.min_cluster_pct
        return cand, {"labels": labels, "per_cluster": per_cluster}

    def predict(self, X: Any) -> np.ndarray:
        """Assign new rows (same columns as in ``fit``) to the nearest learned centroid."""
        if not hasattr(self, "centroids_"):
            raise InputError("This AutoKClustering is not fitted yet; call fit(X) first.")
        X = _check_matrix(X)
        if X.shape[1] != self.n_features_in_:
            raise InputError(
                f"X has {X.shape[1]} columns but the model was fitted on {self.n_features_in_}.",
                details={"got": X.shape[1], "expected": self.n_features_in_},
            )
        return nearest_centroid(X, self.centroids_)


def cluster_matrix(
    X: Any,
    *,
    k: int | None = None,
    k_min: int = 2,
    k_max: int = 8,
    min_cluster_pct: float = 0.03,
    algorithm: str = "auto",
    random_state: int | None = 0,
    fit_sample: int = 50_000,
    silhouette_sample: int = 3_000,
    n_init: int = 2,
    auto_algorithms: Sequence[str] = ("kmeans",),
    n_threads: int | None = 1,
) -> ClusteringResult:
    """Cluster any numeric matrix; k fixed or chosen by a sampled silhouette.

    This is the one clustering entry point of synthpersona (segments of people,
    leads tables, clickstream sequences). See :class:`AutoKClustering` for the
    parameters.

    Returns
    -------
    ClusteringResult
        Labels ``0 .. k-1``, chosen k, silhouette, every candidate's score, centroids,
        per-cluster silhouette, whether a sample was used, and notes.

    Examples
    --------
    >>> from sklearn.datasets import make_blobs
    >>> X, _ = make_blobs(900, 5, centers=4, random_state=1)
    >>> res = cluster_matrix(X, k_min=2, k_max=6)
    >>> res.k, res.labels.shape
    (4, (900,))
    """
    model = AutoKClustering(
        k,
        k_min=k_min,
        k_max=k_max,
        min_cluster_pct=min_cluster_pct,
        algorithm=algorithm,
        random_state=random_state,
        fit_sample=fit_sample,
        silhouette_sample=silhouette_sample,
        n_init=n_init,
        auto_algorithms=auto_algorithms,
        n_threads=n_threads,
    )
    return model.fit(X).result_
