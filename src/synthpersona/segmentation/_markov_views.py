"""Views of the time between events for the ``markov_mixture`` algorithm: per event, or pooled.

The counts (``synthpersona.simulation``) hold every gap in the block of the event it follows
(``"gap<20s after reviews"``: the dwell on that event). A group that stays longer on one page
differs in that page's block only, which a single pooled gap block dilutes in the gaps of every
event; a group whose whole tempo differs shows it in every event's block a little, which the
pooled block gathers. :func:`pooled_gaps` gives the pooled view (the per-event blocks summed per
bin). The mixture chooses k on the pooled view, searches the per-event view too when one EM fit
at that k already predicts held-out users better (:func:`per_event_worth_trying`), and keeps the
view that predicts held-out users better.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
from scipy import sparse

from synthpersona.segmentation._markov_model import BehaviourCounts, MarkovMixture, fit_mixture

__all__ = ["holdout_split", "per_event_predicts_better", "per_event_worth_trying", "pooled_gaps"]

_DWELL = re.compile(r"^(gap(?:<|>=)(\d+)s) after .+$")


def pooled_gaps(counts: BehaviourCounts) -> tuple[BehaviourCounts, sparse.csr_matrix] | None:
    """``counts`` with the per-event gap blocks summed into one gap block, and the column map.

    Returns ``(pooled, M)`` with ``pooled.C == counts.C @ M``, or ``None`` when ``counts`` has
    no per-event gap block. The other columns keep their order and blocks; the pooled gap
    columns come last, in bin order.

    Examples
    --------
    >>> names = ["a>b", "gap<5s after a", "gap<20s after a", "gap<5s after b"]
    >>> X = BehaviourCounts(sparse.csr_matrix(np.array([[1.0, 2, 3, 4]])), np.array([0, 3, 3, 4]), names)
    >>> pooled, M = pooled_gaps(X)
    >>> pooled.names, pooled.C.toarray().tolist(), pooled.block.tolist()
    (['a>b', 'gap<5s', 'gap<20s'], [[1.0, 6.0, 3.0]], [0, 1, 1])
    """
    found = [_DWELL.match(n) for n in counts.names]
    dwell = np.array([m is not None for m in found], dtype=bool)
    if not dwell.any():
        return None
    keep = np.flatnonzero(~dwell)
    labels = {m.group(1): int(m.group(2)) + (10**9 if ">=" in m.group(1) else 0) for m in found if m}
    bins = sorted(labels, key=labels.__getitem__)
    at = {b: len(keep) + i for i, b in enumerate(bins)}
    rows = np.r_[keep, np.flatnonzero(dwell)]
    cols = np.r_[np.arange(len(keep)), [at[m.group(1)] for m in found if m]]
    M = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(counts.names), len(keep) + len(bins))
    )
    raw_block = np.r_[counts.block[keep], np.full(len(bins), counts.block.max() + 1)]
    block = np.unique(raw_block, return_inverse=True)[1].astype(np.int64)
    names = [counts.names[i] for i in keep] + bins
    pooled = BehaviourCounts(sparse.csr_matrix(counts.C @ M), block, names, counts.double_fires)
    return pooled, M


def holdout_split(n: int, random_state: int | None, holdout: float = 0.3) -> tuple[np.ndarray, np.ndarray]:
    """Training and held-out users of ``_markov.choose_k`` (sorted indices)."""
    rng = np.random.default_rng(None if random_state is None else [random_state, 7])
    perm = rng.permutation(n)
    n_val = max(1, round(holdout * n))
    return np.sort(perm[n_val:]), np.sort(perm[:n_val])


def per_event_worth_trying(
    raw: BehaviourCounts,
    pooled: BehaviourCounts,
    chosen: tuple[int, bool, dict[int, dict[str, Any]], MarkovMixture],
    random_state: int | None,
    margin: float,
) -> bool:
    """Does the per-event view, fitted at the pooled view's k from its groups, predict better?

    ``chosen`` is ``choose_k``'s result on ``pooled``; the same held-out users (its split);
    better by ``margin`` nats per held-out user. One EM fit, not a second search over k.
    """
    k, _, scores, start = chosen
    tr, val = holdout_split(raw.n_users, random_state)
    labels = start.predict(pooled.rows(tr))
    model = fit_mixture(raw.rows(tr), k, random_state=random_state, n_init=0, init_labels=labels)
    ll = model.score(raw.rows(val)) / len(val)
    return bool(ll > scores[k]["heldout_ll_per_user"] + margin)


def per_event_predicts_better(raw: BehaviourCounts, pooled: BehaviourCounts, k: int, margin: float) -> bool:
    """At a fixed ``k``: does the per-event view predict held-out users better than the pooled one?"""
    n = raw.n_users
    if k < 2 or n < 60 * k:  # one group, or too few users to tell: the simpler, pooled view
        return False
    tr, val = holdout_split(n, k)
    ll = []
    for view in (pooled, raw):
        model = fit_mixture(view.rows(tr), k, random_state=0, n_init=2)
        ll.append(model.score(view.rows(val)) / len(val))
    return ll[1] > ll[0] + margin
