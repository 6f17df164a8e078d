"""Latent class clustering: a mixture of categorical distributions fitted by EM.

Why it exists next to :func:`synthpersona.segmentation.cluster_matrix`: customer
tables are mostly categories (state, industry, seniority, bands). Distances on a
one-hot matrix add up *probabilities*, a latent class model adds up
*log-probabilities*, so many weak signals (each column favouring a few values per
segment) accumulate into a clear assignment. On the seed's leads data the planted
segments are recovered at ARI ~0.93 (k-means on the best one-hot encoding: ~0.6),
and the number of classes is chosen by BIC, which, unlike the silhouette, does
not collapse to k=2 on overlapping categorical data.

Every column enters by its category codes: numbers by their quartile bins. Plain numpy
(no SciPy or scikit-learn import), so the default path of a leads analysis starts fast.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Self

import numpy as np

from synthpersona.errors import InputError

__all__ = ["LatentClassModel"]

_BLOCK = 131_072


@dataclass
class _Fit:
    k: int
    log_prob: np.ndarray
    weights: np.ndarray
    bic: float


class LatentClassModel:
    """Mixture of independent categorical columns, EM with k chosen by BIC.

    Parameters
    ----------
    k
        Fixed number of classes, or ``None`` to choose in ``[k_min, k_max]`` by BIC.
    k_min, k_max
        Range tried when ``k`` is ``None``.
    min_cluster_pct
        Smallest eligible class (share of rows) when choosing k.
    n_init
        Random starts per k; each runs a few short EM steps and the best continues.
    max_iter, tol
        EM iteration cap and relative log-likelihood tolerance.
    fit_sample
        At most this many rows are used to fit; every row is then assigned to its
        most probable class.
    start_sample
        The short runs from random starts use at most this many of the fitted rows (a
        start's promise shows on a few thousand rows); the best one continues on all.
    alpha
        Pseudo-count per cell (keeps unseen values from having probability 0).
    random_state
        Seed of the sample and the random starts.

    Attributes
    ----------
    labels_, k_, log_prob_, weights_, bic_, candidates_, sampled_, notes_

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> z = rng.integers(0, 2, 2000)
    >>> cols = [np.where(rng.random(2000) < 0.9, z, 1 - z) for _ in range(5)]
    >>> model = LatentClassModel(k_max=4, random_state=0).fit(cols, [2] * 5)
    >>> model.k_
    2
    """

    def __init__(
        self,
        k: int | None = None,
        *,
        k_min: int = 2,
        k_max: int = 8,
        min_cluster_pct: float = 0.03,
        n_init: int = 3,
        max_iter: int = 200,
        tol: float = 1e-5,
        fit_sample: int = 20_000,
        start_sample: int = 5_000,
        alpha: float = 0.5,
        random_state: int | None = 0,
    ):
        self.k = k
        self.k_min = k_min
        self.k_max = k_max
        self.min_cluster_pct = min_cluster_pct
        self.n_init = n_init
        self.max_iter = max_iter
        self.tol = tol
        self.fit_sample = fit_sample
        self.start_sample = start_sample
        self.alpha = alpha
        self.random_state = random_state

    def fit(self, codes: Sequence[np.ndarray], n_levels: Sequence[int]) -> Self:
        """Fit on category ``codes`` (one ``(n,)`` int array per column, values in ``[0, n_levels[j])``)."""
        if not codes:
            raise InputError("LatentClassModel needs at least one column.")
        for name in ("fit_sample", "start_sample"):
            if getattr(self, name) < 100:
                raise InputError(f"{name} must be at least 100 rows, got {getattr(self, name)!r}.")
        n = len(codes[0])
        sizes = np.asarray(n_levels, dtype=np.int64)
        offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        G = np.empty((n, len(codes)), dtype=np.int32)
        for j, c in enumerate(codes):
            G[:, j] = np.asarray(c, dtype=np.int32) + offsets[j]
        ks = [self.k] if self.k is not None else list(range(self.k_min, min(self.k_max, n - 1) + 1))
        if not ks or ks[0] < 2 or n < ks[0] + 1:
            raise InputError(
                f"Need at least {(ks[0] if ks else 2) + 1} rows to form {ks[0] if ks else 2} clusters, "
                f"got {n}.",
                details={"rows": n},
            )
        rng = np.random.default_rng(self.random_state)
        notes: list[str] = []
        if n > self.fit_sample:
            fit_idx = np.sort(rng.choice(n, self.fit_sample, replace=False))
            Gf = G[fit_idx]
            notes.append(
                f"latent_class: fitted on a random sample of {self.fit_sample:,} of {n:,} rows; "
                "every row was then assigned to its most probable class."
            )
        else:
            Gf = G
        m_total = int(sizes.sum())
        Of = _Codes(np.ascontiguousarray(Gf.T), m_total)
        n_params_per_class = int((sizes - 1).sum())
        best: _Fit | None = None
        best_any: _Fit | None = None
        candidates: list[dict[str, object]] = []
        for k in ks:
            log_prob, weights, ll = self._em(Of, m_total, sizes, offsets, k, rng)
            labels_f = np.argmax(Of.joint_t(log_prob, weights), axis=0)
            shares = np.bincount(labels_f, minlength=k) / len(labels_f)
            p = (k - 1) + k * n_params_per_class
            bic = -2.0 * ll + p * math.log(Of.n)
            eligible = bool(shares.min() >= self.min_cluster_pct) if self.k is None else True
            cand = {
                "algorithm": "latent_class",
                "k": k,
                "bic": float(bic),
                "log_likelihood": float(ll),
                "smallest_cluster_pct": float(shares.min()),
                "eligible": eligible,
            }
            candidates.append(cand)
            state = _Fit(k, log_prob, weights, float(bic))
            if eligible and (best is None or bic < best.bic):
                best = state
            if best_any is None or bic < best_any.bic:
                best_any = state
        if best is None:
            assert best_any is not None
            best = best_any
            notes.insert(
                0,
                f"Warning: no k gives every cluster at least {100 * self.min_cluster_pct:g}% of rows; "
                f"kept the best BIC (k={best.k}).",
            )
        self.k_ = int(best.k)
        self.log_prob_ = best.log_prob
        self.weights_ = best.weights
        self.bic_ = best.bic
        self.candidates_ = candidates
        self.sampled_ = n > self.fit_sample
        self.labels_ = self._predict_codes(G)
        # order classes by size (largest first) for stable, readable ids
        sizes_k = np.bincount(self.labels_, minlength=self.k_)
        order = np.argsort(-sizes_k, kind="stable")
        remap = np.empty_like(order)
        remap[order] = np.arange(self.k_)
        self.labels_ = remap[self.labels_]
        self.log_prob_ = self.log_prob_[:, order]
        self.weights_ = self.weights_[order]
        self.notes_ = notes
        self.offsets_ = offsets
        return self

    def _predict_codes(self, G: np.ndarray) -> np.ndarray:
        labels = np.empty(G.shape[0], dtype=np.int64)
        for s in range(0, G.shape[0], _BLOCK):
            block = _Codes(np.ascontiguousarray(G[s : s + _BLOCK].T), self.log_prob_.shape[0])
            labels[s : s + _BLOCK] = np.argmax(block.joint_t(self.log_prob_, self.weights_), axis=0)
        return labels

    def _em(
        self,
        G: _Codes,
        m_total: int,
        sizes: np.ndarray,
        offsets: np.ndarray,
        k: int,
        rng: np.random.Generator,
    ) -> tuple[np.ndarray, np.ndarray, float]:
        # short runs from several random starts on a sample; the best one continues to convergence
        S = G.sample(self.start_sample, rng)
        starts = []
        for _ in range(max(1, self.n_init)):
            RT = np.ascontiguousarray(rng.dirichlet(np.ones(k), size=S.n).T)
            lp, w = self._m_step(S, RT, m_total, sizes, offsets, k)
            lp, w, ll = self._iterate(S, lp, w, m_total, sizes, offsets, k, 15)
            starts.append((ll, lp, w))
        ll, lp, w = max(starts, key=lambda s: s[0])
        return self._iterate(G, lp, w, m_total, sizes, offsets, k, self.max_iter)

    def _iterate(
        self,
        G: _Codes,
        lp: np.ndarray,
        w: np.ndarray,
        m_total: int,
        sizes: np.ndarray,
        offsets: np.ndarray,
        k: int,
        iters: int,
    ) -> tuple[np.ndarray, np.ndarray, float]:
        prev = -np.inf
        ll = -np.inf
        for _ in range(iters):
            # (k, n) layout: reductions over the k classes become fast element-wise passes
            RT = G.joint_t(lp, w)
            mx = RT.max(axis=0)
            RT -= mx
            np.exp(RT, out=RT)
            tot = RT.sum(axis=0)
            ll = float(np.log(tot).sum() + mx.sum())
            RT /= tot
            lp, w = self._m_step(G, RT, m_total, sizes, offsets, k)
            if abs(ll - prev) <= self.tol * abs(ll):
                break
            prev = ll
        return lp, w, ll

    def _m_step(
        self,
        codes: _Codes,
        RT: np.ndarray,
        m_total: int,
        sizes: np.ndarray,
        offsets: np.ndarray,
        k: int,
    ) -> tuple[np.ndarray, np.ndarray]:
        counts = codes.counts(RT) + self.alpha
        log_prob = np.empty_like(counts)
        for j in range(len(sizes)):
            sl = slice(offsets[j], offsets[j] + sizes[j])
            log_prob[sl] = np.log(counts[sl] / counts[sl].sum(axis=0, keepdims=True))
        w = RT.sum(axis=1) + 1e-9
        return log_prob, w / w.sum()


class _Codes:
    """Global category codes of ``n`` rows, column-major ``(f, n)``: what the EM steps need, in numpy."""

    def __init__(self, GT: np.ndarray, m_total: int):
        self.GT = GT
        self.m_total = m_total
        self.n = GT.shape[1]
        self._flat = GT.ravel()

    def sample(self, size: int, rng: np.random.Generator) -> _Codes:
        """At most ``size`` of the rows, drawn without replacement (``self`` when there are fewer)."""
        if self.n <= size:
            return self
        idx = np.sort(rng.choice(self.n, size, replace=False))
        return _Codes(np.ascontiguousarray(self.GT[:, idx]), self.m_total)

    def joint_t(self, log_prob: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """``(k, n)`` log joint probability of every row and class."""
        lpt = np.ascontiguousarray(log_prob.T)
        out = np.take(lpt, self.GT[0], axis=1)
        for j in range(1, self.GT.shape[0]):
            out += np.take(lpt, self.GT[j], axis=1)
        out += np.log(weights)[:, None]
        return out

    def counts(self, RT: np.ndarray) -> np.ndarray:
        """``(m_total, k)`` expected count of each category in each class from ``(k, n)`` responsibilities."""
        # one weighted bincount per class over the offset codes of all columns (no copies of RT)
        out = np.empty((self.m_total, RT.shape[0]))
        for c, r in enumerate(RT):
            acc = np.zeros(self.m_total)
            for g in self.GT:
                acc += np.bincount(g, weights=r, minlength=self.m_total)
            out[:, c] = acc
        return out
