"""Mixture of Markov chains over per-user block counts: the ``markov_mixture`` algorithm.

Every row (a user of an event log) is counts in *blocks*, each block one categorical
distribution: one block per "from" state of the user's transitions (every event and the
session start), then e.g. binned gaps between events and the number of sessions
(``synthpersona.simulation`` builds these counts: :class:`BehaviourCounts`). A group is one
categorical distribution per block; once EM has converged, a block whose per-group shares do
not pay for their extra parameters (AIC, :data:`TIE_PENALTY`) is tied to one pooled
distribution for all groups, and EM goes on to convergence. EM runs on the sparse count matrix
(one sparse product per step, no loop over users), and the number of groups is chosen by the log-likelihood of
held-out users: a larger k must predict users it has not seen better. When one group
predicts them as well as any mixture, the data has no clear segments.

:class:`MarkovMixtureClustering` is the scikit-learn-style estimator of the registry
(``cluster(counts, ClusteringParams(algorithm="markov_mixture"), data="event_counts")``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Self

import numpy as np

from synthpersona.segmentation._base import LightClusterer
from synthpersona.segmentation._errors import ClusteringInputError
from synthpersona.segmentation._markov_model import (
    TIE_PENALTY,
    BehaviourCounts,
    MarkovMixture,
    fit_mixture,
    logsumexp,
)
from synthpersona.segmentation._result import Clustering
from synthpersona.segmentation._selection import KSelection
from synthpersona.segmentation._validation import not_fitted

__all__ = [
    "BLEND_MARGIN",
    "MIN_GAIN_PER_USER",
    "TIE_PENALTY",
    "BehaviourCounts",
    "MarkovMixture",
    "MarkovMixtureClustering",
    "MixtureFit",
    "blend_gain",
    "choose_k",
    "cluster_counts",
    "fit_mixture",
    "logsumexp",
    "ordinal_columns",
]


# Minimum gain in held-out log-likelihood, per held-out user, for a larger k to count.
MIN_GAIN_PER_USER = 0.02
# Groups are discrete unless a continuum between them predicts held-out users' second halves
# better than discrete groups at every k from 2 to the chosen one, by more than this (nats per
# count; :func:`blend_gain`). Seen splits heldout2 and heldout3, two seeds each: 12 of 14 logs
# without groups exceed it at every k (before: 4 of 14 called unclear); 4 of 64 planted logs do
# too, all weakly separated (ARI 0.32-0.45); at 0 it would be 13 of 14 and 8 of 64. Session 9,
# with the tempo and time blocks blended geometrically (a shift, not two humps): logs without
# groups called unclear heldout2/3/4/5 2/3, 2/4, 5/5, 2/4 -> 2/3, 3/4, 5/5, 3/4; planted logs
# called unclear 1, 0, 4, 1 -> 1, 0, 2, 2 of 16 (with the AIC choice of EM start).
BLEND_MARGIN = 0.0005


@dataclass
class MixtureFit:
    """Outcome of :func:`cluster_counts`: labels of every user, the model and how k was chosen."""

    labels: np.ndarray
    model: MarkovMixture
    k: int
    clear: bool
    reason: str
    scores: dict[int, dict[str, Any]]
    notes: list[str]
    sampled: bool


def cluster_counts(
    counts: BehaviourCounts,
    k: int | None,
    *,
    k_min: int = 2,
    k_max: int = 8,
    min_cluster_pct: float = 0.03,
    select_sample: int = 12_000,
    fit_sample: int = 60_000,
    n_init: int = 4,
    random_state: int | None = 0,
) -> MixtureFit:
    """Group users by a mixture of Markov chains; choose k by held-out likelihood when ``k`` is None.

    k is chosen on at most ``select_sample`` users; the chosen mixture is refined by EM on at
    most ``fit_sample`` users; every user gets the group that explains them best.
    """
    n = counts.n_users
    rng = np.random.default_rng(None if random_state is None else [random_state, 11])
    notes: list[str] = []
    scores: dict[int, dict[str, Any]] = {}
    if k is None:
        sel = np.sort(rng.choice(n, select_sample, replace=False)) if n > select_sample else np.arange(n)
        if len(sel) < n:
            notes.append(f"k chosen on a random sample of {len(sel):,} of {n:,} users.")
        ks = list(range(k_min, max(k_min, min(k_max, len(sel) // 30)) + 1))
        k_sel, clear, scores, start = choose_k(
            counts.rows(sel), ks, min_cluster_pct=min_cluster_pct, random_state=random_state, n_init=n_init
        )
        k_out = k_sel
    else:
        clear, start, k_out = True, None, int(k)
    fit_rows = np.sort(rng.choice(n, fit_sample, replace=False)) if n > fit_sample else np.arange(n)
    fit_counts = counts.rows(fit_rows) if len(fit_rows) < n else counts
    model = fit_mixture(
        fit_counts,
        k_out,
        random_state=random_state,
        n_init=0 if start is not None else n_init,
        init_model=start,
    )
    labels = model.predict(counts)
    sampled = len(fit_rows) < n
    if sampled:
        notes.append(
            f"Mixture fitted on {len(fit_rows):,} of {n:,} users (a random sample); all users assigned."
        )
    reason = _reason(k, k_out, clear, scores)
    return MixtureFit(labels, model, k_out, clear, reason, scores, notes, sampled)


def _reason(k: int | None, k_out: int, clear: bool, scores: dict[int, dict[str, Any]]) -> str:
    if k is not None:
        return f"k={k} fixed by the caller."
    tried = f"k=1..{max(scores)}"
    gain = scores[k_out]["gain_per_user"]
    if not clear and scores[k_out]["gain_per_user"] > MIN_GAIN_PER_USER:
        return (
            f"No clear segments: a mixture of {k_out} Markov chains predicts held-out users better than "
            "one chain, but at every k up to it, blends between the groups' chains predict the rest of "
            "each user's behaviour better than discrete groups do: users sit along a continuum, not in "
            f"groups; the k={k_out} groups are a descriptive split."
        )
    if clear:
        return (
            f"k={k_out} by held-out likelihood among {tried}: a mixture of {k_out} Markov chains fitted "
            f"on 70% of the users predicts the other 30% better than one chain for all by {gain:.2f} "
            f"nats per user, and no larger k adds more than {MIN_GAIN_PER_USER:g}."
        )
    return (
        f"No clear segments: among {tried}, no mixture predicts held-out users better than one chain "
        f"for all by more than {MIN_GAIN_PER_USER:g} nats per user; the k={k_out} groups are a "
        "descriptive split, not groups found in the data."
    )


def _split_start(counts: BehaviourCounts, model: MarkovMixture) -> np.ndarray:
    """Labels for a ``k+1`` start: ``model``'s groups, its largest split by how well users fit it."""
    J = model.joint(counts)
    labels = J.argmax(axis=1)
    g = int(np.bincount(labels, minlength=model.k).argmax())
    members = np.flatnonzero(labels == g)
    size = np.asarray(counts.C[members].sum(axis=1)).ravel() + 1.0
    fit = J[members, g] / size  # log-likelihood per count: the worse half starts a new group
    out = labels.copy()
    out[members[fit < np.median(fit)]] = model.k
    return out


