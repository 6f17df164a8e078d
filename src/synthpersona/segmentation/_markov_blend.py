"""The blend check of the ``markov_mixture`` k search: discrete groups, or a continuum between them?

A mixture cuts users who vary smoothly into pieces as readily as it finds real groups; held-out
likelihood alone cannot tell the two apart. :func:`blend_gain` asks whether blends *between*
the groups' behaviours predict each user's held-out half better than the groups themselves.
Used by :func:`synthpersona.segmentation._markov.choose_k`.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from synthpersona.segmentation._markov_model import BehaviourCounts, MarkovMixture, logsumexp

__all__ = ["blend_gain", "normalised_entropy", "ordinal_columns"]


def normalised_entropy(J: np.ndarray) -> float:
    """Mean entropy of the users' group posteriors, over its maximum ``log k`` (0 = crisp, 1 = none).

    Reported with each k (how certain users' groups are); not used to choose k: on the seen
    splits a continuum scored 0.34-0.41 and true groups at their k up to 0.45.
    """
    if J.shape[1] < 2:
        return 0.0
    L = J - logsumexp(J, axis=1, keepdims=True)
    return float(-(np.exp(L) * L).sum(axis=1).mean() / np.log(J.shape[1]))


# Names of the columns of ordered bins (``synthpersona.simulation._mixture``): gaps between
# events, number of sessions, start hour, time between sessions. A continuum in such a block is
# a *shift* of the distribution, not a mix of two: :func:`blend_gain` blends these geometrically.
_ORDINAL = re.compile(r"^(gap(<|>=)\d+s( after .+)?|sessions(<=|>)\d+|start\d\d-\d\dh|revisit(<|>=)\d+[dh])$")


def ordinal_columns(counts: BehaviourCounts) -> np.ndarray:
    """Boolean per column: does it belong to a block of ordered bins (a tempo or time block)?

    A block is ordinal when every one of its columns is named as an ordered bin.

    Examples
    --------
    >>> from scipy import sparse
    >>> X = BehaviourCounts(sparse.csr_matrix(np.ones((1, 4))), np.array([0, 0, 1, 1]),
    ...                     ["a>b", "a>$", "gap<2s", "gap>=3600s"])
    >>> ordinal_columns(X).tolist()
    [False, False, True, True]
    """
    named = np.array([bool(_ORDINAL.match(n)) for n in counts.names], dtype=bool)
    n_blocks = int(counts.block.max()) + 1 if len(counts.block) else 0
    whole = np.bincount(counts.block, weights=~named, minlength=n_blocks) == 0
    return np.asarray(whole[counts.block], dtype=bool)


def _blend_points(
    lt: np.ndarray, block: np.ndarray, ordinal: np.ndarray, pairs: list[tuple[int, int]], t: np.ndarray
) -> np.ndarray:
    """Log shares of the points ``t`` along every pair of groups (``(len(pairs)·len(t), F)``).

    Transition blocks blend arithmetically (a user who mixes two groups' routes); ordinal blocks
    geometrically, renormalised per block (a user *between* two tempos or hours: the geometric
    blend of two shifted bell shapes is a bell shape in between, where the arithmetic one is two
    humps that nobody in between has).
    """
    theta = np.exp(lt)
    out = []
    for g, h in pairs:
        arith = np.log((1 - t)[:, None] * theta[g][None] + t[:, None] * theta[h][None])
        if ordinal.any():
            geo = (1 - t)[:, None] * lt[g][None, ordinal] + t[:, None] * lt[h][None, ordinal]
            b = block[ordinal]
            _, inv = np.unique(b, return_inverse=True)
            m = geo.max(axis=1, keepdims=True)
            tot = np.stack(
                [np.bincount(inv, weights=row, minlength=inv.max() + 1) for row in np.exp(geo - m)]
            )
            arith[:, ordinal] = geo - m - np.log(tot[:, inv])
        out.append(arith)
    return np.concatenate(out) if out else np.zeros((0, lt.shape[1]))


def blend_gain(
    model: MarkovMixture,
    counts: BehaviourCounts,
    *,
    random_state: int | None = 0,
    steps: int = 8,
    per: str = "informative",
) -> float:
    """How much better a *continuum* between the groups predicts users than discrete groups.

    Every user's counts are thinned at random into two halves; each model predicts the second
    half from the first, averaging over what the first half says about the user (a Bayesian
    predictive, so neither model gains from fitting one user's noise):

    - discrete: the user belongs to one group (prior: the group shares);
    - continuum: the user's behaviour lies on a grid of ``t`` between every pair of groups (the
      groups themselves are the grid's ends): their transitions a blend ``(1-t)·A + t·B``, their
      tempo and time blocks (ordered bins: :func:`ordinal_columns`) the geometric blend, i.e.
      a distribution shifted part of the way from A's to B's.

    Returned: the gain of the continuum, in nats per count of the second halves in the blocks
    the groups differ in (``per="informative"``; tied blocks are the same under both models, so
    they only dilute a per-count figure) or in all blocks (``per="count"``). Users of
    discrete groups are predicted as well by their group, and the continuum spreads its prior
    over points nobody sits on (gain below 0); users spread between groups are predicted
    better by the blends (gain above 0).
    """
    rng = np.random.default_rng(None if random_state is None else [random_state, 23])
    C = counts.C.tocsr()
    k = model.k
    x1 = C.copy()
    x1.data = rng.binomial(C.data.astype(np.int64), 0.5).astype(np.float64)
    x2 = C.copy()
    x2.data = C.data - x1.data
    lt, lpi = model.log_theta, model.log_pi
    disc = logsumexp(lpi[None, :] + np.asarray(C @ lt.T), axis=1) - logsumexp(
        lpi[None, :] + np.asarray(x1 @ lt.T), axis=1
    )
    t = np.arange(1, steps) / steps
    pairs = [(g, h) for g in range(k) for h in range(g + 1, k)]
    # points: every group, then the interior of every pair; prior: half on the groups (their
    # shares), half spread over the pairs' interiors (each pair by the product of its shares)
    P = np.concatenate([lt, _blend_points(lt, model.block, ordinal_columns(counts), pairs, t)])
    pi = np.exp(lpi)
    pair_w = np.array([pi[g] * pi[h] for g, h in pairs])
    prior = np.log(np.r_[0.5 * pi, np.repeat(0.5 * pair_w / max(pair_w.sum(), 1e-300) / len(t), len(t))])
    cont = logsumexp(prior[None, :] + np.asarray(C @ P.T), axis=1) - logsumexp(
        prior[None, :] + np.asarray(x1 @ P.T), axis=1
    )
    gain = float((cont - disc).sum())
    if per == "informative":
        return gain / max(float(_informative_counts(model, x2)), 1.0)
    return gain / max(float(x2.data.sum()), 1.0)


def _informative_counts(model: MarkovMixture, x: Any) -> float:
    """Counts of ``x`` in the blocks whose shares differ between the groups (not tied)."""
    lt, block = model.log_theta, model.block
    n_blocks = int(block.max()) + 1 if len(block) else 0
    differs = np.bincount(block, weights=np.ptp(lt, axis=0) > 1e-12, minlength=n_blocks) > 0
    col_counts = np.asarray(x.sum(axis=0)).ravel()
    return float(col_counts[differs[block]].sum())
