"""Views of the time between events for the ``markov_mixture`` algorithm: per event, or pooled.

The counts (``synthpersona.simulation``) hold every gap in the block of the event it follows
(``"gap<20s after reviews"``: the dwell on that event). A group that stays longer on one page
differs in that page's block only, which a single pooled gap block dilutes in the gaps of every
event; a group whose whole tempo differs shows it in every event's block a little, which the
pooled block gathers. :func:`pooled_gaps` gives the pooled view (the per-event blocks summed per
bin). The mixture chooses k on the pooled view, searches the per-event view too when one EM fit
at that k already predicts held-out users better (:func:`per_event_worth_trying`), and keeps the
view that predicts held-out users better.

The counts also hold the weekday of each day a user comes (``"on Sat"``). It is read only when it
tells users apart: a two-group mixture of the weekday block alone predicts held-out users better
than one weekday law shared by all (:func:`weekdays_differ`), and the view with it then predicts
them better than the view without it plus that shared law (a fair comparison: the shared law is
the weekday block of a mixture whose groups all come on the same days). Without the check, a
log whose sessions fall on a calendar pattern (every other day from one date) splits groups by
weekday that nothing else tells apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np
from scipy import sparse

from synthpersona.segmentation._markov_model import BehaviourCounts, MarkovMixture, fit_mixture

__all__ = [
    "Chosen",
    "apply_view",
    "best_ll",
    "chosen_view",
    "holdout_split",
    "per_event_predicts_better",
    "per_event_worth_trying",
    "pooled_gaps",
    "search_views",
    "weekdays_differ",
    "weekdays_predict_better",
    "without_weekdays",
]

_DWELL = re.compile(r"^(gap(?:<|>=)(\d+)s) after .+$")
_WEEKDAY = re.compile(r"^on (Mon|Tue|Wed|Thu|Fri|Sat|Sun)$")


def _weekday_columns(counts: BehaviourCounts) -> np.ndarray:
    return np.flatnonzero([_WEEKDAY.match(n) is not None for n in counts.names])


def without_weekdays(counts: BehaviourCounts) -> tuple[BehaviourCounts, sparse.csr_matrix] | None:
    """``counts`` without the weekday block, and the column map; ``None`` when it has none.

    Examples
    --------
    >>> names = ["a>b", "on Mon", "on Sat", "start09-12h"]
    >>> X = BehaviourCounts(sparse.csr_matrix(np.array([[1.0, 2, 3, 4]])), np.array([0, 2, 2, 1]), names)
    >>> view, M = without_weekdays(X)
    >>> view.names, view.C.toarray().tolist(), view.block.tolist()
    (['a>b', 'start09-12h'], [[1.0, 4.0]], [0, 1])
    """
    dow = _weekday_columns(counts)
    if not len(dow):
        return None
    keep = np.setdiff1d(np.arange(len(counts.names)), dow)
    M = sparse.csr_matrix(
        (np.ones(len(keep)), (keep, np.arange(len(keep)))), shape=(len(counts.names), len(keep))
    )
    block = np.unique(counts.block[keep], return_inverse=True)[1].astype(np.int64)
    # a column slice (not C @ M): the rows keep their entries' order, so a view without weekdays
    # holds exactly the counts a log had before the weekday block (same EM, same blend draws)
    view = BehaviourCounts(
        sparse.csr_matrix(counts.C[:, keep]), block, [counts.names[i] for i in keep], counts.double_fires
    )
    return view, M


def apply_view(counts: BehaviourCounts, like: BehaviourCounts, M: sparse.csr_matrix) -> BehaviourCounts:
    """Other users' ``counts`` seen through the column map ``M`` that made the view ``like``."""
    return BehaviourCounts(sparse.csr_matrix(counts.C @ M), like.block, like.names, counts.double_fires)


def _weekday_block(counts: BehaviourCounts) -> BehaviourCounts:
    dow = _weekday_columns(counts)
    return BehaviourCounts(
        counts.C[:, dow], np.zeros(len(dow), dtype=np.int64), [counts.names[i] for i in dow]
    )


