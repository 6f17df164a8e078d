"""Small statistics shared by the leads profiles and the simulated experiments (standard library only)."""

from __future__ import annotations

import math
from statistics import NormalDist

__all__ = ["normal_quantile", "wilson_interval"]

# scipy.stats is slow to import; the standard library's normal distribution is enough here
_NORMAL = NormalDist()


def normal_quantile(q: float) -> float:
    """Quantile ``q`` of the standard normal distribution (``normal_quantile(0.975)`` ≈ 1.96)."""
    return _NORMAL.inv_cdf(q)


def wilson_interval(successes: int, n: int, alpha: float = 0.05) -> tuple[float, float]:
    """Wilson score interval of a proportion (``(nan, nan)`` when ``n == 0``).

    Examples
    --------
    >>> lo, hi = wilson_interval(50, 100)
    >>> round(lo, 3), round(hi, 3)
    (0.404, 0.596)
    """
    if n <= 0:
        return (float("nan"), float("nan"))
    z = normal_quantile(1 - alpha / 2)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))
