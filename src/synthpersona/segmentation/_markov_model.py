"""The model of the ``markov_mixture`` algorithm: block counts and a mixture of Markov chains (EM).

:class:`BehaviourCounts` holds every user's counts in *blocks*, each one categorical distribution
(one block per "from" state of the user's transitions, then e.g. binned gaps between events);
:func:`fit_mixture` fits :class:`MarkovMixture` (one categorical distribution per block and group)
by EM on the sparse count matrix. How many groups, and whether they are clear, is chosen in
:mod:`synthpersona.segmentation._markov`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

__all__ = ["TIE_PENALTY", "BehaviourCounts", "MarkovMixture", "fit_mixture", "free_shares", "logsumexp"]


def logsumexp(J: np.ndarray, axis: int = 1, keepdims: bool = False) -> np.ndarray:
    """``log(sum(exp(J)))`` along ``axis`` (a lean version of scipy's for finite ``J``)."""
    m = J.max(axis=axis, keepdims=True)
    out = np.log(np.exp(J - m).sum(axis=axis, keepdims=True)) + m
    return out if keepdims else np.squeeze(out, axis=axis)


# Pseudo-counts per block, spread as the pooled shares (shrinks small groups toward everyone).
# 30 rather than 1: with 20-40 events a group has hundreds of transition shares, and weakly
# shrunk groups overfit the users they were fitted on (held-out likelihood then stops k early).
_PRIOR = 30.0
# Nats of expected log-likelihood per extra free share a block's per-group shares must add over
# one pooled distribution for every group (else the block is tied: :func:`_theta`). 1 is AIC's
# price. Seen splits heldout2/3/4 (with the time blocks): mean ARI 0.745/0.710/0.449 ->
# 0.749/0.711/0.463, planted logs called unclear 1/1/9 -> 1/0/4 of 16, heldout4 tempo groups
# 0.680/0.659 -> 0.766/0.784 (ceilings 0.80); structureless called unclear 2/3/5 -> 2/2/5.
# BIC's price (0.5 log n) tied real differences: mean ARI 0.684/0.659/0.376.
TIE_PENALTY = 1.0
# Users assigned at a time by ``MarkovMixture.predict``: bounds its (rows, k) and mapped copies.
PREDICT_BLOCK = 262_144


@dataclass
class BehaviourCounts:
    """Per-user counts of every block, as one sparse matrix, and the block of each column."""

    C: sparse.csr_matrix
    block: np.ndarray
    names: list[str]
    #: Tracker double fires counted once when the counts were built (reported in the notes).
    double_fires: int = 0

    @property
    def n_users(self) -> int:
        return int(self.C.shape[0])

    def rows(self, index: np.ndarray) -> BehaviourCounts:
        return BehaviourCounts(self.C[index], self.block, self.names)


@dataclass
class MarkovMixture:
    """A fitted mixture: ``log_theta`` ``(k, F)`` per-block log shares, ``log_pi`` ``(k,)``."""

    log_theta: np.ndarray
    log_pi: np.ndarray
    block: np.ndarray
    log_likelihood: float = float("nan")
    n_iter: int = 0
    history: list[float] = field(default_factory=list)
    tied_from: int = 0  # first entry of ``history`` with blocks tied (EM rises within each phase)
    #: Map from the counts' columns to the model's when it was fitted on a view of them
    #: (``_markov_views.pooled_gaps``); ``None``: the same columns.
    columns: sparse.csr_matrix | None = None

    @property
    def k(self) -> int:
        return int(self.log_pi.shape[0])

    def joint(self, counts: BehaviourCounts) -> np.ndarray:
        """``(n, k)`` log p(user's counts, group)."""
        C = counts.C if self.columns is None else counts.C @ self.columns
        return np.asarray(C @ self.log_theta.T) + self.log_pi[None, :]

    def score(self, counts: BehaviourCounts) -> float:
        """Total log-likelihood of the users of ``counts``."""
        return float(logsumexp(self.joint(counts), axis=1).sum())

    def predict(self, counts: BehaviourCounts) -> np.ndarray:
        """The most probable group of each user (in row blocks: no ``(n, k)`` or mapped copy of all users)."""
        n = counts.n_users
        out = np.empty(n, dtype=np.int64)
        for lo in range(0, n, PREDICT_BLOCK):
            part = BehaviourCounts(counts.C[lo : lo + PREDICT_BLOCK], counts.block, counts.names)
            out[lo : lo + PREDICT_BLOCK] = self.joint(part).argmax(axis=1)
        return out

    def posterior(self, counts: BehaviourCounts) -> np.ndarray:
        J = self.joint(counts)
        return np.exp(J - logsumexp(J, axis=1, keepdims=True))


def _theta(N: np.ndarray, block: np.ndarray, prior: np.ndarray, tie: bool = False) -> np.ndarray:
    """Per-block shares of ``N`` ``(k, F)`` with ``_PRIOR`` pseudo-counts spread as ``prior``."""
    n_blocks = int(block.max()) + 1
    num = N + _PRIOR * prior[None, :]
    tot = np.stack([np.bincount(block, weights=row, minlength=n_blocks) for row in num])
    log_theta = np.log(num / tot[:, block])
    if tie and N.shape[0] > 1:
        # A block keeps per-group shares only when they raise the expected log-likelihood of the
        # users by more than TIE_PENALTY nats per extra free share (AIC); otherwise every group
        # shares the pooled one. Blocks the groups do not differ in then add no noise to them.
        pooled = num.sum(axis=0)
        log_p = np.log(pooled / np.bincount(block, weights=pooled, minlength=n_blocks)[block])
        split = np.bincount(block, weights=(N * log_theta).sum(axis=0), minlength=n_blocks)
        one = np.bincount(block, weights=N.sum(axis=0) * log_p, minlength=n_blocks)
        width = np.bincount(block, minlength=n_blocks)
        penalty = TIE_PENALTY * (N.shape[0] - 1) * np.maximum(width - 1, 0)
        tied = (split - one) < penalty
        cols = tied[block]
        log_theta[:, cols] = log_p[None, cols]
    return log_theta


def _pooled(counts: BehaviourCounts) -> np.ndarray:
    tot = np.asarray(counts.C.sum(axis=0)).ravel() + 1e-3
    per_block = np.bincount(counts.block, weights=tot)
    return tot / per_block[counts.block]


def fit_mixture(
    counts: BehaviourCounts,
    k: int,
    *,
    random_state: int | None = 0,
    n_init: int = 3,
    max_iter: int = 200,
    tol: float = 1e-5,
    init_labels: np.ndarray | list[np.ndarray] | None = None,
    init_model: MarkovMixture | None = None,
) -> MarkovMixture:
    """Fit a ``k``-group mixture by EM from ``n_init`` starts (plus ``init_labels`` / ``init_model``).

    The start with the best AIC (:func:`_criterion`) is kept.
    """
    rng = np.random.default_rng(random_state)
    prior = _pooled(counts)
    best: MarkovMixture | None = None
    starts: list[np.ndarray] = []
    for labels in [init_labels] if isinstance(init_labels, np.ndarray) else init_labels or []:
        starts.append(np.eye(k)[labels])
    if init_model is not None:
        starts.append(init_model.posterior(counts))
    for _ in range(n_init):
        starts.append(_seed_responsibilities(counts, k, prior, rng))
    for R in starts:
        model = _em(counts, R, prior, max_iter, tol)
        if best is None or _criterion(model) > _criterion(best):
            best = model
    assert best is not None
    return best


def free_shares(model: MarkovMixture) -> int:
    """Free parameters of ``model``: the group shares, and per block not tied, ``(k-1)·(width-1)``."""
    k = model.k
    if k < 2:
        return 0
    untied = np.ptp(model.log_theta, axis=0) > 1e-12
    n_blocks = int(model.block.max()) + 1
    width = np.bincount(model.block, minlength=n_blocks)
    free_block = np.bincount(model.block, weights=untied, minlength=n_blocks) > 0
    return int((k - 1) * (1 + np.maximum(width - 1, 0)[free_block].sum()))


def _criterion(model: MarkovMixture) -> float:
    """AIC of a fitted start: log-likelihood less :data:`TIE_PENALTY` per free share.

    Starts differ in which blocks EM tied. The start with the highest likelihood alone is often
    one that splits on noise in many transition blocks and predicts new users worse than one
    that splits on the few blocks the groups really differ in (an hour, a rhythm): seen splits,
    choosing by likelihood then AIC (with :func:`~synthpersona.segmentation._markov._split_starts`),
    mean ARI heldout2-5 0.749/0.711/0.463/0.704 -> 0.753/0.719/0.496/0.747, k exactly right
    14/11/4/12 -> 14/12/5/14 of 16.
    """
    return model.log_likelihood - TIE_PENALTY * free_shares(model)


def _seed_responsibilities(
    counts: BehaviourCounts, k: int, prior: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """k-means++-like start: seed users far (in likelihood) from the groups already seeded."""
    n = counts.n_users
    C = counts.C
    first = int(rng.integers(n))
    seeds = [first]

    # Each seed's own distribution, shrunk toward everyone (5 pseudo-counts per block).
    def seed_theta(i: int) -> np.ndarray:
        row = np.asarray(C[i].todense()).ravel()
        num = row + 5.0 * prior
        tot = np.bincount(counts.block, weights=num)
        return np.log(num / tot[counts.block])

    thetas = [seed_theta(first)]
    pooled_ll = np.asarray(C @ np.log(prior))
    for _ in range(1, k):
        ll = np.asarray(C @ np.stack(thetas).T).max(axis=1)
        # Users best explained by none of the seeds (per count) are likely seeds of a new group.
        size = np.asarray(C.sum(axis=1)).ravel() + 1.0
        d = np.maximum(pooled_ll - ll, 0.0) / size + 1e-9
        p = d / d.sum()
        i = int(rng.choice(n, p=p))
        seeds.append(i)
        thetas.append(seed_theta(i))
    J = np.asarray(C @ np.stack(thetas).T)
    return np.exp(J - logsumexp(J, axis=1, keepdims=True))


def _em(
    counts: BehaviourCounts, R: np.ndarray, prior: np.ndarray, max_iter: int, tol: float
) -> MarkovMixture:
    C, block = counts.C, counts.block
    CT = C.T.tocsr()
    history: list[float] = []
    total = -np.inf
    log_theta = log_pi = np.zeros(0)
    it = 0
    tie, tied_from = False, 0  # untied EM to convergence first: at a random start no block differs
    while it < max_iter:
        it += 1
        N = np.asarray(CT @ R).T  # (k, F)
        log_theta = _theta(N, block, prior, tie)
        log_pi = np.log(np.maximum(R.mean(axis=0), 1e-12))
        J = np.asarray(C @ log_theta.T) + log_pi[None, :]
        ll = logsumexp(J, axis=1)
        new = float(ll.sum())
        R = np.exp(J - ll[:, None])
        history.append(new)
        if new - total < tol * abs(new):
            total = new
            if not tie:
                tie, tied_from = True, len(history)
                continue
            break
        total = new
    return MarkovMixture(log_theta, log_pi, block, total, it, history, tied_from)