def _split_starts(
    counts: BehaviourCounts, model: MarkovMixture, random_state: int | None
) -> list[np.ndarray]:
    """Starts for ``k+1`` groups from ``model``'s: its largest split by fit, and bisections.

    A bisection fits two groups to the members of one of ``model``'s groups alone (each group in
    turn): a group hiding two that differ in a few blocks only (an hour, a rhythm, a sub-path) is
    split along them, where random starts over all users rarely find it. Seen splits (with the
    AIC choice of start, :func:`~synthpersona.segmentation._markov_model.fit_mixture`): bisecting
    the 3 largest groups gave heldout3/heldout5 mean ARI 0.719/0.747 and k right 12/14 of 16, the
    6 largest 0.720/0.760 and 13/15, at no measurable extra time (k stops earlier).
    """
    out = [_split_start(counts, model)]
    labels = model.joint(counts).argmax(axis=1)
    sizes = np.bincount(labels, minlength=model.k)
    for g in np.argsort(-sizes):
        members = np.flatnonzero(labels == g)
        if len(members) < 40:
            continue
        sub = fit_mixture(counts.rows(members), 2, random_state=random_state, n_init=2)
        lab = labels.copy()
        lab[members[sub.predict(counts.rows(members)) == 1]] = model.k
        out.append(lab)
    return out


def _normalised_entropy(J: np.ndarray) -> float:
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
_ORDINAL = re.compile(r"^(gap(<|>=)\d+s|sessions(<=|>)\d+|start\d\d-\d\dh|revisit(<|>=)\d+[dh])$")


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
    model: MarkovMixture, counts: BehaviourCounts, *, random_state: int | None = 0, steps: int = 8
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

    Returned: the mean gain of the continuum, in nats per count of the second halves. Users of
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
    return float((cont - disc).sum() / max(float(x2.data.sum()), 1.0))


