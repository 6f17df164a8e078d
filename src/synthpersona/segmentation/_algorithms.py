"""The clustering algorithms, each producing labels for every row for a range of k.

Every runner fits on a sample (all rows when the input is small) and yields
``(k, labels_for_all_rows)`` one k at a time, so only the best labelling needs
to stay in memory. Expensive steps that do not depend on k (the ward tree, the
spectral embedding) are computed once and reused for every k.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.cluster import HDBSCAN, KMeans
from sklearn.manifold import spectral_embedding
from sklearn.mixture import GaussianMixture
from sklearn.neighbors import kneighbors_graph

from synthpersona.segmentation._metrics import cluster_means, nearest_centroid

# Algorithms whose cost grows faster than linearly fit at most this many rows.
HEAVY_SAMPLE_CAP = 4_000
# kmeans and gmm choose k on at most this many rows (k-means then refines the chosen k on
# up to ``fit_sample`` rows); more rows barely move the silhouette, see docs/features.md.
SELECT_SAMPLE = 4_000
# Neighbours in the spectral affinity graph (sklearn's default for affinity="nearest_neighbors").
_SPECTRAL_NEIGHBORS = 10


@dataclass
class RunContext:
    """What a runner needs: the data, the rows to fit on and the random state."""

    X: np.ndarray
    fit_index: np.ndarray | None  # None: fit on every row
    random_state: int | None
    n_init: int
    min_cluster_pct: float
    notes: list[str] = field(default_factory=list)

    @property
    def X_fit(self) -> np.ndarray:
        return self.X if self.fit_index is None else self.X[self.fit_index]


def _assign_rest(ctx: RunContext, sample_labels: np.ndarray, k: int) -> np.ndarray:
    """Labels for all rows: the sample keeps its own labels, other rows go to the nearest centroid."""
    if ctx.fit_index is None:
        return sample_labels
    centroids = cluster_means(ctx.X_fit, sample_labels, k)
    centroids = np.nan_to_num(centroids, nan=np.inf)  # an empty cluster attracts nobody
    labels = nearest_centroid(ctx.X, centroids)
    labels[ctx.fit_index] = sample_labels
    return labels


def run_kmeans(ctx: RunContext, ks: Sequence[int]) -> Iterator[tuple[int, np.ndarray]]:
    """k-means (k-means++ seeding, ``n_init`` restarts) on the fit rows, nearest centroid for the rest."""
    # float64: sklearn's k-means++ seeding upcasts float32 in small chunks, which costs more than
    # converting the (at most SELECT_SAMPLE rows) sample once.
    Xf = ctx.X_fit.astype(np.float64)
    for k in ks:
        # tol 1e-3: enough to rank k (the chosen k is refined to the default tolerance later).
        km = KMeans(n_clusters=k, n_init=ctx.n_init, tol=1e-3, random_state=ctx.random_state).fit(Xf)
        if ctx.fit_index is None:
            yield k, km.labels_.astype(np.int64)
        else:
            yield k, nearest_centroid(ctx.X, km.cluster_centers_)


def run_gmm(ctx: RunContext, ks: Sequence[int]) -> Iterator[tuple[int, np.ndarray]]:
    """Gaussian mixture with diagonal covariances; every row gets its most probable component."""
    Xf = ctx.X_fit.astype(np.float64)
    for k in ks:
        gmm = GaussianMixture(
            n_components=k, covariance_type="diag", reg_covar=1e-3, n_init=1, random_state=ctx.random_state
        ).fit(Xf)
        labels = np.empty(ctx.X.shape[0], dtype=np.int64)
        step = 262_144
        for start in range(0, ctx.X.shape[0], step):
            labels[start : start + step] = gmm.predict(ctx.X[start : start + step].astype(np.float64))
        yield k, labels


def run_agglomerative(ctx: RunContext, ks: Sequence[int]) -> Iterator[tuple[int, np.ndarray]]:
    """Ward hierarchical clustering: one tree on the fit rows, cut at every k."""
    Z = linkage(ctx.X_fit.astype(np.float64), method="ward")
    for k in ks:
        sample_labels = fcluster(Z, t=k, criterion="maxclust").astype(np.int64) - 1
        yield k, _assign_rest(ctx, sample_labels, k)


def run_spectral(ctx: RunContext, ks: Sequence[int]) -> Iterator[tuple[int, np.ndarray]]:
    """Spectral clustering on a k-nearest-neighbour graph (one embedding, k-means per k)."""
    Xf = ctx.X_fit
    n_neighbors = min(_SPECTRAL_NEIGHBORS, Xf.shape[0] - 1)
    graph = kneighbors_graph(Xf, n_neighbors=n_neighbors, include_self=True)
    affinity = 0.5 * (graph + graph.T)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        maps = spectral_embedding(
            affinity, n_components=max(ks), random_state=ctx.random_state, drop_first=False
        )
    if any("not fully connected" in str(w.message) for w in caught):
        ctx.notes.append(
            "spectral: the nearest-neighbour graph is not fully connected; "
            "clusters may follow its components."
        )
    for k in ks:
        km = KMeans(n_clusters=k, n_init=10, random_state=ctx.random_state).fit(maps[:, :k])
        yield k, _assign_rest(ctx, km.labels_.astype(np.int64), k)


def run_hdbscan(ctx: RunContext) -> tuple[int, np.ndarray] | None:
    """HDBSCAN finds k itself; noise points join the nearest cluster. ``None`` if < 2 clusters."""
    Xf = ctx.X_fit
    min_size = max(5, math.ceil(ctx.min_cluster_pct * Xf.shape[0]))
    model = HDBSCAN(min_cluster_size=min_size, copy=True).fit(Xf)
    raw = model.labels_.astype(np.int64)
    k = int(raw.max()) + 1
    if k < 2:
        return None
    found = raw >= 0
    centroids = cluster_means(Xf[found], raw[found], k)
    labels = nearest_centroid(ctx.X, centroids)
    if ctx.fit_index is None:
        labels[found] = raw[found]
    else:
        labels[ctx.fit_index[found]] = raw[found]
    n_noise = int((~found).sum())
    if n_noise:
        ctx.notes.append(
            f"hdbscan: {n_noise:,} of {Xf.shape[0]:,} fitted rows were noise "
            "and joined their nearest cluster."
        )
    return k, labels


# The runners that take a range of k (hdbscan finds k itself: see ``run_hdbscan``).
RUNNERS: dict[str, Callable[[RunContext, Sequence[int]], Iterator[tuple[int, np.ndarray]]]] = {
    "kmeans": run_kmeans,
    "gmm": run_gmm,
    "agglomerative": run_agglomerative,
    "spectral": run_spectral,
}
