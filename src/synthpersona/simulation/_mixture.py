"""Per-user behaviour counts of an event log: what the ``markov_mixture`` algorithm clusters.

Every user is described by counts in *blocks*, each block a categorical distribution:

- one block per "from" state (every event and the session start ``^``): the counts of
  the next event (or the session end ``$``), i.e. the user's transitions;
- one block per "from" event of the within-session gaps after it (the dwell on that event before
  the next one), in :data:`GAP_EDGES_S` bins: a group that reads one page longer differs in that
  page's block, not diluted in the gaps of every event (a pooled gap block, :func:`tempo_counts`
  without ``codes``, is the sum of these blocks and is not counted beside them);
- one block with a single count: the user's number of sessions, in :data:`SESSION_BINS`;
- one block of the hour of the day each session starts, in :data:`HOUR_EDGES` bins;
- one block of the time from each session's start to the user's next session's start, in
  :data:`REVISIT_EDGES_S` bins (rhythm: daily regulars, weekly visitors);
- one block of the day of the week of each day the user comes (:data:`WEEKDAYS`; a day with
  several sessions counts once: a burst of same-day sessions is one day's choice, not several).
  The mixture reads it only when it predicts held-out users better than one weekday law shared
  by everyone (``segmentation._markov_views``).

Hours and weekdays are read off the timestamps as given (naive or UTC): a log in local time gives local hours.

Tracker double fires are counted once (:func:`double_fires`): a tracker that fires an event twice
writes a self-transition ``a>a`` and a gap under 2 s at once, and a mixture whose blocks are
independent reads that pair of columns as a segment ("users whose tracker double-fired").

The mixture itself (EM, k by held-out likelihood) is the registered algorithm
``markov_mixture`` of :mod:`synthpersona.segmentation` (:class:`MarkovMixtureClustering`).
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
from scipy import sparse

from synthpersona.segmentation import BehaviourCounts
from synthpersona.simulation._sessions import Sessions

__all__ = [
    "DOUBLE_FIRE_S",
    "GAP_EDGES_S",
    "HOUR_EDGES",
    "REVISIT_EDGES_S",
    "SESSION_BINS",
    "WEEKDAYS",
    "BehaviourCounts",
    "behaviour_counts",
    "block_counts",
    "compact_counts",
    "counts_from_ngrams",
    "double_fires",
    "tail_width",
    "tempo_counts",
    "with_visits",
    "without_double_fires",
]

#: Edges (seconds) of the bins of the gaps between two events of a session.
GAP_EDGES_S = np.array([2, 5, 10, 20, 40, 80, 160, 320, 900, 3600], dtype=np.float64)
#: Upper ends of the bins of a user's number of sessions (the last bin is open).
SESSION_BINS = np.array([1, 2, 4, 8, 16], dtype=np.int64)
#: Upper ends (hours) of the bins of a session's start hour of the day (3-hour bins).
HOUR_EDGES = np.array([3, 6, 9, 12, 15, 18, 21], dtype=np.int64)
#: Edges (seconds) of the bins of the time between the starts of a user's consecutive sessions.
REVISIT_EDGES_S = np.array(
    [3600, 6 * 3600, 86400, 2 * 86400, 4 * 86400, 8 * 86400, 16 * 86400], dtype=np.int64
)
#: Longest gap (seconds, inclusive) between two rows of one event that are one tracker event
#: fired twice. Trackers re-send within a second or two (a retried beacon, a double-bound
#: handler); a person repeating an action ("add to cart" twice) takes longer than that.
DOUBLE_FIRE_S = 2
_DOUBLE_FIRE_NS = DOUBLE_FIRE_S * 1_000_000_000
_GAP_EDGES_NS = (GAP_EDGES_S * 1e9).astype(np.int64)
_REVISIT_EDGES_NS = REVISIT_EDGES_S * 1_000_000_000
_HOUR_NS = 3_600_000_000_000
_DAY_NS = 24 * _HOUR_NS
#: The weekday bins' names, Monday first (1970-01-01, day 0 of the epoch, was a Thursday).
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_N_DOW = len(WEEKDAYS)
_N_GAP, _N_SBIN = len(GAP_EDGES_S) + 1, len(SESSION_BINS) + 1
_N_HOUR, _N_REV = len(HOUR_EDGES) + 1, len(REVISIT_EDGES_S) + 1
#: Widths of the blocks after the transitions: gaps, sessions, start hours, revisits, weekdays.
#: The per-event gap (dwell) blocks follow them: ``_N_GAP`` columns per event of the vocabulary.
_TAIL = (_N_GAP, _N_SBIN, _N_HOUR, _N_REV, _N_DOW)
#: Draws from the transition blocks with a choice below which (the median user's) the mixture's
#: transitions are replaced by the events visited (:func:`with_visits`): one draw from a mixture of
#: categorical distributions is one categorical distribution, so groups are not identifiable from it.
MIN_CHOICE_DRAWS = 2


def tail_width(v: int) -> int:
    """Width of the columns after the transitions for a vocabulary of ``v`` events (with dwell)."""
    return sum(_TAIL) + v * _N_GAP


def _gap_names() -> list[str]:
    return [f"gap<{int(e)}s" for e in GAP_EDGES_S] + [f"gap>={int(GAP_EDGES_S[-1])}s"]


def _tail_names() -> list[str]:
    """Names of the columns after the transitions (gap, session-count, hour, revisit, weekday bins)."""
    sess = [f"sessions<={int(b)}" for b in SESSION_BINS] + [f"sessions>{int(SESSION_BINS[-1])}"]
    h = [0, *HOUR_EDGES.tolist(), 24]
    hour = [f"start{a:02d}-{b:02d}h" for a, b in itertools.pairwise(h)]
    rev = [_revisit_name(i) for i in range(_N_REV)]
    return _gap_names() + sess + hour + rev + [f"on {d}" for d in WEEKDAYS]


def _revisit_name(i: int) -> str:
    def span(sec: int) -> str:
        return f"{sec // 86400}d" if sec % 86400 == 0 else f"{sec // 3600}h"

    if i < len(REVISIT_EDGES_S):
        return f"revisit<{span(int(REVISIT_EDGES_S[i]))}"
    return f"revisit>={span(int(REVISIT_EDGES_S[-1]))}"


def _tail_blocks(width: int) -> np.ndarray:
    """Block id of each column after the transitions (the transitions take blocks ``0..width-1``).

    The tail blocks, then one dwell block per event (``width - 1`` events).
    """
    tail = [np.full(w, width + i) for i, w in enumerate(_TAIL)]
    dwell = width + len(_TAIL) + np.arange((width - 1) * _N_GAP) // _N_GAP
    return np.concatenate([*tail, dwell])


def _session_bins(
    times: np.ndarray, starts: np.ndarray, user_of_session: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start-hour bin of every session; revisit bin of every session followed by one of its user's.

    Returns ``(hour_bin, revisit_bin, revisit_session)``: the revisit of session ``s`` is the
    time from its start to the next session's start, counted for ``revisit_session``.
    """
    t0 = times[starts]
    hour = (t0 // _HOUR_NS) % 24
    hour_bin = np.searchsorted(HOUR_EDGES, hour, side="right")
    same = user_of_session[1:] == user_of_session[:-1]
    rev_sess = np.flatnonzero(same)
    rev_bin = np.searchsorted(_REVISIT_EDGES_NS, (t0[1:] - t0[:-1])[same], side="right")
    return hour_bin, rev_bin, rev_sess


def _weekday_bins(
    times: np.ndarray, starts: np.ndarray, user_of_session: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Weekday bin (Monday 0) of each day a user comes, and the session that opens it.

    Returns ``(weekday_bin, first_session)``: sessions sorted by user and time, the first of
    each (user, calendar day).
    """
    day = times[starts] // _DAY_NS
    new = np.ones(len(day), dtype=bool)
    new[1:] = (user_of_session[1:] != user_of_session[:-1]) | (day[1:] != day[:-1])
    first = np.flatnonzero(new)
    return (day[first] + 3) % 7, first


def behaviour_counts(sx: Sessions) -> BehaviourCounts:
    """Transitions, per-event gap bins, session, hour and revisit bins of every user of ``sx``.

    Only the columns that occur.

    The reference count: the tracker's double fires (:func:`double_fires`) are dropped as rows.
    """
    drop = double_fires(sx.codes, sx.times, sx.starts)
    keep = ~drop
    starts = sx.starts - np.cumsum(drop)[sx.starts]
    C = block_counts(
        sx.codes[keep], sx.times[keep], starts, sx.user_of_session, len(sx.user_ids), len(sx.vocabulary)
    )
    out = compact_counts(C, sx.vocabulary)
    out.double_fires = int(drop.sum())
    return out


def block_counts(
    codes: np.ndarray,
    times: np.ndarray,
    starts: np.ndarray,
    user_of_session: np.ndarray,
    n_users: int,
    v: int,
) -> sparse.csr_matrix:
    """Per-user counts in every column of every block (full width: ``(v+1)**2 + tail_width(v)``).

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
    n_sess = np.bincount(user_of_session, minlength=n_users)
    t0 = width * width
    g0 = t0 + _N_GAP
    h0 = g0 + _N_SBIN
    r0 = h0 + _N_HOUR
    hour_bin, rev_bin, rev_sess = _session_bins(times, starts, user_of_session)
    uos = user_of_session.astype(np.int64)
    w0 = r0 + _N_REV
    dow_bin, dow_sess = _weekday_bins(times, starts, user_of_session)
    d0 = w0 + _N_DOW
    rows = np.concatenate(
        [user_of_row, uos, user_of_row[gap_row], np.arange(n_users), uos, uos[rev_sess], uos[dow_sess]]
    )
    cols = np.concatenate(
        [
            prev * width + codes,
            codes[ends] * width + v,  # to the session end
            d0 + (prev * _N_GAP + _gap_bins(times, starts))[gap_row],  # the gap after the previous event
            g0 + np.searchsorted(SESSION_BINS, n_sess, side="left"),
            h0 + hour_bin,
            r0 + rev_bin,
            w0 + dow_bin,
        ]
    )
    return _count_matrix(rows, cols, n_users, t0 + tail_width(v))


def compact_counts(C: sparse.csr_matrix, vocabulary: list[str]) -> BehaviourCounts:
    """Keep the columns of :func:`block_counts` that occur; name them and their blocks."""
    v = len(vocabulary)
    width = v + 1
    t0 = width * width
    n_cols = C.shape[1]
    used = np.flatnonzero(np.bincount(C.indices, minlength=n_cols) > 0)
    remap = np.full(n_cols, -1, dtype=np.int64)
    remap[used] = np.arange(len(used))
    C = sparse.csr_matrix(
        (C.data.astype(np.float64), remap[C.indices].astype(np.int32), C.indptr),
        shape=(C.shape[0], len(used)),
    )
    block_all = np.concatenate([np.arange(t0) // width, _tail_blocks(width)])
    return BehaviourCounts(C, block_all[used], [_column_name(int(c), vocabulary) for c in used])


def tempo_counts(
    times: np.ndarray,
    starts: np.ndarray,
    user_of_row: np.ndarray,
    user_of_session: np.ndarray,
    codes: np.ndarray | None = None,
    v: int = 0,
) -> sparse.csr_matrix:
    """Per-user counts of the blocks after the transitions (gaps, sessions, hours, revisits, weekdays).

    Full width (:data:`_TAIL`). Rows sorted by user, session and time: ``times`` (ns) and
    ``user_of_row`` per row, ``starts`` the first row of each session, ``user_of_session`` its
    user (0-based). With ``codes`` (each row's event, ``v`` events) every gap is counted in the
    block of the event it follows instead (the dwell on that event; width ``tail_width(v)``), and
    the pooled gap block stays empty: the mixture's counts.
    """
    from synthpersona.simulation.sequences import _count_matrix

    n_users = int(user_of_session[-1]) + 1 if len(user_of_session) else 0
    n_gap = _N_GAP
    bins = _gap_bins(times, starts)
    dwell = None
    if codes is not None:
        gap_row = np.ones(len(times), dtype=bool)
        gap_row[starts] = False
        prev = np.empty(len(times), dtype=np.int64)
        prev[1:] = codes[:-1]
        dwell = _count_matrix(
            user_of_row[gap_row].astype(np.int64), (prev * n_gap + bins)[gap_row], n_users, v * n_gap
        )
    # One pass over all rows, no masked copies: a session's first row falls in bin 0 (its
    # "gap" is set to 0) and is taken back out of bin 0 with the user's session count.
    bins[starts] = 0
    key_dtype = np.int32 if n_users * n_gap < 2**31 else np.int64
    key: np.ndarray[Any, np.dtype[np.signedinteger[Any]]] = user_of_row.astype(key_dtype)
    key *= n_gap
    key += bins.astype(key_dtype, copy=False)
    del bins
    n_sess = np.bincount(user_of_session, minlength=n_users)
    out = np.zeros((n_users, sum(_TAIL)), dtype=np.float32)
    out[:, :n_gap] = np.bincount(key, minlength=n_users * n_gap).reshape(n_users, n_gap)
    del key
    out[:, 0] -= n_sess
    if dwell is not None:
        out[:, :n_gap] = 0  # counted per event instead
    out[np.arange(n_users), n_gap + np.searchsorted(SESSION_BINS, n_sess, side="left")] = 1
    hour_bin, rev_bin, rev_sess = _session_bins(times, starts, user_of_session)
    h0 = n_gap + _N_SBIN
    out[:, h0 : h0 + _N_HOUR] = np.bincount(
        user_of_session * _N_HOUR + hour_bin, minlength=n_users * _N_HOUR
    ).reshape(n_users, _N_HOUR)
    r0 = h0 + _N_HOUR
    out[:, r0 : r0 + _N_REV] = np.bincount(
        user_of_session[rev_sess] * _N_REV + rev_bin, minlength=n_users * _N_REV
    ).reshape(n_users, _N_REV)
    dow_bin, dow_sess = _weekday_bins(times, starts, user_of_session)
    out[:, r0 + _N_REV :] = np.bincount(
        user_of_session[dow_sess] * _N_DOW + dow_bin, minlength=n_users * _N_DOW
    ).reshape(n_users, _N_DOW)
    if dwell is None:
        return sparse.csr_matrix(out)
    return sparse.hstack([sparse.csr_matrix(out), dwell.astype(np.float32)], format="csr")


def double_fires(codes: np.ndarray, times: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Rows that are a tracker's second fire of the row before them (a boolean mask).

    A row is a double fire when it repeats the previous row's event in the same session at most
    :data:`DOUBLE_FIRE_S` seconds later, and the pair stands alone: a run of three or more
    rapid repeats of one event is behaviour (a scraper, rage clicks), not a double fire, and
    is kept whole. The second row of the pair is the copy: the next event's gap is then measured
    from the first fire. The log is the canonical one (user, session, event, timestamp): it has
    no per-event page or properties, so the event name is the event's identity.

    Rows sorted by user, session and time: ``codes`` per row, ``times`` in ns, ``starts`` the
    first row of each session. The in-memory and the engine (SQL) counts both use this.

    Examples
    --------
    >>> import numpy as np
    >>> s = 1_000_000_000
    >>> codes = np.array([0, 1, 1, 2, 2, 2, 2, 1, 1])
    >>> times = np.array([0, 10, 11, 20, 21, 22, 23, 40, 60]) * s  # 1 s apart; 20 s apart
    >>> double_fires(codes, times, np.array([0])).nonzero()[0].tolist()
    [2]
    """
    n = len(codes)
    rapid = np.zeros(n, dtype=bool)
    if n > 1:
        rapid[1:] = (codes[1:] == codes[:-1]) & (times[1:] - times[:-1] <= _DOUBLE_FIRE_NS)
        rapid[starts] = False
    alone = rapid.copy()
    alone[1:] &= ~rapid[:-1]
    alone[:-1] &= ~rapid[1:]
    return alone


def without_double_fires(
    codes: np.ndarray,
    times: np.ndarray,
    starts: np.ndarray,
    user_of_row: np.ndarray,
    n_users: int,
    v: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, sparse.csr_matrix]:
    """The rows without :func:`double_fires`, and each user's copies per event.

    Returns ``(codes, times, starts, user_of_row, copies)`` of the kept rows (a copy is never the first
    row of a session, so the sessions stay) and ``copies`` ``(n_users, v)``, the copies of each
    event per user: each copy added one self-transition ``a>a``, which
    :func:`counts_from_ngrams` takes back out (the transitions into and out of the pair are
    the same with one fire or two). ``v`` is the size of the vocabulary.
    """
    drop = double_fires(codes, times, starts)
    where = np.flatnonzero(drop)
    copies = sparse.csr_matrix(
        (np.ones(len(where)), (user_of_row[where].astype(np.int64), codes[where].astype(np.int64))),
        shape=(n_users, v),
    )
    if not len(where):
        return codes, times, starts, user_of_row, copies
    keep = ~drop
    before = np.cumsum(drop)  # copies up to each row; a session start is never one
    return codes[keep], times[keep], starts - before[starts], user_of_row[keep], copies


def _gap_bins(times: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Bin (in :data:`GAP_EDGES_S`) of every row's gap since the previous row (times in ns).

    Compared in integer nanoseconds: the same bins as dividing by 1e9 first, without a float
    copy. The first row of each session gets a meaningless bin; callers drop or discount it.
    """
    gaps = np.empty(len(times), dtype=np.int64)
    gaps[:1] = 0
    np.subtract(times[1:], times[:-1], out=gaps[1:])
    return np.searchsorted(_GAP_EDGES_NS, gaps, side="right")


def counts_from_ngrams(
    X: sparse.csr_matrix,
    tokens: np.ndarray,
    tempo: sparse.csr_matrix,
    vocabulary: list[str],
    copies: sparse.csr_matrix | None = None,
) -> BehaviourCounts:
    """Behaviour counts from raw n-gram counts (bigram columns = transitions) and :func:`tempo_counts`.

    ``tokens`` is the n-gram token id of each column of ``X`` (as built by
    ``encode_event_sequences``: ``base + a * base + b`` for ``a > b``, ``base = v + 2``, ``a = v``
    the session start, ``b = v + 1`` the end). Gives the same counts as :func:`behaviour_counts`.
    ``copies`` (from :func:`without_double_fires`, whose rows ``tempo`` was counted on) removes
    the tracker's double fires from the self-transitions; their total is recorded in
    ``double_fires``.
    """
    v = len(vocabulary)
    base = v + 2
    cols = np.flatnonzero((tokens >= base) & (tokens < base + base * base))
    pair = tokens[cols] - base
    frm, to = pair // base, pair % base
    T = X[:, cols]
    n_copies = 0
    if copies is not None and copies.nnz:
        n_copies = int(copies.sum())
        own = np.flatnonzero((frm == to) & (frm < v))  # a>a columns
        lift = sparse.csr_matrix((np.ones(len(own)), (frm[own], own)), shape=(copies.shape[1], len(cols)))
        T = sparse.csr_matrix(T - (copies @ lift).astype(T.dtype))
        T.eliminate_zeros()
        left = np.flatnonzero(np.bincount(T.indices, minlength=len(cols)) > 0)
        T, cols, frm, to = T[:, left], cols[left], frm[left], to[left]
    width = v + 1
    tempo_used = np.flatnonzero(np.asarray((tempo != 0).sum(axis=0)).ravel() > 0)
    full = np.concatenate([frm * width + np.minimum(to, v), width * width + tempo_used])
    C = sparse.hstack([T, tempo[:, tempo_used]], format="csr")
    block = np.concatenate([frm, _tail_blocks(width)[tempo_used]])
    return BehaviourCounts(
        sparse.csr_matrix(C, dtype=np.float64),
        block,
        [_column_name(int(c), vocabulary) for c in full],
        double_fires=n_copies,
    )


def _column_name(c: int, vocabulary: list[str]) -> str:
    """Name of column ``c`` of :func:`block_counts`."""
    width = len(vocabulary) + 1
    t0 = width * width
    if c < t0:
        return f"{[*vocabulary, '^'][c // width]}>{[*vocabulary, '$'][c % width]}"
    if c - t0 < sum(_TAIL):
        return _tail_names()[c - t0]
    j = c - t0 - sum(_TAIL)
    return f"{_gap_names()[j % _N_GAP]} after {vocabulary[j // _N_GAP]}"


def with_visits(counts: BehaviourCounts) -> BehaviourCounts:
    """When users make one choice each: ``counts`` with the transitions replaced by the events visited.

    A user of one session walks one path: each branch of the site it passes once, so its
    transitions are one draw per block, and users on disjoint paths (a landing page branching
    into a shop, a pricing page or a blog) are explained exactly as well by one chain that
    branches as by a chain per path. The mixture then has nothing to tell the paths apart by: at
    a fixed k it put every user in one group (or split them on start hours). Which events a user
    visits, as one block (``"visits <event>"``: the row sums of the user's transition blocks, the
    session start left out), holds what the steps of one path have in common, and a mixture of
    it tells paths apart that differ in more than one step. It *replaces* the transition blocks
    (the session start's too): beside them it would count each step twice, and the mixture then
    splits a log without segments on the users' own steps (a uniform random walk was called
    clear with k=7). The order of the steps is lost in this case (see the docs' limits).

    Applied only when the median user has fewer than :data:`MIN_CHOICE_DRAWS` transitions out of
    states with a choice (blocks with two or more next events): one draw per user from a mixture of
    categorical distributions is one categorical distribution, so no mixture of the transitions
    can tell groups apart; with two draws or more (longer paths, several sessions) the transitions
    are kept (a visits block beside them would count the same steps twice). The in-memory and the
    engine (SQL) paths both pass their counts through this (``sequences.cluster_behaviour``).

    Examples
    --------
    >>> import numpy as np
    >>> from scipy import sparse
    >>> names = ["a>b", "a>c", "b>$", "c>$", "^>a", "sessions<=1"]
    >>> C = sparse.csr_matrix(np.array([[1, 0, 1, 0, 1, 1], [0, 1, 0, 1, 1, 1]], dtype=float))
    >>> out = with_visits(BehaviourCounts(C, np.array([0, 0, 1, 2, 3, 5]), names))
    >>> out.names, out.C.toarray().tolist()
    (['sessions<=1', 'visits a', 'visits b', 'visits c'], [[1.0, 1.0, 1.0, 0.0], [1.0, 1.0, 0.0, 1.0]])
    """
    session_cols = [i for i, name in enumerate(counts.names) if name.startswith("sessions")]
    if not session_cols:
        return counts
    session_col = session_cols[0]
    if counts.n_users == 0:
        return counts
    width = int(counts.block[session_col]) - 1  # the session block is the second after the transitions
    v = width - 1  # blocks 0..v-1: from an event; block v: from the session start
    # Draws per user from the transition blocks with a choice (two or more next events seen).
    wide = np.bincount(counts.block, minlength=int(counts.block.max()) + 1) >= 2
    choice = np.flatnonzero((counts.block <= v) & wide[counts.block])
    draws = np.asarray(counts.C[:, choice].sum(axis=1)).ravel()
    if float(np.median(draws)) >= MIN_CHOICE_DRAWS:
        return counts
    from_event = np.flatnonzero(counts.block < v)
    events = np.unique(counts.block[from_event])
    if len(events) < 2:
        return counts
    slot = np.searchsorted(events, counts.block[from_event])
    to_slot = sparse.csr_matrix(
        (np.ones(len(from_event)), (from_event, slot)), shape=(counts.C.shape[1], len(events))
    )
    visits = sparse.csr_matrix(counts.C @ to_slot)
    names = [_from_name([counts.names[c] for c in from_event[counts.block[from_event] == e]]) for e in events]
    new_block = int(counts.block.max()) + 1
    keep = np.flatnonzero(counts.block > v)  # the tail blocks: the transitions are replaced
    return BehaviourCounts(
        sparse.hstack([counts.C[:, keep], visits], format="csr"),
        np.concatenate([counts.block[keep], np.full(len(events), new_block)]),
        [*(counts.names[i] for i in keep), *names],
        double_fires=counts.double_fires,
    )


def _from_name(columns: list[str]) -> str:
    """``"visits <event>"`` for the transition columns ``"<event>><next>"`` of one block.

    The longest prefix before a ``>`` shared by every column (an event name may hold a ``>``);
    with one column, the part before its last ``>``.
    """
    first = columns[0]
    cuts = [i for i, ch in enumerate(first) if ch == ">"]
    shared = [i for i in cuts if all(c[: i + 1] == first[: i + 1] for c in columns[1:])]
    cut = shared[-1] if len(columns) > 1 and shared else cuts[-1]
    return f"visits {first[:cut]}"
