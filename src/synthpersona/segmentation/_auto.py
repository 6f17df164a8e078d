"""Clustering with automatic choice of k by a sampled silhouette (the k-means family of the registry)."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any, Self

import numpy as np
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.cluster import KMeans
from sklearn.exceptions import ConvergenceWarning
from threadpoolctl import threadpool_limits

from synthpersona.segmentation._algorithms import (
    HEAVY_SAMPLE_CAP,
    RUNNERS,
    SELECT_SAMPLE,
    RunContext,
)
from synthpersona.segmentation._auto_params import check_params
from synthpersona.segmentation._candidates import Search, candidate_runs, score_candidate
from synthpersona.segmentation._metrics import SampleSilhouette, cluster_means, nearest_centroid
from synthpersona.segmentation._params import ClusteringParams
from synthpersona.segmentation._result import Clustering
from synthpersona.segmentation._selection import (
    MIN_EFFECT,
    MIN_EXCESS,
    MIN_EXCESS_WEIGHTED,
    MIN_ROWS_PER_CLUSTER,
    BackgroundReference,
    KSelection,
    check_criterion,
    reference_silhouettes,
)
from synthpersona.segmentation._validation import (
    ClusteringInputError,
    check_matrix,
    check_n_features,
    check_rows,
    not_fitted,
)
from synthpersona.segmentation._weighting import apply_weights, can_learn_weights, learn_feature_weights

_DEFAULTS = ClusteringParams()  # the clustering defaults have one home: the parameters object


# What this estimator runs (the silhouette-scored family of the registry), "auto" first.
SILHOUETTE_ALGORITHMS: tuple[str, ...] = ("auto", *RUNNERS, "hdbscan")
_REAL = SILHOUETTE_ALGORITHMS[1:]
_HEAVY = ("agglomerative", "spectral", "hdbscan")


def _weights_note(weights: np.ndarray) -> str:
    """One line on the learned weights: how many columns count more than average."""
    strong = int((weights > 1.5).sum())
    return (
        f"Feature weighting: {strong} of {len(weights)} columns weigh more than 1.5x the mean "
        f"(largest {weights.max():.1f}x); the others carry little segment structure."
    )


class AutoKClustering(ClusterMixin, BaseEstimator):
    """Cluster any float matrix, choosing k by a registered criterion under eligibility rules.

    Each candidate k is fitted (on a sample of rows for large inputs, the rest
    assigned to the nearest centroid) and scored by the silhouette on one random
    sample of rows, so the cost stays linear in the number of rows. The default
    criterion (``"reference"``, see :data:`~synthpersona.segmentation.CRITERIA`) keeps the
    k whose silhouette most exceeds what k-means reaches on structureless data of the
    same shape, and reports "no clear segments" when no k exceeds it clearly. Only k
    whose smallest cluster holds at least ``min_cluster_pct`` of all rows and whose two
    closest clusters still differ by a medium effect on some feature are eligible; if
    none is, the best k is kept and ``notes_`` carries a warning. Small inputs try at
    most one cluster per 30 rows.

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
        Rows on which the silhouette is computed (2,000: on the planted goal splits 3,000 chose
        the same k and ARI on tuning and heldout, and the silhouette matrix costs 2.25x less).
    n_init
        k-means restarts per k (best inertia kept).
    auto_algorithms
        Algorithms compared when ``algorithm="auto"``.
    n_threads
        BLAS/OpenMP threads during the fit (``None``: library default). One is
        fastest for these many small fits and robust on a shared machine.
    criterion
        How k is chosen: a name of :data:`~synthpersona.segmentation.CRITERIA`
        (``"reference"``: silhouette excess over a no-structure reference; ``"silhouette"``).
    feature_weighting
        Learn a weight per column first (weighted k-means over an over-clustering, see
        :func:`~synthpersona.segmentation.learn_feature_weights`) so the columns that carry
        segments dominate the distance; the no-structure reference learns its own weights
        the same way. ``predict`` applies the learned weights to new rows.

    Attributes
    ----------
    labels_, k_, silhouette_, candidates_, centroids_, algorithm_, notes_
        See :class:`~synthpersona.segmentation.Clustering`.
    silhouette_by_cluster_, sampled_
        Per-cluster mean silhouette; whether the fit used a sample.
    feature_weights_
        Learned column weights (``None`` without ``feature_weighting``); ``centroids_`` are in
        the weighted space (column ``j`` times ``sqrt(feature_weights_[j])``).
    selection_
        :class:`~synthpersona.segmentation.KSelection`: the criterion, scores per k,
        whether the segments are clear and why this k.
    result_
        The whole :class:`~synthpersona.segmentation.Clustering`.

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
        k_min: int = _DEFAULTS.k_min,
        k_max: int = _DEFAULTS.k_max,
        min_cluster_pct: float = _DEFAULTS.min_cluster_pct,
        algorithm: str = _DEFAULTS.algorithm,
        random_state: int | None = 0,
        fit_sample: int = 50_000,
        silhouette_sample: int = 2_000,
        n_init: int = 2,
        auto_algorithms: Sequence[str] = ("kmeans",),
        n_threads: int | None = 1,
        criterion: str = "reference",
        feature_weighting: bool = False,
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
        self.criterion = criterion
        self.feature_weighting = feature_weighting

    # ------------------------------------------------------------------ validation
    def _validated(self) -> tuple[str, tuple[str, ...]]:
        return check_params(self, SILHOUETTE_ALGORITHMS)

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
        """The steps: check X, list the k to try, search, choose, refine, store."""
        X_in = self._checked_rows(check_matrix(X))
        n = X_in.shape[0]
        notes: list[str] = []
        weights = None
        if self.feature_weighting and can_learn_weights(n):
            weights = learn_feature_weights(X_in, random_state=self.random_state)
        elif self.feature_weighting:
            notes.append(f"Feature weighting skipped: only {n:,} rows; every column counts as given.")
        X = apply_weights(X_in, weights)
        ks = self._ks(n, notes)
        seed = self.random_state
        rng_sil = np.random.default_rng(None if seed is None else [seed, 1])
        rng_fit = np.random.default_rng(None if seed is None else [seed, 2])
        sil_index = self._silhouette_rows(n, rng_sil, notes)
        search, reference = self._search_with_reference(
            X, X_in, weights is not None, algs, ks, rng_fit, sil_index, notes
        )
        scorer = search.scorer
        chosen = self._choose(search, notes)
        if algorithm == "auto" and len(algs) > 1:
            notes.append(self._comparison_note(search, algs, chosen))
        chosen = self._refine_if_sampled(
            X, chosen, search.fit_rows, rng_fit, scorer, sil_index, notes, reference
        )
        selection = self._selection(
            chosen, search, reference, MIN_EXCESS if weights is None else MIN_EXCESS_WEIGHTED
        )
        # The choice's reason leads the notes, after a warning that no candidate was eligible.
        notes.insert(1 if notes and notes[0].startswith("Warning") else 0, selection.reason)
        if weights is not None:
            notes.append(_weights_note(weights))
        self._store(X, chosen, search, notes, selection, weights)
        return self

    def _search_with_reference(
        self,
        X: np.ndarray,
        X_in: np.ndarray,
        weighted: bool,
        algs: tuple[str, ...],
        ks: list[int],
        rng: np.random.Generator,
        sil_index: np.ndarray,
        notes: list[str],
    ) -> tuple[Search, dict[int, float]]:
        """The search, with the no-structure reference fitted beside it (one thread each).

        With one thread per fit (the default), the reference's k-means fits run in a worker
        thread while the candidates are fitted; measured on the built-in population this
        takes most of the reference's cost off the segment step. Same figures either way.
        """
        n_init = max(int(self.n_init), 2)
        # The reference is drawn from the rows as given; with feature weighting it learns its own weights.
        ref_rows = X_in[sil_index]
        if self.n_threads != 1:  # other thread counts: one after the other (BLAS limits are global)
            scorer = SampleSilhouette(X[sil_index])
            reference = reference_silhouettes(
                ref_rows, ks, self.random_state, n_init, SampleSilhouette, weighted=weighted
            )
            search = self._search(X, algs, ks, rng, scorer, sil_index, notes, reference)
            search.scorer = scorer
            return search, reference
        with warnings.catch_warnings():
            # Warning filters are process-wide: set here, around the worker's whole life.
            warnings.simplefilter("ignore", ConvergenceWarning)
            background = BackgroundReference(
                ref_rows, ks, self.random_state, n_init, SampleSilhouette, 1, weighted=weighted
            )
            try:
                scorer = SampleSilhouette(X[sil_index])
                search = self._search(X, algs, ks, rng, scorer, sil_index, notes, background)
            finally:
                reference = background.result()
        search.scorer = scorer
        return search, reference

    def _checked_rows(self, X: np.ndarray) -> np.ndarray:
        """``X`` if it has enough rows and some variation, else a InputError saying what to change."""
        n = X.shape[0]
        check_rows(n, self.k if self.k is not None else self.k_min)
        if not (X.max(axis=0) > X.min(axis=0)).any():
            raise ClusteringInputError(
                f"All {n:,} rows are identical, so they cannot be split into clusters. "
                "Use a broader audience or more informative features.",
                details={"rows": n},
            )
        return X

    def _ks(self, n: int, notes: list[str]) -> list[int]:
        """The k to try: the fixed one, or ``k_min .. k_max`` with at most one cluster per 30 rows."""
        if self.k is not None:
            return [int(self.k)]
        k_max = min(self.k_max, n - 1, max(self.k_min, n // MIN_ROWS_PER_CLUSTER))
        if k_max < self.k_max:
            notes.append(
                f"k_max lowered from {self.k_max} to {k_max}: only {n} rows "
                f"(at most one cluster per {MIN_ROWS_PER_CLUSTER} rows)."
            )
        return list(range(self.k_min, k_max + 1))

    def _silhouette_rows(self, n: int, rng: np.random.Generator, notes: list[str]) -> np.ndarray:
        """Rows the silhouette is computed on (one random sample shared by every candidate)."""
        if n <= self.silhouette_sample:
            return np.arange(n)
        notes.append(f"Silhouette estimated on a random sample of {self.silhouette_sample:,} of {n:,} rows.")
        return np.sort(rng.choice(n, self.silhouette_sample, replace=False))

    def _search(
        self,
        X: np.ndarray,
        algs: tuple[str, ...],
        ks: list[int],
        rng: np.random.Generator,
        scorer: SampleSilhouette,
        sil_index: np.ndarray,
        notes: list[str],
        reference: Mapping[int, float] | BackgroundReference,
    ) -> Search:
        """Fit and score every (algorithm, k); keep the best eligible and the best overall."""
        key = check_criterion(self.criterion).score_key
        n = X.shape[0]
        search = Search()
        for alg in algs:
            cap = min(self.fit_sample, HEAVY_SAMPLE_CAP if alg in _HEAVY else SELECT_SAMPLE)
            fit_index = np.sort(rng.choice(n, cap, replace=False)) if n > cap else None
            search.fit_rows[alg] = n if fit_index is None else cap
            ctx = RunContext(X, fit_index, self.random_state, self.n_init, float(self.min_cluster_pct))
            for used, k, labels in candidate_runs(alg, ctx, ks, notes):
                cand, state = score_candidate(
                    used, k, labels, n, scorer, sil_index, X, reference, float(self.min_cluster_pct)
                )
                search.fit_rows.setdefault(used, search.fit_rows[alg])
                search.candidates.append(cand)
                if state is None:
                    continue
                state["candidate"] = cand
                if cand["eligible"]:
                    search.eligible.append({**cand, **state})
                if cand["eligible"] and (search.best is None or cand[key] > search.best[key]):
                    search.best = {**cand, **state}
                if search.best_any is None or cand[key] > search.best_any[key]:
                    search.best_any = {**cand, **state}
            notes.extend(ctx.notes)
        return search

    def _choose(self, search: Search, notes: list[str]) -> dict[str, Any]:
        """The smallest eligible k within the criterion's tolerance of the best, else the best overall.

        The tolerance (parsimony) keeps a near-tie from adding segments: a larger k must beat
        a smaller one by more than the criterion's ``tolerance`` to be preferred.
        """
        if search.best is not None:
            crit = check_criterion(self.criterion)
            floor = search.best[crit.score_key] - crit.tolerance
            near = [c for c in search.eligible if c[crit.score_key] >= floor]
            return min(near, key=lambda c: (c["k"], -c[crit.score_key]))
        if search.best_any is None:
            raise ClusteringInputError(
                "The data cannot be clustered: no candidate could be scored ("
                + "; ".join(sorted({str(c.get("note")) for c in search.candidates}))
                + "). Use more varied data, a smaller k or a larger silhouette_sample.",
                details={"candidates": search.candidates},
            )
        chosen = search.best_any
        notes.insert(
            0,
            f"Warning: no candidate gives every cluster at least {100 * self.min_cluster_pct:g}% of rows "
            f"with every two clusters {MIN_EFFECT:g} standard deviations apart on some feature; "
            f"kept the best score (k={chosen['k']}, "
            f"smallest cluster {100 * chosen['smallest_cluster_pct']:.1f}%, "
            f"closest clusters {chosen['min_pair_effect']:.2f} SD apart). "
            "Lower min_cluster_pct or k_min to silence this.",
        )
        return chosen

    @staticmethod
    def _comparison_note(search: Search, algs: tuple[str, ...], chosen: dict[str, Any]) -> str:
        scores = {
            a: max(
                (c["silhouette"] for c in search.candidates if c["algorithm"] == a and c["eligible"]),
                default=None,
            )
            for a in algs
        }
        txt = ", ".join(f"{a} {s:.3f}" if s is not None else f"{a} none eligible" for a, s in scores.items())
        return f"auto: kept {chosen['algorithm']} (best eligible silhouette: {txt})."

    def _refine_if_sampled(
        self,
        X: np.ndarray,
        chosen: dict[str, Any],
        fit_rows: dict[str, int],
        rng: np.random.Generator,
        scorer: SampleSilhouette,
        sil_index: np.ndarray,
        notes: list[str],
        reference: dict[int, float],
    ) -> dict[str, Any]:
        """Refine a k-means choice made on a sample on up to ``fit_sample`` rows; note the sampling."""
        n = X.shape[0]
        alg = str(chosen["algorithm"])
        target_rows = min(n, self.fit_sample)
        if alg == "kmeans" and target_rows > fit_rows[alg]:
            chosen = self._refine(X, chosen, target_rows, rng, scorer, sil_index, reference)
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
        return chosen

    def _selection(
        self, chosen: dict[str, Any], search: Search, reference: dict[int, float], min_excess: float
    ) -> KSelection:
        """The diagnostics of the choice: scores per k of the chosen algorithm, clear or not, and why.

        ``min_excess``: the excess over the reference that counts as clear segments
        (:data:`MIN_EXCESS`, or :data:`MIN_EXCESS_WEIGHTED` with learned feature weights).
        """
        k = int(chosen["k"])
        alg = chosen["algorithm"]
        fields = ("silhouette", "reference_silhouette", "excess", "min_pair_effect", "smallest_cluster_pct")
        scores = {
            int(c["k"]): {
                **{f: c.get(f) for f in fields},
                "eligible": c["eligible"],
                "why_not": c.get("why_not"),
            }
            for c in search.candidates
            if c["algorithm"] == alg
        }
        excesses = [v["excess"] for v in scores.values() if v["eligible"] and v["excess"] is not None]
        best = max(excesses) if excesses else chosen.get("excess")
        clear = best is not None and best >= min_excess
        tried = f"k={min(scores)}..{max(scores)}" if len(scores) > 1 else f"k={k} (fixed)"
        if clear:
            reason = (
                f"k={k} by {self.criterion} among eligible {tried}: silhouette {chosen['silhouette']:.3f} "
                f"against {chosen.get('reference_silhouette') or 0.0:.3f} on structureless data of the same "
                f"shape (excess {chosen['excess']:.3f}; best excess {best:.3f}; a larger k must win by "
                f"more than {check_criterion(self.criterion).tolerance:g})."
            )
        else:
            ref = (
                "" if best is None else f" (best excess over structureless data {best:.3f} < {min_excess:g})"
            )
            reason = (
                f"No clear segments: no k in {tried} separates the rows better than it would split data "
                f"without any segments{ref}; the k={k} clusters are a descriptive split, not groups "
                "found in the data."
            )
        return KSelection(criterion=self.criterion, k=k, clear=bool(clear), reason=reason, scores=scores)

    def _store(
        self,
        X: np.ndarray,
        chosen: dict[str, Any],
        search: Search,
        notes: list[str],
        selection: KSelection,
        weights: np.ndarray | None,
    ) -> None:
        """Set the learned attributes (``*_``) and ``result_``."""
        k = int(chosen["k"])
        labels = chosen["labels"]
        alg = str(chosen["algorithm"])
        centroids = cluster_means(X, labels, k)
        self.result_ = Clustering(
            labels=labels,
            k=k,
            algorithm=alg,
            candidates=search.candidates,
            centroids=centroids,
            silhouette=float(chosen["silhouette"]),
            silhouette_by_cluster=chosen["per_cluster"],
            sampled=search.fit_rows[alg] < X.shape[0],
            notes=notes,
            estimator=self,
            selection=selection,
            feature_weights=weights,
        )
        self.feature_weights_ = weights
        self.selection_ = selection
        self.labels_ = labels
        self.k_ = k
        self.silhouette_ = self.result_.silhouette
        self.candidates_ = search.candidates
        self.centroids_ = centroids
        self.algorithm_ = alg
        self.silhouette_by_cluster_ = self.result_.silhouette_by_cluster
        self.sampled_ = self.result_.sampled
        self.notes_ = notes
        self.n_features_in_ = X.shape[1]

    def _refine(
        self,
        X: np.ndarray,
        chosen: dict[str, Any],
        rows: int,
        rng: np.random.Generator,
        scorer: SampleSilhouette,
        sil_index: np.ndarray,
        reference: dict[int, float],
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
        cand, state = score_candidate(
            "kmeans", k, labels, n, scorer, sil_index, X, reference, float(self.min_cluster_pct)
        )
        ok = state is not None and (cand["eligible"] or not chosen["eligible"])
        if not ok or cand["silhouette"] < chosen["silhouette"] - 0.01:
            return {**chosen, "refined": False}
        # Report the final figures in the candidates table too, so it agrees with the result.
        chosen["candidate"].update(
            {f: cand[f] for f in ("silhouette", "excess", "min_pair_effect", "smallest_cluster_pct")}
        )
        assert state is not None
        return {**chosen, **cand, **state, "refined": True}

    def predict(self, X: Any) -> np.ndarray:
        """Assign new rows (same columns as in ``fit``) to the nearest learned centroid."""
        if not hasattr(self, "centroids_"):
            raise not_fitted(self)
        X = check_matrix(X)
        check_n_features(X, self.n_features_in_, type(self).__name__)
        return nearest_centroid(apply_weights(X, self.feature_weights_), self.centroids_)