def choose_k(
    counts: BehaviourCounts,
    ks: list[int],
    *,
    min_cluster_pct: float = 0.03,
    random_state: int | None = 0,
    holdout: float = 0.3,
    n_init: int = 4,
) -> tuple[int, bool, dict[int, dict[str, Any]], MarkovMixture]:
    """The k whose mixture (fitted on part of the users) best predicts the others.

    Returns ``(k, clear, scores, model)``: the smallest eligible k within
    :data:`MIN_GAIN_PER_USER` per held-out user of the best (k=1 included), whether that
    is more than one group, per k the held-out log-likelihood per user, and the model of
    the returned k (the best k >= 2 when one group is best: a descriptive split).
    """
    rng = np.random.default_rng(None if random_state is None else [random_state, 7])
    n = counts.n_users
    perm = rng.permutation(n)
    n_val = max(1, round(holdout * n))
    val, tr = np.sort(perm[:n_val]), np.sort(perm[n_val:])
    train, valid = counts.rows(tr), counts.rows(val)
    one = fit_mixture(train, 1, random_state=random_state, n_init=1).score(valid) / n_val
    scores: dict[int, dict[str, Any]] = {
        1: {
            "heldout_ll_per_user": one,
            "gain_per_user": 0.0,
            "smallest_share": 1.0,
            "eligible": True,
            "entropy": 0.0,
        }
    }
    models: dict[int, MarkovMixture] = {}
    best_so_far, misses = one, 0
    for k in ks:
        if misses >= 2:  # two larger k in a row added nothing: larger ones will not either
            break
        # Random starts plus the k-1 mixture with its worst-fitting group split in two, so a
        # larger k is never worse than the smaller one for a bad start alone.
        split = _split_starts(train, models[k - 1], random_state) if k - 1 in models else []
        model = fit_mixture(
            train, k, random_state=random_state, n_init=n_init - bool(split), init_labels=split
        )
        J = model.joint(valid)
        ll = float(logsumexp(J, axis=1).sum()) / n_val
        share = float((np.bincount(J.argmax(axis=1), minlength=k) / n_val).min())
        scores[k] = {
            "heldout_ll_per_user": ll,
            "gain_per_user": ll - one,
            "smallest_share": share,
            "eligible": share >= min_cluster_pct,
            "entropy": _normalised_entropy(J),
            "blend_gain": blend_gain(model, valid, random_state=random_state),
        }
        models[k] = model
        if ll > best_so_far + MIN_GAIN_PER_USER:
            best_so_far, misses = ll, 0
        else:
            misses += 1
    eligible = {kk: v for kk, v in scores.items() if v["eligible"]}
    best = max(v["heldout_ll_per_user"] for v in eligible.values())
    k_best = min(kk for kk, v in eligible.items() if v["heldout_ll_per_user"] >= best - MIN_GAIN_PER_USER)
    # Discrete groups, or a continuum the mixture cuts into pieces? (see blend_gain)
    clear = k_best > 1 and min(scores[kk]["blend_gain"] for kk in scores if 1 < kk <= k_best) <= BLEND_MARGIN
    if k_best == 1:  # a descriptive split: the best k >= 2
        pool = {kk: v for kk, v in eligible.items() if kk > 1} or {
            kk: v for kk, v in scores.items() if kk > 1
        }
        k_best = max(pool, key=lambda kk: pool[kk]["heldout_ll_per_user"])
    return k_best, clear, scores, models[k_best]


