"""The rows a latent class model's EM steps read: global category codes and Gaussian columns."""

from __future__ import annotations

import math

import numpy as np

__all__ = ["LOG_2PI", "Codes"]

LOG_2PI = math.log(2.0 * math.pi)


class Codes:
    """Global category codes of ``n`` rows, column-major ``(f, n)``: what the EM steps need, in numpy."""

    def __init__(self, GT: np.ndarray, m_total: int, ZT: np.ndarray | None = None):
        self.GT = GT
        self.m_total = m_total
        self.ZT = ZT  # ``(g, n)`` standardised Gaussian columns, or None
        self.n = GT.shape[1] if ZT is None else ZT.shape[1]

    def sample(self, size: int, rng: np.random.Generator) -> Codes:
        """At most ``size`` of the rows, drawn without replacement (``self`` when there are fewer)."""
        if self.n <= size:
            return self
        idx = np.sort(rng.choice(self.n, size, replace=False))
        ZT = None if self.ZT is None else np.ascontiguousarray(self.ZT[:, idx])
        return Codes(np.ascontiguousarray(self.GT[:, idx]), self.m_total, ZT)

    def joint_t(
        self, log_prob: np.ndarray, weights: np.ndarray, gauss: tuple[np.ndarray, np.ndarray] | None = None
    ) -> np.ndarray:
        """``(k, n)`` log joint probability of every row and class."""
        lpt = np.ascontiguousarray(log_prob.T)
        out = np.zeros((len(weights), self.n))
        for j in range(self.GT.shape[0]):
            out += np.take(lpt, self.GT[j], axis=1)
        if gauss is not None and self.ZT is not None and gauss[1].ndim == 3:  # one tied covariance
            mean, cov = gauss
            chol = np.linalg.cholesky(cov[0])
            wz = np.linalg.solve(chol, self.ZT)  # whitened rows (g, n)
            wm = np.linalg.solve(chol, mean)  # whitened class means (g, k)
            out -= 0.5 * ((wz**2).sum(axis=0)[None, :] + (wm**2).sum(axis=0)[:, None] - 2.0 * (wm.T @ wz))
            out -= 0.5 * (len(mean) * LOG_2PI + 2.0 * np.log(np.diag(chol)).sum())
        elif gauss is not None and self.ZT is not None:
            mean, var = gauss
            for j, z in enumerate(self.ZT):
                out -= 0.5 * (z[None, :] - mean[j][:, None]) ** 2 / var[j][:, None]
                out -= 0.5 * (LOG_2PI + np.log(var[j]))[:, None]
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
