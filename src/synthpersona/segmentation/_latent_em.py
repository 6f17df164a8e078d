"""The EM steps of :class:`~synthpersona.segmentation._latent.LatentClassModel`: starts, iterations, M-step.

Categorical columns are read through global category codes (:class:`Codes`); Gaussian columns have a
variance per class (``covariance="diagonal"``) or one covariance matrix shared by every class
(``"tied"``), floored so that no class collapses on a line.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from synthpersona.segmentation._latent_codes import Codes

__all__ = ["VAR_FLOOR", "EMSettings", "em", "floored", "iterate", "m_step", "nearest_of_random"]

# Smallest within-class variance of a standardised Gaussian column: a class cannot collapse on one value.
VAR_FLOOR = 0.02


@dataclass(frozen=True)
class EMSettings:
    """The model's parameters the EM steps read (its ``alpha``, ``covariance``, ``tol``, ...)."""

    alpha: float
    covariance: str
    tol: float
    max_iter: int
    n_init: int
    start_sample: int


def em(
    G: Codes,
    sizes: np.ndarray,
    offsets: np.ndarray,
    k: int,
    rng: np.random.Generator,
    s: EMSettings,
) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, np.ndarray] | None, float]:
    # short runs from several random starts on a sample; the best one continues to convergence
    S = G.sample(s.start_sample, rng)
    starts = []
    for _ in range(max(1, s.n_init)):
        if S.ZT is None:
            RT = np.ascontiguousarray(rng.dirichlet(np.ones(k), size=S.n).T)
        elif s.covariance == "tied":  # a random split's classes share the overall covariance and
            # means, a fixed point of EM: start from the rows nearest k random rows, whitened
            RT = np.ascontiguousarray(np.eye(k)[nearest_of_random(S.ZT, k, rng)].T * 0.6 + 0.4 / k)
        else:  # Gaussian columns: a random hard split breaks the classes' symmetry at once
            RT = np.ascontiguousarray(np.eye(k)[rng.integers(0, k, S.n)].T * 0.6 + 0.4 / k)
        lp, w, gauss = m_step(S, RT, sizes, offsets, s)
        lp, w, gauss, ll = iterate(S, lp, w, gauss, sizes, offsets, 15, s)
        starts.append((ll, lp, w, gauss))
    ll, lp, w, gauss = max(starts, key=lambda s: s[0])
    return iterate(G, lp, w, gauss, sizes, offsets, s.max_iter, s)


def iterate(
    G: Codes,
    lp: np.ndarray,
    w: np.ndarray,
    gauss: tuple[np.ndarray, np.ndarray] | None,
    sizes: np.ndarray,
    offsets: np.ndarray,
    iters: int,
    s: EMSettings,
) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, np.ndarray] | None, float]:
    prev = -np.inf
    ll = -np.inf
    for _ in range(iters):
        # (k, n) layout: reductions over the k classes become fast element-wise passes
        RT = G.joint_t(lp, w, gauss)
        mx = RT.max(axis=0)
        RT -= mx
        np.exp(RT, out=RT)
        tot = RT.sum(axis=0)
        ll = float(np.log(tot).sum() + mx.sum())
        RT /= tot
        lp, w, gauss = m_step(G, RT, sizes, offsets, s)
        if abs(ll - prev) <= s.tol * abs(ll):
            break
        prev = ll
    return lp, w, gauss, ll


def m_step(
    codes: Codes, RT: np.ndarray, sizes: np.ndarray, offsets: np.ndarray, s: EMSettings
) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, np.ndarray] | None]:
    counts = codes.counts(RT) + s.alpha
    log_prob = np.empty_like(counts)
    for j in range(len(sizes)):
        sl = slice(offsets[j], offsets[j] + sizes[j])
        log_prob[sl] = np.log(counts[sl] / counts[sl].sum(axis=0, keepdims=True))
    w = RT.sum(axis=1) + 1e-9
    gauss = None
    if codes.ZT is not None and s.covariance == "tied":  # class means, one pooled covariance
        mean = (codes.ZT @ RT.T) / w
        scatter = codes.ZT @ codes.ZT.T - (mean * w) @ mean.T
        gauss = (mean, floored(scatter / w.sum())[None, :, :])
    elif codes.ZT is not None:  # weighted means and variances per class, floored
        mean = (codes.ZT @ RT.T) / w
        var = np.maximum((codes.ZT**2 @ RT.T) / w - mean**2, VAR_FLOOR)
        gauss = (mean, var)
    return log_prob, w / w.sum(), gauss


def floored(cov: np.ndarray) -> np.ndarray:
    """``cov`` with every eigenvalue at least the variance floor (a class cannot collapse on a line)."""
    cov = (cov + cov.T) / 2.0
    vals, vecs = np.linalg.eigh(cov)
    return (vecs * np.maximum(vals, VAR_FLOOR)) @ vecs.T


def nearest_of_random(ZT: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """Each row's nearest of ``k`` rows drawn at random (k-means++ seeding), in whitened ``(g, n)`` ``ZT``."""
    cov = floored(np.atleast_2d(np.cov(ZT)))
    W = np.linalg.solve(np.linalg.cholesky(cov), ZT - ZT.mean(axis=1, keepdims=True))
    centres = [int(rng.integers(W.shape[1]))]
    d2 = ((W - W[:, centres[0], None]) ** 2).sum(axis=0)
    for _ in range(1, k):
        centres.append(int(rng.choice(W.shape[1], p=d2 / d2.sum())))
        d2 = np.minimum(d2, ((W - W[:, centres[-1], None]) ** 2).sum(axis=0))
    C = W[:, centres]
    return np.argmin((W**2).sum(axis=0)[None, :] - 2.0 * C.T @ W + (C**2).sum(axis=0)[:, None], axis=0)