class MarkovMixtureClustering(LightClusterer):
    """Groups of users as a mixture of Markov chains over their block counts; k fixed or chosen.

    Parameters
    ----------
    k
        Number of groups, or ``None`` to choose it by held-out likelihood (k = 1 included:
        when one chain predicts held-out users as well, ``selection_.clear`` is False and
        the best k >= 2 is kept as a descriptive split).
    k_min, k_max
        Range of k tried when ``k`` is None.
    min_cluster_pct
        Smallest share of held-out users a group may take for its k to be eligible.
    select_sample
        Users k is chosen on (a random sample when there are more).
    fit_sample
        Users the chosen mixture is refined on; every user is then assigned.
    n_init
        Random EM starts per k.
    random_state
        Seed of every random step.

    Attributes
    ----------
    labels_ : ndarray of shape (n_users,)
        Group of every user (``0 .. k_-1``).
    k_ : int
        Number of groups.
    model_ : MarkovMixture
        The fitted mixture (``log_theta``, ``log_pi``).
    selection_ : KSelection
        How k was chosen and whether the groups are clear.
    result_ : Clustering
        The one result type of :func:`synthpersona.segmentation.cluster`.

    Examples
    --------
    >>> import numpy as np
    >>> from scipy import sparse
    >>> rows = np.r_[np.tile([[9, 1]], (20, 1)), np.tile([[1, 9]], (20, 1))]
    >>> X = BehaviourCounts(sparse.csr_matrix(rows.astype(float)), np.array([0, 0]), ["a", "b"])
    >>> est = MarkovMixtureClustering(k=2, random_state=0).fit(X)
    >>> est.k_, len(set(est.labels_[:20])), bool(est.labels_[0] != est.labels_[-1])
    (2, 1, True)
    """

    def __init__(
        self,
        k: int | None = None,
        *,
        k_min: int = 2,
        k_max: int = 8,
        min_cluster_pct: float = 0.03,
        select_sample: int = 12_000,
        fit_sample: int = 60_000,
        n_init: int = 4,
        random_state: int | None = 0,
    ) -> None:
        self.k = k
        self.k_min = k_min
        self.k_max = k_max
        self.min_cluster_pct = min_cluster_pct
        self.select_sample = select_sample
        self.fit_sample = fit_sample
        self.n_init = n_init
        self.random_state = random_state

    def fit(self, X: Any, y: Any = None) -> Self:
        """Fit the mixture on ``X`` (a :class:`BehaviourCounts`) and label every user."""
        counts = _as_counts(X)
        n = counts.n_users
        if self.k is not None and not 1 <= int(self.k) <= n:
            raise ClusteringInputError(
                f"k must be between 1 and the number of users ({n}), got {self.k}.",
                details={"k": self.k, "n_users": n},
            )
        fit = cluster_counts(
            counts,
            None if self.k is None else int(self.k),
            k_min=self.k_min,
            k_max=min(self.k_max, max(n - 1, self.k_min)),
            min_cluster_pct=self.min_cluster_pct,
            select_sample=self.select_sample,
            fit_sample=self.fit_sample,
            n_init=self.n_init,
            random_state=self.random_state,
        )
        self.labels_ = fit.labels
        self.k_ = fit.k
        self.model_ = fit.model
        self.result_ = _clustering(fit, self.k_min)
        self.result_.estimator = self  # predict() assigns new users, as for every algorithm
        assert self.result_.selection is not None
        self.selection_ = self.result_.selection
        return self

    def predict(self, X: Any) -> np.ndarray:
        """The most probable group of each user of ``X`` (same columns as in ``fit``)."""
        if not hasattr(self, "model_"):
            raise not_fitted(self)
        return self.model_.predict(_as_counts(X))


def _as_counts(X: Any) -> BehaviourCounts:
    if not isinstance(X, BehaviourCounts):
        raise ClusteringInputError(
            f"markov_mixture clusters per-user block counts (BehaviourCounts, built from an event "
            f"log by synthpersona.simulation), got {type(X).__name__}; use another algorithm for a "
            "matrix.",
            details={"got": type(X).__name__},
        )
    return X


def _clustering(fit: MixtureFit, k_min: int) -> Clustering:
    """The :class:`Clustering` of a mixture fit (candidates = the k tried, with their scores)."""
    sizes = np.bincount(fit.labels, minlength=fit.k)
    scores = {kk: {**v, "why_not": None if v["eligible"] else "small"} for kk, v in fit.scores.items()}
    candidates = [
        {
            "algorithm": "markov_mixture",
            "k": kk,
            "heldout_ll_per_user": v["heldout_ll_per_user"],
            "gain_per_user": v["gain_per_user"],
            "smallest_cluster_pct": v["smallest_share"],
            "eligible": v["eligible"],
        }
        for kk, v in sorted(fit.scores.items())
        if kk >= k_min
    ] or [
        {
            "algorithm": "markov_mixture",
            "k": fit.k,
            "smallest_cluster_pct": float(sizes.min() / sizes.sum()),
            "eligible": True,
        }
    ]
    selection = KSelection(
        criterion="heldout_likelihood", k=fit.k, clear=fit.clear, reason=fit.reason, scores=scores
    )
    return Clustering(
        labels=fit.labels,
        k=fit.k,
        algorithm="markov_mixture",
        candidates=candidates,
        sampled=fit.sampled,
        notes=[fit.reason, *fit.notes],
        estimator=fit.model,
        selection=selection,
    )
