"""Nearest-centroid assignment and silhouette on a fixed sample.

The full silhouette is quadratic in the number of rows. Here the pairwise
distances of ONE random sample of rows are computed once; each candidate
clustering is then scored with a single ``(s, s) @ (s, k)`` product, so choosing
k among several values costs about as much as scoring one.
"""

from __future__ import annotations

import numpy as np

# Rows per block when assigning: bounds the temporary (block, k) distance matrix.
_BLOCK = 131_072
# Rows per block of distances_to_centroids: its temporaries are (block, d), two of them (16 MB
# each at 131,072 rows of a goal's 32 features; 2 MB at this size). Each row's distance is
# computed alone, so the block size does not change the result.
_DIFF_BLOCK = 16_384


def nearest_centroid(X: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """Index of the nearest centroid (Euclidean) for every row of ``X``.

    Parameters
    ----------
    X
        ``(n, d)`` matrix.
    centroids
        ``(k, d)`` matrix in the same space.

    Returns
    -------
    numpy.ndarray
        ``(n,)`` int64 labels in ``0 .. k-1``; ties go to the lowest index.

    Examples
    --------
    >>> import numpy as np
    >>> nearest_centroid(np.array([[0.0, 0.1], [5.0, 5.2]]), np.array([[0.0, 0.0], [5.0, 5.0]]))
    array([0, 1])
    """
    X = np.asarray(X)
    C = np.asarray(centroids, dtype=X.dtype if X.dtype in (np.float32, np.float64) else np.float64)
    half_sq = 0.5 * np.einsum("ij,ij->i", C, C)
    labels = np.empty(X.shape[0], dtype=np.int64)
    # argmin ||x - c||^2 = argmin (||c||^2 / 2 - x.c); ||x||^2 is the same for every c.
    for start in range(0, X.shape[0], _BLOCK):
        block = X[start : start + _BLOCK]
        labels[start : start + _BLOCK] = np.argmin(half_sq[None, :] - block @ C.T, axis=1)
    return labels


def distances_to_centroids(X: np.ndarray, centroids: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Euclidean distance of every row of ``X`` to the centroid of its own cluster (float64 result)."""
    out = np.empty(X.shape[0], dtype=np.float64)
    C = np.asarray(centroids, dtype=X.dtype if X.dtype == np.float64 else np.float32)
    for start in range(0, X.shape[0], _DIFF_BLOCK):
        diff = X[start : start + _DIFF_BLOCK] - C[labels[start : start + _DIFF_BLOCK]]
        out[start : start + _DIFF_BLOCK] = np.sqrt(np.einsum("ij,ij->i", diff, diff))
    return out


def cluster_means(X: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    """``(k, d)`` float64 mean of the rows of each cluster (``nan`` rows for empty clusters)."""
    counts = np.bincount(labels, minlength=k).astype(np.float64)
    sums = np.zeros((k, X.shape[1]), dtype=np.float64)
    for start in range(0, X.shape[0], _BLOCK):
        block = X[start : start + _BLOCK]
        lab = labels[start : start + _BLOCK]
        # One-hot product: a BLAS call instead of a Python-level group-by.
        onehot = np.zeros((block.shape[0], k), dtype=block.dtype)
        onehot[np.arange(block.shape[0]), lab] = 1
        sums += (onehot.T @ block).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return sums / counts[:, None]


class SampleSilhouette:
    """Silhouette scores of any labelling, evaluated on one fixed sample of rows.

    Parameters
    ----------
    X_sample
        ``(s, d)`` rows of the sample; their pairwise distances are computed once.

    Examples
    --------
    >>> import numpy as np
    >>> sil = SampleSilhouette(np.array([[0.0], [0.1], [5.0], [5.1]]))
    >>> round(sil.score(np.array([0, 0, 1, 1]))[0], 3)
    0.98
    """

    def __init__(self, X_sample: np.ndarray):
        # Centring first keeps the float32 Gram trick accurate (no large norms to cancel);
        # in-place steps avoid (s, s) temporaries.
        Xs = np.asarray(X_sample, dtype=np.float64)
        Xs = (Xs - Xs.mean(axis=0)).astype(np.float32)
        sq = np.einsum("ij,ij->i", Xs, Xs)
        d = Xs @ Xs.T
        d *= -2.0
        d += sq[:, None]
        d += sq[None, :]
        np.maximum(d, 0.0, out=d)
        np.sqrt(d, out=d)
        self.distances = d
        np.fill_diagonal(self.distances, 0.0)

    @property
    def size(self) -> int:
        """Number of rows in the sample."""
        return int(self.distances.shape[0])

    def samples(self, labels: np.ndarray, k: int) -> np.ndarray:
        """Silhouette of every sample row (sklearn's definition: 0 for rows alone in their cluster)."""
        labels = np.asarray(labels, dtype=np.int64)
        s = labels.shape[0]
        onehot = np.zeros((s, k), dtype=np.float32)
        onehot[np.arange(s), labels] = 1.0
        counts = onehot.sum(axis=0).astype(np.float64)
        sums = (self.distances @ onehot).astype(np.float64)  # (s, k): total distance to each cluster
        own = counts[labels]
        with np.errstate(invalid="ignore", divide="ignore"):
            a = sums[np.arange(s), labels] / np.maximum(own - 1.0, 1.0)
            mean_other = sums / counts[None, :]
        mean_other[np.arange(s), labels] = np.inf
        mean_other[:, counts == 0] = np.inf
        b = mean_other.min(axis=1)
        denom = np.maximum(a, b)
        with np.errstate(invalid="ignore", divide="ignore"):
            sil = np.where(denom > 0, (b - a) / denom, 0.0)
        sil[own <= 1] = 0.0
        sil[~np.isfinite(b)] = 0.0
        return sil

    def score(self, labels: np.ndarray, k: int | None = None) -> tuple[float, np.ndarray]:
        """Mean silhouette and ``(k,)`` mean silhouette per cluster of a labelling of the sample.

        Returns ``nan`` overall when the sample holds fewer than two clusters, and
        ``nan`` for clusters with no row in the sample.
        """
        labels = np.asarray(labels, dtype=np.int64)
        k = int(labels.max()) + 1 if k is None else k
        counts = np.bincount(labels, minlength=k)
        per_cluster = np.full(k, np.nan)
        if np.count_nonzero(counts) < 2:
            return float("nan"), per_cluster
        sil = self.samples(labels, k)
        present = counts > 0
        per_cluster[present] = np.bincount(labels, weights=sil, minlength=k)[present] / counts[present]
        return float(sil.mean()), per_cluster
