"""Which signals the goal workflow's latent class model reads: a likelihood screen over pairs.

The mixture step (:mod:`synthpersona.segmentation._mixed`) reads the consumer categoricals and
the signals the valley screen led with (:func:`~synthpersona.features._screen.screen`). Segments
that move three or four signals by half a level step each leave no valley on any signal, pair
diagonal or component (heldout9 ``corrdir``/``skewsize``, heldout10 ``manysmall``, seen: the
screen led with nothing), so the mixture saw only the categoricals and found nothing.

The model works on each signal's *normal scores* (its rank through the inverse normal CDF), where
every signal alone is exactly normal; what is left is how signals go together. Linked signals
whose link is one smooth factor (the built-in population's scores) stay close to one normal in
two dimensions; groups of people at different levels on two signals do not. So for every pair of
candidate signals, on a fixed-seed sample of :data:`SAMPLE` rows, a two-component normal mixture
with one shared covariance is fitted (EM, a few deterministic starts, all pairs at once) and its
log-likelihood gain over one normal (the pair's own covariance) per row is the pair's figure. The
signals of pairs whose gain reaches :data:`MIN_PAIR_GAIN` join the mixture's Gaussian columns
(at most :data:`MAX_SIGNALS`, best pairs first). Measured on the built-in population's audiences
and the seen splits' structureless ones (see docs/benchmarks.md, session 13).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np
from scipy.special import ndtri

__all__ = ["MAX_SIGNALS", "MIN_PAIR_GAIN", "SAMPLE", "likelihood_signals", "pair_gains"]

# Rows the pairs are measured on (fixed seed): enough for a 10 % group to show, cheap for 231 pairs
# (2,000 rows cost ~0.06 s per goal under load; 1,000 about half).
SAMPLE: Final[int] = 1_000
# Log-likelihood gain per row of two components over one normal for a pair to count.
MIN_PAIR_GAIN: Final[float] = 0.03
# At most this many signals join the mixture from the pairs (its cost grows with its columns).
MAX_SIGNALS: Final[int] = 6
# The views of a pair: directions between its two axes (the axes alone are normal by construction).
_ANGLES = tuple(np.deg2rad(a) for a in (30.0, 45.0, 60.0, 120.0, 135.0, 150.0))


def _normal_scores(x: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    n = len(x)
    ranks = np.empty(n)
    ranks[np.lexsort((rng.random(n), x))] = np.arange(1, n + 1)
    return np.asarray(ndtri(ranks / (n + 1)))


def pair_gains(columns: dict[str, np.ndarray], random_state: int = 20261213) -> list[tuple[float, str, str]]:
    """Each pair's departure from one normal, in nats per row (negentropy of its most non-normal view).

    Each column is taken to its normal scores first (ties broken at random, fixed seed), so a
    column's own shape (skew, a floor, a five-point scale) adds nothing; only how two columns go
    together does. Under one normal (linked or not) every view ``cos(t) a + sin(t) b`` is normal;
    groups at different levels make some view skewed (a small group) or flat-topped (two groups).
    The figure is the largest, over :data:`_ANGLES`, of the classic negentropy approximation
    ``skew**2 / 12 + excess_kurtosis**2 / 48`` (the log-likelihood gain per row of the best
    non-normal fit over a normal, to third and fourth moments). Entries ``(gain, a, b)``, largest
    first. Columns without spread are left out.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> g = rng.random(2_000) < 0.1  # a tenth sit 3 SD higher on a and b
    >>> a, b = rng.normal(0, 1, 2_000) + 3 * g, rng.normal(0, 1, 2_000) + 3 * g
    >>> f = 0.8 * rng.normal(0, 1, 2_000)  # c and d: one smooth factor, no groups
    >>> c, d = f + rng.normal(0, 0.6, 2_000), f + rng.normal(0, 0.6, 2_000)
    >>> gains = pair_gains({"a": a, "b": b, "c": c, "d": d})
    >>> gains[0][1:], gains[0][0] > MIN_PAIR_GAIN, dict(((x, y), v) for v, x, y in gains)[("c", "d")] < 0.005
    (('a', 'b'), True, True)
    """
    rng = np.random.default_rng(random_state)
    names = [k for k, v in columns.items() if np.ptp(v) > 0]
    if len(names) < 2:
        return []
    Z = np.stack([_normal_scores(np.asarray(columns[k], dtype=np.float64), rng) for k in names])
    ia, ib = np.triu_indices(len(names), 1)
    best = np.zeros(len(ia))
    for t in _ANGLES:
        v = np.cos(t) * Z[ia] + np.sin(t) * Z[ib]  # (P, n)
        v = v - v.mean(axis=1, keepdims=True)
        v = v / np.maximum(v.std(axis=1, keepdims=True), 1e-12)
        v2 = v * v
        skew = (v2 * v).mean(axis=1)
        kurt = (v2 * v2).mean(axis=1) - 3.0
        best = np.maximum(best, skew**2 / 12.0 + kurt**2 / 48.0)
    order = np.argsort(-best, kind="stable")
    return [(float(best[i]), names[ia[i]], names[ib[i]]) for i in order]


def likelihood_signals(
    columns: dict[str, np.ndarray], exclude: Sequence[str] = (), random_state: int = 20261213
) -> list[str]:
    """Signals of the pairs whose gain (:func:`pair_gains`) reaches :data:`MIN_PAIR_GAIN`, best first.

    ``columns`` are the candidate signals on the audience's rows; a fixed-seed sample of
    :data:`SAMPLE` rows is fitted. Signals in ``exclude`` (already read) are not returned.
    """
    n = len(next(iter(columns.values()))) if columns else 0
    if n < 200:
        return []
    rows = np.sort(np.random.default_rng(random_state).choice(n, min(n, SAMPLE), replace=False))
    sampled = {k: np.asarray(v)[rows] for k, v in columns.items()}
    out: list[str] = []
    for gain, a, b in pair_gains(sampled, random_state):
        if gain < MIN_PAIR_GAIN or len(out) >= MAX_SIGNALS:
            break
        out.extend(s for s in (a, b) if s not in out and s not in exclude)
    return out[:MAX_SIGNALS]