def weekdays_differ(counts: BehaviourCounts, random_state: int | None, margin: float) -> tuple[bool, float]:
    """Do users differ in the days of the week they come? And the shared weekday law's held-out fit.

    A two-group mixture of the weekday block alone against one law for everyone, on
    ``choose_k``'s held-out users (its split). Returns ``(differ, shared_ll)``: whether two groups
    predict better by ``margin`` nats per held-out user, and the shared law's held-out
    log-likelihood per user (what the view without weekdays adds to compare with the view with them).
    """
    block = _weekday_block(counts)
    tr, val = holdout_split(block.n_users, random_state)
    one = fit_mixture(block.rows(tr), 1, random_state=random_state, n_init=1)
    shared = float(one.score(block.rows(val))) / len(val)
    if block.n_users < 120:
        return False, shared
    two = fit_mixture(block.rows(tr), 2, random_state=random_state, n_init=2)
    return bool(float(two.score(block.rows(val))) / len(val) > shared + margin), shared


def weekdays_predict_better(
    counts: BehaviourCounts, without: BehaviourCounts, k: int, random_state: int | None, margin: float
) -> bool:
    """At a fixed ``k``: does the view with weekdays predict held-out users better than the one without?

    The view without weekdays is credited with one weekday law shared by all (:func:`weekdays_differ`).
    """
    differ, shared = weekdays_differ(counts, random_state, margin)
    if k < 2 or not differ or counts.n_users < 60 * k:
        return False
    tr, val = holdout_split(counts.n_users, random_state)
    ll = []
    for view in (without, counts):
        pooled = pooled_gaps(view)
        v = view if pooled is None else pooled[0]
        model = fit_mixture(v.rows(tr), k, random_state=random_state, n_init=2)
        ll.append(float(model.score(v.rows(val))) / len(val))
    return ll[1] > ll[0] + shared + margin


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


Chosen = tuple[int, bool, dict[int, dict[str, Any]], MarkovMixture]


def best_ll(chosen: Chosen) -> float:
    """Held-out log-likelihood per user of a search's chosen k."""
    return float(chosen[2][chosen[0]]["heldout_ll_per_user"])


def search_views(
    counts: BehaviourCounts,
    pick: Callable[[BehaviourCounts], Chosen],
    random_state: int | None,
    margin: float,
) -> tuple[list[Chosen], bool]:
    """k on the pooled gap view; the per-event view searched too when it already predicts better.

    Returns the searches (pooled first) and whether the per-event view is kept.
    """
    pooled = pooled_gaps(counts)
    chosen = [pick(counts if pooled is None else pooled[0])]
    # The per-event view is tried in full only when, at the pooled view's k and from its
    # groups, it already predicts held-out users better (one EM fit, not a second search).
    if pooled is not None and per_event_worth_trying(counts, pooled[0], chosen[0], random_state, margin):
        chosen.append(pick(counts))
    per_event = len(chosen) == 2 and best_ll(chosen[1]) > best_ll(chosen[0]) + margin
    return chosen, per_event


def chosen_view(
    counts: BehaviourCounts,
    no_weekdays: tuple[BehaviourCounts, sparse.csr_matrix] | None,
    weekdays: bool,
    per_event: bool,
) -> tuple[BehaviourCounts, sparse.csr_matrix | None, list[str]]:
    """The view of ``counts`` the mixture reads, its column map from them (``None``: the same), notes.

    ``no_weekdays`` is :func:`without_weekdays` of ``counts``; the weekdays are dropped unless
    ``weekdays``, the gaps pooled unless ``per_event``.
    """
    view, M = counts, None
    if no_weekdays is not None and not weekdays:
        view, M = no_weekdays
    pooled = pooled_gaps(view)
    if pooled is not None and not per_event:
        view, M = pooled[0], pooled[1] if M is None else sparse.csr_matrix(M @ pooled[1])
    notes = []
    if pooled is not None and per_event:
        notes.append(
            "The time between events is read per event (how long users stay on each): it predicts "
            "held-out users better than one pooled gap block."
        )
    if weekdays:
        notes.append(
            "The days of the week users come tell them apart: the weekday block predicts held-out "
            "users better than one weekday law shared by all."
        )
    return view, M, notes


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


def per_event_predicts_better(
    raw: BehaviourCounts, pooled: BehaviourCounts, k: int, margin: float, random_state: int | None = 0
) -> bool:
    """At a fixed ``k``: does the per-event view predict held-out users better than the pooled one?"""
    n = raw.n_users
    if k < 2 or n < 60 * k:  # one group, or too few users to tell: the simpler, pooled view
        return False
    tr, val = holdout_split(n, random_state)
    ll = []
    for view in (pooled, raw):
        model = fit_mixture(view.rows(tr), k, random_state=random_state, n_init=2)
        ll.append(model.score(view.rows(val)) / len(val))
    return ll[1] > ll[0] + margin
