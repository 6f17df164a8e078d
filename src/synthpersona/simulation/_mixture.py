"""Behaviour groups as a mixture of Markov chains: each group its own routes, tempo and visit count.

Every user is described by counts in *blocks*, each block a categorical distribution:

- one block per "from" state (every event and the session start ``^``): the counts of
  the next event (or the session end ``$``), i.e. the user's transitions;
- one block of within-session gaps between events, in :data:`GAP_EDGES_S` bins (tempo);
- one block with a single count: the user's number of sessions, in :data:`SESSION_BINS`.

A group is one categorical distribution per block. The mixture is fitted by EM with
the counts as a sparse matrix (one sparse product per step, no loop over users), and
the number of groups is chosen by the log-likelihood of held-out users: a larger k must
predict users it has not seen better. When one group predicts them as well as any
mixture, the log has no clear segments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse

from synthpersona.simulation._sessions import Sessions

__all__ = [
    "GAP_EDGES_S",
    "SESSION_BINS",
    "BehaviourCounts",
    "MarkovMixture",
    "MixtureFit",
    "behaviour_counts",
    "block_counts",
    "choose_k",
    "cluster_counts",
    "compact_counts",
    "counts_from_ngrams",
    "tempo_counts",
]

#: Edges (seconds) of the bins of the gaps between two events of a session.
GAP_EDGES_S = np.array([2, 5, 10, 20, 40, 80, 160, 320, 900, 3600], dtype=np.float64)
#: Upper ends of the bins of a user's number of sessions (the last bin is open).
SESSION_BINS = np.array([1, 2, 4, 8, 16], dtype=np.int64)


def logsumexp(J: np.ndarray, axis: int = 1, keepdims: bool = False) -> np.ndarray:
    """``log(sum(exp(J)))`` along ``axis`` (a lean version of scipy's for finite ``J``)."""
    m = J.max(axis=axis, keepdims=True)
    out = np.log(np.exp(J - m).sum(axis=axis, keepdims=True)) + m
    return out if keepdims else np.squeeze(out, axis=axis)


# Pseudo-counts per block, spread as the pooled shares (shrinks small groups toward everyone).
# 30 rather than 1: with 20-40 events a group has hundreds of transition shares, and weakly
# shrunk groups overfit the users they were fitted on (held-out likelihood then stops k early).
_PRIOR = 30.0
# Minimum gain in held-out log-likelihood, per held-out user, for a larger k to count.
MIN_GAIN_PER_USER = 0.02


@dataclass
class BehaviourCounts:
    """Per-user counts of every block, as one sparse matrix, and the block of each column."""

    C: sparse.csr_matrix
    block: np.ndarray
    names: list[str]

    @property
    def n_users(self) -> int:
        return int(self.C.shape[0])

    def rows(self, index: np.ndarray) -> BehaviourCounts:
        return BehaviourCounts(self.C[index], self.block, self.names)


def behaviour_counts(sx: Sessions) -> BehaviourCounts:
    """Transitions, gap bins and session-count bin of every user of ``sx`` (columns that occur)."""
    C = block_counts(sx.codes, sx.times, sx.starts, sx.user_of_session, len(sx.user_ids), len(sx.vocabulary))
    return compact_counts(C, sx.vocabulary)


def block_counts(
    codes: np.ndarray,
    times: np.ndarray,
    starts: np.ndarray,
    user_of_session: np.ndarray,
    n_users: int,
    v: int,
) -> sparse.csr_matrix:
    """Per-user counts in every column of every block (full width: ``(v+1)**2 + gaps + sessions``).

    ``codes`` and ``times`` (ns) per row sorted by user, session and time; ``starts`` the first
    row of each session and ``user_of_session`` its user (0-based). Shared by the in-memory
    and the engine (SQL) paths, so both see the same counts.
    """
    from synthpersona.simulation.sequences import _count_matrix

    n = len(codes)
    codes = codes.astype(np.int64, copy=False)
    session_of_row = np.zeros(n, dtype=np.int64)
    session_of_row[starts[1:]] = 1
    session_of_row = np.cumsum(session_of_row)
    user_of_row = user_of_session[session_of_row].astype(np.int64)
    ends = np.append(starts[1:], n) - 1
    prev = np.empty_like(codes)
    prev[1:] = codes[:-1]
    prev[starts] = v  # from the session start
    width = v + 1
    gap_row = np.ones(n, dtype=bool)
    gap_row[starts] = False
    gaps = np.diff(times, prepend=times[:1])[gap_row] / 1e9
    n_sess = np.bincount(user_of_session, minlength=n_users)
    t0 = width * width
    g0 = t0 + len(GAP_EDGES_S) + 1
    rows = np.concatenate(
        [user_of_row, user_of_session.astype(np.int64), user_of_row[gap_row], np.arange(n_users)]
    )
    cols = np.concatenate(
        [
            prev * width + codes,
            codes[ends] * width + v,  # to the session end
            t0 + np.searchsorted(GAP_EDGES_S, gaps, side="right"),
            g0 + np.searchsorted(SESSION_BINS, n_sess, side="left"),
        ]
    )
    return _count_matrix(rows, cols, n_users, g0 + len(SESSION_BINS) + 1)


def compact_counts(C: sparse.csr_matrix, vocabulary: list[str]) -> BehaviourCounts:
    """Keep the columns of :func:`block_counts` that occur; name them and their blocks."""
    v = len(vocabulary)
    width = v + 1
    t0 = width * width
    n_gap = len(GAP_EDGES_S) + 1
    g0 = t0 + n_gap
    n_cols = C.shape[1]
    used = np.flatnonzero(np.bincount(C.indices, minlength=n_cols) > 0)
    remap = np.full(n_cols, -1, dtype=np.int64)
    remap[used] = np.arange(len(used))
    C = sparse.csr_matrix(
        (C.data.astype(np.float64), remap[C.indices].astype(np.int32), C.indptr),
        shape=(C.shape[0], len(used)),
    )
    block_all = np.concatenate(
        [np.arange(t0) // width, np.full(n_gap, width), np.full(len(SESSION_BINS) + 1, width + 1)]
    )
    from_names = [*vocabulary, "^"]
    to_names = [*vocabulary, "$"]
    gap_names = [f"gap<{int(e)}s" for e in GAP_EDGES_S] + [f"gap>={int(GAP_EDGES_S[-1])}s"]
    sess_names = [f"sessions<={int(b)}" for b in SESSION_BINS] + [f"sessions>{int(SESSION_BINS[-1])}"]

    def name(c: int) -> str:
        if c < t0:
            return f"{from_names[c // width]}>{to_names[c % width]}"
        return gap_names[c - t0] if c < g0 else sess_names[c - g0]

    return BehaviourCounts(C, block_all[used], [name(int(c)) for c in used])


def tempo_counts(
    times: np.ndarray, starts: np.ndarray, user_of_row: np.ndarray, user_of_session: np.ndarray
) -> sparse.csr_matrix:
    """Per-user counts of the gap bins and the session-count bin (the last two blocks, full width).

    Rows sorted by user, session and time: ``times`` (ns) and ``user_of_row`` per row,
    ``starts`` the first row of each session, ``user_of_session`` its user (0-based).
    """
    n_users = int(user_of_session[-1]) + 1 if len(user_of_session) else 0
    n_gap, n_sbin = len(GAP_EDGES_S) + 1, len(SESSION_BINS) + 1
    gap_row = np.ones(len(times), dtype=bool)
    gap_row[starts] = False
    gaps = np.diff(times, prepend=times[:1])[gap_row] / 1e9
    key = user_of_row[gap_row].astype(np.int64) * n_gap + np.searchsorted(GAP_EDGES_S, gaps, side="right")
    gap = np.bincount(key, minlength=n_users * n_gap).reshape(n_users, n_gap)
    n_sess = np.bincount(user_of_session, minlength=n_users)
    sess = np.zeros((n_users, n_sbin), dtype=gap.dtype)
    sess[np.arange(n_users), np.searchsorted(SESSION_BINS, n_sess, side="left")] = 1
    return sparse.csr_matrix(np.hstack([gap, sess]).astype(np.float32))


def counts_from_ngrams(
    X: sparse.csr_matrix, tokens: np.ndarray, tempo: sparse.csr_matrix, vocabulary: list[str]
) -> BehaviourCounts:
    """Behaviour counts from raw n-gram counts (bigram columns = transitions) and :func:`tempo_counts`.

    ``tokens`` is the n-gram token id of each column of ``X`` (as built by
    ``encode_event_sequences``: ``base + a * base + b`` for ``a > b``, ``base = v + 2``, ``a = v``
    the session start, ``b = v + 1`` the end). Gives the same counts as :func:`behaviour_counts`.
    """
    v = len(vocabulary)
    base = v + 2
    cols = np.flatnonzero((tokens >= base) & (tokens < base + base * base))
    pair = tokens[cols] - base
    frm, to = pair // base, pair % base
    T = X[:, cols]
    width = v + 1
    n_gap = len(GAP_EDGES_S) + 1
    tempo_used = np.flatnonzero(np.asarray((tempo != 0).sum(axis=0)).ravel() > 0)
    full = np.concatenate([frm * width + np.minimum(to, v), width * width + tempo_used])
    C = sparse.hstack([T, tempo[:, tempo_used]], format="csr")
    block = np.concatenate([frm, np.where(tempo_used < n_gap, width, width + 1)])
    return BehaviourCounts(
        sparse.csr_matrix(C, dtype=np.float64), block, [_column_name(int(c), vocabulary) for c in full]
    )


def _column_name(c: int, vocabulary: list[str]) -> str:
    """Name of column ``c`` of :func:`block_counts`."""
    v = len(vocabulary)
    width = v + 1
    t0 = width * width
    g0 = t0 + len(GAP_EDGES_S) + 1
    if c < t0:
        return f"{[*vocabulary, '^'][c // width]}>{[*vocabulary, '$'][c % width]}"
    if c < g0:
        i = c - t0
        return f"gap<{int(GAP_EDGES_S[i])}s" if i < len(GAP_EDGES_S) else f"gap>={int(GAP_EDGES_S[-1])}s"
    i = c - g0
    return (
        f"sessions<={int(SESSION_BINS[i])}" if i < len(SESSION_BINS) else f"sessions>{int(SESSION_BINS[-1])}"
    )


@dataclass
class MarkovMixture:
    """A fitted mixture: ``log_theta`` ``(k, F)`` per-block log shares, ``log_pi`` ``(k,)``."""

    log_theta: np.ndarray
    log_pi: np.ndarray
    block: np.ndarray
    log_likelihood: float = float("nan")
    n_iter: int = 0
    history: list[float] = field(default_factory=list)

    @property
    def k(self) -> int:
        return int(self.log_pi.shape[0])

    def joint(self, counts: BehaviourCounts) -> np.ndarray:
        """``(n, k)`` log p(user's counts, group)."""
        return np.asarray(counts.C @ self.log_theta.T) + self.log_pi[None, :]

    def score(self, counts: BehaviourCounts) -> float:
        """Total log-likelihood of the users of ``counts``."""
        return float(logsumexp(self.joint(counts), axis=1).sum())

    def predict(self, counts: BehaviourCounts) -> np.ndarray:
        """The most probable group of each user."""
        return np.asarray(self.joint(counts).argmax(axis=1), dtype=np.int64)

    def posterior(self, counts: BehaviourCounts) -> np.ndarray:
        J = self.joint(counts)
        return np.exp(J - logsumexp(J, axis=1, keepdims=True))


def _theta(N: np.ndarray, block: np.ndarray, prior: np.ndarray) -> np.ndarray:
    """Per-block shares of ``N`` ``(k, F)`` with ``_PRIOR`` pseudo-counts spread as ``prior``."""
    n_blocks = int(block.max()) + 1
    num = N + _PRIOR * prior[None, :]
    tot = np.stack([np.bincount(block, weights=row, minlength=n_blocks) for row in num])
    return np.log(num / tot[:, block])


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
    init_labels: np.ndarray | None = None,
    init_model: MarkovMixture | None = None,
) -> MarkovMixture:
    """Fit a ``k``-group mixture by EM from ``n_init`` starts (plus ``init_labels`` / ``init_model``).

    The start with the best final log-likelihood is kept.
    """
    rng = np.random.default_rng(random_state)
    prior = _pooled(counts)
    best: MarkovMixture | None = None
    starts: list[np.ndarray] = []
    if init_labels is not None:
        starts.append(np.eye(k)[init_labels])
    if init_model is not None:
        starts.append(init_model.posterior(counts))
    for _ in range(n_init):
        starts.append(_seed_responsibilities(counts, k, prior, rng))
    for R in starts:
        model = _em(counts, R, prior, max_iter, tol)
        if best is None or model.log_likelihood > best.log_likelihood:
            best = model
    assert best is not None
    return best


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
    while it < max_iter:
        it += 1
        N = np.asarray(CT @ R).T  # (k, F)
        log_theta = _theta(N, block, prior)
        log_pi = np.log(np.maximum(R.mean(axis=0), 1e-12))
        J = np.asarray(C @ log_theta.T) + log_pi[None, :]
        ll = logsumexp(J, axis=1)
        new = float(ll.sum())
        R = np.exp(J - ll[:, None])
        history.append(new)
        if new - total < tol * abs(new):
            total = new
            break
        total = new
    return MarkovMixture(log_theta, log_pi, block, total, it, history)


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


def _normalised_entropy(J: np.ndarray) -> float:
    """Mean entropy of the users' group posteriors, over its maximum ``log k`` (0 = crisp, 1 = none).

    Reported with each k (how certain users' groups are); not used to choose k: on the seen
    splits a continuum scored 0.34-0.41 and true groups at their k up to 0.45.
    """
    if J.shape[1] < 2:
        return 0.0
    L = J - logsumexp(J, axis=1, keepdims=True)
    return float(-(np.exp(L) * L).sum(axis=1).mean() / np.log(J.shape[1]))


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
        split = _split_start(train, models[k - 1]) if k - 1 in models else None
        model = fit_mixture(
            train, k, random_state=random_state, n_init=n_init - (split is not None), init_labels=split
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
        }
        models[k] = model
        if ll > best_so_far + MIN_GAIN_PER_USER:
            best_so_far, misses = ll, 0
        else:
            misses += 1
    eligible = {kk: v for kk, v in scores.items() if v["eligible"]}
    best = max(v["heldout_ll_per_user"] for v in eligible.values())
    k_best = min(kk for kk, v in eligible.items() if v["heldout_ll_per_user"] >= best - MIN_GAIN_PER_USER)
    clear = k_best > 1
    if not clear:  # a descriptive split: the best k >= 2
        pool = {kk: v for kk, v in eligible.items() if kk > 1} or {
            kk: v for kk, v in scores.items() if kk > 1
        }
        k_best = max(pool, key=lambda kk: pool[kk]["heldout_ll_per_user"])
    return k_best, clear, scores, models[k_best]
